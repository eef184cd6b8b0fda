"""The summary shown after a check-in is saved, as a pure function: the day's numbers against
the 7 and 30 days before it, the choices and answers, and (when on) the days checked in.

No clock, database, prompt or print here: callers pass the data and the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from recovery_cli.checkin.logic import ItemSpec, stored_answer
from recovery_cli.core.records import CheckinDay


class NumberLine(NamedTuple):
    id: str
    text: str
    today: float | None
    avg7: float | None  # average over the 7 days before the check-in day
    n7: int
    avg30: float | None  # average over the 30 days before
    n30: int


class Summary(NamedTuple):
    day: str
    updated: bool
    numbers: Sequence[NumberLine] = []
    picked: Sequence[tuple[str, list[str]]] = []  # (item text, labels)
    answers: Sequence[tuple[str, str]] = []  # (item text, answer)
    streak: tuple[int, int] | None = None  # days checked in during the last 7 and last 30


def _avg(days: Iterable[CheckinDay], item: str) -> tuple[float | None, int]:
    nums = [n for n in (d.number(item) for d in days) if n is not None]
    if not nums:
        return None, 0
    return round(sum(nums) / len(nums), 1), len(nums)


def summarize(
    specs: Sequence[ItemSpec],
    saved: CheckinDay,
    window: Sequence[CheckinDay],
    *,
    updated: bool,
    streaks: bool,
) -> Summary:
    """The day against the 7 and 30 days before it. `window` holds the check-ins of the 30 days
    before `saved.day` (and may include that day; it is left out of the averages). The streak,
    only when `streaks` is on, counts days logged in the last 7 and 30 days, never a run."""
    d = date.fromisoformat(saved.day)
    before = [c for c in window if c.day < saved.day]
    last7 = [c for c in before if date.fromisoformat(c.day) >= d - timedelta(days=7)]
    last30 = [c for c in before if date.fromisoformat(c.day) >= d - timedelta(days=30)]
    numbers: list[NumberLine] = []
    picked: list[tuple[str, list[str]]] = []
    answers: list[tuple[str, str]] = []
    for spec in specs:
        answer = stored_answer(spec, saved)
        if spec.stored_as == "num":
            a7, n7 = _avg(last7, spec.id)
            a30, n30 = _avg(last30, spec.id)
            today = answer if isinstance(answer, float) else None
            if today is None and n30 == 0:
                continue
            numbers.append(NumberLine(spec.id, spec.text, today, a7, n7, a30, n30))
        elif spec.stored_as == "choices":
            if isinstance(answer, list) and answer:
                picked.append((spec.text, [spec.label_of(a) for a in answer]))
        elif isinstance(answer, str) and answer:
            shown = answer if spec.type == "text" else spec.label_of(answer)
            answers.append((spec.text, shown))
    streak = None
    if streaks:
        days = {c.day for c in window if c.day <= saved.day} | {saved.day}
        in7 = sum(1 for x in days if date.fromisoformat(x) > d - timedelta(days=7))
        in30 = sum(1 for x in days if date.fromisoformat(x) > d - timedelta(days=30))
        streak = (in7, in30)
    return Summary(saved.day, updated, numbers, picked, answers, streak)


def window_start(day: str) -> str:
    """The first day the summary needs (30 days before `day`)."""
    return (date.fromisoformat(day) - timedelta(days=30)).isoformat()
