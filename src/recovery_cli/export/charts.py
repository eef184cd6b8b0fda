"""The report's time charts as one model that every drawing format walks (PDF, HTML's SVG).

A `Chart` is what a reader needs, built once: its title, the value range, the runs of the line
(a day without a check-in is a gap, not a straight join), single points (drawn as a dot with
their value), the band lines of a questionnaire (PHQ-9 at 5, 10, 15, 20 with the band names),
the date ticks of a real axis (weekly, monthly past ~4 months) and the markers of the period's
events and medication changes (numbered as in the events table). The drawing code only maps
days and values to its own coordinates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from recovery_cli.export.report import Point, Series, fmt_value

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist
    from recovery_cli.timeline.events import Event


@dataclass(frozen=True)
class BandLine:
    """A band's lower edge in score units and the band's name (drawn above the line)."""

    value: float
    name: str


@dataclass(frozen=True)
class ChartMarker:
    day: str
    label: str  # the number in the events table
    text: str
    medication: bool  # a medication start, change or stop (drawn in its own colour)


@dataclass(frozen=True)
class Tick:
    day: date
    label: str


@dataclass(frozen=True)
class DayRange:
    """A day's lowest and highest value over its moments (snaps and check-in, issue 19)."""

    day: str
    low: float
    high: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    start: date
    end: date
    lo: float
    hi: float
    runs: list[list[Point]]  # lines of two or more points each
    singles: list[Point]  # points with no neighbour: a dot with its value
    bands: list[BandLine] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    markers: list[ChartMarker] = field(default_factory=list)
    ranges: list[DayRange] = field(default_factory=list)  # days with several moments

    @property
    def span(self) -> int:
        return max((self.end - self.start).days, 1)

    def x(self, day: str | date) -> float:
        """0..1 across the period."""
        d = date.fromisoformat(day) if isinstance(day, str) else day
        return (d - self.start).days / self.span

    def y(self, value: float) -> float:
        """0 (bottom) .. 1 (top)."""
        top = self.hi if self.hi > self.lo else self.lo + 1
        return (min(max(value, self.lo), top) - self.lo) / (top - self.lo)

    @property
    def value_ticks(self) -> list[tuple[float, str]]:
        top = self.hi if self.hi > self.lo else self.lo + 1
        return [(f, fmt_value(round(self.lo + f * (top - self.lo), 1))) for f in (0.0, 0.5, 1.0)]

    def point_label(self, p: Point) -> str:
        return f"{p.day}: {fmt_value(p.value)}"

    def fitted_ticks(self, width: float, measure: Callable[[str], float],
                     gap: float) -> list[Tick]:
        """The date ticks a plot `width` wide can label: every k-th tick for the smallest k
        whose labels (centred on their day, `measure(label)` wide, in the plot's units) stay
        `gap` apart. A narrow chart labels every second or fourth week instead of letting
        '16 Nov 23 Nov' run together."""
        return fit_ticks(self.ticks, [self.x(t.day) * width for t in self.ticks], measure, gap)


def runs(points: Sequence[Point], max_gap: int | None) -> tuple[list[list[Point]], list[Point]]:
    """Split the points where more than `max_gap` days lie between two of them (None: never);
    a run of one point is a single."""
    out: list[list[Point]] = []
    for p in points:
        if out and (max_gap is None or (date.fromisoformat(p.day)
                                        - date.fromisoformat(out[-1][-1].day)).days <= max_gap):
            out[-1].append(p)
        else:
            out.append([p])
    return [r for r in out if len(r) > 1], [r[0] for r in out if len(r) == 1]


