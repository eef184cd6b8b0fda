"""A full disk (tmpfs) for `import` and `export -o` (issue 24's figure): one line, exit 1,
nothing half-imported, no partial file under the final name, an old file kept byte for byte,
nothing left that breaks the home later. Mounting needs root (CI has it); skipped without.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill the disk but for about `leave` bytes; returns the filler file."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free - leave
    with contextlib.suppress(OSError), open(filler, "wb") as f:
        while free > 0:
            f.write(b"\x00" * min(65536, free))
            f.flush()
            free -= 65536
    return filler


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert "Traceback" not in text
    return text


def _entries(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(str(r[0]) for r in conn.execute("SELECT body FROM entries"))
    finally:
        conn.close()


def _jrnl(path: Path, n: int = 3000) -> None:
    entries = [{"title": f"t{i}", "body": f"imported body {i} " + "words " * 30,
                "date": "2021-01-01", "time": f"{i % 24:02d}:00", "tags": ["#x"],
                "starred": False} for i in range(n)]
    path.write_text(json.dumps({"tags": {"#x": n}, "entries": entries}), encoding="utf-8")


@pytest.mark.parametrize("kind", ["jrnl-json", "recovery-json"])
def test_import_onto_a_full_disk_imports_nothing_and_says_so(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    source = tmp_path / "import.json"
    if kind == "jrnl-json":
        _jrnl(source)
    else:
        other = tmp_path / "other"
        monkeypatch.setenv("RECOVERY_HOME", str(other))
        for i in range(300):
            assert cli("journal", "write", f"exported {i} " + "words " * 30,
                       "--date", f"{1 + i % 28} days ago").exit_code == 0
        assert cli("export", "--format", "json", "-o", str(source)).exit_code == 0
    with tmpfs(tmp_path / "disk", "4m") as disk:
        h = disk / "home"
        monkeypatch.setenv("RECOVERY_HOME", str(h))
        assert cli("journal", "write", "my own entry").exit_code == 0
        before = _entries(h)
        filler = fill(disk, leave=48 * 1024)
        r = cli("import", str(source), "--format", kind)
        assert r.exit_code == 1, r.stderr
        assert "full" in one_line(r.stderr) and "nothing" in r.stderr
        assert _entries(h) == before
        # with room again: the import works, once, and the home is fine
        filler.unlink()
        assert cli("import", str(source), "--format", kind).exit_code == 0
        assert len(_entries(h)) == len(before) + (3000 if kind == "jrnl-json" else 300)
        assert cli("import", str(source), "--format", kind).exit_code == 0
        assert len(_entries(h)) == len(before) + (3000 if kind == "jrnl-json" else 300)
        assert cli("doctor", "--json").json()["integrity"] == "ok"


def _seed(cli: Any, n: int = 150) -> None:
    for i in range(n):
        assert cli("checkin", "--date", f"{i + 1} days ago", "--mood", str(i % 11),
                   "--note", "a day " + "x" * 400).exit_code == 0
    for i in range(n):
        assert cli("journal", "write", f"entry {i} " + "words " * 60,
                   "--date", f"{i + 1} days ago").exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "md", "pdf"])
def test_export_onto_a_full_disk_keeps_the_old_file(cli: Any, tmp_path: Path, fmt: str) -> None:
    _seed(cli, 40)
    with tmpfs(tmp_path / "disk", "2m") as disk:
        old = disk / f"report.{fmt}"
        old.write_bytes(b"the old report\n")
        fill(disk)
        period = ["--from", "2020-01-01"] if fmt != "json" else []
        for args in (["-o", str(old), "--force"], ["-o", str(disk / f"new.{fmt}")]):
            r = cli("export", "--format", fmt, *period, *args)
            assert r.exit_code == 1, r.stderr
            assert "full" in one_line(r.stderr)
            assert old.read_bytes() == b"the old report\n"
            assert sorted(p.name for p in disk.iterdir()) == ["filler", old.name]


def test_csv_folder_onto_a_nearly_full_disk_is_all_or_nothing(cli: Any, tmp_path: Path) -> None:
    """The CSV tables are one export: a disk with room for some of them gets none of the new
    ones (before: the first files were written and the rest not, a partial export)."""
    for i in range(60):
        assert cli("checkin", "--date", f"{i + 1} days ago", "--mood", str(i % 11)).exit_code == 0
        assert cli("journal", "write", f"entry {i} " + "words " * 400,
                   "--date", f"{i + 1} days ago").exit_code == 0
    period = ["--from", "2020-01-01"]
    with tmpfs(tmp_path / "disk", "2m") as disk:
        folder = disk / "csv"
        r = cli("export", "--format", "csv", *period, "-o", f"{folder}/")
        assert r.exit_code == 0, r.stderr
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        assert sizes["journal.csv"] > 8 * sizes["checkins.csv"], sizes  # written second
        kept = {p.name: p.read_bytes() for p in folder.iterdir()}
        # room for checkins.csv (written first), not for journal.csv
        filler = fill(disk, leave=sizes["checkins.csv"] + 16 * 1024)
        fresh = disk / "fresh"
        r = cli("export", "--format", "csv", *period, "-o", f"{fresh}/")
        assert r.exit_code == 1, r.stderr
        assert "full" in one_line(r.stderr)
        assert not fresh.exists() or list(fresh.iterdir()) == []
        r = cli("export", "--format", "csv", *period, "-o", f"{folder}/", "--force")
        assert r.exit_code == 1, r.stderr
        assert "full" in one_line(r.stderr)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == kept  # the old set
        assert not list(disk.rglob(".recovery-export-*"))
        filler.unlink()
        r = cli("export", "--format", "csv", *period, "-o", f"{folder}/", "--force")
        assert r.exit_code == 0, r.stderr
        assert sorted(p.name for p in folder.iterdir()) == sorted(kept)
