"""The device files in the sync folder: `<folder>/<device-id>/<seq>.rsync`, append-only.

A file is: MAGIC, a 4-byte header length, the header (JSON: format, schema, device, name, seq,
salt, size) and the ciphertext of `size` bytes: AES-256-GCM (12-byte nonce first) with the
magic and header as associated data, so nothing in it can be changed unseen. The key comes
from the sync passphrase by scrypt (memory-hard; n=2**15, r=8: 32 MiB) with the writer's salt.

A file shorter than its header says is still arriving (a file-sync tool mid-copy): it is
skipped and read on a later sync. A whole file that fails authentication is a wrong passphrase
or a changed file: refused, and nothing of the sync is applied.
"""

from __future__ import annotations

import json
import os
import re
import struct
import zlib
from pathlib import Path
from typing import Any

from recovery_cli.core.errors import RecoveryError

MAGIC = b"RCVSYNC\x01"
FORMAT = 2  # 2: one CRDT update per record (schema 5); 1: one whole document
SUFFIX = ".rsync"
NAME_RE = re.compile(r"^(\d{10})\.rsync$")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
WRONG = "Wrong sync passphrase, or a changed file in the sync folder: {name}. Nothing was applied."
TOO_OLD = ("{name} was written by an older recovery (before every table synced): update "
           "recovery on that computer. Nothing was applied.")
TOO_NEW = ("{name} was written by a newer recovery (sync format {fmt}, schema {schema}): "
           "update recovery on this computer. Nothing was applied.")


class Incomplete(Exception):
    """Not whole yet (still being copied): read it on a later sync."""


class Unreadable(RecoveryError):
    """Wrong passphrase, a changed file, or a newer program's file."""


_keys: dict[tuple[str, bytes], bytes] = {}


def derive(passphrase: str, salt: bytes) -> bytes:
    cached = _keys.get((passphrase, salt))
    if cached is None:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
        cached = _keys[(passphrase, salt)] = kdf.derive(passphrase.encode("utf-8"))
    return cached


def seal(passphrase: str, salt: bytes, header: dict[str, Any], payload: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("utf-8"), 1)
    nonce = os.urandom(12)
    size = 12 + len(plain) + 16
    head = json.dumps({**header, "format": FORMAT, "salt": salt.hex(), "size": size},
                      sort_keys=True).encode("utf-8")
    prefix = MAGIC + struct.pack(">I", len(head)) + head
    return prefix + nonce + AESGCM(derive(passphrase, salt)).encrypt(nonce, plain, prefix)


def read_header(data: bytes, name: str) -> tuple[dict[str, Any], bytes, bytes]:
    if len(data) < len(MAGIC) + 4:
        raise Incomplete(name)
    if data[:len(MAGIC)] != MAGIC:
        raise Unreadable(WRONG.format(name=name))
    (hlen,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    end = len(MAGIC) + 4 + hlen
    if len(data) < end:
        raise Incomplete(name)
    try:
        header = json.loads(data[len(MAGIC) + 4:end])
        size = int(header["size"])
    except (ValueError, KeyError, TypeError) as exc:
        raise Unreadable(WRONG.format(name=name)) from exc
    if len(data) < end + size:
        raise Incomplete(name)
    if len(data) > end + size:
        raise Unreadable(WRONG.format(name=name))
    return header, data[:end], data[end:]


def open_sealed(data: bytes, passphrase: str, name: str, schema: int) -> tuple[dict[str, Any],
                                                                               dict[str, Any]]:
    """(header, payload) of a whole file; Incomplete while it is still arriving."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, prefix, body = read_header(data, name)
    fmt, their_schema = header.get("format"), header.get("schema")
    if not isinstance(fmt, int) or not isinstance(their_schema, int):
        raise Unreadable(WRONG.format(name=name))
    if fmt > FORMAT or their_schema > schema:
        raise Unreadable(TOO_NEW.format(name=name, fmt=fmt, schema=their_schema))
    try:
        key = derive(passphrase, bytes.fromhex(str(header["salt"])))
        plain = AESGCM(key).decrypt(body[:12], body[12:], prefix)
        payload = json.loads(zlib.decompress(plain))
    except (InvalidTag, ValueError, KeyError, zlib.error) as exc:
        raise Unreadable(WRONG.format(name=name)) from exc
    return header, payload


def file_name(seq: int) -> str:
    return f"{seq:010d}{SUFFIX}"


def write_once(folder: Path, seq: int, data: bytes) -> Path:
    """Write `data` under a temporary name, fsync, rename to its final name, fsync the
    folder. A final name already there is whole (rename is atomic) and is left alone."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = folder / file_name(seq)
    if final.exists():
        return final
    tmp = folder / f".{file_name(seq)}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
    return final


def device_files(folder: Path) -> dict[str, list[tuple[int, Path]]]:
    """{device id: [(seq, path), ...] in order}; temporary and foreign names are ignored."""
    out: dict[str, list[tuple[int, Path]]] = {}
    if not folder.is_dir():
        return out
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or sub.name.startswith("."):
            continue
        files = []
        for path in sub.iterdir():
            match = NAME_RE.match(path.name)
            if match:
                files.append((int(match.group(1)), path))
        out[sub.name] = sorted(files)
    return out


def damaged(folder: Path) -> list[str]:
    """Files in the folder whose header can't be read (checked without the passphrase).
    A file still arriving is not damaged; doctor names the others."""
    out: list[str] = []
    for device, files in device_files(folder).items():
        for _, path in files:
            try:
                with path.open("rb") as fh:
                    start = fh.read(64 * 1024)
                size = path.stat().st_size
                header, prefix, _ = read_header(start + b"\0" * max(0, size - len(start)),
                                                path.name)
                del header, prefix
            except Incomplete:
                continue
            except (Unreadable, OSError):
                out.append(f"{device}/{path.name}")
    return out
