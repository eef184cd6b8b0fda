"""Questionnaire and stage self-assessment results.

Tables (store/migrations.py m001): `assessments` (one row per result: score, band,
percentage, safety_flag, and for a stage self-assessment the stage it is most like),
`assessment_answers` (item, position, value), `assessment_flags` (item-level flags such as
WHO-5's low item) and `assessment_subscales` (stage "1".."5" -> share 0..1).
Each result is written in ONE transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from recovery_cli.core.records import AssessmentRecord
from recovery_cli.store.dates import last_taken as last_taken
from recovery_cli.store.db import joined

_COLS = (
    "id, checklist, checklist_version, kind, taken_at, day, score, band, percentage, "
    "safety_flag, stage"
)


def latest_stage_number(conn: sqlite3.Connection) -> int | None:
    """The stage (1-5) the latest stage self-assessment is most like, or None (none taken,
    or its answers pointed to no single stage)."""
    row = conn.execute(
        "SELECT stage FROM assessments WHERE kind = 'stage' "
        "ORDER BY taken_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def save_result(
    conn: sqlite3.Connection,
    *,
    checklist: str,
    checklist_version: int,
    kind: str,
    taken_at: str,
    day: str,
    answers: Sequence[tuple[str, float]],
    score: float | None,
    band: str | None,
    percentage: float | None,
    safety_flag: bool,
    flags: Sequence[str] = (),
    stage: int | None = None,
    subscales: Mapping[str, float] | None = None,
) -> int:
    """Store one result (answers in item order) in one transaction; returns its id. Inside a
    caller's open transaction (an import, the demo) it joins that one instead."""
    with joined(conn):
        cur = conn.execute(
            "INSERT INTO assessments (checklist, checklist_version, kind, taken_at, day, score, "
            "band, percentage, safety_flag, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (checklist, checklist_version, kind, taken_at, day, score, band, percentage,
             1 if safety_flag else 0, stage),
        )
        aid = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO assessment_answers (assessment_id, item, position, value) "
            "VALUES (?, ?, ?, ?)",
            [(aid, item, pos, float(value)) for pos, (item, value) in enumerate(answers, 1)],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO assessment_flags (assessment_id, flag) VALUES (?, ?)",
            [(aid, f) for f in flags],
        )
        if subscales:
            conn.executemany(
                "INSERT INTO assessment_subscales (assessment_id, subscale, value) "
                "VALUES (?, ?, ?)",
                [(aid, str(k), float(v)) for k, v in subscales.items()],
            )
    return aid


