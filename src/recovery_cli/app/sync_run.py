"""The use case of `recovery sync` (one run), without typer: the typer command in cli/sync.py
calls it, and so can a typer-free fast path (importing typer costs about 80 ms of CPU, a
third of a whole sync of one entry).

The sync passphrase comes from a file (`--passphrase-file`), $RECOVERY_SYNC_PASSPHRASE_FILE,
$RECOVERY_SYNC_PASSPHRASE_COMMAND, or else `ask` (the caller's hidden prompt, or its error
when there is no terminal)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recovery_cli.core.errors import RecoveryError

ENV_FILE = "RECOVERY_SYNC_PASSPHRASE_FILE"
ENV_COMMAND = "RECOVERY_SYNC_PASSPHRASE_COMMAND"
NOT_SET_UP = "Sync is not set up on this computer: run 'recovery sync init FOLDER'."


def passphrase(path: Path | None, ask: Callable[[], str]) -> str:
    from recovery_cli.store.cipher import keying as crypto

    if path is not None:
        return crypto.read_passphrase_file(path)
    if os.environ.get(ENV_FILE):
        return crypto.read_passphrase_file(Path(os.environ[ENV_FILE]))
    if os.environ.get(ENV_COMMAND):
        return crypto.run_passphrase_command(os.environ[ENV_COMMAND])
    return ask()


def settings(phrase: str, cfg: dict[str, Any]) -> Any:
    from recovery_cli.store.schema import SCHEMA_VERSION
    from recovery_cli.sync.engine import Settings

    return Settings(Path(cfg["folder"]), cfg["device"], cfg["name"], bytes.fromhex(cfg["salt"]),
                    phrase, SCHEMA_VERSION)


def now() -> str:
    from recovery_cli.core import clock

    return clock.now().isoformat(timespec="seconds")


def run(home: Path, db: Callable[[], sqlite3.Connection], passphrase_file: Path | None,
        ask: Callable[[], str]) -> Any:
    """One sync; its Summary (`.line()` is what the command prints)."""
    from recovery_cli.sync import config, engine

    cfg = config.load(home)
    if cfg is None:
        raise RecoveryError(NOT_SET_UP)
    if not Path(cfg["folder"]).is_dir():
        raise RecoveryError(f"The sync folder {cfg['folder']} is not there (is the drive "
                            "connected?). Nothing was changed.")
    s = settings(passphrase(passphrase_file, ask), cfg)
    summary = engine.run(db(), s, now())
    cfg["last_sync"] = now()
    config.save(home, cfg)
    return summary
