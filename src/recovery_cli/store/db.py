"""Opening the database: the one function every command goes through.

Plain `sqlite3` on the hot path; sqlite-utils is imported only when migrations are pending
(or by modules that need its features). WAL mode, a busy timeout, foreign keys on, and
`BEGIN IMMEDIATE` transactions so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recovery_cli import clock, paths
from recovery_cli.errors import StoreError
from recovery_cli.store.schema import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 15_000
_OUR_TABLE = "checkins"
SQLITE_MAGIC = b"SQLite format 3\x00"

# Encryption at rest (store/crypto.py, imported only for an encrypted file): where this
# command may get a passphrase. The cli sets both per command; nothing here is ever written.
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


def _encrypted_conn(conn: object) -> bool:
    return getattr(conn, "recovery_key", None) is not None


def _connect(path: Path, *, readonly: bool = False, what: str = "your journal"
             ) -> sqlite3.Connection:
    if is_encrypted_file(path):  # sqlcipher3 (and crypto) are imported only for such a file
        from recovery_cli.store import crypto

        return crypto.connect(path, readonly=readonly, what=what)
    if readonly:
        uri = f"file:{path}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _user_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"The database {path} is damaged or is not a recovery database ({exc}). "
            "Nothing was changed; 'recovery restore' can bring back a backup."
        ) from exc


def _refuse_newer(conn: sqlite3.Connection, version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"The database {path} was written by a newer version of recovery "
            f"(schema {version}; this program knows {SCHEMA_VERSION}). "
            "Please upgrade recovery; the database was left unchanged."
        )


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def open_db(home: Path) -> sqlite3.Connection:
    """Open (creating and migrating as needed) the database in `home`, ready for writes."""
    paths.ensure_home(home)
    path = paths.db_path(home)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise StoreError(f"Can't open the database {path}: {exc}.") from exc
    version = _user_version(conn, path)
    _refuse_newer(conn, version, path)
    try:
        _set_pragmas(conn)
        if version < SCHEMA_VERSION:
            _migrate(conn, home, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"Can't use the database {path}: {exc}.") from exc
    return conn


def open_db_readonly(home: Path, *, what: str = "your journal") -> sqlite3.Connection | None:
    """Open for reading only (remind, read paths that must not write). None when no database
    exists yet or its schema is older than this program (nothing recorded that we can read).
    `what` names the data in an encrypted home's passphrase prompt ("your safety plan")."""
    path = paths.db_path(home)
    if not path.is_file():
        return None
    try:
        conn = _connect(path, readonly=True, what=what)
    except sqlite3.Error as exc:
        raise StoreError(f"Can't open the database {path}: {exc}.") from exc
    version = _user_version(conn, path)
    _refuse_newer(conn, version, path)
    if version < SCHEMA_VERSION:
        conn.close()
        return None
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _is_empty(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != '_sqlite_migrations'"  # sqlite-utils' own record: not data
    ).fetchone()
    return int(row[0]) == 0


@contextlib.contextmanager
def _file_lock(home: Path) -> Iterator[None]:
    import fcntl

    lock_path = home / ".migrate.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _migrate(conn: sqlite3.Connection, home: Path, path: Path) -> None:
    from sqlite_utils import Database

    from recovery_cli.store.migrations import migrations

    with _file_lock(home):
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])  # another process?
        if version >= SCHEMA_VERSION:
            return
        empty = _is_empty(conn)
        if version == 0 and not empty:
            has_ours = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OUR_TABLE,)
            ).fetchone()
            if not has_ours:
                conn.close()
                raise StoreError(f"{path} is not a recovery database; it was left unchanged.")
        if not empty:
            backup_file(conn, paths.backups_dir(home), f"pre-migration-v{version}")
        # One transaction around all of it (sqlite-utils creates its `_sqlite_migrations`
        # table outside its per-migration transaction): a first run killed or interrupted
        # half-way leaves the file as it was, never a half-made schema that can't be opened.
        with transaction(conn):
            migrations.apply(Database(conn))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it lands, or none of it (Ctrl-C included)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:  # a full disk at COMMIT: never leave the writes pending on
            if conn.in_transaction:  # the connection for a later COMMIT to pick up
                conn.execute("ROLLBACK")
            raise
        if _encrypted_conn(conn):
            from recovery_cli.store import crypto

            crypto.after_write(conn)  # the dates locked reminders read (status.json)


def joined(conn: sqlite3.Connection) -> contextlib.AbstractContextManager[sqlite3.Connection]:
    """The caller's open transaction when there is one (an import, the demo: one transaction
    for many writes), else a new one (`transaction`)."""
    return contextlib.nullcontext(conn) if conn.in_transaction else transaction(conn)


def backup_file(conn: sqlite3.Connection, folder: Path, label: str) -> Path:
    """Copy the open database to `folder` with SQLite's online backup API (0600)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"recovery-{stamp}-{label}.db"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"recovery-{stamp}-{label}-{n}.db"
    copy_to(conn, dest)
    return dest


def copy_to(conn: sqlite3.Connection, dest: Path) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if _encrypted_conn(conn):
        from recovery_cli.store import crypto

        target = crypto.backup_target(conn, dest)  # encrypted with the same passphrase
    else:
        target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    os.chmod(dest, 0o600)


def check_restorable(source: Path) -> int:
    """Validate a file before restoring it; returns its schema version."""
    from recovery_cli.errors import InputError

    if not source.is_file():
        raise InputError(f"No backup file at {source}.")
    try:
        conn = _connect(source, readonly=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            ours = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OUR_TABLE,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{source} is not a recovery backup ({exc}).") from exc
    if ok != "ok" or not ours:
        raise InputError(f"{source} is not a usable recovery backup.")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{source} was written by a newer version of recovery; upgrade first.")
    return version


def restore_from(home: Path, source: Path) -> Path | None:
    """Replace the database's content with `source` in one step; returns the safety backup
    taken of the current database first (None when there was none)."""
    check_restorable(source)
    paths.ensure_home(home)
    safety: Path | None = None
    target_path = paths.db_path(home)
    if target_path.exists():
        current = open_db(home)
        try:
            safety = backup_file(current, paths.backups_dir(home), "before-restore")
        finally:
            current.close()
    if is_encrypted_file(source) or is_encrypted_file(target_path):
        from recovery_cli.store import crypto

        crypto.restore_file(home, source)
        _refresh_status(home)
        return safety
    src = _connect(source, readonly=True)
    dst = sqlite3.connect(str(target_path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    open_db(home).close()  # migrate an older backup now, so the next command is fast
    return safety


def _refresh_status(home: Path) -> None:
    from recovery_cli.store import crypto

    conn = open_db(home)  # migrates an older backup now, so the next command is fast
    try:
        if _encrypted_conn(conn):
            crypto.after_write(conn)
    finally:
        conn.close()


def integrity(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def missing_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    from recovery_cli.store.schema import FTS_TRIGGERS

    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [t for t in FTS_TRIGGERS if t not in have]


def open_memory_db() -> sqlite3.Connection:
    """An empty, migrated database in memory: `import --dry-run` on a home without a
    database counts against it, so nothing (no plaintext in $TMPDIR) is written anywhere."""
    from sqlite_utils import Database

    from recovery_cli.store.migrations import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    with transaction(conn):
        migrations.apply(Database(conn))
    return conn
