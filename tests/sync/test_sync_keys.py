"""The sync key (issue 21): memory-hard scrypt, the standard scrypt's key, so a folder written
before still opens."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.sync import fileformat

pytest.importorskip("pycrdt")
cryptography = pytest.importorskip("cryptography")

BEFORE = Path(__file__).parent / "data" / "folder_written_before"
BEFORE_PASSPHRASE = "old passphrase words"  # tests/sync/data: written by the code before


def test_the_key_is_the_standard_scrypt_and_stays_memory_hard() -> None:
    salt = bytes(range(16))
    standard = hashlib.scrypt(b"a passphrase", salt=salt, n=2**15, r=8, p=1,
                              maxmem=64 * 1024 * 1024, dklen=32)
    assert fileformat.derive("a passphrase", salt) == standard
    assert (fileformat.SCRYPT_N, fileformat.SCRYPT_R, fileformat.SCRYPT_P) == (2**15, 8, 1)
    # RFC 7914's second test vector: the reference above is the standard scrypt
    assert hashlib.scrypt(b"password", salt=b"NaCl", n=1024, r=8, p=16, dklen=64).hex() == (
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff1"
        "09279d9830dac727afb94a83ee6d8360cbdfa2cc0640")


def test_a_folder_written_before_the_change_is_read(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(BEFORE, folder)
    pp = tmp_path / "pp"
    pp.write_text(BEFORE_PASSPHRASE + "\n")
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    home = tmp_path / "new-computer"
    r = cli("--home", str(home), "sync", "init", str(folder), "--device-name", "new",
            "--passphrase-file", str(wrong))
    assert r.exit_code == 1 and "Wrong sync passphrase" in r.stderr
    r = cli("--home", str(home), "sync", "init", str(folder), "--device-name", "new",
            "--passphrase-file", str(pp))
    assert r.exit_code == 0, r.stderr
    assert "1 new from old-laptop" in r.stderr
    entries = cli("--home", str(home), "journal", "list", "--json").json()
    assert [(e["body"], e["tags"]) for e in entries] == [
        ("written by the cryptography Scrypt code", ["before"])]
