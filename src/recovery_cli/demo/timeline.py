"""The demo's medications, events, sessions and bring-list (pure; made up, like the rest).

Two medications: sertraline taken every morning, its dose raised during the rough patch,
and propranolol as needed on anxious days. Missed doses follow the demo check-ins' own
"medication: no" days. Six events, a session every fortnight, the next one ahead and a short
list of things to bring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class DemoMed:
    name: str
    doses: list[tuple[str, str, str | None]]  # (day, dose, note): the first is the start
    when: tuple[str, ...] = ()
    as_needed: bool = False


@dataclass(frozen=True)
class DemoEvent:
    day: str
    kind: str
    text: str
    impact: int | None = None
    with_whom: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTimeline:
    meds: list[DemoMed]
    events: list[DemoEvent]
    sessions: list[DemoEvent]
    next_session: str
    bring: list[str]
    med_days: dict[str, tuple[str, dict[str, float]]] = field(default_factory=dict)
    # day -> (taken: all | none, as-needed name -> count)


THERAPIST = "Dr Okafor"
_EVENTS = (  # (share of the way in, kind, text, impact)
    (0.36, "life", "Work contract ended", -3),
    (0.42, "life", "Argument with my brother", -2),
    (0.48, "health", "Flu for a few days", -1),
    (0.62, "life", "Started a pottery class", 2),
    (0.80, "life", "My niece's birthday", 2),
    (0.92, "life", "Started a part-time job", 2),
)


def generate(today: date, days: int, checkins: Sequence[Any]) -> DemoTimeline:
    """`checkins` are the demo's check-ins (`day`, `answers`)."""
    first = today - timedelta(days=days)

    def at(t: float) -> str:
        return (first + timedelta(days=min(days - 1, max(0, int(days * t))))).isoformat()

    meds = [
        DemoMed("Sertraline", [((first - timedelta(days=120)).isoformat(), "50 mg", None),
                               (at(0.45), "100 mg", "raised with my GP during the rough patch")],
                when=("morning",)),
        DemoMed("Propranolol", [((first - timedelta(days=60)).isoformat(), "10 mg", None)],
                as_needed=True),
    ]
    events = [DemoEvent(at(t), kind, text, impact) for t, kind, text, impact in _EVENTS]
    sessions: list[DemoEvent] = []
    d = first + timedelta(days=3)
    while d < today:
        sessions.append(DemoEvent(d.isoformat(), "session", "Session", None, THERAPIST))
        d += timedelta(days=14)
    next_day = d if d > today else today + timedelta(days=1)
    med_days: dict[str, tuple[str, dict[str, float]]] = {}
    for c in checkins:
        answers = c.answers
        taken = "none" if answers.get("medication") == "no" else "all"
        counts: dict[str, float] = {}
        try:
            if float(answers.get("anxiety", "0")) >= 7:
                counts["Propranolol"] = 1.0
        except ValueError:
            pass
        med_days[c.day] = (taken, counts)
    bring = ["Ask whether the higher sertraline dose is still right",
             "Talk about how the new job is going"]
    return DemoTimeline(meds, events, sessions, next_day.isoformat(), bring, med_days)
