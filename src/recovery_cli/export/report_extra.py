"""What the report adds to the period's data: the charts (export.charts), the averages against
the previous period of the same length and what went along with mood (both from the `trends`
domain, the same numbers `recovery trends` shows), and the generated time in the reader's
locale format."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from recovery_cli.export.report import Period, Report

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet
    from recovery_cli.store.export_reads import Window

CHECKIN_CHARTS = ("mood", "sleep_hours", "anxiety", "energy")
ASSOCIATIONS = 4


def charts_and_trends(conn: sqlite3.Connection, r: Report, checklists: ChecklistSet,
                      window: Window, now: datetime) -> None:
    from recovery_cli.export import charts
    from recovery_cli.export.document import human_date

    r.generated_on = f"{human_date(now)} {now:%H:%M}"
    start, end = r.period.start, r.period.end
    marks = charts.markers(r.timeline.events) if r.timeline is not None else []
    r.chart_marks = marks
    ranges = charts.mood_ranges(r.checkins, r.snaps)
    r.charts = [charts.build(s, start, end, marks, daily=True,
                             ranges=ranges if key == "mood" else ())
                for key in CHECKIN_CHARTS for s in r.series if s.key == key]
    r.score_charts = [charts.build(s, start, end, marks, daily=False,
                                   checklist=checklists.checklists.get(s.key))
                      for s in r.score_series]
    if not r.has("checkins"):
        return
    from recovery_cli.store import export_reads as reads
    from recovery_cli.trends import window as trends

    days = r.period.days
    r.previous = Period(start - timedelta(days=days), start - timedelta(days=1))
    before = list(reads.iter_checkin_days(conn, replace(
        window, start=r.previous.start.isoformat(), end=r.previous.end.isoformat())))
    t = trends.compute(end, days, r.checkins, before, labels=r.choice_labels)
    r.averages = list(t.items)
    r.associations = t.top_associations(ASSOCIATIONS)
