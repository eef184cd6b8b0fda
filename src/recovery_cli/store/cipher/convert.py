"""Converting files: encrypt, decrypt, change the passphrase; the building blocks of restore.

Everything here runs while the home's use lock is held exclusive (store/lock.py), so no other
recovery command has the database open, and every command started meanwhile waits and then
opens the new file: no write lands in a file about to be replaced, none is lost.

Each file is exported (`sqlcipher_export`) into a new file beside it (`NAME.encrypting`...),
verified (integrity, schema version, every table's row count) and fsynced. Only when every new
file is ready are they renamed into place, backups first and the database last (the moment
the conversion happens), then the folders fsynced and the old plaintext bytes zeroed. So a
failure (a full disk, a damaged backup) or a kill before that leaves everything as it was, and
a kill after leaves the database converted. Before it starts, the database is made one file
(WAL folded in, rollback-journal mode), so no encrypted database is ever left beside a
plaintext -wal or -journal.

A recovery.db that is a symbolic link (kept on another volume or in a synced folder) is
followed: the file it points to is converted in place, beside itself, and the link stays.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from recovery_cli.core.errors import Cancelled, RecoveryError, StoreError
from recovery_cli.store import backups, files, lock
from recovery_cli.store.cipher import identify, keying, library, status

TEMP_SUFFIXES = files.TEMP_SUFFIXES
BUSY = lock.BUSY_IN_USE


class Job(NamedTuple):
    path: Path  # the file to replace
    tmp: Path  # its verified replacement, beside it


def db_file(home: Path) -> Path:
    """The database file itself: recovery.db, or the file it links to."""
    link = home / files.DB_NAME
    return Path(os.path.realpath(link)) if link.is_symlink() else link


def backups_folder(home: Path) -> Path:
    return home / "backups"


def _temps_of(path: Path) -> list[Path]:
    return files.conversion_temps(path)


def leftovers(home: Path) -> list[Path]:
    """Files an interrupted encrypt, decrypt, passphrase change or restore left behind."""
    found = _temps_of(home / files.DB_NAME)
    found += [p for p in _temps_of(db_file(home)) if p not in found]
    folder = backups_folder(home)
    if folder.is_dir():
        for p in sorted(folder.glob("*.db")):
            found += _temps_of(p)
    return found


def remove_leftovers(home: Path) -> None:
    """With the exclusive lock held (so no backup or conversion is under way): remove what
    interrupted ones left (their partial files; never a complete backup)."""
    for path in leftovers(home):
        files.scrub(path)
    for path in backups.leftovers(backups_folder(home)):
        if backups.PARTIAL in path.name:
            files.scrub(path)


# --- the steps -----------------------------------------------------------------------------


def single_file(conn: Any, path: Path, *, scrub_old: bool) -> None:
    """Fold the WAL into the file and leave WAL mode, so the database is one file; the old
    WAL/SHM bytes are zeroed when `scrub_old`."""
    wal_shm = files.companions(path)[:2]
    fds = _open_fds(wal_shm) if scrub_old else []
    try:
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise StoreError(BUSY)
        for fd in fds:
            files.zero_fd(fd)
    finally:
        for fd in fds:
            os.close(fd)
    for p in wal_shm:  # no WAL mode any more: anything left by these names is stale
        if p.exists():
            files.scrub(p) if scrub_old else p.unlink()


def _open_fds(paths: Iterable[Path]) -> list[int]:
    fds: list[int] = []
    for p in paths:
        try:
            fds.append(os.open(p, os.O_RDWR))
        except FileNotFoundError:
            continue
    return fds


def counts(conn: Any) -> dict[str, int]:
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _export(src: Any, tmp: Path, key: str | None, version: int) -> None:
    """sqlcipher_export everything `src` holds into the new file `tmp` (key None: plaintext)."""
    src.execute("ATTACH DATABASE ? AS target KEY ?", (keying.uri(tmp, "rwc"), key or ""))
    try:
        src.execute("SELECT sqlcipher_export('target')")
        src.execute(f"PRAGMA target.user_version = {int(version)}")
    finally:
        src.execute("DETACH DATABASE target")


def verify(tmp: Path, key: str | None, version: int, expected: dict[str, int]) -> None:
    """The new file opens with the key, is intact, and holds exactly what the old one did."""
    conn = keying.try_key(tmp, key, readonly=True) if key is not None else sqlite3.connect(
        keying.uri(tmp, "ro"), uri=True)
    if conn is None:
        raise StoreError("The converted copy could not be opened; nothing was changed.")
    try:
        problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")] \
            if key is not None else []
        ok = str(conn.execute("PRAGMA quick_check").fetchone()[0])
        got_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        got = counts(conn)
    finally:
        conn.close()
    if problems or ok != "ok" or got_version != version or got != expected:
        raise StoreError("The converted copy did not match the original; nothing was changed.")
    files.fsync_path(tmp)
    os.chmod(tmp, 0o600)


def prepare(src: Any, path: Path, key: str | None, suffix: str,
            make: Callable[[Any, Path, str | None, int], None] = _export) -> Job:
    """The verified replacement for `path`, made from the open connection `src`."""
    tmp = path.with_name(path.name + suffix)
    files.scrub_all(tmp)
    version = int(src.execute("PRAGMA user_version").fetchone()[0])
    expected = counts(src)
    try:
        make(src, tmp, key, version)
        for p in files.companions(tmp):  # the export's own journal: nothing may stay
            files.scrub(p)
        verify(tmp, key, version, expected)
    except BaseException:
        files.scrub_all(tmp)
        raise
    return Job(path, tmp)


def discard(jobs: Iterable[Job]) -> None:
    for job in jobs:
        files.scrub_all(job.tmp)


def commit(jobs: list[Job], *, zero_old: Iterable[Path] = (), finished: str) -> None:
    """Rename every prepared file into place (in order: the database last), fsync the folders,
    then zero the replaced plaintext files' bytes. Signals wait until the renames are done; a
    Ctrl-C that arrives meanwhile says the change was made (`finished`), since it was."""
    old_fds = _open_fds(zero_old)
    done = 0
    interrupted = False
    try:
        try:
            with backups.signals_held():
                _rename_all(jobs)
                done = len(jobs)
        except KeyboardInterrupt:
            if done < len(jobs):
                raise
            interrupted = True
        except _HalfWay as half:
            done = half.done
            discard(jobs[done:])
            if done == 0:
                raise half.error from None
            changed = ", ".join(str(j.path) for j in jobs[:done])
            raise StoreError(f"Stopped half-way ({half.error.strerror or half.error}): {changed} "
                             "changed, the rest not. Run the command again to finish.") from None
        try:
            for fd in old_fds:
                files.zero_fd(fd)
        except KeyboardInterrupt:
            interrupted = True
    finally:
        for fd in old_fds:
            os.close(fd)
    if interrupted:
        raise Cancelled(f"Interrupted after the change was complete: {finished}.")


class _HalfWay(Exception):
    def __init__(self, done: int, error: OSError) -> None:
        super().__init__(str(error))
        self.done, self.error = done, error


def _rename_all(jobs: list[Job]) -> None:
    done = 0
    try:
        for job in jobs:
            os.replace(job.tmp, job.path)
            done += 1
            for p in files.companions(job.path):  # stale: never beside the new file
                files.scrub(p)
        for folder in dict.fromkeys(job.path.parent for job in jobs):
            files.fsync_path(folder)
    except OSError as exc:
        raise _HalfWay(done, exc) from None


def full_disk(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.Error) and "full" in str(exc).lower()


def no_room(what: str) -> StoreError:
    return StoreError(f"There isn't room on the disk for {what}; nothing was changed.")


def _undo(jobs: Iterable[Job], exc: BaseException, what: str) -> None:
    """A conversion that failed part-way: its temporary copies removed, and a full disk said in
    one line (the caller re-raises anything else as it was)."""
    discard(jobs)
    if full_disk(exc):
        raise no_room(what) from None


def _guard(conn: Any, path: Path, *, scrub_old: bool) -> None:
    """One file, then the write lock SQLite itself knows (against other programs)."""
    single_file(conn, path, scrub_old=scrub_old)
    conn.execute("BEGIN IMMEDIATE")
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "delete":
        raise StoreError(BUSY)


# --- encrypt ---------------------------------------------------------------------------------


def encrypt_home(home: Path, key: str) -> list[Path]:
    """Encrypt the database and every plaintext backup in backups/; write status.json.
    Returns the backups that were encrypted."""
    sc = library.sqlcipher()
    db = db_file(home)
    with lock.exclusive(home):
        if files.is_encrypted_file(db):
            raise RecoveryError("Your database is already encrypted. "
                                "'recovery passphrase' changes the passphrase.")
        remove_leftovers(home)
        plain = identify.plaintext_backups(home, key)
        jobs: list[Job] = []
        guard = sqlite3.connect(str(db), timeout=keying.BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _guard(guard, db, scrub_old=True)
            for p in [*plain, db]:
                src = sc.connect(keying.uri(p, "ro"), uri=True, isolation_level=None,
                                 timeout=keying.BUSY_TIMEOUT_S)
                try:
                    jobs.append(prepare(src, p, key, ".encrypting"))
                finally:
                    src.close()
            new = keying.try_key(jobs[-1].tmp, key, readonly=True)
            try:
                status.write_status(status.status_path(home), status.collect_status(new))
            finally:
                new.close()
            commit(jobs, zero_old=[j.path for j in jobs],
                   finished="your database and backups are encrypted")
        except BaseException as exc:
            _undo(jobs, exc, "the encrypted copies")
            raise
        finally:
            guard.close()
    keying.remember(db, key)
    return plain


def decrypt_home(home: Path) -> None:
    """Decrypt the database (backups stay encrypted); remove status.json."""
    db = db_file(home)
    with lock.exclusive(home):
        if not files.is_encrypted_file(db):
            raise RecoveryError("Your database is not encrypted; nothing was changed.")
        remove_leftovers(home)
        guard = keying.connect(db)
        key = keying.key_of(guard)
        jobs: list[Job] = []
        try:
            _guard(guard, db, scrub_old=False)
            src = keying.try_key(db, key, readonly=True)
            if src is None:
                raise RecoveryError(keying.WRONG_PASSPHRASE)
            try:
                jobs.append(prepare(src, db, None, ".decrypting"))
            finally:
                src.close()
            commit(jobs, finished="your database is no longer encrypted")
        except BaseException as exc:
            _undo(jobs, exc, "the decrypted copy")
            raise
        finally:
            guard.close()
        files.scrub(status.status_path(home))


def rekey_home(home: Path, new_key: str) -> tuple[list[Path], list[Path]]:
    """Change the passphrase of the database and of the backups that open with the old one,
    by exporting each with the new key and renaming it in (never rekeying a file in place, so
    a kill leaves no journal behind). Returns (backups changed, encrypted backups kept)."""
    db = db_file(home)
    with lock.exclusive(home):
        remove_leftovers(home)
        guard = keying.connect(db)
        old = keying.key_of(guard)
        jobs: list[Job] = []
        kept: list[Path] = []
        try:
            _guard(guard, db, scrub_old=False)
            folder = backups_folder(home)
            sources = sorted(folder.glob("*.db")) if folder.is_dir() else []
            for p in [*sources, db]:
                if p != db and not files.is_encrypted_file(p):
                    continue
                src = keying.try_key(p, old, readonly=True)
                if src is None:
                    kept.append(p)
                    continue
                try:
                    jobs.append(prepare(src, p, new_key, ".rekeying"))
                finally:
                    src.close()
            if not jobs or jobs[-1].path != db:
                raise StoreError("Your database did not open with its passphrase; nothing was "
                                 "changed.")
            commit(jobs, finished="your passphrase is changed")
        except BaseException as exc:
            _undo(jobs, exc, "the re-encrypted copies")
            raise
        finally:
            guard.close()
    keying.forget()
    keying.remember(db, new_key)
    return [j.path for j in jobs[:-1]], kept
