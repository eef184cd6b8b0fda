"""Check-in rows: one per local day, values and multi-select choices as rows.

Tables (store/migrations.py m001):
- `checkins`: one row per local calendar day (`day` is UNIQUE, so it is indexed).
- `checkin_values`: numbers in `num`, single answers (choice, yes/no, text) in `text`.
  A row whose `num` and `text` are both NULL marks a multi-select item that was answered
  (asked, or given by a flag); its ticked options are the `checkin_choices` rows. So nothing
  ticked reads back as an empty list, different from "not answered" (no row at all): trends
  relies on this to compare days with and without a choice among the days it was asked.
  Imports from other tools store only the ticked options (their files don't say what was
  asked); either way the ticked options read back the same.
- `checkin_choices`: one row per ticked option of a multi-select item, in the order ticked.

Every read goes through the `day` index and the primary keys, so it reads only the window
asked for: a database with ten years of check-ins costs the same as one with ten days.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from recovery_cli.core.records import CheckinDay
from recovery_cli.store.dates import last_checkin_day as last_checkin_day
from recovery_cli.store.db import transaction

Value = float | str


def _fetch(conn: sqlite3.Connection, start: str, end: str) -> list[CheckinDay]:
    rows = conn.execute(
        "SELECT id, day, created_at, updated_at FROM checkins "
        "WHERE day BETWEEN ? AND ? ORDER BY day",
        (start, end),
    ).fetchall()
    if not rows:
        return []
    values: dict[int, dict[str, Value]] = {int(r[0]): {} for r in rows}
    choices: dict[int, dict[str, list[str]]] = {int(r[0]): {} for r in rows}
    for cid, item, num, text in conn.execute(
        "SELECT v.checkin_id, v.item, v.num, v.text FROM checkins c "
        "JOIN checkin_values v ON v.checkin_id = c.id "
        "WHERE c.day BETWEEN ? AND ? ORDER BY v.checkin_id, v.item",
        (start, end),
    ):
        if num is not None:
            values[cid][item] = float(num)
        elif text is not None:
            values[cid][item] = str(text)
        else:  # an answered multi-select (see the module docstring)
            choices[cid].setdefault(item, [])
    for cid, item, choice in conn.execute(
        "SELECT ch.checkin_id, ch.item, ch.choice FROM checkins c "
        "JOIN checkin_choices ch ON ch.checkin_id = c.id "
        "WHERE c.day BETWEEN ? AND ? ORDER BY ch.checkin_id, ch.item, ch.rowid",
        (start, end),
    ):
        choices[cid].setdefault(item, []).append(str(choice))
    return [
        CheckinDay(
            day=str(r[1]),
            values=values[int(r[0])],
            choices=choices[int(r[0])],
            created_at=str(r[2]),
            updated_at=str(r[3]),
        )
        for r in rows
    ]


def days_between(conn: sqlite3.Connection, start: str, end: str) -> list[CheckinDay]:
    """Check-ins with start <= day <= end (YYYY-MM-DD), oldest first."""
    return _fetch(conn, start, end)


def get_day(conn: sqlite3.Connection, day: str) -> CheckinDay | None:
    """One day's check-in, or None when there is none."""
    found = _fetch(conn, day, day)
    return found[0] if found else None


def write_checkin(
    conn: sqlite3.Connection,
    day: str,
    values: Mapping[str, Value | None],
    choices: Mapping[str, Sequence[str] | None],
    *,
    created_at: str,
    updated_at: str | None = None,
    source: str = "checkin",
    markers: bool = True,
) -> tuple[int, bool]:
    """Create or update the check-in of `day` inside the caller's open transaction (a check-in,
    an import, the demo); returns its id and whether it already existed.

    A new day gets `created_at` and `updated_at` (default: `created_at`); an existing day keeps
    its `created_at` and gets the new `updated_at`. Items named in `values`/`choices` are
    replaced (None removes the answer; an empty list of choices is the answer "none of them",
    kept as the marker row described above); items not named keep what they had, so re-running
    with one flag changes only that answer. A choice ticked twice is stored once.
    `markers=False` (imports from other tools, whose files don't say what was asked) stores
    only the ticked options of a multi-select, no marker row.
    """
    stamp = updated_at or created_at
    row = conn.execute("SELECT id FROM checkins WHERE day = ?", (day,)).fetchone()
    existed = row is not None
    if row is None:
        cur = conn.execute(
            "INSERT INTO checkins (day, created_at, updated_at, source) VALUES (?, ?, ?, ?)",
            (day, created_at, stamp, source),
        )
        cid = int(cur.lastrowid or 0)
    else:
        cid = int(row[0])
        conn.execute("UPDATE checkins SET updated_at = ? WHERE id = ?", (stamp, cid))
    for item, value in values.items():
        if value is None:
            conn.execute(
                "DELETE FROM checkin_values WHERE checkin_id = ? AND item = ?", (cid, item)
            )
            continue
        num = float(value) if isinstance(value, int | float) else None
        text = None if num is not None else str(value)
        conn.execute(
            "INSERT INTO checkin_values (checkin_id, item, num, text) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (checkin_id, item) DO UPDATE SET num = excluded.num, "
            "text = excluded.text",
            (cid, item, num, text),
        )
    for item, picked in choices.items():
        conn.execute("DELETE FROM checkin_choices WHERE checkin_id = ? AND item = ?", (cid, item))
        conn.execute("DELETE FROM checkin_values WHERE checkin_id = ? AND item = ?", (cid, item))
        if picked is None:
            continue
        if markers:
            conn.execute(
                "INSERT INTO checkin_values (checkin_id, item, num, text) "
                "VALUES (?, ?, NULL, NULL)",
                (cid, item),
            )
        conn.executemany(
            "INSERT INTO checkin_choices (checkin_id, item, choice) VALUES (?, ?, ?)",
            [(cid, item, choice) for choice in dict.fromkeys(picked)],
        )
    return cid, existed


def save_checkin(
    conn: sqlite3.Connection,
    day: str,
    values: Mapping[str, Value | None],
    choices: Mapping[str, Sequence[str] | None],
    now: str,
    *,
    source: str = "checkin",
) -> tuple[CheckinDay, bool]:
    """Create or update the check-in of `day` in ONE transaction, stamped `now` (see
    `write_checkin` for what is replaced and what is kept).
    Returns the saved day and whether it already existed (an update).
    """
    with transaction(conn):
        _, existed = write_checkin(conn, day, values, choices, created_at=now, source=source)
    saved = get_day(conn, day)
    assert saved is not None
    return saved, existed
