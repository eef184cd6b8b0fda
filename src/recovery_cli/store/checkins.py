"""Check-in rows: one per local day, values and multi-select choices as rows.

(Stub signatures shared with other modules; the check-in work fills in the bodies.)
"""

from __future__ import annotations

import sqlite3

from recovery_cli.records import CheckinDay


def days_between(conn: sqlite3.Connection, start: str, end: str) -> list[CheckinDay]:
    """Check-ins with start <= day <= end (YYYY-MM-DD), oldest first."""
    raise NotImplementedError


def last_checkin_day(conn: sqlite3.Connection) -> str | None:
    """The most recent day that has a check-in (YYYY-MM-DD), or None."""
    raise NotImplementedError
