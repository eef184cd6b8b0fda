"""The dates reminders need (last check-in, last questionnaire, last plan review, last snap).

Read-only queries that import nothing of the store, so status.json (store/cipher/status.py,
called after every committed write) can be refreshed without an import cycle through db.py;
checkins, assessments and plan re-export them.
"""

from __future__ import annotations

import sqlite3

LAST_REVIEWED = "last_reviewed"


def last_checkin_day(conn: sqlite3.Connection) -> str | None:
    """The most recent day that has a check-in (YYYY-MM-DD), or None."""
    row = conn.execute("SELECT max(day) FROM checkins").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def last_taken(conn: sqlite3.Connection) -> dict[str, str]:
    """checklist id -> taken_at (ISO) of its most recent result."""
    rows = conn.execute(
        "SELECT checklist, max(taken_at) FROM assessments GROUP BY checklist"
    ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def has_plan(conn: sqlite3.Connection) -> bool:
    for table in ("plan_texts", "plan_items", "plan_contacts"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return True
    return False


def last_reviewed(conn: sqlite3.Connection) -> str | None:
    """YYYY-MM-DD the plan was last reviewed (or created), None when there is no plan."""
    row = conn.execute("SELECT value FROM plan_texts WHERE key = ?", (LAST_REVIEWED,)).fetchone()
    if row is not None:
        return str(row[0])
    if has_plan(conn):  # written by something that did not stamp it: treat as never reviewed
        return "1970-01-01"
    return None


def last_snap_at(conn: sqlite3.Connection) -> str | None:
    """When the most recent snap was made (its `at`), or None (also before the snaps table)."""
    try:
        row = conn.execute("SELECT at FROM snaps ORDER BY day DESC, at DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])

