"""Commands: trends, demo."""

from __future__ import annotations

import sqlite3
from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, report, state

DaysTrends = Annotated[
    int,
    typer.Option("--days", min=1, max=3650, help="How many days to look at, ending today."),
]
DaysDemo = Annotated[
    int,
    typer.Option("--days", min=14, max=730, help="How many days of history to make up."),
]


def _labels(conn: sqlite3.Connection | None) -> dict[str, dict[str, str]]:
    """item -> stored choice -> the words the check-in shows (plan texts included), and
    trends.ITEM_TEXTS -> item id -> its question."""
    from recovery_cli.checkin_logic import build_items
    from recovery_cli.trends import ITEM_TEXTS

    checklists = state().checklists().of_kind("checkin")
    plan_options: dict[str, list[str]] = {}
    if conn is not None:
        from recovery_cli.store import plan as store_plan

        for source in {i.source for c in checklists for i in c.items if i.source}:
            if not source.startswith("plan."):
                continue
            try:
                plan_options[source] = list(store_plan.section_texts(conn, source[5:]))
            except (NotImplementedError, sqlite3.Error, ValueError):
                plan_options[source] = []
    labels: dict[str, dict[str, str]] = {ITEM_TEXTS: {}}
    for spec in build_items(checklists, plan_options):
        labels[ITEM_TEXTS][spec.id] = spec.text
        if spec.options:
            labels[spec.id] = {str(v): label for v, label in spec.options}
    return labels


def _titles() -> dict[str, str]:
    return {cid: c.title for cid, c in state().checklists().checklists.items()}


def trends(days: DaysTrends = 30, json: JsonOption = False) -> None:
    """Pictures of your last days: sparklines, a mood calendar, what went along with your
    mood, and questionnaire scores. Reads only the days it shows."""
    from recovery_cli import clock, paths
    from recovery_cli import trends as logic
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.store import checkins as store_checkins

    st = state()
    today = clock.today()
    start, end = logic.window(today, days)
    pstart, _ = logic.previous_window(today, days)
    conn = st.db() if paths.db_path(st.home).is_file() else None
    rows = []
    points: list[logic.ScorePoint] = []
    last_day: str | None = None
    if conn is not None:
        rows = store_checkins.days_between(conn, pstart.isoformat(), end.isoformat())
        titles = _titles()
        for r in store_assessments.history(conn, kind="instrument", start=start.isoformat(),
                                           end=end.isoformat()):
            points.append(logic.ScorePoint(r.checklist, r.day, r.score, r.percentage, r.band,
                                           titles.get(r.checklist, r.checklist)))
    labels = _labels(conn) if rows else {}
    result = logic.compute(today, days, rows, scores=points, labels=labels,
                           streaks=bool(st.config().streaks))
    if result.empty and conn is not None:
        last_day = store_checkins.last_checkin_day(conn)
    if json:
        if result.empty:
            report("Nothing to show yet for these days: 'recovery checkin' adds today.")
        emit_json(logic.to_json(result))
        return
    from recovery_cli.ui import trends as ui

    if result.empty:
        ui.print_nothing_yet(result, last_day)
        return
    ui.print_trends(result, labels)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("trends")(trends)
