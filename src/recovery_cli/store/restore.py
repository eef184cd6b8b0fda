"""`recovery restore`: replace the home's database with a backup, in one step.

Under the home's exclusive use lock (store/lock.py) for the whole of it: a safety backup of
the current database, the backup's content copied into a new file beside the database
(SQLite's backup API for plaintext into plaintext, `sqlcipher_export` when either side is
encrypted: the result is encrypted with the current passphrase, or for a plaintext home, the
backup's), verified, then renamed in (store/cipher/convert.py). Commands started meanwhile
wait, then open the restored file; a failure or a kill before the rename leaves the database
as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from recovery_cli.core import paths
from recovery_cli.core.errors import InputError
from recovery_cli.store import backups, files, lock
from recovery_cli.store.cipher import convert, keying, status
from recovery_cli.store.db import BUSY_TIMEOUT_MS, check_restorable


def _backup_copy(src: Any, tmp: Path, key: str | None, version: int) -> None:
    dst = sqlite3.connect(str(tmp))
    try:
        src.backup(dst)
    finally:
        dst.close()


def _open_source(source: Path, encrypted: bool, key: str | None) -> Any:
    if encrypted:
        return keying.connect(source, readonly=True, what="this backup")
    if key is not None:  # plaintext into an encrypted home: read it through SQLCipher
        conn = keying.try_key(source, None, readonly=True)
        if conn is None:
            raise InputError(f"{source} is not a recovery backup.")
        return conn
    return sqlite3.connect(keying.uri(source, "ro"), uri=True, isolation_level=None)


def restore_from(home: Path, source: Path) -> Path | None:
    """Replace the database's content with `source`; returns the safety backup taken of the
    current database first (None when there was none)."""
    check_restorable(source)
    paths.ensure_home(home)
    target = convert.db_file(home)
    source_encrypted = files.is_encrypted_file(source)
    if files.is_encrypted_file(target):  # the passphrase first: nobody waits on a prompt
        keying.connect(target).close()
    with lock.exclusive(home):
        convert.remove_leftovers(home)
        safety: Path | None = None
        current_key: str | None = None
        guard: Any = None
        jobs: list[convert.Job] = []
        key: str | None = None
        try:
            if target.exists():
                if files.is_encrypted_file(target):
                    guard = keying.connect(target)
                    current_key = keying.key_of(guard)
                else:
                    guard = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000,
                                            isolation_level=None)
                convert.single_file(guard, target, scrub_old=current_key is None)
                safety = backups.backup_file(guard, paths.backups_dir(home), "before-restore")
                guard.execute("BEGIN IMMEDIATE")
            src = _open_source(source, source_encrypted, current_key)
            try:
                key = current_key or (keying.key_of(src) if source_encrypted else None)
                if key is None:
                    jobs.append(convert.prepare(src, target, None, ".restoring",
                                                make=_backup_copy))
                else:
                    jobs.append(convert.prepare(src, target, key, ".restoring"))
            finally:
                src.close()
            if key is not None:
                new = keying.try_key(jobs[0].tmp, key, readonly=True)
                try:
                    status.write_status(status.status_path(home), status.collect_status(new))
                finally:
                    new.close()
            plaintext_before = target.exists() and current_key is None
            convert.commit(jobs, zero_old=[target] if plaintext_before and key else [],
                           finished=f"your data is restored from {source}")
        except BaseException as exc:
            convert.discard(jobs)
            if convert.full_disk(exc):
                raise convert.no_room("the restored copy") from None
            raise
        finally:
            if guard is not None:
                guard.close()
        if key is None:
            files.scrub(status.status_path(home))
        else:
            keying.remember(target, key)
    return safety
