"""Medications, their dose history and the check-in's medication answers (tables: store/
migrations.py m_meds_events_sessions). A dose change inserts a row; nothing is overwritten.

Every function here runs inside the caller's transaction for writes (`store.db.joined`), so
a check-in writes its values and its medication answers in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from recovery_cli.store.db import joined
from recovery_cli.timeline.meds import DayMeds, Dose, Medication, name_key, parse_dose

_COLS = "id, name, schedule, as_needed, started, stopped, stop_reason, note, created_at"


def _doses(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[Dose]]:
    out: dict[int, list[Dose]] = {i: [] for i in ids}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    for r in conn.execute(
        "SELECT id, medication_id, day, dose, amount, unit, note, created_at "
        f"FROM medication_doses WHERE medication_id IN ({marks}) ORDER BY medication_id, day, id",
        list(ids),
    ):
        out[int(r[1])].append(Dose(int(r[0]), int(r[1]), str(r[2]), r[3],
                                   None if r[4] is None else float(r[4]), r[5], r[6], str(r[7])))
    return out


def _build(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Medication]:
    doses = _doses(conn, [int(r[0]) for r in rows])
    return [
        Medication(
            id=int(r[0]), name=str(r[1]),
            schedule=tuple(p for p in str(r[2] or "").split(",") if p),
            as_needed=bool(r[3]), started=str(r[4]), stopped=r[5], stop_reason=r[6],
            note=r[7], created_at=str(r[8]), doses=tuple(doses[int(r[0])]),
        )
        for r in rows
    ]


def all_medications(conn: sqlite3.Connection) -> list[Medication]:
    """Every medication, stopped ones too, in the order added."""
    return _build(conn, conn.execute(f"SELECT {_COLS} FROM medications ORDER BY id").fetchall())


def active(conn: sqlite3.Connection) -> list[Medication]:
    rows = conn.execute(
        f"SELECT {_COLS} FROM medications WHERE stopped IS NULL ORDER BY id").fetchall()
    return _build(conn, rows)


def taken_between(conn: sqlite3.Connection, start: str, end: str) -> list[Medication]:
    """The medications taken on any day of start..end (their whole dose history)."""
    rows = conn.execute(
        f"SELECT {_COLS} FROM medications WHERE started <= ? AND (stopped IS NULL OR stopped >= ?) "
        "ORDER BY id", (end, start)).fetchall()
    return _build(conn, rows)


def has_any(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM medications LIMIT 1").fetchone() is not None


def add(conn: sqlite3.Connection, name: str, *, dose: str | None, schedule: Sequence[str],
        as_needed: bool, started: str, note: str | None, now: str) -> int:
    with joined(conn):
        cur = conn.execute(
            "INSERT INTO medications (name, name_key, schedule, as_needed, started, note, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, name_key(name), ",".join(schedule) or None, int(as_needed), started, note, now),
        )
        med_id = int(cur.lastrowid or 0)
        _insert_dose(conn, med_id, started, dose, None, now)
    return med_id


def _insert_dose(conn: sqlite3.Connection, med_id: int, day: str, dose: str | None,
                 note: str | None, now: str) -> None:
    amount, unit = parse_dose(dose)
    conn.execute(
        "INSERT INTO medication_doses (medication_id, day, dose, amount, unit, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (med_id, day, dose, amount, unit, note, now))


def change_dose(conn: sqlite3.Connection, med_id: int, day: str, dose: str, note: str | None,
                now: str) -> None:
    with joined(conn):
        _insert_dose(conn, med_id, day, dose, note, now)


def stop(conn: sqlite3.Connection, med_id: int, day: str, why: str | None) -> None:
    with joined(conn):
        conn.execute("UPDATE medications SET stopped = ?, stop_reason = ? WHERE id = ?",
                     (day, why, med_id))


def doses_between(conn: sqlite3.Connection, start: str, end: str) -> list[Dose]:
    """Dose rows (starts and changes) dated start..end, oldest first."""
    return [Dose(int(r[0]), int(r[1]), str(r[2]), r[3], None if r[4] is None else float(r[4]),
                 r[5], r[6], str(r[7]))
            for r in conn.execute(
                "SELECT id, medication_id, day, dose, amount, unit, note, created_at "
                "FROM medication_doses WHERE day BETWEEN ? AND ? ORDER BY day, id", (start, end))]


# --- the check-in's answers ---------------------------------------------------------------


def write_day(conn: sqlite3.Connection, day: str, taken: str | None, missed: Sequence[int],
              as_needed: Mapping[int, float] | None, *, ask_taken: bool = True) -> None:
    """Replace `day`'s medication answers inside the caller's transaction. `ask_taken` False
    keeps the stored "taken as planned" answer (only as-needed doses given)."""
    old = conn.execute("SELECT taken, as_needed_asked FROM medication_days WHERE day = ?",
                       (day,)).fetchone()
    if not ask_taken and old is not None:
        taken = old[0]
        missed = [int(r[0]) for r in conn.execute(
            "SELECT medication_id FROM medication_day_items WHERE day = ? AND missed = 1",
            (day,))]
    if as_needed is None and old is not None and old[1]:
        as_needed = {int(r[0]): float(r[1]) for r in conn.execute(
            "SELECT medication_id, as_needed FROM medication_day_items WHERE day = ? "
            "AND as_needed IS NOT NULL", (day,))}
    conn.execute("DELETE FROM medication_day_items WHERE day = ?", (day,))
    conn.execute("DELETE FROM medication_days WHERE day = ?", (day,))
    if taken is None and as_needed is None:
        return
    conn.execute("INSERT INTO medication_days (day, taken, as_needed_asked) VALUES (?, ?, ?)",
                 (day, taken, int(as_needed is not None)))
    ids = dict.fromkeys([*missed, *(k for k, v in (as_needed or {}).items() if v > 0)])
    conn.executemany(
        "INSERT INTO medication_day_items (day, medication_id, missed, as_needed) "
        "VALUES (?, ?, ?, ?)",
        [(day, i, int(i in missed), (as_needed or {}).get(i) or None) for i in ids])


def days_between(conn: sqlite3.Connection, start: str, end: str) -> dict[str, DayMeds]:
    """Each answered day of start..end -> its answers (read through the day keys only)."""
    base = conn.execute("SELECT day, taken, as_needed_asked FROM medication_days "
                        "WHERE day BETWEEN ? AND ? ORDER BY day", (start, end)).fetchall()
    if not base:
        return {}
    missed: dict[str, list[int]] = {}
    counts: dict[str, dict[int, float]] = {}
    for day, med, was_missed, n in conn.execute(
            "SELECT day, medication_id, missed, as_needed FROM medication_day_items "
            "WHERE day BETWEEN ? AND ? ORDER BY day, medication_id", (start, end)):
        if was_missed:
            missed.setdefault(str(day), []).append(int(med))
        if n is not None:
            counts.setdefault(str(day), {})[int(med)] = float(n)
    return {str(d): DayMeds(str(d), taken, tuple(missed.get(str(d), [])),
                            dict(counts.get(str(d), {})) if asked else None)
            for d, taken, asked in base}


def names(conn: sqlite3.Connection) -> dict[int, str]:
    return {int(i): str(n) for i, n in conn.execute("SELECT id, name FROM medications")}
