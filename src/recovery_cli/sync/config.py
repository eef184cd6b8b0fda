"""This computer's sync settings: `<home>/sync.json` (0600). No secret in it: the folder, this
computer's id and name, its salt, and when it last synced (read by remind without a passphrase)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

NAME = "sync.json"


def path(home: Path) -> Path:
    return home / NAME


def load(home: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "folder" in data else None


def save(home: Path, data: dict[str, Any]) -> None:
    tmp = path(home).with_suffix(".json.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path(home))


def new(folder: Path, name: str) -> dict[str, Any]:
    import secrets  # only when a computer joins: remind reads this module too
    import uuid

    return {"folder": str(folder), "device": uuid.uuid4().hex[:12], "name": name,
            "salt": secrets.token_hex(16), "last_sync": None}


REMIND_AFTER_DAYS = 7


def overdue_message(home: Path, today_iso: str) -> str | None:
    """remind's line when sync is set up and the last one is 7 days old (None otherwise)."""
    from datetime import date

    cfg = load(home)
    if cfg is None:
        return None
    last = cfg.get("last_sync")
    try:
        days = (date.fromisoformat(today_iso) - date.fromisoformat(str(last)[:10])).days
    except ValueError:
        days = REMIND_AFTER_DAYS
    if days < REMIND_AFTER_DAYS:
        return None
    return (f"Your computers have not synced for {days} days; when you have a moment, "
            "'recovery sync' brings them together.")


def cron_hint(home: Path, exe: str, home_assignment: str) -> str | None:
    """The crontab line for an hourly quiet sync (None when sync is not set up)."""
    if load(home) is None:
        return None
    return (f"To sync every hour too (the passphrase from $RECOVERY_SYNC_PASSPHRASE_COMMAND): "
            f"0 * * * * {home_assignment} {exe} sync --quiet")
