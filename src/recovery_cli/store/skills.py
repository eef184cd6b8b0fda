"""The skills practice log: one row per practice, the fields it recorded as rows.

Also what the other parts read: `practised_on` (the check-in preselects practised skills in its
coping list), `days_practised` (trends), and `evidence` (the stage evaluator's evidence from
the stage tools: intake, goals, skills, values).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from recovery_cli.store.rows import required
from recovery_cli.tools.practice import Practice

EVIDENCE_DAYS = 14

# Skills whose practice is a meaningful activity (stage 4 evidence). The library marks them with
# `meaningful_activity = true`; callers that have loaded the library may pass their own set.
MEANINGFUL_SKILLS = frozenset({"behavioural_activation", "values_action"})


def add_practice(
    conn: sqlite3.Connection,
    skill: str,
    practiced_at: str,
    day: str,
    helpful: float | None,
    note: str | None,
    fields: Mapping[str, str],
    practice_id: int | None = None,
) -> int:
    """Log one practice (the caller holds the transaction); returns its id."""
    cur = conn.execute(
        "INSERT INTO skill_practice (id, skill, practiced_at, day, helpful, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (practice_id, skill, practiced_at, day, helpful, note or None),
    )
    practice_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO skill_practice_fields (practice_id, field, value) VALUES (?, ?, ?)",
        [(practice_id, k, v) for k, v in fields.items() if v != ""],
    )
    return practice_id


def practice_log(
    conn: sqlite3.Connection,
    start: str | None = None,
    end: str | None = None,
    skill: str | None = None,
    limit: int | None = None,
) -> list[Practice]:
    """Practices with start <= day <= end (YYYY-MM-DD), newest first."""
    where: list[str] = []
    params: list[object] = []
    if start:
        where.append("day >= ?")
        params.append(start)
    if end:
        where.append("day <= ?")
        params.append(end)
    if skill:
        where.append("skill = ?")
        params.append(skill)
    sql = "SELECT id, skill, practiced_at, day, helpful, note FROM skill_practice"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY practiced_at DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, params).fetchall()
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    fields: dict[int, dict[str, str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for pid, name, value in conn.execute(
            "SELECT practice_id, field, value FROM skill_practice_fields "
            f"WHERE practice_id IN ({','.join('?' * len(part))})",
            part,
        ):
            fields.setdefault(int(pid), {})[str(name)] = str(value)
    return [
        Practice(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], fields.get(int(r[0]), {}))
        for r in rows
    ]


def practised_on(conn: sqlite3.Connection, day: str) -> list[str]:
    """Ids of the skills practised on `day` (YYYY-MM-DD), in the order first practised."""
    rows = conn.execute(
        "SELECT skill FROM skill_practice WHERE day = ? GROUP BY skill ORDER BY min(practiced_at)",
        (day,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def days_practised(conn: sqlite3.Connection, start: str, end: str) -> dict[str, list[str]]:
    """day -> distinct skill ids practised that day, for start <= day <= end."""
    out: dict[str, list[str]] = {}
    for day, skill in conn.execute(
        "SELECT day, skill FROM skill_practice WHERE day BETWEEN ? AND ? "
        "GROUP BY day, skill ORDER BY day, min(practiced_at)",
        (start, end),
    ):
        out.setdefault(str(day), []).append(str(skill))
    return out


def counts(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """skill id -> (times practised, last day)."""
    return {
        str(r[0]): (int(r[1]), str(r[2]))
        for r in conn.execute("SELECT skill, count(*), max(day) FROM skill_practice GROUP BY skill")
    }


def evidence(
    conn: sqlite3.Connection,
    today: date,
    meaningful_skills: Iterable[str] = MEANINGFUL_SKILLS,
    days: int = EVIDENCE_DAYS,
) -> dict[str, Any]:
    """What the stage tools show, for the stage evaluator's evidence (shown beside the
    self-assessment, never mixed into its scores).

    Keys: window_days, since; intake_completed (bool), intake_updated (day or None);
    goals_set, goals_open, goals_done, goal_reviews (all time), goal_reviews_recent,
    goal_steps_done_recent; skills_practised (count in the window), skill_variety, skills
    (distinct ids, most practised first); values_named; meaningful_activities (in the window:
    practices of meaningful-activity skills, plus done steps and goals linked to a value).
    """
    since = (today - timedelta(days=days - 1)).isoformat()
    end = today.isoformat()
    intake = conn.execute(
        "SELECT i.updated_at FROM intakes i WHERE EXISTS "
        "(SELECT 1 FROM intake_answers a WHERE a.intake_id = i.id) "
        "ORDER BY i.updated_at DESC LIMIT 1"
    ).fetchone()
    g = conn.execute(
        "SELECT count(*), count(done_at) FROM goals"
    ).fetchone()
    reviews_all = conn.execute("SELECT count(*) FROM goal_reviews").fetchone()[0]
    reviews_recent = conn.execute(
        "SELECT count(DISTINCT substr(reviewed_at, 1, 10)) FROM goal_reviews "
        "WHERE substr(reviewed_at, 1, 10) BETWEEN ? AND ?",
        (since, end),
    ).fetchone()[0]
    steps_recent = conn.execute(
        "SELECT count(*) FROM goal_steps WHERE substr(done_at, 1, 10) BETWEEN ? AND ?",
        (since, end),
    ).fetchone()[0]
    practised = conn.execute(
        "SELECT skill, count(*) FROM skill_practice WHERE day BETWEEN ? AND ? "
        "GROUP BY skill ORDER BY count(*) DESC, skill",
        (since, end),
    ).fetchall()
    meaningful = set(meaningful_skills)
    valued_steps = conn.execute(
        "SELECT count(*) FROM goal_steps s JOIN goals g ON g.id = s.goal_id "
        "WHERE g.value_id IS NOT NULL AND substr(s.done_at, 1, 10) BETWEEN ? AND ?",
        (since, end),
    ).fetchone()[0]
    valued_goals = conn.execute(
        "SELECT count(*) FROM goals WHERE value_id IS NOT NULL "
        "AND substr(done_at, 1, 10) BETWEEN ? AND ?",
        (since, end),
    ).fetchone()[0]
    values_named = conn.execute("SELECT count(*) FROM life_values").fetchone()[0]
    return {
        "window_days": days,
        "since": since,
        "intake_completed": intake is not None,
        "intake_updated": str(intake[0])[:10] if intake else None,
        "goals_set": int(g[0]),
        "goals_open": int(g[0]) - int(g[1]),
        "goals_done": int(g[1]),
        "goal_reviews": int(reviews_all),
        "goal_reviews_recent": int(reviews_recent),
        "goal_steps_done_recent": int(steps_recent),
        "skills_practised": sum(int(r[1]) for r in practised),
        "skill_variety": len(practised),
        "skills": [str(r[0]) for r in practised],
        "values_named": int(values_named),
        "meaningful_activities": sum(int(r[1]) for r in practised if r[0] in meaningful)
        + int(valued_steps) + int(valued_goals),
    }


def dump(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The practice log, oldest first, as JSON-ready documents."""
    return [p.to_json() for p in reversed(practice_log(conn))]


def restore(conn: sqlite3.Connection, rows: list[Any]) -> int:
    """Write `dump()` rows back (ids kept) into an empty log; the caller holds the transaction.
    Returns how many."""
    for n, row in enumerate(rows, 1):
        where = f"skill_practice[{n}]"
        add_practice(
            conn, str(required(row, "skill", where)), str(required(row, "practiced_at", where)),
            str(required(row, "day", where)), row.get("helpful"), row.get("note"),
            {str(k): str(v) for k, v in (row.get("fields") or {}).items()},
            practice_id=int(row["id"]) if row.get("id") is not None else None,
        )
    return len(rows)
