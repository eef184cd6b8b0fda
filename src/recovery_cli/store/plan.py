"""The relapse-prevention plan: texts, list items (with responses and rules), contacts.

(Stub signatures shared with other modules; the plan work fills in the bodies.)
"""

from __future__ import annotations

import sqlite3
from typing import Any


def load_plan(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The whole plan keyed by section as in DESIGN.md (`plan show --json`), or None when
    the person has no plan yet."""
    raise NotImplementedError


def section_texts(conn: sqlite3.Connection, section: str) -> list[str]:
    """The item texts of one list section, e.g. 'triggers' or 'toolbox', in order."""
    raise NotImplementedError


def last_reviewed(conn: sqlite3.Connection) -> str | None:
    """YYYY-MM-DD the plan was last reviewed (or created), None when there is no plan."""
    raise NotImplementedError
