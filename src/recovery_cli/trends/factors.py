"""Which factors go along with mood in a trends window (trends.compute's associations): sleep
above the window's median, every multi-select choice, yes/no items and skills practised, each
reported only with at least MIN_DAYS days with and without it. Pure logic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from recovery_cli.core.records import CheckinDay
from recovery_cli.trends.window import (
    ITEM_TEXTS,
    LAG_NEXT,
    LAG_SAME,
    MIN_DAYS,
    MULTI_ORDER,
    SKILLS,
    Association,
    fmt,
    mean_of,
    median_of,
)


def _label(labels: Mapping[str, Mapping[str, str]], item: str, choice: str) -> str:
    text = labels.get(item, {}).get(choice) or choice.replace("_", " ").capitalize()
    return f"“{text}”"


def _practice_factors(
    practised: Mapping[str, Sequence[str]], days: Sequence[str],
    labels: Mapping[str, Mapping[str, str]],
) -> list[tuple[str, str, str | None, str, dict[str, bool]]]:
    """One factor per skill practised in the window: present on the days it was practised,
    absent on every other day of the window."""
    skills: list[str] = []
    for d in days:
        skills.extend(s for s in practised.get(d, ()) if s not in skills)
    return [(SKILLS, SKILLS, skill, f"a {_label(labels, SKILLS, skill)} practice",
             {d: skill in practised.get(d, ()) for d in days})
            for skill in sorted(skills)]


def _factors(
    current: Sequence[CheckinDay], labels: Mapping[str, Mapping[str, str]],
    practised: Mapping[str, Sequence[str]] | None = None, days: Sequence[str] = (),
) -> tuple[list[tuple[str, str, str | None, str, dict[str, bool]]], float | None]:
    """Every factor as (kind, item, choice, label, {day: present}); days where the factor is
    unknown (item not answered) are left out. Also returns the sleep median. A coping tick
    that names a skill practised in the window is left to that skill's practice factor (the
    check-in ticks practised skills, so the two would say the same thing twice)."""
    factors: list[tuple[str, str, str | None, str, dict[str, bool]]] = []
    practice = _practice_factors(practised or {}, days, labels)
    skills = {f[2] for f in practice}
    sleep = {d.day: n for d in current if (n := d.number("sleep_hours")) is not None}
    median = round(median_of(sleep.values()), 1) if sleep else None
    if median is not None:
        factors.append(("sleep", "sleep_hours", None, f"more than {fmt(median)} h of sleep",
                        {day: h > median for day, h in sleep.items()}))
    multi: set[str] = set()
    for d in current:
        multi.update(d.choices)
    for item in [m for m in MULTI_ORDER if m in multi] + sorted(multi - set(MULTI_ORDER)):
        answered = [d for d in current if item in d.choices]
        seen: list[str] = []
        for d in answered:
            seen.extend(c for c in d.choices[item] if c not in seen)
        for choice in sorted(seen):
            if item == "coping" and choice in skills:
                continue
            present = {d.day: choice in d.choices[item] for d in answered}
            factors.append((item, item, choice, _label(labels, item, choice), present))
    yes_no: set[str] = set()
    for d in current:
        for key, val in d.values.items():
            if isinstance(val, str) and val.lower() in ("yes", "no"):
                yes_no.add(key)
    for item in sorted(yes_no):
        present = {}
        for d in current:
            answer = d.values.get(item)
            if isinstance(answer, str) and answer.lower() in ("yes", "no"):
                present[d.day] = answer.lower() == "yes"
        if item == "medication":
            label = "medication taken as planned"
        else:
            label = _label(labels, ITEM_TEXTS, item)
        factors.append(("medication" if item == "medication" else item, item, None, label,
                        present))
    factors.extend(practice)
    return factors, median


def associations(
    current: Sequence[CheckinDay], labels: Mapping[str, Mapping[str, str]],
    practised: Mapping[str, Sequence[str]] | None = None, days: Sequence[str] = (),
) -> tuple[list[Association], float | None]:
    mood = {d.day: m for d in current if (m := d.number("mood")) is not None}
    factors, median = _factors(current, labels, practised, days)
    found: list[Association] = []
    for kind, item, choice, label, present in factors:
        for lag in (LAG_SAME, LAG_NEXT):
            with_: list[float] = []
            without: list[float] = []
            for day, has in present.items():
                target = day
                if lag == LAG_NEXT:
                    target = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
                m = mood.get(target)
                if m is None:
                    continue
                (with_ if has else without).append(m)
            if len(with_) < MIN_DAYS or len(without) < MIN_DAYS:
                continue
            found.append(Association(kind, item, choice, label, lag,
                                     round(mean_of(with_), 1), len(with_),
                                     round(mean_of(without), 1), len(without)))
    found.sort(key=lambda a: (-abs(a.difference), a.lag != LAG_SAME, a.label))
    return found, median


