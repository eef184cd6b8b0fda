"""Reads for `recovery export`: windowed, streamed, private entries left out unless asked.

Everything here iterates a cursor row by row, so a ten-year history never sits in memory at
once. Tables and columns for the JSON dump come from the schema itself (`PRAGMA table_info`),
so a column another migration adds is exported without touching this file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from recovery_cli.core.records import CheckinDay, Entry

# Every table of the JSON dump, parents before children (the order an import must follow).
DUMP_TABLES: tuple[str, ...] = (
    "checkins",
    "checkin_values",
    "checkin_choices",
    "entries",
    "entry_tags",
    "assessments",
    "assessment_answers",
    "assessment_flags",
    "assessment_subscales",
    "plan_texts",
    "plan_items",
    "plan_contacts",
    "intakes",
    "intake_answers",
    "life_values",
    "goals",
    "goal_steps",
    "goal_reviews",
    "skill_practice",
    "skill_practice_fields",
    # issue 17: medications, events, sessions (store/meds.py, store/events.py)
    "medications",
    "medication_doses",
    "medication_days",
    "medication_day_items",
    "events",
    "event_tags",
    "next_session",
    "bring_items",
    "snaps",  # issue 19: quick moments (store/snaps.py)
)

# Which report section each table belongs to (None: the other stage tools, exported with
# "all").
TABLE_SECTION: dict[str, str | None] = {
    "checkins": "checkins",
    "checkin_values": "checkins",
    "checkin_choices": "checkins",
    "entries": "journal",
    "entry_tags": "journal",
    "assessments": "assessments",
    "assessment_answers": "assessments",
    "assessment_flags": "assessments",
    "assessment_subscales": "assessments",
    "plan_texts": "plan",
    "plan_items": "plan",
    "plan_contacts": "plan",
    "intakes": "intake",
    "intake_answers": "intake",
    "life_values": None,
    "goals": None,
    "goal_steps": None,
    "goal_reviews": None,
    "skill_practice": None,
    "skill_practice_fields": None,
    "medications": "checkins",  # the check-in's medication answers refer to them
    "medication_doses": "checkins",
    "medication_days": "checkins",
    "medication_day_items": "checkins",
    "events": None,
    "event_tags": None,
    "next_session": None,
    "bring_items": None,
    "snaps": "checkins",
}


@dataclass(frozen=True)
class Window:
    """What to read: a day range (inclusive, None = open), private entries, tag filter."""

    start: str | None = None  # YYYY-MM-DD
    end: str | None = None
    include_private: bool = False
    tags: tuple[str, ...] = ()

    def day_sql(self, column: str = "day") -> tuple[str, list[Any]]:
        parts: list[str] = []
        args: list[Any] = []
        if self.start:
            parts.append(f"{column} >= ?")
            args.append(self.start)
        if self.end:
            parts.append(f"{column} <= ?")
            args.append(self.end)
        return (" AND ".join(parts) or "1"), args

    def entry_sql(self, alias: str = "") -> tuple[str, list[Any]]:
        """WHERE for the entries the export may show (period, privacy, tags)."""
        p = f"{alias}." if alias else ""
        where, args = self.day_sql(f"{p}day")
        if not self.include_private:
            where += f" AND {p}private = 0"
        if self.tags:
            marks = ",".join("?" * len(self.tags))
            where += (f" AND {p}id IN (SELECT entry_id FROM entry_tags WHERE tag IN ({marks}))")
            args.extend(self.tags)
        return where, args


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The table's columns in schema order."""
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    rows = [r for r in conn.execute(f"PRAGMA table_info({table})") if int(r[5]) > 0]
    return [str(r[1]) for r in sorted(rows, key=lambda r: int(r[5]))]


def existing_tables(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# Tables whose rows carry their own day (entries: also privacy and tags), and child tables
# that follow their parent's rows: child -> (column holding the parent's id, parent).
_DATED = ("checkins", "entries", "assessments", "skill_practice", "events", "medication_days",
          "medication_day_items", "snaps")
_CHILDREN: dict[str, tuple[str, str]] = {
    "checkin_values": ("checkin_id", "checkins"),
    "checkin_choices": ("checkin_id", "checkins"),
    "entry_tags": ("entry_id", "entries"),
    "assessment_answers": ("assessment_id", "assessments"),
    "assessment_flags": ("assessment_id", "assessments"),
    "assessment_subscales": ("assessment_id", "assessments"),
    "skill_practice_fields": ("practice_id", "skill_practice"),
    "event_tags": ("event_id", "events"),
}


def table_where(table: str, w: Window) -> tuple[str, list[Any]]:
    """SQL for the rows of `table` inside the window (children follow their parents; the other
    tables are exported whole)."""
    if table in _CHILDREN:
        column, parent = _CHILDREN[table]
        where, args = table_where(parent, w)
        return f"{column} IN (SELECT id FROM {parent} WHERE {where})", args
    if table == "entries":
        return w.entry_sql()
    if table in _DATED:
        return w.day_sql()
    return "1", []


# Columns stored as 0/1 that JSON readers expect as true/false (import takes both).
BOOLEAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "entries": ("private", "starred"),
    "assessments": ("safety_flag",),
}


def iter_table(conn: sqlite3.Connection, table: str, window: Window) -> Iterator[dict[str, Any]]:
    """Stream the rows of one table inside the window, in primary-key order; yes/no columns
    (BOOLEAN_COLUMNS) as True/False."""
    cols = columns(conn, table)
    cur = table_cursor(conn, table, window, ", ".join(ident(c) for c in cols))
    flags = [c for c in BOOLEAN_COLUMNS.get(table, ()) if c in cols]
    for row in cur:
        out = dict(zip(cols, row, strict=True))
        for c in flags:
            if isinstance(out[c], int):
                out[c] = bool(out[c])
        yield out


