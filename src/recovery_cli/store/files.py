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
