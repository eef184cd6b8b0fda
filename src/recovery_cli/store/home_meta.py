"""Facts about a home as a whole: the first day anything was recorded (reminders' first
week) and whether `recovery demo` filled it (a marker file beside config.toml, so any command
can tell with one stat, the fast `remind` path included, and no migration is needed)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

DEMO_MARKER = "demo-home"
_DEMO_TEXT = ("This home was filled by 'recovery demo': everything in it is made up. "
              "Delete the folder when you are done with it.\n")


def first_day_recorded(conn: sqlite3.Connection) -> str | None:
    """The earliest day (YYYY-MM-DD) of any check-in, entry, questionnaire or plan text."""
    row = conn.execute(
        "SELECT min(d) FROM ("
        " SELECT min(day) AS d FROM checkins UNION ALL"
        " SELECT min(day) FROM entries UNION ALL"
        " SELECT min(day) FROM assessments UNION ALL"
        " SELECT min(substr(updated_at, 1, 10)) FROM plan_texts UNION ALL"
        " SELECT min(substr(created_at, 1, 10)) FROM plan_items)"
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def is_demo(home: Path) -> bool:
    return (home / DEMO_MARKER).is_file()


def mark_demo(home: Path) -> None:
    """Write the marker (0600) into a home `recovery demo` has just filled."""
    path = home / DEMO_MARKER
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fp:
        fp.write(_DEMO_TEXT)
