"""Trends over a window of days: pure logic (no clock, database, prompt or print).

`compute(today, days, window, previous, ...)` takes the check-ins of the window it reports
(`today - days + 1` .. `today`) and of the window before it (for the change), plus the
questionnaire scores taken in the window, and returns a `Trends` result:

- per-item averages and their change against the previous window;
- mood by weekday;
- associations between factors and same-day / next-day mood: sleep above the person's median
  in this window, each coping skill, trigger, symptom (every multi-select choice), medication
  (and any other yes/no item), and each skill practised (`recovery skills practice`; every day
  of the window counts, since the practice log is complete: a day with no practice logged is a
  day without). A factor is reported ONLY when at least `MIN_DAYS` days with it
  and `MIN_DAYS` days without it have a mood; the words are "On days with X your mood averaged
  A vs B without." — an association in the person's own data, never a cause;
- the longest gaps between check-ins (from the first check-in we can see, never counting the
  day that is not over yet);
- only when the `streaks` setting is on: how many days were logged in the window
  ("days logged in the last N"), never a run that could be "broken".

Callers read only these two windows from the store, so the cost does not grow with history.
The associations are worked out in trends/factors.py, the `trends --json` document in
trends/json_doc.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from recovery_cli.core.records import CheckinDay

DEFAULT_DAYS = 30
MAX_DAYS = 3650  # `--days` up to ten years
MIN_DAYS = 3  # days with AND days without a factor before an association is reported
TOP_ASSOCIATIONS = 5
MAX_GAPS = 3
MIN_GAP = 2  # a single day without a check-in is not worth pointing out

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The series drawn as sparklines, with the scale they are drawn on (values are clamped).
SERIES: dict[str, tuple[str, float, float]] = {
    "mood": ("Mood", 0.0, 10.0),
    "energy": ("Energy", 0.0, 10.0),
    "sleep_hours": ("Sleep", 0.0, 12.0),
    "anxiety": ("Anxiety", 0.0, 10.0),
}

ITEM_ORDER = ("mood", "energy", "sleep_hours", "sleep_quality", "anxiety")
MULTI_ORDER = ("coping", "triggers", "symptoms")
ITEM_NAMES = {
    "mood": "Mood",
    "energy": "Energy",
    "sleep_hours": "Sleep (hours)",
    "sleep_quality": "Sleep quality",
    "anxiety": "Anxiety",
}

ITEM_TEXTS = "_items"  # labels[ITEM_TEXTS][item id] -> the item's question, for yes/no items

LAG_SAME = "same_day"
LAG_NEXT = "next_day"

SKILLS = "skills"  # the kind (and item) of "practised SKILL" factors; labels[SKILLS]: id -> title


class ScorePoint(NamedTuple):
    """One questionnaire result taken in the window."""

    checklist: str
    day: str  # YYYY-MM-DD
    score: float | None
    percentage: float | None = None
    band: str | None = None
    title: str = ""


class ItemAverage(NamedTuple):
    item: str
    name: str
    average: float | None
    n: int
    previous_average: float | None
    previous_n: int

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous_average is None:
            return None
        return round(self.average - self.previous_average, 1)


class WeekdayMood(NamedTuple):
    weekday: str
    average: float | None
    n: int


class Association(NamedTuple):
    """Mood on days with a factor against days without it (an association, not a cause)."""

    kind: str  # sleep | coping | triggers | symptoms | medication | skills | <item id>
    item: str
    choice: str | None
    label: str  # "more than 7 h of sleep", '"Went for a walk"'
    lag: str  # same_day | next_day
    with_average: float
    with_n: int
    without_average: float
    without_n: int

    @property
    def difference(self) -> float:
        return round(self.with_average - self.without_average, 1)

    @property
    def text(self) -> str:
        a, b = fmt(self.with_average), fmt(self.without_average)
        if self.lag == LAG_NEXT:
            return (f"On days after {self.label} your mood averaged {a} vs {b} "
                    "after days without.")
        return f"On days with {self.label} your mood averaged {a} vs {b} without."


class Gap(NamedTuple):
    start: str
    end: str

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1


class ScoreLine(NamedTuple):
    checklist: str
    title: str
    points: list[ScorePoint]

    @property
    def latest(self) -> ScorePoint:
        return self.points[-1]

    @property
    def in_percent(self) -> bool:
        """WHO-5 style: every result has a percentage, and changes are counted in it."""
        return all(p.percentage is not None for p in self.points)

    @property
    def change(self) -> float | None:
        """Latest score (or percentage) minus the first one in the window (None with a single
        result)."""
        raw = [p.percentage if self.in_percent else p.score for p in self.points]
        scores = [s for s in raw if s is not None]
        if len(scores) < 2:
            return None
        return round(scores[-1] - scores[0], 1)


class Trends(NamedTuple):
    start: str
    end: str
    days: int
    checkins: int  # days with a check-in in the window
    previous_checkins: int
    daily: list[tuple[str, CheckinDay | None]]  # every day of the window, oldest first
    items: Sequence[ItemAverage] = []
    weekdays: Sequence[WeekdayMood] = []
    associations: Sequence[Association] = []  # strongest first
    gaps: Sequence[Gap] = []  # longest first
    streak: tuple[int, int] | None = None  # (days logged, of the last N) when streaks are on
    counts: Mapping[str, dict[str, int]] = {}  # item -> choice -> days
    scores: Sequence[ScoreLine] = []
    sleep_median: float | None = None
    since: str | None = None  # the first day we know the person was checking in (>= start)

    @property
    def empty(self) -> bool:
        return self.checkins == 0 and not self.scores

    def series(self, item: str) -> list[float | None]:
        """One value per day of the window (None: no check-in or no answer that day)."""
        return [d.number(item) if d is not None else None for _, d in self.daily]

    def top_associations(self, n: int = TOP_ASSOCIATIONS, per_kind: int = 2) -> list[Association]:
        """The strongest associations, at most `per_kind` of each kind (so sleep, coping and
        triggers are not crowded out by symptoms, which move with mood almost by definition)."""
        out: list[Association] = []
        taken: dict[str, int] = {}
        for a in self.associations:
            if taken.get(a.kind, 0) >= per_kind:
                continue
            taken[a.kind] = taken.get(a.kind, 0) + 1
            out.append(a)
            if len(out) == n:
                break
        return out


def fmt(value: float | None) -> str:
    """1 decimal, without a trailing .0 (6.0 -> '6', 6.25 -> '6.3')."""
    if value is None:
        return "-"
    r = round(value, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


def window(today: date, days: int) -> tuple[date, date]:
    """The first and last day of the window ending today."""
    return today - timedelta(days=days - 1), today


def previous_window(today: date, days: int) -> tuple[date, date]:
    start, _ = window(today, days)
    return start - timedelta(days=days), start - timedelta(days=1)


def mean_of(values: Sequence[float]) -> float:
    """statistics.fmean, without importing statistics (fractions, decimal, random: ~4 ms of
    each `trends`)."""
    return math.fsum(values) / len(values)


def median_of(values: Iterable[float]) -> float:
    """statistics.median (the mean of the middle two of an even count)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _mean(values: Sequence[float]) -> float | None:
    return round(mean_of(values), 1) if values else None


