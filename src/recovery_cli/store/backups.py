"""Backup files: written under a temporary name in the folder, renamed when complete.

A backup is made with SQLite's online backup API into `.NAME.PID.partial` (0600, no journal),
fsynced, then linked to its final name (never over an existing file) and the folder fsynced.
So `backups/` holds complete backups only; a killed or failed backup leaves at most a
`.partial` file, which `doctor` reports and the next conversion removes. A `backups/` that is
a link to a folder others can open is refused (nothing is written through it).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from recovery_cli.core import clock
from recovery_cli.core.errors import Cancelled, StoreError
from recovery_cli.store import files

PARTIAL = files.PARTIAL
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def partial_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}{PARTIAL}")


def link_problem(folder: Path) -> str | None:
    """Why backups must not be written through `folder` (a link to a folder others can
    open), or None."""
    if not folder.is_symlink():
        return None
    target = folder.resolve()
    if not target.is_dir() or not files.others_can_open(target):
        return None
    mode = oct(target.stat().st_mode & 0o777)
    return (f"{folder} is a link to {target}, a folder others can open (mode {mode}). "
            f"Make it private (chmod 700 {target}) or replace the link with a folder of "
            "your own.")


def backup_file(conn: sqlite3.Connection, folder: Path, label: str) -> Path:
    """Copy the open database to a new file in `folder` (0600); returns its path."""
    problem = link_problem(folder)
    if problem is not None:
        raise StoreError(problem + " No backup was written.")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"recovery-{stamp}-{label}.db"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"recovery-{stamp}-{label}-{n}.db"
    copy_to(conn, dest)
    return dest


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP for a few system calls that must finish together;
    they are delivered when the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _link(tmp: Path, dest: Path) -> None:
    """Give the complete file its name, never replacing a file already there."""
    try:
        os.link(tmp, dest)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise StoreError(f"{dest} already exists; no backup was written.") from None
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK):
            raise
        if dest.exists():  # a filesystem without hard links: check, then rename
            raise StoreError(f"{dest} already exists; no backup was written.") from None
        os.rename(tmp, dest)
        return
    tmp.unlink()


def _full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.Error) and "full" in str(exc).lower()


def copy_to(conn: sqlite3.Connection, dest: Path) -> None:
    """Back up `conn` to the new file `dest` (encrypted with the same passphrase when `conn`
    is): complete at its name, or not there at all."""
    tmp = partial_name(dest)
    files.scrub_all(tmp)
    linked = False
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        if getattr(conn, "recovery_key", None) is not None:
            from recovery_cli.store.cipher import keying

            target = keying.backup_target(conn, tmp)
        else:
            target = sqlite3.connect(str(tmp))
        try:
            target.execute("PRAGMA journal_mode = OFF")  # a temp file: no journal beside it
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        files.fsync_path(tmp)
        os.chmod(tmp, 0o600)
        with signals_held():
            _link(tmp, dest)
            linked = True
            files.fsync_path(dest.parent)
    except KeyboardInterrupt:
        if not linked:
            files.scrub_all(tmp)
            raise Cancelled("Interrupted; no backup was written and nothing was changed.") \
                from None
        raise Cancelled(f"Interrupted after the backup was complete: {dest}.") from None
    except (OSError, sqlite3.Error) as exc:
        if linked:
            raise
        files.scrub_all(tmp)
        if _full(exc):
            raise StoreError(f"There isn't room in {dest.parent} for the backup; no backup "
                             "was written.") from None
        raise


def leftovers(folder: Path) -> list[Path]:
    """What killed or failed backups (and older versions' conversions) left in `folder`:
    `.partial` files of processes no longer running, and journals beside backups."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for p in sorted(folder.iterdir()):
        name = p.name
        if name.endswith((".db-journal", ".db-wal")) or (
                PARTIAL in name and files.stale_temp(name)):
            found.append(p)
    return found
