"""The relapse-prevention plan: texts, list items (with responses and rules), contacts.

Tables (m001): `plan_texts` (key -> value: text sections and `last_reviewed`), `plan_items`
(every list section, 1-based positions; ties after a sync ordered by `uid`), `plan_contacts`. Plain sqlite3 only, so
`recovery crisis` can read contacts without importing sqlite-utils. Every write runs in one
transaction and sets `last_reviewed` to the day of the change.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from recovery_cli.core import clock
from recovery_cli.core.errors import NotFoundError
from recovery_cli.plan import document as plan_model
from recovery_cli.store.dates import LAST_REVIEWED as LAST_REVIEWED
from recovery_cli.store.dates import has_plan as has_plan
from recovery_cli.store.dates import last_reviewed as last_reviewed
from recovery_cli.store.db import transaction


def load_plan(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The whole plan keyed by section as in DESIGN.md (`plan show --json`), or None when
    the person has no plan yet."""
    if not has_plan(conn):
        return None
    doc = plan_model.empty_document()
    for key, value in conn.execute("SELECT key, value FROM plan_texts"):
        if key == LAST_REVIEWED:
            doc[LAST_REVIEWED] = value
            continue
        section = plan_model.BY_KEY.get(key)
        if section is not None and section.kind == "text":
            plan_model.put(doc, key, value)
    rows = conn.execute(
        "SELECT section, text, response, rule FROM plan_items ORDER BY section, position, uid"
    )
    for key, text, response, rule in rows:
        section = plan_model.BY_KEY.get(key)
        if section is None or section.kind not in ("list", "pairs"):
            continue
        value = text if section.kind == "list" else plan_model.pair(section, text, response, rule)
        plan_model.get(doc, key).append(value)
    for row in conn.execute(
        "SELECT name, role, phone, email, notes FROM plan_contacts ORDER BY position, uid"
    ):
        doc["contacts"].append(plan_model.contact(*row))
    return doc


def section_texts(conn: sqlite3.Connection, section: str) -> list[str]:
    """The item texts of one list section, e.g. 'triggers' or 'toolbox', in order."""
    if section == "contacts":
        return [r[0] for r in conn.execute("SELECT name FROM plan_contacts ORDER BY position, uid")]
    return [
        r[0]
        for r in conn.execute(
            "SELECT text FROM plan_items WHERE section = ? ORDER BY position, uid", (section,)
        )
    ]


