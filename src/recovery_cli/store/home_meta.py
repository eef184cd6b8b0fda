"""Facts about a home's database as a whole: the first day anything was recorded (the
reminders' first week). Whether `recovery demo` filled a home is paths.is_demo_home."""

from __future__ import annotations

import sqlite3


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
