"""The home's use lock: who may have the database open, and when a conversion may swap it.

Every connection to the home's database holds `.recovery.lock` shared (flock) from before it
looks at the file until it is closed. A conversion (encrypt, decrypt, passphrase, restore)
takes it exclusive for its whole duration: it waits until every open connection is closed
(or gives up before changing anything), and while it runs every new command waits at the
door, then opens the new file. So no write can land in a file that is about to be replaced,
and none is made against the wrong kind of file.

A second file, `.recovery.gate`, keeps a conversion from waiting forever behind a stream of
short commands: a newcomer holds the gate shared only while it takes the use lock; the
conversion holds the gate exclusive, so newcomers queue behind it.

flock locks belong to an open file, not a process: a process holding the lock shared (an open
connection) can't take it exclusive too; the conversions close their own connections first.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from recovery_cli.core.errors import StoreError

LOCK_NAME = ".recovery.lock"
GATE_NAME = ".recovery.gate"
SHARED_WAIT_S = 300.0  # a command waits this long for a conversion to finish
EXCLUSIVE_WAIT_S = 15.0  # a conversion waits this long for open commands to finish

BUSY_CONVERTING = ("Another recovery command (encrypt, decrypt, passphrase or restore) is still "
                   "changing the database; nothing was saved. Please try again when it has "
                   "finished.")
BUSY_IN_USE = ("Another recovery command is using the database; nothing was changed. Please try "
               "again when it has finished.")


class HomeLock:
    """A held lock (an open file); `release` is idempotent."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the file releases its flock


def _open(path: Path) -> int | None:
    """The lock file, created 0600; read-only when the home is (then nothing can convert it,
    so None, no lock, is fine when the file doesn't exist)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
    try:
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None


def _take(fd: int, op: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, op | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.02)


def shared(home: Path, wait: float = SHARED_WAIT_S) -> HomeLock:
    """Take the use lock shared (waiting for a conversion under way)."""
    gate = _open(home / GATE_NAME)
    try:
        fd = _open(home / LOCK_NAME)
        if fd is None:
            return HomeLock(None)
        if (gate is not None and not _take(gate, fcntl.LOCK_SH, wait)) or not _take(
                fd, fcntl.LOCK_SH, wait):
            os.close(fd)
            raise StoreError(BUSY_CONVERTING)
        return HomeLock(fd)
    finally:
        if gate is not None:
            os.close(gate)


@contextlib.contextmanager
def exclusive(home: Path, wait: float = EXCLUSIVE_WAIT_S) -> Iterator[None]:
    """Hold the use lock exclusive: no other recovery command has the database open."""
    gate = _open(home / GATE_NAME)
    fd = _open(home / LOCK_NAME)
    try:
        if gate is None or fd is None:
            raise StoreError(f"The home folder {home} is read-only; nothing was changed.")
        if not _take(gate, fcntl.LOCK_EX, wait) or not _take(fd, fcntl.LOCK_EX, wait):
            raise StoreError(BUSY_IN_USE)
        yield
    finally:
        for f in (fd, gate):
            if f is not None:
                os.close(f)


class ReleasesLock:
    """Mixed into a connection class: closing the connection releases the use lock."""

    recovery_lock: HomeLock | None = None

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        finally:
            held = self.recovery_lock
            if held is not None:
                held.release()


class LockedConnection(ReleasesLock, sqlite3.Connection):
    """A plaintext connection to the home's database, holding the use lock."""


def attach(conn: sqlite3.Connection, held: HomeLock) -> None:
    """Tie `held` to `conn`: released by conn.close(), or when conn is garbage-collected."""
    import weakref

    conn.recovery_lock = held  # type: ignore[attr-defined]
    weakref.finalize(conn, held.release)
