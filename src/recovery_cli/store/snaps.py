"""Snap rows (issue 19, table `snaps`): plain sqlite3, indexed by (day, at)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from recovery_cli.checkin.snaps import Snap
from recovery_cli.store import dates
from recovery_cli.store.db import transaction

_COLUMNS = "id, at, day, mood, anxiety, energy, note, tags, source"


def _snap(r: Sequence[object]) -> Snap:
    tags = [t for t in str(r[7] or "").split(",") if t]
    return Snap(int(str(r[0])), str(r[1]), str(r[2]), float(str(r[3])),
                None if r[4] is None else float(str(r[4])),
                None if r[5] is None else float(str(r[5])),
                None if r[6] is None else str(r[6]), tags, str(r[8]))


def write_snap(conn: sqlite3.Connection, *, at: str, day: str, mood: float,
               anxiety: float | None = None, energy: float | None = None,
               note: str | None = None, tags: Iterable[str] = (), source: str = "snap") -> int:
    """One snap inside the caller's transaction; its id."""
    cur = conn.execute(
        "INSERT INTO snaps (at, day, mood, anxiety, energy, note, tags, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, day, mood, anxiety, energy, note, ",".join(tags) or None, source))
    return int(cur.lastrowid or 0)


def add_snap(conn: sqlite3.Connection, **fields: object) -> Snap:
    """Save one snap in ONE transaction and return it."""
    with transaction(conn):
        new_id = write_snap(conn, **fields)  # type: ignore[arg-type]
    row = conn.execute(f"SELECT {_COLUMNS} FROM snaps WHERE id = ?", (new_id,)).fetchone()
    return _snap(row)


def between(conn: sqlite3.Connection, start: str, end: str) -> list[Snap]:
    """Snaps with start <= day <= end, in time order."""
    try:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM snaps WHERE day BETWEEN ? AND ? "
                            "ORDER BY day, at, id", (start, end)).fetchall()
    except sqlite3.OperationalError as exc:  # a database older than the snaps table
        if "no such table" in str(exc):
            return []
        raise
    return [_snap(r) for r in rows]


def all_snaps(conn: sqlite3.Connection) -> list[Snap]:
    return between(conn, "0000-00-00", "9999-99-99")


last_at = dates.last_snap_at  # one query, shared with status.json (locked reminders)