def table_cursor(conn: sqlite3.Connection, table: str, window: Window, what: str
                 ) -> sqlite3.Cursor:
    """A cursor (plain tuples) over `what` of the table's rows inside the window, in
    primary-key order."""
    if table not in DUMP_TABLES:
        raise ValueError(f"not an exported table: {table}")
    order = ", ".join(primary_key(conn, table) or ["rowid"])
    where, args = table_where(table, window)
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(f"SELECT {what} FROM {table} WHERE {where} ORDER BY {order}", args)


def ident(name: str) -> str:
    """A column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def iter_answers(conn: sqlite3.Connection, window: Window
                 ) -> Iterator[tuple[int, dict[str, float]]]:
    """The answers of the questionnaire results inside the window, one result at a time in
    id order: (result id, item id -> value in item order), as `assessments.answers_of`."""
    from itertools import groupby

    where, args = table_where("assessment_answers", window)
    cur = conn.cursor()
    cur.row_factory = None
    cur.execute("SELECT assessment_id, item, value FROM assessment_answers "
                f"WHERE {where} ORDER BY assessment_id, position", args)
    for rid, rows in groupby(cur, key=itemgetter(0)):
        yield int(rid), {str(r[1]): float(r[2]) for r in rows}


def sequences(conn: sqlite3.Connection) -> dict[str, int]:
    """AUTOINCREMENT counters, so a restore never hands out an id that was used before."""
    try:
        rows = conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    except sqlite3.OperationalError:
        return {}
    return {str(r[0]): int(r[1]) for r in rows if str(r[0]) in DUMP_TABLES}


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# --- the report's reads ----------------------------------------------------------------------


def count_private_left_out(conn: sqlite3.Connection, window: Window) -> int:
    """Private entries in the period (and tag filter) that the export leaves out."""
    if window.include_private:
        return 0
    where, args = Window(window.start, window.end, True, window.tags).entry_sql()
    row = conn.execute(f"SELECT count(*) FROM entries WHERE {where} AND private = 1", args)
    return int(row.fetchone()[0])


def count_entries(conn: sqlite3.Connection, window: Window) -> int:
    where, args = window.entry_sql()
    return int(conn.execute(f"SELECT count(*) FROM entries WHERE {where}", args).fetchone()[0])


def iter_entries(conn: sqlite3.Connection, window: Window) -> Iterator[Entry]:
    """Entries the export may show, oldest first, with their tags."""
    where, args = window.entry_sql("e")
    cur = conn.execute(
        "SELECT e.id, e.created_at, e.updated_at, e.day, e.title, e.body, e.private, e.starred, "
        "(SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM entry_tags t "
        " WHERE t.entry_id = e.id ORDER BY tag)) AS tags "
        f"FROM entries e WHERE {where} ORDER BY e.created_at, e.id",
        args,
    )
    for r in cur:
        yield Entry(
            id=int(r[0]), created_at=r[1], updated_at=r[2], day=r[3], title=r[4], body=r[5],
            tags=str(r[8]).split("\x1f") if r[8] else [], private=bool(r[6]),
            starred=bool(r[7]),
        )


def iter_checkin_days(conn: sqlite3.Connection, window: Window) -> Iterator[CheckinDay]:
    """Check-ins in the period, oldest first, with their values and choices."""
    where, args = window.day_sql("c.day")
    cur = conn.execute(
        "SELECT c.id, c.day, c.created_at, c.updated_at FROM checkins c "
        f"WHERE {where} ORDER BY c.day",
        args,
    )
    # Children in one pass each, joined by id in order (two extra cursors, no per-day query).
    vals = conn.execute(
        "SELECT v.checkin_id, v.item, v.num, v.text FROM checkin_values v JOIN checkins c "
        f"ON c.id = v.checkin_id WHERE {where} ORDER BY c.day, v.item",
        args,
    )
    chs = conn.execute(
        "SELECT h.checkin_id, h.item, h.choice FROM checkin_choices h JOIN checkins c "
        f"ON c.id = h.checkin_id WHERE {where} ORDER BY c.day, h.item, h.choice",
        args,
    )
    pending_v = next(vals, None)
    pending_c = next(chs, None)
    for c in cur:
        cid = int(c[0])
        values: dict[str, float | str] = {}
        choices: dict[str, list[str]] = {}
        while pending_v is not None and int(pending_v[0]) == cid:
            num, text = pending_v[2], pending_v[3]
            if num is not None:
                values[str(pending_v[1])] = float(num)
            elif text is not None:
                values[str(pending_v[1])] = str(text)
            pending_v = next(vals, None)
        while pending_c is not None and int(pending_c[0]) == cid:
            choices.setdefault(str(pending_c[1]), []).append(str(pending_c[2]))
            pending_c = next(chs, None)
        yield CheckinDay(day=c[1], values=values, choices=choices, created_at=c[2],
                         updated_at=c[3])


def first_and_last_day(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The earliest and latest day holding any check-in, entry or result (for 'all time')."""
    lo: list[str] = []
    hi: list[str] = []
    for table in ("checkins", "entries", "assessments", "skill_practice"):
        r = conn.execute(f"SELECT min(day), max(day) FROM {table}").fetchone()
        if r[0]:
            lo.append(str(r[0]))
            hi.append(str(r[1]))
    return (min(lo) if lo else None, max(hi) if hi else None)
