"""The demo's quick moments (issue 19): snaps on about a third of its days, around each day's
evening mood, with a few big-swing days (a mood range of 4 or more) in the rough patch.

Pure and deterministic (its own seeded generator, so the rest of the demo's story is drawn
exactly as before); `cli/trends.py` writes them through the snaps store.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

SEED = 19
SHARE = 1 / 3  # of the days with a check-in


class DemoSnap(NamedTuple):
    at: str
    day: str
    mood: float
    anxiety: float | None
    note: str | None


def _at(day: date, hour: int, minute: int) -> str:
    return datetime.combine(day, time(hour, minute)).astimezone().isoformat()


def _clamp(v: float) -> float:
    return float(max(0, min(10, round(v))))


def generate(today: date, days: int, checkins: Sequence[Any]) -> list[DemoSnap]:
    """`checkins` are the demo's check-ins (`day`, `answers` with "mood" and "anxiety")."""
    rng = random.Random(SEED)
    first = today - timedelta(days=days)
    rough_lo, rough_hi = first + timedelta(days=int(days * 0.40)), first + timedelta(
        days=int(days * 0.55))
    rough_days = [c for c in checkins if rough_lo <= date.fromisoformat(c.day) <= rough_hi]
    swings = {c.day for c in rng.sample(rough_days, min(4, len(rough_days)))}
    out: list[DemoSnap] = []
    for c in checkins:
        if c.day not in swings and rng.random() >= SHARE:
            continue
        day = date.fromisoformat(c.day)
        mood = float(c.answers.get("mood", "5"))
        anxiety = float(c.answers.get("anxiety", "4"))
        hours = sorted(rng.sample(range(9, 19), rng.randint(2, 4)))
        for n, hour in enumerate(hours):
            if c.day in swings:  # a hard morning and a lift by the afternoon, or the reverse
                low, high = max(0.0, mood - 3), min(10.0, mood + 3)
                value = (low, high)[n % 2]
                note = "Felt it drop out of nowhere." if value == low and n == 0 else None
            else:
                value, note = _clamp(mood + rng.gauss(0, 1.0)), None
            worry = _clamp(anxiety + rng.gauss(0, 1.2)) if rng.random() < 0.6 else None
            out.append(DemoSnap(_at(day, hour, rng.randrange(0, 60, 5)), c.day, value, worry,
                                note))
    return out