def _averages(current: Sequence[CheckinDay], previous: Sequence[CheckinDay]) -> list[ItemAverage]:
    keys: set[str] = set()
    for d in (*current, *previous):
        keys.update(k for k in d.values if d.number(k) is not None)
    ordered = [k for k in ITEM_ORDER if k in keys] + sorted(keys - set(ITEM_ORDER))
    out = []
    for key in ordered:
        now = [n for n in (d.number(key) for d in current) if n is not None]
        before = [n for n in (d.number(key) for d in previous) if n is not None]
        out.append(ItemAverage(key, ITEM_NAMES.get(key, key.replace("_", " ").capitalize()),
                               _mean(now), len(now), _mean(before), len(before)))
    return out


def _weekdays(current: Sequence[CheckinDay]) -> list[WeekdayMood]:
    buckets: list[list[float]] = [[] for _ in WEEKDAYS]
    for d in current:
        mood = d.number("mood")
        if mood is not None:
            buckets[date.fromisoformat(d.day).weekday()].append(mood)
    return [WeekdayMood(name, _mean(b), len(b)) for name, b in zip(WEEKDAYS, buckets, strict=True)]


def _gaps(logged: set[str], start: date, end: date, today: date) -> list[Gap]:
    """Runs of days without a check-in inside [start, end], longest first. Today counts only
    once it has a check-in (the day is not over)."""
    if not logged:
        return []
    last = end if end.isoformat() in logged or end < today else end - timedelta(days=1)
    gaps: list[Gap] = []
    run: date | None = None
    d = start
    while d <= last:
        if d.isoformat() in logged:
            if run is not None:
                gaps.append(Gap(run.isoformat(), (d - timedelta(days=1)).isoformat()))
                run = None
        elif run is None:
            run = d
        d += timedelta(days=1)
    if run is not None:
        gaps.append(Gap(run.isoformat(), last.isoformat()))
    gaps = [g for g in gaps if g.days >= MIN_GAP]
    gaps.sort(key=lambda g: (-g.days, g.start))
    return gaps[:MAX_GAPS]


