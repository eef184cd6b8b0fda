"""The passphrase and opening an encrypted file with it.

The passphrase, in this order: `--passphrase-file PATH` (root option), `$RECOVERY_PASSPHRASE_FILE`,
`$RECOVERY_PASSPHRASE_COMMAND` (run without a shell, given `$RECOVERY_PASSPHRASE_TIMEOUT`
seconds, 30 by default; its stdout minus the trailing newline), and in a terminal a hidden
prompt (the cli layer registers it with `set_prompter`). Never from a command-line argument,
never written anywhere; it lives in this process's memory only for the command that needed it.

Opening: `PRAGMA key`, then a test read; a wrong passphrase is one line,
"Wrong passphrase or not a recovery database.", and SQLCipher's own log is silenced.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recovery_cli.core.errors import InputError, MissingAnswerError, RecoveryError
from recovery_cli.store import files
from recovery_cli.store.cipher import library

WRONG_PASSPHRASE = "Wrong passphrase or not a recovery database."
ENV_FILE = "RECOVERY_PASSPHRASE_FILE"
ENV_COMMAND = "RECOVERY_PASSPHRASE_COMMAND"
ENV_TIMEOUT = "RECOVERY_PASSPHRASE_TIMEOUT"
COMMAND_TIMEOUT_S = 30.0
BUSY_TIMEOUT_S = 15.0
PROMPT_ATTEMPTS = 3
STATUS_NAME = "status.json"

Prompter = Callable[[str, bool], "str | None"]
"""(message, new) -> the typed passphrase, or None when there is no terminal to ask in.
`new` asks twice (setting a passphrase)."""

_keys: dict[str, str] = {}  # resolved path -> the passphrase that opened it (this command only)


def is_encrypted(path: Path) -> bool:
    """True when `path` is an SQLCipher database (store.files.is_encrypted_file: 16 bytes)."""
    return files.is_encrypted_file(path)


def is_encrypted_connection(conn: Any) -> bool:
    return getattr(conn, "recovery_key", None) is not None


def configure(passphrase_file: Path | None) -> None:
    """The `--passphrase-file` option for this command; forgets any passphrase a previous
    command in this process used."""
    files.unlock_file = passphrase_file
    _keys.clear()


def set_prompter(prompter: Prompter | None) -> None:
    files.unlock_prompt = prompter


def forget() -> None:
    _keys.clear()


def remember(path: Path, key: str) -> None:
    _keys[str(path.resolve())] = key


def unattended() -> bool:
    """A passphrase source that needs no person: a file or a command."""
    return bool(files.unlock_file or os.environ.get(ENV_FILE) or os.environ.get(ENV_COMMAND))


def locked(home: Path) -> bool:
    """The database is encrypted and its passphrase can't be had from a file. `remind` then
    reads status.json only: it never runs a passphrase command (which may wait for a person,
    a pinentry or a locked keyring, under cron) and never prompts."""
    has_file = bool(files.unlock_file or os.environ.get(ENV_FILE))
    return not has_file and is_encrypted(home / files.DB_NAME)


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


def command_timeout() -> float:
    """$RECOVERY_PASSPHRASE_TIMEOUT in seconds (default 30)."""
    raw = os.environ.get(ENV_TIMEOUT, "").strip()
    if not raw:
        return COMMAND_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise InputError(f"{ENV_TIMEOUT} takes a number of seconds (like 30), not {raw!r}.")
    return value


def run_passphrase_command(command: str) -> str:
    """$RECOVERY_PASSPHRASE_COMMAND: split like a shell would, run without one, in its own
    process group; killed (with anything it started) when it takes longer than the timeout."""
    import shlex
    import signal
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise InputError(f"{ENV_COMMAND} can't be read as a command ({exc}).") from None
    if not argv:
        raise InputError(f"{ENV_COMMAND} is empty.")
    timeout = command_timeout()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                start_new_session=True)
    except OSError as exc:
        raise RecoveryError(
            f"Can't run the passphrase command {argv[0]!r} ({exc.strerror or exc}); "
            "nothing was changed."
        ) from None
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RecoveryError(
            f"The passphrase command {argv[0]!r} gave no passphrase within {timeout:g} seconds "
            f"(set {ENV_TIMEOUT} for longer); nothing was changed."
        ) from None
    except BaseException:  # Ctrl-C while it runs: don't leave it behind
        _kill_group(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    if proc.returncode != 0:
        raise RecoveryError(
            f"The passphrase command {argv[0]!r} failed (exit {proc.returncode}); "
            "nothing was changed."
        )
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"The passphrase command {argv[0]!r} printed something that is not "
                         "UTF-8 text.") from None
    return _check(_strip_newline(text), ENV_COMMAND)


def _kill_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def unattended_passphrase() -> str | None:
    """The passphrase from --passphrase-file, $RECOVERY_PASSPHRASE_FILE or
    $RECOVERY_PASSPHRASE_COMMAND (in that order); None when none is set."""
    if files.unlock_file is not None:
        return read_passphrase_file(files.unlock_file)
    env_file = os.environ.get(ENV_FILE)
    if env_file:
        return read_passphrase_file(Path(env_file))
    command = os.environ.get(ENV_COMMAND)
    if command:
        return run_passphrase_command(command)
    return None


def _prompter() -> Prompter | None:
    return files.unlock_prompt  # type: ignore[no-any-return]


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


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def uri(path: Path, mode: str, *, immutable: bool = False) -> str:
    from urllib.parse import quote

    tail = "&immutable=1" if immutable else ""
    return f"file:{quote(str(path.absolute()))}?mode={mode}{tail}"


def try_key(path: Path, key: str | None, *, readonly: bool, status: Path | None = None,
            immutable: bool = False) -> Any:
    """A connection to `path` keyed with `key` (None: plaintext through SQLCipher), or None
    when the key doesn't open it. `status`: the status.json its writes refresh."""
    sc = library.sqlcipher()
    conn = sc.connect(uri(path, "ro" if readonly else "rw", immutable=immutable), uri=True,
                      timeout=BUSY_TIMEOUT_S,
                      isolation_level=None, factory=library.connection_class)
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = {sql_text(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sc.DatabaseError:
        conn.close()
        return None
    conn.row_factory = sc.Row
    conn.recovery_key = key
    if not readonly:
        conn.recovery_status = status
    return conn


def connect(path: Path, *, readonly: bool = False, what: str = "your journal",
            status: Path | None = None, immutable: bool = False) -> sqlite3.Connection:
    """Open the encrypted database at `path`: the passphrase that opened it earlier in this
    command, else a file/command, else a prompt (three tries). Wrong -> RecoveryError."""
    library.sqlcipher()
    ident = str(path.resolve())
    tried: list[str] = []
    for key in ([_keys[ident]] if ident in _keys else []) + list(dict.fromkeys(_keys.values())):
        if key in tried:
            continue
        tried.append(key)
        conn = try_key(path, key, readonly=readonly, status=status,
                       immutable=immutable)
        if conn is not None:
            _keys[ident] = key
            return conn  # type: ignore[no-any-return]
    if not tried:
        value = unattended_passphrase()
        if value is not None:
            conn = try_key(path, value, readonly=readonly, status=status,
                       immutable=immutable)
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
        conn = try_key(path, answer, readonly=readonly, status=status,
                       immutable=immutable)
        if conn is not None:
            _keys[ident] = answer
            return conn  # type: ignore[no-any-return]
    raise RecoveryError(WRONG_PASSPHRASE)


def key_of(conn: Any) -> str | None:
    return getattr(conn, "recovery_key", None)


def backup_target(conn: Any, dest: Path) -> Any:
    """A connection to the new file `dest` keyed like `conn`, for SQLite's backup API."""
    sc = library.sqlcipher()
    target = sc.connect(str(dest), factory=library.connection_class)
    target.execute(f"PRAGMA key = {sql_text(conn.recovery_key)}")
    return target
