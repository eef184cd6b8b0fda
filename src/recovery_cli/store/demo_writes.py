"""What `recovery demo` needs from the store beyond the owners' save functions: whether a
home holds any data, and copying a finished demo database into the home in one step.

The demo is written into a scratch database with the same save functions real input goes
through (check-ins, journal, questionnaires, plan, goals, skills), then copied over the home's
empty database with SQLite's online backup API: the home gets all of it or none of it.
"""

from __future__ import annotations

import sqlite3

# Every table that holds something a person recorded.
DATA_TABLES = (
    "checkins",
    "entries",
    "assessments",
    "plan_texts",
    "plan_items",
    "plan_contacts",
    "intakes",
    "life_values",
    "goals",
    "skill_practice",
    "medications",
    "events",
    "bring_items",
    "next_session",
    "snaps",
)


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when no table holds anything a person recorded."""
    for table in DATA_TABLES:
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
            return False
    return True


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per data table (for the summary and tests)."""
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in DATA_TABLES}


def scratch_mode(conn: sqlite3.Connection) -> None:
    """The scratch database is thrown away if anything fails, so it needn't wait for the disk
    after each of its many small transactions (the copy into the home is durable)."""
    conn.execute("PRAGMA synchronous = OFF")


def copy_into(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Replace the target database's content with the source's, in one step."""
    source.backup(target)
