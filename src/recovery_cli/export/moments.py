"""The day's moments in the reports (issue 19), kept modest until the report's redesign: a
"Mood range" column beside the check-in's own answers (lowest-highest mood of the day, snaps
and check-in together, on days with snaps), and snaps.csv in the CSV folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from recovery_cli.checkin.snaps import Snap, records_for
from recovery_cli.core.records import CheckinDay

COLUMN = ("mood_range", "Mood range (moments)")


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def with_ranges(conn: sqlite3.Connection, checkins: Sequence[CheckinDay], start: str, end: str
                ) -> tuple[list[CheckinDay], list[Snap]]:
    """The check-ins with a `mood_range` text ("3-8") on days with snaps, and the snaps."""
    from recovery_cli.store import snaps as store_snaps

    found = store_snaps.between(conn, start, end)
    if not found:
        return list(checkins), []
    recs = records_for(checkins, found)
    out = []
    for d in checkins:
        rec = recs.get(d.day)
        r = rec.mood_range() if rec is not None else None
        out.append(d._replace(values={**d.values, COLUMN[0]: f"{_num(r[0])}-{_num(r[1])}"})
                   if r is not None else d)
    return out, found


def columns_with_range(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The range column right after mood."""
    at = next((i + 1 for i, (item, _) in enumerate(columns) if item == "mood"), len(columns))
    return [*columns[:at], COLUMN, *columns[at:]]


def snaps_csv_rows(snaps: Sequence[Snap]) -> tuple[list[str], list[list[object]]]:
    head = ["id", "at", "day", "mood", "anxiety", "energy", "note", "tags", "source"]
    rows: list[list[object]] = [
        [s.id, s.at, s.day, _num(s.mood), "" if s.anxiety is None else _num(s.anxiety),
         "" if s.energy is None else _num(s.energy), s.note or "", "; ".join(s.tags), s.source]
        for s in snaps]
    return head, rows


def life_points(checkins: Sequence[CheckinDay], snaps: Sequence[Snap], start: str, end: str
                ) -> list[dict[str, object]] | None:
    """The life chart's days for the report (None without elevation answers)."""
    from datetime import date, timedelta

    from recovery_cli.trends import lifechart

    recs = records_for(checkins, snaps)
    lows = {d: r.stats["mood"].low for d, r in recs.items() if "mood" in r.stats}
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    points = lifechart.day_points(days, {c.day: c for c in checkins}, lows)
    return points if lifechart.has_elevation(points) else None


def life_lines(points: Sequence[dict[str, object]], events: Sequence[object], width: int = 90
               ) -> list[str]:
    """The chart as text lines (Markdown and HTML), events numbered as the report's markers."""
    from recovery_cli.trends.lifechart import chart_lines

    return chart_lines(points, events, width)