def _scores(points: Sequence[ScorePoint], start: str, end: str) -> list[ScoreLine]:
    by: dict[str, list[ScorePoint]] = {}
    for p in sorted(points, key=lambda p: (p.checklist, p.day)):
        if start <= p.day <= end:
            by.setdefault(p.checklist, []).append(p)
    order = {"phq9": 0, "gad7": 1, "who5": 2, "phq2": 3, "gad2": 4}
    return [
        ScoreLine(cid, pts[-1].title or cid.upper(), pts)
        for cid, pts in sorted(by.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    ]


def compute(
    today: date,
    days: int,
    current: Sequence[CheckinDay],
    previous: Sequence[CheckinDay] = (),
    *,
    scores: Sequence[ScorePoint] = (),
    labels: Mapping[str, Mapping[str, str]] | None = None,
    streaks: bool = False,
    practised: Mapping[str, Sequence[str]] | None = None,
) -> Trends:
    """Trends for the `days` days ending `today`. `current` and `previous` are the check-ins of
    this window and the one before it (days outside are ignored, so callers may pass more).
    `labels` maps item -> stored choice -> the words to show (`labels[SKILLS]`: skill id ->
    title). `practised` maps a day of the window -> the skills practised that day."""
    from recovery_cli.trends.factors import associations as find_associations

    if days < 1:
        raise ValueError("days must be at least 1")
    labels = labels or {}
    start, end = window(today, days)
    pstart, pend = previous_window(today, days)
    s, e, ps, pe = start.isoformat(), end.isoformat(), pstart.isoformat(), pend.isoformat()
    cur = sorted((d for d in current if s <= d.day <= e), key=lambda d: d.day)
    prev = sorted((d for d in (*previous, *current) if ps <= d.day <= pe), key=lambda d: d.day)
    by_day = {d.day: d for d in cur}
    daily = [((start + timedelta(days=i)).isoformat(), by_day.get(
        (start + timedelta(days=i)).isoformat())) for i in range(days)]
    associations, median = find_associations(cur, labels, practised, [d for d, _ in daily])
    logged = set(by_day)
    # Gaps start at the first check-in we can see: a window that begins before someone
    # started is not a gap. Earlier check-ins in the previous window mean it is.
    first_seen = min([*(d.day for d in prev), *logged], default=None)
    gap_start = max(start, date.fromisoformat(first_seen)) if first_seen else start
    counts: dict[str, dict[str, int]] = {}
    for d in cur:
        for item, picked in d.choices.items():
            bucket = counts.setdefault(item, {})
            for c in picked:
                bucket[c] = bucket.get(c, 0) + 1
    counts = {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
              for k, v in sorted(counts.items())}
    return Trends(
        start=s,
        end=e,
        days=days,
        checkins=len(cur),
        previous_checkins=len(prev),
        daily=daily,
        items=_averages(cur, prev),
        weekdays=_weekdays(cur),
        associations=associations,
        gaps=_gaps(logged, gap_start, end, today),
        streak=(len(cur), days) if streaks else None,
        counts=counts,
        scores=_scores(scores, s, e),
        sleep_median=median,
        since=gap_start.isoformat() if first_seen else None,
    )