def fit_ticks(all_ticks: Sequence[Tick], xs: Sequence[float], measure: Callable[[str], float],
              gap: float) -> list[Tick]:
    """Every k-th of `all_ticks` (at positions `xs`) for the smallest k whose label boxes do
    not come closer than `gap`; one tick when even two do not fit."""
    widths = [measure(t.label) for t in all_ticks]
    for k in range(1, len(all_ticks) + 1):
        idx = list(range(0, len(all_ticks), k))
        if all(xs[b] - xs[a] >= (widths[a] + widths[b]) / 2 + gap
               for a, b in pairwise(idx)):
            return [all_ticks[i] for i in idx]
    return list(all_ticks[:1])


def ticks(start: date, end: date) -> list[Tick]:
    """Mondays for a period up to ~4 months, the first of each month up to ~2 years, else
    each January and July; labelled '9 Nov' ('Jan 2026' for months)."""
    days = (end - start).days
    out: list[Tick] = []
    if days <= 120:
        d = start + timedelta(days=(7 - start.weekday()) % 7)
        while d <= end:
            out.append(Tick(d, f"{d.day} {d:%b}"))
            d += timedelta(days=7)
        return out
    months = 1 if days <= 730 else 6
    y, m = start.year, start.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = date(y, m, 1)
        if d > end:
            return out
        if (m - 1) % months == 0:
            out.append(Tick(d, f"{d:%b %Y}" if m == 1 or months > 1 else f"{d:%b}"))


def band_lines(checklist: Checklist | None) -> list[BandLine]:
    """The lower edge of every band but the first, in score units (a band on the percentage
    is divided by the checklist's transform: WHO-5 50% is a raw 12.5)."""
    if checklist is None or not checklist.scoring.bands:
        return []
    on_pct = checklist.scoring.bands_on == "percentage"
    per = (checklist.scoring.transform or 1.0) if on_pct else 1.0
    bands = sorted(checklist.scoring.bands, key=lambda b: b.min)
    lowest = bands[0].min
    return [BandLine(b.min / per, b.label) for b in bands if b.min > lowest]


def markers(events: Sequence[Event]) -> list[ChartMarker]:
    """The period's events numbered as in the events table (export.timeline.markers)."""
    from recovery_cli.export import timeline as tl

    return [ChartMarker(m.day, m.label, m.text, e.kind == "medication")
            for m, e in zip(tl.markers(events), events, strict=True)]


def build(series: Series, start: date, end: date, marks: Sequence[ChartMarker],
          *, daily: bool, checklist: Checklist | None = None,
          ranges: Sequence[DayRange] = ()) -> Chart:
    """A chart of `series` over start..end. `daily` series (check-ins) break at a missing
    day; questionnaire results join (they are taken weeks apart) and get band lines;
    `ranges` are the days whose moments spread (drawn as a bar from low to high)."""
    line, singles = runs(series.points, 1 if daily else None)
    s, e = start.isoformat(), end.isoformat()
    return Chart(series.key, series.label, start, end, series.lo, series.hi, line, singles,
                 bands=[] if daily else band_lines(checklist), ticks=ticks(start, end),
                 markers=[m for m in marks if s <= m.day <= e],
                 ranges=[x for x in ranges if s <= x.day <= e and x.high > x.low])


def mood_ranges(checkins: Sequence[Any], snaps: Sequence[Any]) -> list[DayRange]:
    """The days whose moments give mood a range (lowest < highest), from `snaps`."""
    if not snaps:
        return []
    from recovery_cli.checkin.snaps import records_for

    out: list[DayRange] = []
    for day, rec in sorted(records_for(checkins, snaps).items()):
        r = rec.mood_range()
        if r is not None and r[1] > r[0]:
            out.append(DayRange(day, r[0], r[1]))
    return out


RANGE_NOTE = ("Mood range: from the day's lowest to its highest mood, on days with several "
              "moments (snaps); drawn as bars on the mood chart.")


def legend(marks: Sequence[ChartMarker]) -> str:
    """One line naming the markers ('' without any): '1 Started sertraline · 2 ...'."""
    if not marks:
        return ""
    return "Markers on the charts: " + " · ".join(
        f"{m.label} {m.day[5:]} {m.text}" for m in marks) + "."
