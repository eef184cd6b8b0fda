"""Goals, their steps and reviews, and life values (which goals may serve)."""

from __future__ import annotations

import sqlite3
from typing import Any

from recovery_cli.store.rows import required
from recovery_cli.tools.goals import Goal, GoalReview, GoalStep, LifeValue

# ---- values ---------------------------------------------------------------------------------


def list_values(conn: sqlite3.Connection) -> list[LifeValue]:
    links: dict[int, list[int]] = {}
    for goal_id, value_id in conn.execute(
        "SELECT id, value_id FROM goals WHERE value_id IS NOT NULL ORDER BY id"
    ):
        links.setdefault(int(value_id), []).append(int(goal_id))
    return [
        LifeValue(int(r[0]), str(r[1]), str(r[2]), links.get(int(r[0]), []))
        for r in conn.execute("SELECT id, text, created_at FROM life_values ORDER BY id")
    ]


def find_value(conn: sqlite3.Connection, ref: str) -> LifeValue | None:
    """A value by its id or its words (case does not matter)."""
    ref = ref.strip()
    for value in list_values(conn):
        if (ref.isdigit() and value.id == int(ref)) or value.text.casefold() == ref.casefold():
            return value
    return None


def add_value(conn: sqlite3.Connection, text: str, now: str) -> tuple[int, bool]:
    """(id, True) for a new value; (id, False) when it was already there."""
    for value in list_values(conn):
        if value.text.casefold() == text.strip().casefold():
            return value.id, False
    cur = conn.execute("INSERT INTO life_values (text, created_at) VALUES (?, ?)", (text, now))
    return int(cur.lastrowid or 0), True


def restore_value(conn: sqlite3.Connection, value_id: int, text: str, created_at: str) -> None:
    conn.execute(
        "INSERT INTO life_values (id, text, created_at) VALUES (?, ?, ?)",
        (value_id, text, created_at),
    )


# ---- goals ----------------------------------------------------------------------------------


def add_goal(
    conn: sqlite3.Connection,
    text: str,
    now: str,
    *,
    why: str | None = None,
    by_day: str | None = None,
    value_id: int | None = None,
    steps: list[str] | None = None,
    created_at: str | None = None,
    done_at: str | None = None,
    goal_id: int | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO goals (id, text, why, by_day, value_id, created_at, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (goal_id, text, why or None, by_day, value_id, created_at or now, done_at),
    )
    new_id = int(cur.lastrowid or 0)
    for step in steps or []:
        add_step(conn, new_id, step)
    return new_id


def add_step(conn: sqlite3.Connection, goal_id: int, text: str, done_at: str | None = None) -> int:
    """Append a step; returns its number (from 1)."""
    row = conn.execute(
        "SELECT coalesce(max(position), 0) FROM goal_steps WHERE goal_id = ?", (goal_id,)
    ).fetchone()
    number = int(row[0]) + 1
    conn.execute(
        "INSERT INTO goal_steps (goal_id, position, text, done_at) VALUES (?, ?, ?, ?)",
        (goal_id, number, text, done_at),
    )
    return number


def mark_done(conn: sqlite3.Connection, goal_id: int, now: str) -> None:
    conn.execute("UPDATE goals SET done_at = ? WHERE id = ? AND done_at IS NULL", (now, goal_id))


def mark_step_done(conn: sqlite3.Connection, goal_id: int, number: int, now: str) -> bool:
    cur = conn.execute(
        "UPDATE goal_steps SET done_at = coalesce(done_at, ?) WHERE goal_id = ? AND position = ?",
        (now, goal_id, number),
    )
    return cur.rowcount > 0


def add_review(
    conn: sqlite3.Connection,
    goal_id: int,
    now: str,
    progress: float | None,
    helped: str | None,
    next_step: str | None,
) -> int:
    cur = conn.execute(
        "INSERT INTO goal_reviews (goal_id, reviewed_at, progress, helped, next) VALUES (?, ?, ?, ?, ?)",
        (goal_id, now, progress, helped or None, next_step or None),
    )
    return int(cur.lastrowid or 0)


def _goals(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[Goal]:
    values = {v.id: v for v in list_values(conn)}
    rows = conn.execute(
        f"SELECT id, text, why, by_day, value_id, created_at, done_at FROM goals {where} ORDER BY id",
        params,
    ).fetchall()
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    marks = ",".join("?" * len(ids))
    steps: dict[int, list[GoalStep]] = {}
    for goal_id, pos, text, done_at in conn.execute(
        f"SELECT goal_id, position, text, done_at FROM goal_steps WHERE goal_id IN ({marks}) "
        "ORDER BY goal_id, position",
        ids,
    ):
        steps.setdefault(int(goal_id), []).append(GoalStep(int(pos), str(text), done_at))
    reviews: dict[int, list[GoalReview]] = {}
    for rid, goal_id, at, progress, helped, nxt in conn.execute(
        f"SELECT id, goal_id, reviewed_at, progress, helped, next FROM goal_reviews "
        f"WHERE goal_id IN ({marks}) ORDER BY goal_id, reviewed_at, id",
        ids,
    ):
        reviews.setdefault(int(goal_id), []).append(
            GoalReview(int(rid), int(goal_id), str(at), progress, helped, nxt)
        )
    return [
        Goal(
            id=int(r[0]), text=str(r[1]), why=r[2], by_day=r[3],
            value=values.get(int(r[4])) if r[4] is not None else None,
            created_at=str(r[5]), done_at=r[6],
            steps=steps.get(int(r[0]), []), reviews=reviews.get(int(r[0]), []),
        )
        for r in rows
    ]


def get_goal(conn: sqlite3.Connection, goal_id: int) -> Goal | None:
    found = _goals(conn, "WHERE id = ?", (goal_id,))
    return found[0] if found else None


def list_goals(conn: sqlite3.Connection, include_done: bool = False) -> list[Goal]:
    return _goals(conn, "" if include_done else "WHERE done_at IS NULL", ())


def dump(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Values and goals (with steps and reviews) as JSON-ready documents."""
    return {"values": [v.to_json() for v in list_values(conn)],
            "goals": [g.to_json() for g in list_goals(conn, include_done=True)]}


def restore(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, int]:
    """Write a `dump()` document back (ids kept) into empty tables; the caller holds the
    transaction. Returns counts per section."""
    counts = {"values": 0, "goals": 0}
    for n, row in enumerate(doc.get("values") or [], 1):
        where = f"values[{n}]"
        restore_value(conn, int(required(row, "id", where)), str(required(row, "text", where)),
                      str(required(row, "created_at", where)))
        counts["values"] += 1
    for n, row in enumerate(doc.get("goals") or [], 1):
        where = f"goals[{n}]"
        value = row.get("value") if isinstance(row, dict) else None
        goal_id = add_goal(
            conn, str(required(row, "text", where)), str(required(row, "created_at", where)),
            why=row.get("why"), by_day=row.get("by"),
            value_id=int(value["id"]) if isinstance(value, dict) and value.get("id") else None,
            done_at=row.get("done_at"), goal_id=int(required(row, "id", where)),
        )
        for step in row.get("steps") or []:
            add_step(conn, goal_id, str(required(step, "text", where + ".steps")),
                     step.get("done_at"))
        for review in row.get("reviews") or []:
            conn.execute(
                "INSERT INTO goal_reviews (goal_id, reviewed_at, progress, helped, next) "
                "VALUES (?, ?, ?, ?, ?)",
                (goal_id, str(required(review, "reviewed_at", where + ".reviews")),
                 review.get("progress"), review.get("helped"), review.get("next")),
            )
        counts["goals"] += 1
    return counts