def _records(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[AssessmentRecord]:
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    answers: dict[int, dict[str, float]] = {i: {} for i in ids}
    flags: dict[int, list[str]] = {i: [] for i in ids}
    subs: dict[int, dict[str, float]] = {i: {} for i in ids}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        for a in conn.execute(
            f"SELECT assessment_id, item, value FROM assessment_answers "
            f"WHERE assessment_id IN ({marks}) ORDER BY assessment_id, position",
            chunk,
        ):
            answers[int(a[0])][str(a[1])] = float(a[2])
        for f in conn.execute(
            f"SELECT assessment_id, flag FROM assessment_flags "
            f"WHERE assessment_id IN ({marks}) ORDER BY assessment_id, flag",
            chunk,
        ):
            flags[int(f[0])].append(str(f[1]))
        for s in conn.execute(
            f"SELECT assessment_id, subscale, value FROM assessment_subscales "
            f"WHERE assessment_id IN ({marks}) ORDER BY assessment_id, subscale",
            chunk,
        ):
            subs[int(s[0])][str(s[1])] = float(s[2])
    out = []
    for r in rows:
        aid = int(r["id"])
        out.append(
            AssessmentRecord(
                id=aid,
                checklist=str(r["checklist"]),
                kind=str(r["kind"]),
                taken_at=str(r["taken_at"]),
                day=str(r["day"]),
                score=None if r["score"] is None else float(r["score"]),
                band=r["band"],
                percentage=None if r["percentage"] is None else float(r["percentage"]),
                safety_flag=bool(r["safety_flag"]),
                answers=answers[aid],
                flags=flags[aid],
                stage=None if r["stage"] is None else int(r["stage"]),
                subscales=subs[aid],
                checklist_version=int(r["checklist_version"]),
            )
        )
    return out


def history(
    conn: sqlite3.Connection,
    checklist: str | None = None,
    *,
    kind: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> list[AssessmentRecord]:
    """Results oldest first, optionally of one checklist / kind, with start <= day <= end."""
    where: list[str] = []
    args: list[str] = []
    for cond, value in (("checklist = ?", checklist), ("kind = ?", kind), ("day >= ?", start),
                        ("day <= ?", end)):
        if value is not None:
            where.append(cond)
            args.append(value)
    sql = f"SELECT {_COLS} FROM assessments"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY taken_at, id"
    return _records(conn, conn.execute(sql, args).fetchall())


def result_before(
    conn: sqlite3.Connection, checklist: str, taken_at: str, exclude_id: int
) -> AssessmentRecord | None:
    """The result of the same checklist just before `taken_at` (an earlier id breaks a tie),
    for change markers."""
    rows = conn.execute(
        f"SELECT {_COLS} FROM assessments WHERE checklist = ? AND id != ? AND "
        "(taken_at < ? OR (taken_at = ? AND id < ?)) ORDER BY taken_at DESC, id DESC LIMIT 1",
        (checklist, exclude_id, taken_at, taken_at, exclude_id),
    ).fetchall()
    found = _records(conn, rows)
    return found[0] if found else None


def history_with_previous(
    conn: sqlite3.Connection, start: str, end: str
) -> list[tuple[AssessmentRecord, AssessmentRecord | None]]:
    """The results with start <= day <= end (oldest first), each with the result of the same
    checklist just before it (None for the first): one query for the pairs (a window
    function), then the records of both."""
    pairs = [(int(r[0]), None if r[1] is None else int(r[1])) for r in conn.execute(
        "SELECT id, prev FROM (SELECT id, day, LAG(id) OVER (PARTITION BY checklist "
        "ORDER BY taken_at, id) AS prev FROM assessments) WHERE day BETWEEN ? AND ?",
        (start, end))]
    wanted = sorted({i for pair in pairs for i in pair if i is not None})
    found = {r.id: r for r in by_ids(conn, wanted)}
    out = [(found[i], found.get(p) if p is not None else None) for i, p in pairs]
    return sorted(out, key=lambda pair: (pair[0].taken_at, pair[0].id))


def previous_and_first(
    conn: sqlite3.Connection, checklist: str
) -> tuple[AssessmentRecord | None, AssessmentRecord | None]:
    """The most recent and the first scored result of a checklist (None when none)."""
    last = conn.execute(
        f"SELECT {_COLS} FROM assessments WHERE checklist = ? AND score IS NOT NULL "
        "ORDER BY taken_at DESC, id DESC LIMIT 1",
        (checklist,),
    ).fetchall()
    first = conn.execute(
        f"SELECT {_COLS} FROM assessments WHERE checklist = ? AND score IS NOT NULL "
        "ORDER BY taken_at, id LIMIT 1",
        (checklist,),
    ).fetchall()
    prev_rec = _records(conn, last)
    first_rec = _records(conn, first)
    return (prev_rec[0] if prev_rec else None, first_rec[0] if first_rec else None)


def latest_stage(conn: sqlite3.Connection) -> AssessmentRecord | None:
    """The latest stage self-assessment, with its subscale shares."""
    recs = latest_stages(conn, 1)
    return recs[0] if recs else None


def latest_stages(conn: sqlite3.Connection, limit: int) -> list[AssessmentRecord]:
    """The newest `limit` stage self-assessments, newest first (a retake is compared with
    the one before it)."""
    rows = conn.execute(
        f"SELECT {_COLS} FROM assessments WHERE kind = 'stage' "
        "ORDER BY taken_at DESC, id DESC LIMIT ?", (limit,)
    ).fetchall()
    return _records(conn, rows)


def answers_of(conn: sqlite3.Connection, assessment_id: int) -> dict[str, float]:
    """One result's answers, item id -> value, in item order."""
    return {str(r[0]): float(r[1]) for r in conn.execute(
        "SELECT item, value FROM assessment_answers WHERE assessment_id = ? ORDER BY position",
        (assessment_id,))}


def by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[AssessmentRecord]:
    """The results with these ids (oldest first)."""
    out: list[AssessmentRecord] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        out += _records(conn, conn.execute(
            f"SELECT {_COLS} FROM assessments WHERE id IN ({marks})", chunk).fetchall())
    return sorted(out, key=lambda r: (r.taken_at, r.id))


def correct(conn: sqlite3.Connection, record: AssessmentRecord) -> None:
    """Store a result's recomputed score, percentage, band and safety flag (inside the
    caller's transaction)."""
    conn.execute(
        "UPDATE assessments SET score = ?, percentage = ?, band = ?, safety_flag = ? "
        "WHERE id = ?",
        (record.score, record.percentage, record.band, 1 if record.safety_flag else 0,
         record.id),
    )
