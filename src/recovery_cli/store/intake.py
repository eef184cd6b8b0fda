"""Intakes: a dated summary for an appointment, one row per answer (lists keep their order)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from recovery_cli.core.errors import InputError
from recovery_cli.store.rows import required
from recovery_cli.tools.intake import FIELDS, Intake


def _answers(conn: sqlite3.Connection, intake_id: int) -> dict[str, str | list[str]]:
    kinds = {f.id: f.kind for f in FIELDS}
    out: dict[str, str | list[str]] = {}
    rows = conn.execute(
        "SELECT field, value FROM intake_answers WHERE intake_id = ? ORDER BY field, position",
        (intake_id,),
    ).fetchall()
    for name, value in rows:
        if kinds.get(name, "text") == "list":
            items = out.setdefault(name, [])
            assert isinstance(items, list)
            items.append(value)
        else:
            out[name] = value
    return out


def _record(conn: sqlite3.Connection, row: sqlite3.Row | tuple[int, str, str]) -> Intake:
    intake_id, created, updated = int(row[0]), str(row[1]), str(row[2])
    return Intake(intake_id, created, updated, _answers(conn, intake_id))


def latest(conn: sqlite3.Connection) -> Intake | None:
    """The most recently updated intake, or None."""
    row = conn.execute(
        "SELECT id, created_at, updated_at FROM intakes ORDER BY updated_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _record(conn, row)


def get(conn: sqlite3.Connection, intake_id: int) -> Intake | None:
    row = conn.execute(
        "SELECT id, created_at, updated_at FROM intakes WHERE id = ?", (intake_id,)
    ).fetchone()
    return None if row is None else _record(conn, row)


def all_intakes(conn: sqlite3.Connection) -> list[Intake]:
    rows = conn.execute("SELECT id, created_at, updated_at FROM intakes ORDER BY id").fetchall()
    return [_record(conn, r) for r in rows]


def save(
    conn: sqlite3.Connection,
    answers: Mapping[str, str | list[str]],
    now: str,
    intake_id: int | None = None,
    created_at: str | None = None,
    new_id: int | None = None,
) -> int:
    """Create an intake (intake_id None; `new_id` keeps an imported id) or replace an existing
    one's answers. The caller holds the transaction. Returns the intake's id."""
    if intake_id is None:
        cur = conn.execute(
            "INSERT INTO intakes (id, created_at, updated_at) VALUES (?, ?, ?)",
            (new_id, created_at or now, now),
        )
        intake_id = int(cur.lastrowid or 0)
    else:
        conn.execute("UPDATE intakes SET updated_at = ? WHERE id = ?", (now, intake_id))
        conn.execute("DELETE FROM intake_answers WHERE intake_id = ?", (intake_id,))
    rows: list[tuple[int, str, int, str]] = []
    for name, value in answers.items():
        items = value if isinstance(value, list) else [value]
        rows.extend((intake_id, name, pos, item) for pos, item in enumerate(items) if item)
    conn.executemany(
        "INSERT INTO intake_answers (intake_id, field, position, value) VALUES (?, ?, ?, ?)", rows
    )
    return intake_id


def load_intake(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The latest intake as `{id, created_at, updated_at, answers}` (every field present; lists
    for list fields), or None: what `export --section intake` shows; field labels are
    `recovery_cli.tools.intake.FIELDS`."""
    intake = latest(conn)
    return None if intake is None else intake.to_json()


def dump(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every intake as a JSON-ready document (`restore` writes them back)."""
    return [i.to_json() for i in all_intakes(conn)]


def restore(conn: sqlite3.Connection, rows: list[Any]) -> int:
    """Write `dump()` rows back (ids kept) into an empty table; the caller holds the
    transaction. Returns how many."""
    for n, row in enumerate(rows, 1):
        where = f"intakes[{n}]"
        answers = required(row, "answers", where)
        if not isinstance(answers, dict):
            raise InputError(f"{where}: 'answers' must be an object.")
        clean = {k: v for k, v in answers.items() if v not in ("", [], None)}
        save(conn, clean, str(required(row, "updated_at", where)),
             created_at=str(required(row, "created_at", where)),
             new_id=int(row["id"]) if row.get("id") is not None else None)
    return len(rows)
