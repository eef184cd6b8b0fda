"""Loading `sqlcipher3` (the `encryption` extra) the first time an encrypted file is opened."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from recovery_cli.core.errors import RecoveryError
from recovery_cli.store.lock import ReleasesLock

INSTALL_HINT = "pip install 'recovery-cli[encryption]'"


class NotInstalledError(RecoveryError):
    """The `encryption` extra (sqlcipher3) is not installed."""


_sc: Any = None
connection_class: Any = None


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
    global _sc, connection_class
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

    class EncryptedConnection(ReleasesLock, sqlcipher3.Connection):  # type: ignore[misc]
        recovery_key: str | None = None
        recovery_status: Any = None  # the status.json to refresh after each write

    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")  # process-wide: no noise on stderr
    finally:
        probe.close()
    _sc, connection_class = sqlcipher3, EncryptedConnection
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
