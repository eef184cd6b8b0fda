"""The one read `recovery remind` needs about sessions, without the events module (remind's
fast path imports as little as it can; see docs/ARCHITECTURE.md)."""

from __future__ import annotations

import sqlite3


def next_session_day(conn: sqlite3.Connection) -> str | None:
    """The day of the next appointment (YYYY-MM-DD), or None when none is set."""
    row = conn.execute("SELECT day FROM next_session WHERE id = 1").fetchone()
    return None if row is None else str(row[0])
