"""Database files on disk, below every other store module (imports nothing of the store).

What a file is (plaintext SQLite, SQLCipher-looking), the names SQLite puts beside it, and the
careful ways to replace or remove one: fsync, zero-then-unlink. Also where this command may get
a passphrase (`unlock_file`, `unlock_prompt`): set by the cli per command, read by
store/cipher, so neither the plaintext path nor the cli has to import the cipher package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
DB_NAME = "recovery.db"
# The new files a conversion makes beside the file it replaces; an interrupted one leaves them.
TEMP_SUFFIXES = (".encrypting", ".decrypting", ".restoring", ".rekeying")

unlock_file: Path | None = None  # --passphrase-file
unlock_prompt: Any = None  # (message, new) -> passphrase | None; None: no one to ask


def is_encrypted_file(path: Path) -> bool:
    """An SQLCipher file: no SQLite header and a whole number of pages. Reads 16 bytes (and
    stats only when the header isn't SQLite's); a missing or empty file is not encrypted."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if not head or head == SQLITE_MAGIC:
                return False
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return False
    return size >= 512 and size % 512 == 0


def has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def companions(path: Path) -> tuple[Path, Path, Path]:
    """The -wal, -shm and -journal SQLite keeps beside `path`."""
    return (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            path.with_name(path.name + "-journal"))


def zero_fd(fd: int) -> None:
    """Overwrite an open file's bytes with zeros and fsync (before its last name goes)."""
    size = os.fstat(fd).st_size
    block = b"\x00" * 65536
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, block[: min(len(block), size - written)])
    os.fsync(fd)


def scrub(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (missing is fine)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        return
    try:
        zero_fd(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


def scrub_all(path: Path) -> None:
    """`path` and its -wal/-shm/-journal."""
    for p in (path, *companions(path)):
        scrub(p)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def others_can_open(folder: Path) -> bool:
    """Group or others have any access to the folder (it, not a link to it)."""
    try:
        return bool(folder.stat().st_mode & 0o077)
    except OSError:
        return False


def conversion_temps(path: Path) -> list[Path]:
    """What an interrupted conversion of `path` left beside it (a temp and its journals)."""
    out: list[Path] = []
    for suffix in TEMP_SUFFIXES:
        base = path.with_name(path.name + suffix)
        out += [p for p in (base, *companions(base)) if os.path.lexists(p)]
    return out


def _temps_in(folder: Path, stem: str | None) -> list[Path]:
    """Conversion temps in `folder` (of the file named `stem`; None: of any backup), and in
    backups/ also backups killed half-way. One directory read, no stat per name."""
    try:
        with os.scandir(folder) as entries:
            if stem is not None:
                return [Path(e.path) for e in entries if e.name.startswith(stem + ".")
                        and any(s in e.name for s in TEMP_SUFFIXES)]
            return [Path(e.path) for e in entries if stale_temp(e.name)]
    except OSError:
        return []


def remove_conversion_temps(home: Path) -> None:
    """Called with the home's use lock held shared (so no conversion is under way): scrub
    what an interrupted one left beside the database (a decrypt's temp is plaintext) and in
    backups/. Errors (a read-only home) leave them for `doctor` to report."""
    link = home / DB_NAME
    found = _temps_in(home, DB_NAME)
    if link.is_symlink():
        real = Path(os.path.realpath(link))
        found += _temps_in(real.parent, real.name)
    found += _temps_in(home / "backups", None)
    for p in found:
        try:
            scrub(p)
        except OSError:
            return


PARTIAL = ".partial"  # a backup being written: .NAME.PID.partial (store/backups.py)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temp(name: str) -> bool:
    """A file in backups/ left by a conversion, or by a backup whose process is gone."""
    if any(s in name for s in TEMP_SUFFIXES) and ".db." in name:
        return True
    stem = name.rsplit("-", 1)[0] if name.endswith(("-journal", "-wal", "-shm")) else name
    if not (stem.startswith(".") and stem.endswith(PARTIAL)):
        return False
    pid = stem[: -len(PARTIAL)].rsplit(".", 1)[-1]
    return not (pid.isdigit() and _running(int(pid)))
