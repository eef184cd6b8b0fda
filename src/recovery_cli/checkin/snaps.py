"""Quick moments through the day (issue 19): what a snap is, its checks, and the day's record.

Pure: no clock, database, prompt or print. A snap is a mood 0-10 with its time (and, when
given, anxiety and energy 0-10, a note and tags). The day's record combines the day's snaps
with the evening check-in: for mood, anxiety and energy the lowest, highest, mean and last
value of the day, kept apart from the check-in's own answers (which never change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from recovery_cli.core.errors import InputError

ITEMS = ("mood", "anxiety", "energy")
BIG_SWING = 4  # a day whose mood range (highest - lowest) is at least this is a big swing
MAX_PAST_DAYS = 366  # an --at further back than this needs --yes


class Snap(NamedTuple):
    id: int
    at: str  # ISO 8601 local time with offset
    day: str  # YYYY-MM-DD, the day it counts for (clock.day_of)
    mood: float
    anxiety: float | None = None
    energy: float | None = None
    note: str | None = None
    tags: Sequence[str] = []
    source: str = "snap"

    def value(self, item: str) -> float | None:
        v: float | None = getattr(self, item)
        return v

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "date": self.day, "mood": _num(self.mood),
                "anxiety": _num(self.anxiety), "energy": _num(self.energy), "note": self.note,
                "tags": list(self.tags), "source": self.source}


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(float(v), 2)


def parse_score(text: str | float | int, what: str = "mood") -> float:
    """0-10 from what a person typed ("6", "6.5"); InputError, one line, for anything else."""
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise InputError(f"{what.capitalize()} is a number from 0 to 10, not '{text}'.") from None
    if value != value or not 0 <= value <= 10:  # NaN, or out of range
        raise InputError(f"{what.capitalize()} is a number from 0 to 10, not '{text}'.")
    return round(value, 1)


def check_moment(moment: datetime, now: datetime, *, allow_old: bool) -> None:
    """A snap's --at: never in the future; more than a year back only with --yes."""
    if moment > now + timedelta(minutes=1):
        raise InputError(f"--at {moment.isoformat(timespec='minutes')} is in the future; a snap "
                         "is for now or an earlier moment.")
    if not allow_old and (now.date() - moment.date()).days > MAX_PAST_DAYS:
        raise InputError(f"--at {moment.date().isoformat()} is more than a year ago; add --yes "
                         "if that is really when it was.")


class Stat(NamedTuple):
    low: float
    high: float
    mean: float
    last: float
    values: int  # how many values

    @property
    def range(self) -> float:
        return self.high - self.low

    def as_dict(self) -> dict[str, Any]:
        return {"low": _num(self.low), "high": _num(self.high), "mean": round(self.mean, 1),
                "last": _num(self.last), "count": self.values}


class DayRecord(NamedTuple):
    """A day's moments: the snaps and the check-in's value of each item, in time order."""

    day: str
    moments: int  # snaps that day
    stats: Mapping[str, Stat]  # item -> stat over the snaps and the check-in's answer

    def mood_range(self) -> tuple[float, float] | None:
        """[low, high] of the day's mood; None without snaps (a check-in alone has no range)."""
        s = self.stats.get("mood")
        if self.moments == 0 or s is None:
            return None
        return s.low, s.high

    def swing(self) -> float | None:
        r = self.mood_range()
        return None if r is None else r[1] - r[0]

    def as_dict(self) -> dict[str, Any]:
        r = self.mood_range()
        return {"day": self.day, "moments": self.moments,
                "mood_range": None if r is None else [_num(r[0]), _num(r[1])],
                **{item: s.as_dict() for item, s in self.stats.items()}}


def _stat(values: Sequence[float]) -> Stat:
    return Stat(min(values), max(values), sum(values) / len(values), values[-1], len(values))


def day_record(day: str, snaps: Sequence[Snap], checkin: Mapping[str, float | None] | None,
               checkin_at: str | None = None) -> DayRecord:
    """The day's record: snaps (time order) and the check-in's mood/anxiety/energy, placed at
    the time it was saved (`checkin_at`, else after the snaps) for "last"."""
    timeline: list[tuple[str, Mapping[str, float | None]]] = [
        (s.at, {i: s.value(i) for i in ITEMS}) for s in snaps]
    if checkin:
        timeline.append((checkin_at or "\uffff", checkin))
    timeline.sort(key=lambda t: _instant(t[0]))
    stats: dict[str, Stat] = {}
    for item in ITEMS:
        values = [float(v) for _, vals in timeline if (v := vals.get(item)) is not None]
        if values:
            stats[item] = _stat(values)
    return DayRecord(day, len(snaps), stats)


def _instant(at: str) -> float:
    try:
        return datetime.fromisoformat(at).timestamp()
    except ValueError:
        return float("inf")


def by_day(snaps: Iterable[Snap]) -> dict[str, list[Snap]]:
    out: dict[str, list[Snap]] = {}
    for s in snaps:
        out.setdefault(s.day, []).append(s)
    return out


def records(snaps: Iterable[Snap], checkins: Mapping[str, tuple[Mapping[str, float | None], str]]
            ) -> dict[str, DayRecord]:
    """Day -> record for every day with a snap or a check-in."""
    grouped = by_day(snaps)
    days = sorted(set(grouped) | set(checkins))
    return {d: day_record(d, grouped.get(d, []), *(checkins.get(d) or (None, None)))
            for d in days}


def big_swing_days(recs: Iterable[DayRecord]) -> list[str]:
    return [r.day for r in recs if (w := r.swing()) is not None and w >= BIG_SWING]


def mean_mood(snaps: Sequence[Snap]) -> float | None:
    if not snaps:
        return None
    return round(sum(s.mood for s in snaps) / len(snaps), 1)


def days_back(today: date, n: int) -> tuple[str, str]:
    return (today - timedelta(days=n - 1)).isoformat(), today.isoformat()


def checkin_part(row: Any) -> tuple[dict[str, float | None], str]:
    """A check-in row's (mood, anxiety, energy) and when it was saved, for `day_record`."""
    values = {item: row.number(item) for item in ITEMS}
    return values, str(row.updated_at or row.created_at or "")


def records_for(rows: Iterable[Any], snaps: Iterable[Snap]) -> dict[str, DayRecord]:
    """Day -> its record, from check-in rows (records.CheckinDay) and snaps."""
    return records(snaps, {r.day: checkin_part(r) for r in rows})


def history_json(rec: DayRecord | None) -> dict[str, Any]:
    """The two fields `history --json` adds per day: `moments` and `mood_range`."""
    if rec is None:
        return {"moments": 0, "mood_range": None}
    r = rec.mood_range()
    return {"moments": rec.moments, "mood_range": None if r is None else [_num(r[0]), _num(r[1])]}


def range_words(rec: DayRecord) -> str | None:
    """"4, mood 3-8, mean 5.5" (moments that day, and the day's mood) for a day with snaps;
    None without."""
    r = rec.mood_range()
    if r is None:
        return None
    mood = rec.stats["mood"]
    lo, hi = (_num(r[0]), _num(r[1]))
    return f"{rec.moments}, mood {lo}-{hi}, mean {mood.mean:.1f}"
