"""Questionnaire and stage self-assessment results.

(Stub signatures shared with other modules; the questionnaire work fills in the bodies.)
"""

from __future__ import annotations

import sqlite3


def last_taken(conn: sqlite3.Connection) -> dict[str, str]:
    """checklist id -> taken_at (ISO) of its most recent result."""
    raise NotImplementedError


def latest_stage_number(conn: sqlite3.Connection) -> int | None:
    """The stage (1-5) the latest stage self-assessment is most like, or None."""
    raise NotImplementedError
