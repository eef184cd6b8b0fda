"""Encryption at rest: SQLCipher 4 through the optional `sqlcipher3` package.

This module is stdlib-only at import time; `sqlcipher3` is imported the first time an encrypted
file is actually opened, so the plaintext path pays nothing but a 16-byte header read.

- Detecting: a plaintext SQLite file starts with "SQLite format 3\\0"; an SQLCipher file starts
  with a random salt and is a whole number of pages long.
- The passphrase, in this order: `--passphrase-file PATH` (root option), `$RECOVERY_PASSPHRASE_FILE`,
  `$RECOVERY_PASSPHRASE_COMMAND` (run without a shell; its stdout minus the trailing newline), and
  in a terminal a hidden prompt (the cli layer registers it with `set_prompter`). Never from a
  command-line argument, never written anywhere; it lives in this process's memory only for the
  command that needed it.
- Opening: `PRAGMA key`, then a test read; a wrong passphrase is one line,
  "Wrong passphrase or not a recovery database.", and SQLCipher's own log is silenced.
- Converting (encrypt, decrypt, restore): `sqlcipher_export` into a new file next to the
  database, verified (integrity, schema version, every table's row count), fsynced, then
  atomically renamed over the database. The old plaintext file and its WAL/SHM are overwritten
  with zeros and removed. An interruption at any moment leaves either the old database or the
  new one at the path, never half of one.
- While the database is encrypted, every committed write refreshes `status.json` beside it
  (0600): only the dates `recovery remind` needs, so reminders work without the passphrase.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from recovery_cli.errors import InputError, MissingAnswerError, RecoveryError, StoreError
from recovery_cli.store import db as _db
from recovery_cli.store.db import SQLITE_MAGIC, is_encrypted_file

INSTALL_HINT = "pip install 'recovery-cli[encryption]'"
WRONG_PASSPHRASE = "Wrong passphrase or not a recovery database."
ENV_FILE = "RECOVERY_PASSPHRASE_FILE"
ENV_COMMAND = "RECOVERY_PASSPHRASE_COMMAND"
STATUS_NAME = "status.json"
DB_NAME = "recovery.db"
BUSY_TIMEOUT_S = 15.0
PROMPT_ATTEMPTS = 3
# Files a conversion writes next to its target; an interrupted one leaves such a file behind.
TEMP_SUFFIXES = (".encrypting", ".decrypting", ".restoring")

Prompter = Callable[[str, bool], "str | None"]
"""(message, new) -> the typed passphrase, or None when there is no terminal to ask in.
`new` asks twice (setting a passphrase)."""


class NotInstalledError(RecoveryError):
    """The `encryption` extra (sqlcipher3) is not installed."""


# --- detecting ---------------------------------------------------------------------------


def is_encrypted(path: Path) -> bool:
    """True when `path` is an SQLCipher database (store.db.is_encrypted_file: 16 bytes)."""
    return is_encrypted_file(path)


def is_encrypted_connection(conn: Any) -> bool:
    return _db._encrypted_conn(conn)


# --- the library -------------------------------------------------------------------------

_sc: Any = None
_connection_class: Any = None


def available() -> bool:
    try:
        sqlcipher()
    except NotInstalledError:
        return False
    return True


def sqlcipher() -> Any:
    """The sqlcipher3 module, its log silenced and its exceptions made catchable as the
    standard library's (so every `except sqlite3.OperationalError` in the store also handles
    an encrypted connection)."""
    global _sc, _connection_class
    if _sc is not None:
        return _sc
    try:
        import sqlcipher3
    except ImportError:
        raise NotInstalledError(
            "Encryption needs the optional SQLCipher support, which is not installed. "
            f"Install it with: {INSTALL_HINT}"
        ) from None
    _alias_errors(sqlcipher3)

    class EncryptedConnection(sqlcipher3.Connection):  # type: ignore[misc]
        recovery_key: str | None = None
        recovery_status: Path | None = None

    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")  # process-wide: no noise on stderr
    finally:
        probe.close()
    _sc, _connection_class = sqlcipher3, EncryptedConnection
    return _sc


def _alias_errors(module: Any) -> None:
    names = ("InterfaceError", "DatabaseError", "DataError", "OperationalError",
             "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError")
    for name in names:
        ours, std = getattr(module, name), getattr(sqlite3, name)
        if not issubclass(ours, std):
            # a future layout change would refuse this: errors still end as exit 1 then
            with contextlib.suppress(TypeError):
                ours.__bases__ = (*ours.__bases__, std)


# --- the passphrase ----------------------------------------------------------------------

# The command's --passphrase-file and prompt live in store.db (`unlock_file`,
# `unlock_prompt`), set by the cli per command without importing this module.
_keys: dict[str, str] = {}  # resolved path -> the passphrase that opened it (this command only)


def configure(passphrase_file: Path | None) -> None:
    """The `--passphrase-file` option for this command; forgets any passphrase a previous
    command in this process used."""
    _db.unlock_file = passphrase_file
    _keys.clear()


def set_prompter(prompter: Prompter | None) -> None:
    _db.unlock_prompt = prompter


def _prompter() -> Prompter | None:
    return _db.unlock_prompt  # type: ignore[no-any-return]


def forget() -> None:
    _keys.clear()


def unattended() -> bool:
    """A passphrase source that needs no person: a file or a command."""
    return bool(_db.unlock_file or os.environ.get(ENV_FILE) or os.environ.get(ENV_COMMAND))


def _strip_newline(text: str) -> str:
    if text.endswith("\n"):
        text = text[:-1]
        if text.endswith("\r"):
            text = text[:-1]
    return text


def _check(value: str, where: str) -> str:
    if value == "":
        raise InputError(f"The passphrase from {where} is empty.")
    if "\x00" in value:
        raise InputError(f"The passphrase from {where} contains a NUL character.")
    return value


def read_passphrase_file(path: Path) -> str:
    try:
        raw = path.expanduser().read_bytes()
    except FileNotFoundError:
        raise InputError(f"No passphrase file at {path}.") from None
    except OSError as exc:
        raise InputError(f"Can't read the passphrase file {path}: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"The passphrase file {path} is not UTF-8 text.") from None
    return _check(_strip_newline(text), str(path))


def run_passphrase_command(command: str) -> str:
    """$RECOVERY_PASSPHRASE_COMMAND: split like a shell would, run without one."""
    import shlex
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise InputError(f"{ENV_COMMAND} can't be read as a command ({exc}).") from None
    if not argv:
        raise InputError(f"{ENV_COMMAND} is empty.")
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              check=False)
    except OSError as exc:
        raise RecoveryError(
            f"Can't run the passphrase command {argv[0]!r} ({exc.strerror or exc}); "
            "nothing was changed."
        ) from None
    if done.returncode != 0:
        raise RecoveryError(
            f"The passphrase command {argv[0]!r} failed (exit {done.returncode}); "
            "nothing was changed."
        )
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"The passphrase command {argv[0]!r} printed something that is not "
                         "UTF-8 text.") from None
    return _check(_strip_newline(text), ENV_COMMAND)


def unattended_passphrase() -> str | None:
    """The passphrase from --passphrase-file, $RECOVERY_PASSPHRASE_FILE or
    $RECOVERY_PASSPHRASE_COMMAND (in that order); None when none is set."""
    if _db.unlock_file is not None:
        return read_passphrase_file(_db.unlock_file)
    env_file = os.environ.get(ENV_FILE)
    if env_file:
        return read_passphrase_file(Path(env_file))
    command = os.environ.get(ENV_COMMAND)
    if command:
        return run_passphrase_command(command)
    return None


def _no_terminal(what: str) -> MissingAnswerError:
    return MissingAnswerError(
        f"{what} is needed and there is no terminal to ask in: set {ENV_COMMAND} "
        "or pass --passphrase-file PATH."
    )


def ask(message: str, *, new: bool = False, what: str = "The passphrase") -> str:
    """Ask in a terminal (twice when `new`); MissingAnswerError (exit 2) without one."""
    prompter = _prompter()
    answer = prompter(message, new) if prompter is not None else None
    if answer is None:
        raise _no_terminal(what)
    return _check(answer, "the prompt")


def new_passphrase() -> str:
    """The passphrase to encrypt with: from a file or command, else typed twice."""
    value = unattended_passphrase()
    if value is not None:
        return value
    return ask("Choose a passphrase for your journal:", new=True)


# --- opening -----------------------------------------------------------------------------


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _uri(path: Path, mode: str) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path.absolute()))}?mode={mode}"


def _try_key(path: Path, key: str | None, *, readonly: bool) -> Any:
    """A connection to `path` keyed with `key` (None: plaintext through SQLCipher), or None
    when the key doesn't open it."""
    sc = sqlcipher()
    conn = sc.connect(_uri(path, "ro" if readonly else "rw"), uri=True, timeout=BUSY_TIMEOUT_S,
                      isolation_level=None, factory=_connection_class)
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = {_sql_text(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sc.DatabaseError:
        conn.close()
        return None
    conn.row_factory = sc.Row
    conn.recovery_key = key
    if path.name == DB_NAME and not readonly:
        conn.recovery_status = path.parent / STATUS_NAME
    return conn


def connect(path: Path, *, readonly: bool = False, what: str = "your journal") -> sqlite3.Connection:
    """Open the encrypted database at `path`: the passphrase that opened it earlier in this
    command, else a file/command, else a prompt (three tries). Wrong -> RecoveryError."""
    sqlcipher()
    ident = str(path.resolve())
    tried: list[str] = []
    for key in ([_keys[ident]] if ident in _keys else []) + list(dict.fromkeys(_keys.values())):
        if key in tried:
            continue
        tried.append(key)
        conn = _try_key(path, key, readonly=readonly)
        if conn is not None:
            _keys[ident] = key
            return conn  # type: ignore[no-any-return]
    if not tried:
        value = unattended_passphrase()
        if value is not None:
            conn = _try_key(path, value, readonly=readonly)
            if conn is None:
                raise RecoveryError(WRONG_PASSPHRASE)
            _keys[ident] = value
            return conn  # type: ignore[no-any-return]
    prompter = _prompter()
    if prompter is None:
        if tried:
            raise RecoveryError(WRONG_PASSPHRASE)
        raise _no_terminal("The passphrase")
    for attempt in range(PROMPT_ATTEMPTS):
        message = f"Passphrase for {what}:" if attempt == 0 else "That didn't open it. Passphrase:"
        answer = prompter(message, False)
        if answer is None:
            if tried or attempt:
                raise RecoveryError(WRONG_PASSPHRASE)
            raise _no_terminal("The passphrase")
        if answer == "" or "\x00" in answer:
            continue
        conn = _try_key(path, answer, readonly=readonly)
        if conn is not None:
            _keys[ident] = answer
            return conn  # type: ignore[no-any-return]
    raise RecoveryError(WRONG_PASSPHRASE)


def key_of(conn: Any) -> str | None:
    return getattr(conn, "recovery_key", None)


def backup_target(conn: Any, dest: Path) -> Any:
    """A connection to the new file `dest` keyed like `conn`, for SQLite's backup API."""
    sc = sqlcipher()
    target = sc.connect(str(dest), factory=_connection_class)
    target.execute(f"PRAGMA key = {_sql_text(conn.recovery_key)}")
    return target


# --- what doctor shows -------------------------------------------------------------------

CIPHER_PRAGMAS = ("cipher_version", "cipher_provider", "cipher_provider_version",
                  "cipher_page_size", "kdf_iter", "cipher_hmac_algorithm",
                  "cipher_kdf_algorithm", "cipher_plaintext_header_size")


def cipher_settings(conn: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in CIPHER_PRAGMAS:
        row = conn.execute(f"PRAGMA {name}").fetchone()
        if row is not None:
            out[name] = str(row[0])
    return out


def cipher_problems(conn: Any) -> list[str]:
    """PRAGMA cipher_integrity_check: one row per page whose HMAC fails (none when fine)."""
    return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def leftovers(home: Path) -> list[Path]:
    """Files an interrupted encrypt, decrypt or restore left next to the database."""
    found: list[Path] = []
    for suffix in TEMP_SUFFIXES:
        base = home / (DB_NAME + suffix)
        found += [p for p in (base, *_companions(base)) if p.exists()]
    return found


# --- the status file (reminders while locked) --------------------------------------------


class Status(NamedTuple):
    last_checkin_day: str | None
    last_taken: dict[str, str]
    plan_last_reviewed: str | None


def status_path(home: Path) -> Path:
    return home / STATUS_NAME


def _only_day(text: str | None) -> str | None:
    if not text:
        return None
    day = str(text)[:10]
    from datetime import date

    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        return None


def collect_status(conn: Any) -> Status:
    from recovery_cli.store import assessments, checkins, plan

    taken = {cid: d for cid, when in assessments.last_taken(conn).items()
             if (d := _only_day(when)) is not None}
    return Status(_only_day(checkins.last_checkin_day(conn)), dict(sorted(taken.items())),
                  _only_day(plan.last_reviewed(conn)))


def write_status(path: Path, status: Status) -> None:
    """Atomically (re)write the status file, 0600. Dates only."""
    document = {
        "last_checkin_day": status.last_checkin_day,
        "last_taken": status.last_taken,
        "plan_last_reviewed": status.plan_last_reviewed,
    }
    tmp = path.with_name("." + path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (json.dumps(document, indent=2) + "\n").encode())
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def after_write(conn: Any) -> None:
    """`transaction` calls this after a commit on an encrypted connection: refresh the dates
    remind reads while locked. A failure here never undoes the saved write."""
    path = getattr(conn, "recovery_status", None)
    if path is None:
        return
    try:
        write_status(path, collect_status(conn))
    except (OSError, sqlite3.Error) as exc:
        print(f"Saved. (Couldn't update {path.name} for locked reminders: {exc}.)",
              file=sys.stderr)


def locked(home: Path) -> bool:
    """The database is encrypted and no passphrase can be had without a person."""
    return not unattended() and is_encrypted(home / DB_NAME)


def read_status(home: Path) -> Status:
    """The dates in status.json (nothing recorded when it's missing or unreadable)."""
    try:
        data = json.loads(status_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Status(None, {}, None)
    if not isinstance(data, dict):
        return Status(None, {}, None)
    taken_raw = data.get("last_taken")
    taken: dict[str, str] = {}
    if isinstance(taken_raw, dict):
        taken = {str(k): d for k, v in taken_raw.items()
                 if isinstance(v, str) and (d := _only_day(v)) is not None}

    def day(key: str) -> str | None:
        value = data.get(key)
        return _only_day(value) if isinstance(value, str) else None

    return Status(day("last_checkin_day"), taken, day("plan_last_reviewed"))


# --- converting files --------------------------------------------------------------------


def _companions(path: Path) -> tuple[Path, Path, Path]:
    return (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            path.with_name(path.name + "-journal"))


def _zero_fd(fd: int) -> None:
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
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        _zero_fd(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


def remove_leftovers(home: Path) -> None:
    for path in leftovers(home):
        scrub(path)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_fds(paths: tuple[Path, ...]) -> list[int]:
    fds: list[int] = []
    for p in paths:
        try:
            fds.append(os.open(p, os.O_RDWR))
        except FileNotFoundError:
            continue
    return fds


def _single_file(conn: Any, path: Path, *, scrub_old: bool) -> None:
    """Fold the WAL into the file and leave rollback-journal mode, so the database is one
    file; the old WAL/SHM bytes are zeroed when `scrub_old`. Needs no other connection."""
    wal_shm = _companions(path)[:2]
    fds = _open_fds(wal_shm) if scrub_old else []
    try:
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise StoreError("Another recovery command is using the database; nothing was "
                             "changed. Please try again when it has finished.")
        for fd in fds:
            _zero_fd(fd)
    finally:
        for fd in fds:
            os.close(fd)
    for p in wal_shm:  # no WAL mode any more: anything left by these names is stale
        if p.exists():
            scrub(p) if scrub_old else p.unlink()


def _counts(conn: Any) -> dict[str, int]:
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _export(src: Any, tmp: Path, key: str | None, version: int) -> None:
    """sqlcipher_export everything `src` holds into the new file `tmp` (key None: plaintext)."""
    src.execute("ATTACH DATABASE ? AS target KEY ?", (_uri(tmp, "rwc"), key or ""))
    try:
        src.execute("SELECT sqlcipher_export('target')")
        src.execute(f"PRAGMA target.user_version = {int(version)}")
    finally:
        src.execute("DETACH DATABASE target")


def _verify(tmp: Path, key: str | None, version: int, counts: dict[str, int]) -> None:
    """The new file opens with the key, is intact, and holds exactly what the old one did."""
    conn = _try_key(tmp, key, readonly=True) if key is not None else sqlite3.connect(
        _uri(tmp, "ro"), uri=True)
    if conn is None:
        raise StoreError("The converted copy could not be opened; your database was left "
                         "as it was.")
    try:
        problems = cipher_problems(conn) if key is not None else []
        ok = str(conn.execute("PRAGMA quick_check").fetchone()[0])
        got_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        got = _counts(conn)
    finally:
        conn.close()
    if problems or ok != "ok" or got_version != version or got != counts:
        raise StoreError("The converted copy did not match your database; your database was "
                         "left as it was.")
    _fsync_path(tmp)


def _swap(path: Path, tmp: Path, *, scrub_old: bool) -> None:
    """Atomically put `tmp` in place of `path`; then zero the old file's bytes if asked."""
    old_fd = None
    if scrub_old:
        try:
            old_fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            old_fd = None
    try:
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        _fsync_path(path.parent)
        if old_fd is not None:
            _zero_fd(old_fd)
    finally:
        if old_fd is not None:
            os.close(old_fd)


def _convert(path: Path, guard: Any, open_src: Callable[[], Any], key: str | None,
             suffix: str, *, scrub_old: bool) -> None:
    """Shared by encrypt and decrypt: with `guard` holding the write lock on `path` (so no
    write can slip in), export a fresh reading connection into a temp file, verify it, and
    swap it in."""
    tmp = path.with_name(path.name + suffix)
    for p in (tmp, *_companions(tmp)):
        scrub(p)
    _single_file(guard, path, scrub_old=scrub_old)
    guard.execute("BEGIN IMMEDIATE")
    mode = str(guard.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != "delete":
        raise StoreError("Another recovery command is using the database; nothing was "
                         "changed. Please try again when it has finished.")
    version = int(guard.execute("PRAGMA user_version").fetchone()[0])
    counts = _counts(guard)
    try:
        src = open_src()
        try:
            _export(src, tmp, key, version)
        finally:
            src.close()
        _verify(tmp, key, version, counts)
    except BaseException:
        for p in (tmp, *_companions(tmp)):
            scrub(p)
        raise
    _swap(path, tmp, scrub_old=scrub_old)


def encrypt_file(path: Path, key: str) -> None:
    """Encrypt the plaintext SQLite file at `path` in place (see the module docstring)."""
    sc = sqlcipher()

    def plaintext_reader() -> Any:
        return sc.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_S,
                          isolation_level=None)

    guard = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        _convert(path, guard, plaintext_reader, key, ".encrypting", scrub_old=True)
    finally:
        guard.close()
    _keys[str(path.resolve())] = key


def decrypt_file(path: Path) -> None:
    """Turn the encrypted file at `path` back into a plaintext SQLite file in place."""
    guard = connect(path)
    key = key_of(guard)

    def encrypted_reader() -> Any:
        src = _try_key(path, key, readonly=True)
        if src is None:
            raise RecoveryError(WRONG_PASSPHRASE)
        return src

    try:
        _convert(path, guard, encrypted_reader, None, ".decrypting", scrub_old=False)
    finally:
        guard.close()


def encrypt_home(home: Path, key: str) -> list[Path]:
    """Encrypt the database and every plaintext backup in backups/; write status.json.
    Returns the backups that were encrypted."""
    db = home / DB_NAME
    remove_leftovers(home)
    encrypt_file(db, key)
    done: list[Path] = []
    backups = home / "backups"
    if backups.is_dir():
        for p in sorted(backups.glob("*.db")):
            with open(p, "rb") as fh:
                plaintext = fh.read(16) == SQLITE_MAGIC
            if plaintext:
                encrypt_file(p, key)
                done.append(p)
    conn = connect(db)
    try:
        write_status(status_path(home), collect_status(conn))
    finally:
        conn.close()
    return done


def decrypt_home(home: Path) -> None:
    """Decrypt the database (backups stay encrypted); remove status.json."""
    remove_leftovers(home)
    decrypt_file(home / DB_NAME)
    scrub(status_path(home))


def rekey_home(home: Path, new_key: str) -> tuple[list[Path], list[Path]]:
    """Change the passphrase of the database (PRAGMA rekey) and of the backups that opened
    with the old one. Returns (backups rekeyed, encrypted backups left as they were)."""
    db = home / DB_NAME
    conn = connect(db)
    old = key_of(conn)
    try:
        conn.execute(f"PRAGMA rekey = {_sql_text(new_key)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    check = _try_key(db, new_key, readonly=True)
    if check is None:
        raise StoreError("The new passphrase did not open the database after the change. "
                         "Your old passphrase may still work; nothing else was changed.")
    check.close()
    _keys.clear()
    _keys[str(db.resolve())] = new_key
    changed: list[Path] = []
    kept: list[Path] = []
    backups = home / "backups"
    if backups.is_dir():
        for p in sorted(backups.glob("*.db")):
            if not is_encrypted(p):
                continue
            b = _try_key(p, old, readonly=False)
            if b is None:
                kept.append(p)
                continue
            try:
                b.execute(f"PRAGMA rekey = {_sql_text(new_key)}")
            finally:
                b.close()
            changed.append(p)
    return changed, kept


def restore_file(home: Path, source: Path) -> None:
    """Restore `source` into the home when either side is encrypted: the result is encrypted
    with the current passphrase (or, for a plaintext home, the backup's)."""
    db = home / DB_NAME
    remove_leftovers(home)
    current_key: str | None = None
    if db.exists():
        if is_encrypted(db):
            cur = connect(db)
            current_key = key_of(cur)
        else:
            cur = sqlite3.connect(str(db), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _single_file(cur, db, scrub_old=current_key is None)
        finally:
            cur.close()
    if is_encrypted(source):
        src = connect(source, readonly=True, what="this backup")
    else:
        src = _try_key(source, None, readonly=True)
    if src is None:
        raise InputError(f"{source} is not a recovery backup.")
    try:
        key = current_key or key_of(src)
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
        counts = _counts(src)
        tmp = db.with_name(db.name + ".restoring")
        try:
            _export(src, tmp, key, version)
            _verify(tmp, key, version, counts)
        except BaseException:
            for p in (tmp, *_companions(tmp)):
                scrub(p)
            raise
    finally:
        src.close()
    _swap(db, tmp, scrub_old=current_key is None and db.exists())
    if key is not None:
        _keys[str(db.resolve())] = key
