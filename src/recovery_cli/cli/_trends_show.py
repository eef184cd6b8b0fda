"""The body of `recovery trends`, without typer: the typer command (cli/trends.py) and the
typer-free fast path (cli/_fast.py, a bare `trends`) both call `show`."""

from __future__ import annotations

import sqlite3
from typing import Any

from recovery_cli.cli._common import emit_json, report, state


def _labels(conn: sqlite3.Connection | None) -> dict[str, dict[str, str]]:
    """item -> stored choice -> the words the check-in shows (plan texts included), and
    trends.ITEM_TEXTS -> item id -> its question."""
    from recovery_cli.checkin.logic import build_items
    from recovery_cli.trends.window import ITEM_TEXTS

    checklists = state().checkin_forms()
    plan_options: dict[str, list[str]] = {}
    if conn is not None:
        from recovery_cli.store import plan as store_plan

        for source in {i.source for c in checklists for i in c.items if i.source}:
            if not source.startswith("plan."):
                continue
            try:
                plan_options[source] = list(store_plan.section_texts(conn, source[5:]))
            except (sqlite3.Error, ValueError):
                plan_options[source] = []
    labels: dict[str, dict[str, str]] = {ITEM_TEXTS: {}}
    for spec in build_items(checklists, plan_options):
        labels[ITEM_TEXTS][spec.id] = spec.text
        if spec.options:
            labels[spec.id] = {str(v): label for v, label in spec.options}
    return labels


def _skill_labels(labels: dict[str, dict[str, str]], rows: list[Any],
                  practised: dict[str, list[str]]) -> None:
    """Skill titles for the practice factors (`trends.SKILLS`) and for coping ticks that name
    a practised skill. The library is loaded only when a skill is involved."""
    from recovery_cli.trends.window import SKILLS

    coping = labels.setdefault("coping", {})
    ids = {s for skills in practised.values() for s in skills}
    ids |= {c for r in rows for c in r.choices.get("coping", []) if c not in coping}
    if not ids:
        return
    from recovery_cli.tools.skills import load_skills

    library = load_skills(state().home).skills  # broken files: 'skills list' names them
    titles = {i: library[i].title for i in ids if i in library}
    labels[SKILLS] = titles
    for skill, title in titles.items():
        coping.setdefault(skill, title)


def _titles() -> dict[str, str]:
    return {cid: c.title for cid, c in state().checklists().checklists.items()}


def show(days: int = 30, json_out: bool = False) -> None:
    """Sparklines, a mood calendar, what went along with mood and questionnaire scores for the
    last `days` days."""
    from recovery_cli.core import clock, paths
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.trends import json_doc as trends_json
    from recovery_cli.trends import window as logic

    st = state()
    today = clock.today()
    start, end = logic.window(today, days)
    pstart, _ = logic.previous_window(today, days)
    conn = st.db() if paths.db_path(st.home).is_file() else None
    rows = []
    points: list[logic.ScorePoint] = []
    last_day: str | None = None
    practised: dict[str, list[str]] = {}
    if conn is not None:
        from recovery_cli.store import skills as store_skills

        rows = store_checkins.days_between(conn, pstart.isoformat(), end.isoformat())
        practised = store_skills.days_practised(conn, start.isoformat(), end.isoformat())
        titles = _titles()
        for r in store_assessments.history(conn, kind="instrument", start=start.isoformat(),
                                           end=end.isoformat()):
            points.append(logic.ScorePoint(r.checklist, r.day, r.score, r.percentage, r.band,
                                           titles.get(r.checklist, r.checklist)))
    labels = _labels(conn) if rows else {}
    if rows:
        _skill_labels(labels, rows, practised)
    result = logic.compute(today, days, rows, scores=points, labels=labels,
                           streaks=bool(st.config().streaks), practised=practised)
    if result.empty and conn is not None:
        last_day = store_checkins.last_checkin_day(conn)
    events: list[Any] = []
    if conn is not None:
        from recovery_cli.store import events as store_events

        events = store_events.timeline_between(conn, start.isoformat(), end.isoformat())
    recs = _day_records(conn, rows, start.isoformat(), end.isoformat())
    life = _life_points(result, recs)
    if json_out:
        if result.empty:
            report("Nothing to show yet for these days: 'recovery checkin' adds today.")
        emit_json({**trends_json.to_json(result), "events": [e.to_json() for e in events],
                   **_ranges_json(result, recs), "life_chart": life})
        return
    from recovery_cli.ui import trends as ui

    if result.empty:
        ui.print_nothing_yet(result, last_day)
        return
    ui.print_trends(result, labels, events=events, moments=recs)
    if life:
        from recovery_cli.ui.lifechart import print_life_chart

        print_life_chart(life, events)


def _life_points(result: Any, recs: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The life chart's days when the window has elevation answers (else None)."""
    from recovery_cli.trends import lifechart

    lows = {d: r.stats["mood"].low for d, r in recs.items() if "mood" in r.stats}
    points = lifechart.day_points([d for d, _ in result.daily],
                                  {d: c for d, c in result.daily if c is not None}, lows)
    return points if lifechart.has_elevation(points) else None


def _day_records(conn: sqlite3.Connection | None, rows: list[Any], start: str, end: str
                 ) -> dict[str, Any]:
    """Each day's record (snaps with the check-in) in the window; {} without snaps."""
    if conn is None:
        return {}
    from recovery_cli.checkin.snaps import records_for
    from recovery_cli.store import snaps as store_snaps

    found = store_snaps.between(conn, start, end)
    if not found:
        return {}
    return records_for([r for r in rows if start <= r.day <= end], found)


def _ranges_json(result: Any, recs: dict[str, Any]) -> dict[str, Any]:
    """`trends --json`: each day's `moments` and `mood_range`, and the big-swing days."""
    from recovery_cli.checkin.snaps import big_swing_days, history_json

    return {"moments": [{"date": d, **history_json(recs.get(d))} for d, _ in result.daily],
            "big_swing_days": big_swing_days(recs[d] for d in sorted(recs))}
