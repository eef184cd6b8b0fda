"""Telling the files in backups/ apart before `encrypt` touches any: positively, or refused.

A plaintext backup is recognised by its SQLite header and a clean quick_check, an encrypted one
by opening with the passphrase; anything else (a half-made backup of an older version, a
leftover journal, a backup encrypted with another passphrase) is refused by name, before
anything is changed, never skipped as "probably encrypted already".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from recovery_cli.core.errors import RecoveryError
from recovery_cli.store import files
from recovery_cli.store.cipher import keying


def _plaintext_ok(path: Path) -> bool:
    if not files.has_sqlite_header(path):
        return False
    try:
        conn = sqlite3.connect(keying.uri(path, "ro"), uri=True)
        try:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0]) == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _opens_with(path: Path, key: str) -> bool:
    conn = keying.try_key(path, key, readonly=True)
    if conn is None:
        return False
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0]) == "ok"
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _unknown(path: Path, folder: Path, why: str) -> RecoveryError:
    return RecoveryError(
        f"{path} {why}, so it can't be encrypted safely; nothing was changed. Move it out of "
        f"{folder} (or delete it), then run 'recovery encrypt' again.")


def plaintext_backups(home: Path, key: str) -> list[Path]:
    """The backups to encrypt. Each file is identified positively: a plaintext backup by its
    SQLite header and a clean check, an encrypted one by opening with `key`; anything else
    (a half-made backup, a journal, one encrypted with another passphrase) is refused."""
    folder = home / "backups"
    if not folder.is_dir():
        return []
    plain: list[Path] = []
    for p in sorted(folder.iterdir()):
        name = p.name
        if name.endswith((".db-journal", ".db-wal")):
            raise _unknown(p, folder, "is the journal of an interrupted backup")
        if not name.endswith(".db") or name.startswith("."):
            continue
        if not p.is_file():
            raise _unknown(p, folder, "is not a regular file")
        if _plaintext_ok(p):
            plain.append(p)
        elif not _opens_with(p, key):
            raise _unknown(p, folder, "is neither a complete plaintext backup nor one that "
                                      "opens with this passphrase")
    return plain
