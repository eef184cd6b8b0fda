"""A simple life chart (issue 19): per day, mood elevation above a baseline and low mood
below it, with events marked on the line. Pure; drawn by `trends` and the reports.

Elevation is the day's tally of the optional elevation checklist (six items 0-4, so 0-24;
`config set checkin.extras elevation`). Low mood is how far the day's lowest mood (snaps and
check-in together) fell below 5. Both are shown in three steps; this is a picture to talk
over with a clinician, not a measure of anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

ELEVATION_ITEMS = ("elev_high", "elev_irritable", "elev_racing", "elev_less_sleep",
                   "elev_talking", "elev_risks")
ELEVATION_STEPS = (2, 6, 12)  # tally at least this: 1, 2, 3 marks above the line
LOW_STEPS = (4, 2, 0)  # lowest mood at most this: 1, 2, 3 marks below the line
ROWS = 3


def elevation(values: Mapping[str, Any]) -> float | None:
    """The day's elevation tally, None when none of its items was answered."""
    found = [float(v) for i in ELEVATION_ITEMS if isinstance(v := values.get(i), int | float)]
    return sum(found) if found else None


def height(tally: float | None) -> int:
    return 0 if tally is None else sum(1 for step in ELEVATION_STEPS if tally >= step)


def depth(low_mood: float | None) -> int:
    return 0 if low_mood is None else sum(1 for step in LOW_STEPS if low_mood <= step)


def day_points(days: Sequence[str], checkins: Mapping[str, Any],
               lows: Mapping[str, float]) -> list[dict[str, Any]]:
    """Per day: {"date", "elevation" (tally or None), "low_mood" (lowest mood or None)}.
    `checkins` maps day -> CheckinDay; `lows` the day's lowest mood from its record."""
    out = []
    for d in days:
        c = checkins.get(d)
        low = lows.get(d)
        if low is None and c is not None:
            low = c.number("mood")
        out.append({"date": d, "elevation": elevation(c.values) if c is not None else None,
                    "low_mood": low})
    return out


def has_elevation(points: Sequence[Mapping[str, Any]]) -> bool:
    return any(p["elevation"] is not None for p in points)


def rows(points: Sequence[Mapping[str, Any]], markers: str, width: int) -> list[str]:
    """ROWS lines above, the baseline (events marked, '─' else), ROWS lines below; one column
    per day, or per bucket of days (highest elevation, deepest low) when wider than `width`."""
    per = math.ceil(len(points) / width) if width and len(points) > width else 1
    ups: list[int] = []
    downs: list[int] = []
    line: list[str] = []
    for i in range(0, len(points), per):
        chunk = points[i:i + per]
        ups.append(max(height(p["elevation"]) for p in chunk))
        downs.append(max(depth(p["low_mood"]) for p in chunk))
        mark = next((m for m in markers[i:i + per] if m not in "· "), "")
        line.append(mark or "─")
    above = ["".join("█" if u >= level else " " for u in ups) for level in range(ROWS, 0, -1)]
    below = ["".join("█" if d >= level else " " for d in downs) for level in range(1, ROWS + 1)]
    return [*above, "".join(line), *below]


LABEL_W = 9


def chart_lines(points: Sequence[Mapping[str, Any]], events: Sequence[Any], width: int
                ) -> list[str]:
    """The chart as labelled text lines, events numbered as `events.marker_row` numbers
    them (the same numbers as the trends marker row and the reports' chart markers)."""
    from recovery_cli.timeline.events import marker_row

    markers, _ = marker_row(list(events), [str(p["date"]) for p in points])
    drawn = rows(points, markers, max(10, width - LABEL_W - 2))
    labels = ["Elevated"] + [""] * ROWS + ["Low mood"] + [""] * (ROWS - 1)
    return [f"{labels[i]:<{LABEL_W}}{line}".rstrip() for i, line in enumerate(drawn)]
