"""The stage tools' data as plain documents, for export and import.

- `load_intake(conn)`: the latest intake as `{id, created_at, updated_at, answers}` (every
  field present; lists for list fields), or None. What `export --section intake` shows; field
  labels are `recovery_cli.intake.FIELDS`.
- `dump(conn)`: everything (all intakes, values, goals with steps and reviews, the practice
  log) as one JSON-ready dict; `restore(conn, doc)` writes such a dict back losslessly (ids
  kept) into an empty set of tables. The caller holds the transaction for `restore`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from recovery_cli.errors import InputError
from recovery_cli.store import goals as store_goals
from recovery_cli.store import intake as store_intake
from recovery_cli.store import skills as store_skills

SECTIONS = ("intakes", "values", "goals", "skill_practice")


def load_intake(conn: sqlite3.Connection) -> dict[str, Any] | None:
    intake = store_intake.latest(conn)
    return None if intake is None else intake.to_json()


def dump(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    return {
        "intakes": [i.to_json() for i in store_intake.all_intakes(conn)],
        "values": [v.to_json() for v in store_goals.list_values(conn)],
        "goals": [g.to_json() for g in store_goals.list_goals(conn, include_done=True)],
        "skill_practice": [p.to_json() for p in reversed(store_skills.practice_log(conn))],
    }


def _req(row: Any, key: str, where: str) -> Any:
    if not isinstance(row, dict) or key not in row:
        raise InputError(f"{where}: '{key}' is missing.")
    return row[key]


def restore(conn: sqlite3.Connection, doc: dict[str, Any]) -> dict[str, int]:
    """Write a `dump()` document back (ids kept). Returns counts per section."""
    counts = dict.fromkeys(SECTIONS, 0)
    for n, row in enumerate(doc.get("intakes") or [], 1):
        where = f"intakes[{n}]"
        answers = _req(row, "answers", where)
        if not isinstance(answers, dict):
            raise InputError(f"{where}: 'answers' must be an object.")
        clean = {k: v for k, v in answers.items() if v not in ("", [], None)}
        store_intake.save(conn, clean, str(_req(row, "updated_at", where)),
                          created_at=str(_req(row, "created_at", where)),
                          new_id=int(row["id"]) if row.get("id") is not None else None)
        counts["intakes"] += 1
    for n, row in enumerate(doc.get("values") or [], 1):
        where = f"values[{n}]"
        store_goals.restore_value(conn, int(_req(row, "id", where)), str(_req(row, "text", where)),
                                  str(_req(row, "created_at", where)))
        counts["values"] += 1
    for n, row in enumerate(doc.get("goals") or [], 1):
        where = f"goals[{n}]"
        value = row.get("value") if isinstance(row, dict) else None
        goal_id = store_goals.add_goal(
            conn, str(_req(row, "text", where)), str(_req(row, "created_at", where)),
            why=row.get("why"), by_day=row.get("by"),
            value_id=int(value["id"]) if isinstance(value, dict) and value.get("id") else None,
            done_at=row.get("done_at"), goal_id=int(_req(row, "id", where)),
        )
        for step in row.get("steps") or []:
            store_goals.add_step(conn, goal_id, str(_req(step, "text", where + ".steps")),
                                 step.get("done_at"))
        for review in row.get("reviews") or []:
            conn.execute(
                "INSERT INTO goal_reviews (goal_id, reviewed_at, progress, helped, next) "
                "VALUES (?, ?, ?, ?, ?)",
                (goal_id, str(_req(review, "reviewed_at", where + ".reviews")),
                 review.get("progress"), review.get("helped"), review.get("next")),
            )
        counts["goals"] += 1
    for n, row in enumerate(doc.get("skill_practice") or [], 1):
        where = f"skill_practice[{n}]"
        store_skills.add_practice(
            conn, str(_req(row, "skill", where)), str(_req(row, "practiced_at", where)),
            str(_req(row, "day", where)), row.get("helpful"), row.get("note"),
            {str(k): str(v) for k, v in (row.get("fields") or {}).items()},
            practice_id=int(row["id"]) if row.get("id") is not None else None,
        )
        counts["skill_practice"] += 1
    return counts
