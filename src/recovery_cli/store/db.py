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

from recovery_cli.core import paths
from recovery_cli.core.errors import StoreError
from recovery_cli.store import backups, files, lock
from recovery_cli.store.files import SQLITE_MAGIC as SQLITE_MAGIC
from recovery_cli.store.files import is_encrypted_file as is_encrypted_file
from recovery_cli.store.schema import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 15_000
_OUR_TABLE = "checkins"


def _damaged(path: Path, why: str) -> StoreError:
    return StoreError(
        f"The database {path} is damaged or is not a recovery database ({why}). "
        "Nothing was changed; 'recovery restore' can bring back a backup."
    )


def _connect(path: Path, *, readonly: bool = False, home: Path | None = None,
             what: str = "your journal") -> sqlite3.Connection:
    """A connection to `path`. With `home` (the home's own database), it holds the home's use
    lock shared until closed, taken before the file is looked at (store/lock.py)."""
    held = lock.shared(home) if home is not None else None
    try:
        if home is not None:
            files.remove_conversion_temps(home)
        conn = _open(path, readonly=readonly, home=home, what=what)
    except BaseException:
        if held is not None:
            held.release()
        raise
    if held is not None:
        lock.attach(conn, held)
    return conn


def _open(path: Path, *, readonly: bool, home: Path | None,
          what: str = "your journal") -> sqlite3.Connection:
    if is_encrypted_file(path):  # sqlcipher3 (and store.cipher) only for such a file
        from recovery_cli.store.cipher import keying, status

        if home is not None and not status.status_path(home).exists() \
                and not keying.unattended():
            # This home never encrypted its database (encrypting writes status.json): random
            # bytes are damage, not a lock to ask a passphrase for.
            raise _damaged(path, "it is not an SQLite file, and this home was never encrypted;"
                           " for an encrypted database from elsewhere, give its passphrase "
                           "with --passphrase-file")
        frozen = home is not None and read_only_home(home)
        return keying.connect(path, readonly=readonly or frozen, immutable=frozen, what=what,
                              status=status.status_path(home) if home is not None else None)
    if readonly:
        conn = sqlite3.connect(_ro_uri(path, home), uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, factory=lock.LockedConnection)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               factory=lock.LockedConnection)
    conn.row_factory = sqlite3.Row
    return conn


def _ro_uri(path: Path, home: Path | None) -> str:
    """A read-only URI; `immutable` in a read-only home, where SQLite could not create the
    -shm a WAL database needs, and where nothing can change the file meanwhile."""
    from urllib.parse import quote

    frozen = home is not None and read_only_home(home) and not files.companions(path)[0].exists()
    return f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if frozen else "")


def read_only_home(home: Path) -> bool:
    """The home exists but this process can't write in it (a read-only mount, another
    user's 0500 folder): reads may still work; nothing can be saved."""
    return home.is_dir() and not os.access(home, os.W_OK | os.X_OK)


def _read_only(path: Path) -> StoreError:
    if not os.access(path, os.R_OK):
        return StoreError(f"The database {path} can't be read by you (permission denied); "
                          "nothing was changed.")
    return StoreError(f"The recovery home {path.parent} is read-only; nothing was saved.")


def _user_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        conn.close()
        if read_only_home(path.parent) or not os.access(path, os.R_OK):
            raise _read_only(path) from exc  # can't be opened here: not damage
        if _disk_full(path.parent):  # no room for the -shm/-wal a WAL database needs
            raise StoreError("The disk is full; nothing was saved.") from exc
        raise _damaged(path, str(exc)) from exc


def _disk_full(folder: Path) -> bool:
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


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
    _wal(conn)
    conn.execute("PRAGMA synchronous = FULL")


def _wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL. The switch needs the file to itself, and SQLite answers
    "locked" at once, without waiting out the busy timeout, when two new processes reach a
    brand-new database together (each holding a read lock the other waits on); so try again
    for up to the busy timeout."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def open_db(home: Path) -> sqlite3.Connection:
    """Open (creating and migrating as needed) the database in `home`, ready for writes.
    In a read-only home: the database read-only (its writes fail with one line), if it is
    there and current."""
    if read_only_home(home):
        conn = open_db_readonly(home)
        if conn is None:
            raise StoreError(f"The recovery home {home} is read-only and has no up-to-date "
                             "database in it; nothing was changed.")
        return conn
    paths.ensure_home(home)
    path = paths.db_path(home)
    try:
        conn = _connect(path, home=home)
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
        conn = _connect(path, readonly=True, home=home, what=what)
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
            backups.backup_file(conn, paths.backups_dir(home), f"pre-migration-v{version}")
        # One transaction around all of it (sqlite-utils creates its `_sqlite_migrations`
        # table outside its per-migration transaction): a first run killed or interrupted
        # half-way leaves the file as it was, never a half-made schema that can't be opened.
        with transaction(conn):
            migrations.apply(Database(conn))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it lands, or none of it (Ctrl-C included)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
            raise StoreError("The database is read-only here (a read-only disk or a folder "
                             "you can't write in); nothing was saved.") from None
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:  # a full disk at COMMIT: never leave the writes pending on
            if conn.in_transaction:  # the connection for a later COMMIT to pick up
                conn.execute("ROLLBACK")
            raise
        if getattr(conn, "recovery_status", None) is not None:
            from recovery_cli.store.cipher import status

            status.after_write(conn)  # the dates locked reminders read (status.json)


def joined(conn: sqlite3.Connection) -> contextlib.AbstractContextManager[sqlite3.Connection]:
    """The caller's open transaction when there is one (an import, the demo: one transaction
    for many writes), else a new one (`transaction`)."""
    return contextlib.nullcontext(conn) if conn.in_transaction else transaction(conn)


def check_restorable(source: Path) -> int:
    """Validate a file before restoring it; returns its schema version."""
    from recovery_cli.core.errors import InputError

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
