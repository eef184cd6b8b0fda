"""status.json: while the database is encrypted, the dates `recovery remind` needs (0600):
the last check-in, questionnaire and plan review days and the minute of the last snap (the two
quiet hours after one); nothing of what was written.

Every committed write on an encrypted connection refreshes it (`after_write`), so reminders
work without the passphrase. Its presence is also how a home knows it encrypted its
database: a recovery.db of random bytes in a home without status.json is damaged, not locked.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, NamedTuple

from recovery_cli.store import dates

STATUS_NAME = "status.json"


class Status(NamedTuple):
    last_checkin_day: str | None
    last_taken: dict[str, str]
    plan_last_reviewed: str | None
    # To the minute: the two quiet hours after a snap. Nothing finer than the file's own
    # modification time already tells. (No appointment day: "has therapy on DAY" is more.)
    last_snap_at: str | None = None


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


def _only_minute(text: str | None) -> str | None:
    """A moment to the minute with its offset (no seconds: nothing finer than reminders use)."""
    if not text:
        return None
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment.replace(second=0, microsecond=0).isoformat()


def collect_status(conn: Any) -> Status:
    taken = {cid: d for cid, when in dates.last_taken(conn).items()
             if (d := _only_day(when)) is not None}
    return Status(_only_day(dates.last_checkin_day(conn)), dict(sorted(taken.items())),
                  _only_day(dates.last_reviewed(conn)), _only_minute(dates.last_snap_at(conn)))


def write_status(path: Path, status: Status) -> None:
    """Atomically (re)write the status file, 0600. Dates only."""
    document = {
        "last_checkin_day": status.last_checkin_day,
        "last_taken": status.last_taken,
        "plan_last_reviewed": status.plan_last_reviewed,
        "last_snap_at": status.last_snap_at,
    }
    tmp = path.with_name("." + path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (json.dumps(document, indent=2) + "\n").encode())
        os.fsync(fd)
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

    snap = data.get("last_snap_at")
    return Status(day("last_checkin_day"), taken, day("plan_last_reviewed"),
                  _only_minute(snap) if isinstance(snap, str) else None)