def warning_rules(conn: sqlite3.Connection) -> list[tuple[str, str | None, str]]:
    """(sign, response, rule) of every early warning sign that has a rule, in plan order."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT text, response, rule FROM plan_items WHERE section = 'warning_signs' "
            "AND rule IS NOT NULL AND rule != '' ORDER BY position, uid"
        )
    ]


def instrument_scores(
    conn: sqlite3.Connection, checklist: str, limit: int = 2
) -> list[tuple[str, float | None, float | None]]:
    """The newest `limit` results of a questionnaire as (day, score, percentage), oldest first."""
    rows = conn.execute(
        "SELECT day, score, percentage FROM assessments WHERE checklist = ? "
        "ORDER BY taken_at DESC, id DESC LIMIT ?",
        (checklist, limit),
    ).fetchall()
    return [(str(r[0]), r[1], r[2]) for r in reversed(rows)]


# ---------------------------------------------------------------- writes


def _stamp(conn: sqlite3.Connection, now: datetime) -> None:
    conn.execute(
        "INSERT INTO plan_texts (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (LAST_REVIEWED, now.date().isoformat(), clock.iso(now)),
    )


def _renumber_items(conn: sqlite3.Connection, section: str) -> None:
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM plan_items WHERE section = ? ORDER BY position, uid", (section,))]
    conn.execute("UPDATE plan_items SET position = -position - 1 WHERE section = ?", (section,))
    for pos, item_id in enumerate(ids, start=1):
        conn.execute("UPDATE plan_items SET position = ? WHERE id = ?", (pos, item_id))


def _renumber_contacts(conn: sqlite3.Connection) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM plan_contacts ORDER BY position, uid")]
    conn.execute("UPDATE plan_contacts SET position = -position - 1")
    for pos, cid in enumerate(ids, start=1):
        conn.execute("UPDATE plan_contacts SET position = ? WHERE id = ?", (pos, cid))


def _insert_item(conn: sqlite3.Connection, section: str, text: str, response: str | None,
                 rule: str | None, now: datetime) -> int:
    row = conn.execute(
        "SELECT coalesce(max(position), 0) FROM plan_items WHERE section = ?", (section,)
    ).fetchone()
    pos = int(row[0]) + 1
    conn.execute(
        "INSERT INTO plan_items (section, position, text, response, rule, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (section, pos, text, response or None, rule or None, clock.iso(now)),
    )
    return pos


def _insert_contact(conn: sqlite3.Connection, c: dict[str, Any]) -> int:
    row = conn.execute("SELECT coalesce(max(position), 0) FROM plan_contacts").fetchone()
    pos = int(row[0]) + 1
    conn.execute(
        "INSERT INTO plan_contacts (position, name, role, phone, email, notes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (pos, c["name"], c.get("role"), c.get("phone"), c.get("email"), c.get("notes")),
    )
    return pos


def _write_text(conn: sqlite3.Connection, key: str, value: str, now: datetime) -> None:
    if value:
        conn.execute(
            "INSERT INTO plan_texts (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, clock.iso(now)),
        )
    else:
        conn.execute("DELETE FROM plan_texts WHERE key = ?", (key,))


def add_item(conn: sqlite3.Connection, section: str, text: str, now: datetime, *,
             response: str | None = None, rule: str | None = None) -> int:
    """Append an item to a list section; returns its 1-based position."""
    with transaction(conn):
        pos = _insert_item(conn, section, text, response, rule, now)
        _stamp(conn, now)
    return pos


def set_text(conn: sqlite3.Connection, key: str, value: str, now: datetime) -> None:
    """Write (or with "" clear) a text section."""
    with transaction(conn):
        _write_text(conn, key, value, now)
        _stamp(conn, now)


def add_contact(conn: sqlite3.Connection, contact: dict[str, Any], now: datetime) -> int:
    with transaction(conn):
        pos = _insert_contact(conn, contact)
        _stamp(conn, now)
    return pos


def remove(conn: sqlite3.Connection, section: str, n: int, now: datetime) -> str:
    """Remove item `n` (1-based, as `plan show` numbers it) from a section; a text section's
    only "item" is 1. Returns a short description of what was removed; NotFoundError when
    there is no such item."""
    spec = plan_model.leaf(section)
    with transaction(conn):
        if spec.kind == "text":
            row = conn.execute("SELECT value FROM plan_texts WHERE key = ?", (spec.key,)).fetchone()
            if row is None or n != 1:
                raise NotFoundError(_nothing_at(spec, n, 1 if row else 0))
            conn.execute("DELETE FROM plan_texts WHERE key = ?", (spec.key,))
            removed = str(row[0])
        elif spec.kind == "contacts":
            row = conn.execute(
                "SELECT id, name FROM plan_contacts ORDER BY position, uid LIMIT 1 OFFSET ?",
                (n - 1,)).fetchone() if n >= 1 else None
            if row is None:
                total = conn.execute("SELECT count(*) FROM plan_contacts").fetchone()[0]
                raise NotFoundError(_nothing_at(spec, n, int(total)))
            conn.execute("DELETE FROM plan_contacts WHERE id = ?", (row[0],))
            _renumber_contacts(conn)
            removed = str(row[1])
        else:
            row = conn.execute(
                "SELECT id, text FROM plan_items WHERE section = ? ORDER BY position, uid "
                "LIMIT 1 OFFSET ?", (spec.key, n - 1)).fetchone() if n >= 1 else None
            if row is None:
                total = conn.execute(
                    "SELECT count(*) FROM plan_items WHERE section = ?", (spec.key,)).fetchone()[0]
                raise NotFoundError(_nothing_at(spec, n, int(total)))
            conn.execute("DELETE FROM plan_items WHERE id = ?", (row[0],))
            _renumber_items(conn, spec.key)
            removed = str(row[1])
        _stamp(conn, now)
    return removed


def _nothing_at(spec: plan_model.Section, n: int, total: int) -> str:
    if total == 0:
        return f"{spec.title} ({spec.key}) is empty; there is nothing to remove."
    has = "only 1 item" if total == 1 else f"{total} items (1-{total})"
    return (f"{spec.title} ({spec.key}) has no item {n}; it has {has}. "
            "'recovery plan show' numbers them.")


def mark_reviewed(conn: sqlite3.Connection, now: datetime) -> None:
    with transaction(conn):
        _stamp(conn, now)


def save_plan(conn: sqlite3.Connection, doc: dict[str, Any], now: datetime) -> None:
    """Replace the whole plan with `doc` (the wizard's result) in one transaction."""
    with transaction(conn):
        conn.execute("DELETE FROM plan_items")
        conn.execute("DELETE FROM plan_contacts")
        conn.execute("DELETE FROM plan_texts")
        for spec in plan_model.SECTIONS:
            value = plan_model.get(doc, spec.key)
            if spec.kind == "text":
                _write_text(conn, spec.key, str(value or ""), now)
            elif spec.kind == "list":
                for text in value:
                    _insert_item(conn, spec.key, text, None, None, now)
            elif spec.kind == "pairs":
                for item in value:
                    _insert_item(conn, spec.key, item["text"], item.get("response"),
                                 item.get("rule"), now)
            else:
                for c in value:
                    _insert_contact(conn, c)
        _stamp(conn, now)
