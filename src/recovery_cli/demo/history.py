"""A made-up history for a demo home (pure: seeded, no clock, database, prompt or print).

`generate(today, days, seed)` returns a `DemoData`: evening check-ins for the `days` days
before today (today is left for the person, so `remind` has something to say), journal
entries with tags (two private, a few starred), PHQ-9 / GAD-7 / WHO-5 every two weeks in step
with the check-ins, two stage self-assessments, a relapse-prevention plan with warning signs
and rules, and a few values, goals and skill practices.

The story has the patterns trends are built to show, each an association in made-up data:
- a weekday rhythm (Mondays a little lower, weekends a little higher);
- sleep: short nights go with a lower mood that day and a bit the next;
- a rough patch about a third of the way in (more conflict, loneliness and short sleep, a
  few days without check-ins), then a gradual recovery as coping skills are used more;
- walks, calls and exercise go with better days; conflict and loneliness with harder ones;
- missed medication goes with a lower next day;
- two short nights near the end, so `plan check` has an early warning to show.
Every answer is the text a person would type (`"7.5"`, `"walk,breathing"`, `--answers`
strings), so the caller validates it as real input. The words are in demo_content.py.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from recovery_cli.demo.content import (
    ENTRIES_HIGH,
    ENTRIES_LOW,
    ENTRIES_MID,
    NOTES_HIGH,
    NOTES_LOW,
    NOTES_MID,
    PRIVATE_ENTRY,
    STARRED,
    demo_plan,
)

DEFAULT_DAYS = 90
DEFAULT_SEED = 7
ASSESS_EVERY = 14

# (item id, same-day mood effect, next-day mood effect)
COPING: tuple[tuple[str, float, float], ...] = (
    ("walk", 0.9, 0.2),
    ("breathing", 0.3, 0.0),
    ("called_someone", 0.8, 0.3),
    ("exercise", 0.8, 0.2),
    ("journaling", 0.2, 0.1),
    ("mindfulness", 0.4, 0.1),
)
TRIGGERS: tuple[tuple[str, float, float], ...] = (
    ("conflict", -1.5, -0.4),
    ("work_stress", -0.8, 0.0),
    ("loneliness", -1.2, -0.3),
    ("money", -0.6, 0.0),
)
WEEKDAY_EFFECT = (-0.6, -0.1, 0.0, 0.0, 0.3, 0.7, 0.4)  # Monday .. Sunday



@dataclass(frozen=True)
class DemoCheckin:
    day: str
    at: str  # ISO local time with offset
    answers: dict[str, str]  # item id -> the text typed for it


@dataclass(frozen=True)
class DemoEntry:
    created_at: str
    day: str
    body: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    private: bool = False
    starred: bool = False


@dataclass(frozen=True)
class DemoAssessment:
    checklist: str
    taken_at: str
    day: str
    answers: str  # as `assess take --answers` takes them


@dataclass(frozen=True)
class DemoGoal:
    text: str
    why: str | None
    by_day: str | None
    value: str | None
    created_at: str
    steps: list[tuple[str, str | None]]  # (text, done_at)
    done_at: str | None = None


@dataclass(frozen=True)
class DemoPractice:
    skill: str
    practiced_at: str
    day: str
    helpful: int | None
    note: str | None
    fields: dict[str, str] = field(default_factory=dict)  # as `--field NAME=VALUE`


@dataclass(frozen=True)
class DemoData:
    checkins: list[DemoCheckin]
    entries: list[DemoEntry]
    assessments: list[DemoAssessment]
    plan: dict[str, Any]  # plan leaf key -> text | [text] | [{text, response, rule}] | contacts
    values: list[str]
    goals: list[DemoGoal]
    practices: list[DemoPractice]
    plan_at: str  # when the plan was written (its last review)


def _at(day: date, hour: int, minute: int, tz: timezone | None) -> str:
    moment = datetime.combine(day, time(hour, minute))
    moment = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.isoformat()


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


def base_mood(t: float) -> float:
    """The story's underlying mood at t (0 = first day, 1 = last): steady, a rough patch from
    about a third of the way in, then a gradual recovery to a little above where it began."""
    points = ((0.0, 6.2), (0.33, 6.0), (0.43, 3.4), (0.52, 3.6), (0.75, 6.4), (1.0, 6.9))
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def _rough(t: float) -> float:
    """0..1: how deep in the rough patch t is."""
    return _clamp(1 - abs(t - 0.47) / 0.12, 0.0, 1.0)


def _sum_to(rng: random.Random, n: int, hi: int, total: int, skip: Sequence[int] = ()) -> list[int]:
    """n answers from 0..hi that add up to `total` (spread at random)."""
    out = [0] * n
    slots = [i for i in range(n) if i not in skip]
    total = int(_clamp(total, 0, hi * len(slots)))
    while sum(out) < total:
        i = rng.choice(slots)
        if out[i] < hi:
            out[i] += 1
    return out


def _fmt_hours(h: float) -> str:
    return str(int(h)) if h == int(h) else f"{h:.1f}"


def generate(
    today: date,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    *,
    stage_items: Sequence[int] = (),
    tz: timezone | None = None,
) -> DemoData:
    """A demo history for the `days` days before `today`. `stage_items` are the stage numbers
    of the stage self-assessment's items in order (none: no stage self-assessment). `tz` pins
    the UTC offset of the made-up times (default: the local zone)."""
    if days < 14:
        raise ValueError("a demo needs at least 14 days")
    rng = random.Random(seed)
    first = today - timedelta(days=days)
    span = max(1, days - 1)

    # Days without a check-in: a few at random, and a short run in the rough patch.
    skipped: set[int] = {i for i in range(days) if rng.random() < 0.07}
    gap_start = int(days * 0.46)
    skipped.update(range(gap_start, gap_start + max(2, days // 30)))
    skipped -= {days - 1, days - 2, days - 3, 0}

    checkins: list[DemoCheckin] = []
    moods: dict[int, float] = {}
    anxieties: dict[int, float] = {}
    carry = 0.0  # next-day effect of yesterday
    for i in range(days):
        d = first + timedelta(days=i)
        t = i / span
        rough = _rough(t)
        recovering = t > 0.5
        sleep = rng.gauss(7.3 - 1.6 * rough, 0.7)
        if i in (days - 1, days - 3):  # two short nights: an early warning to show
            sleep = rng.choice((4.0, 4.5))
        sleep = round(_clamp(sleep, 3.5, 10.0) * 2) / 2
        mood = base_mood(t) + WEEKDAY_EFFECT[d.weekday()] + 0.5 * (sleep - 7.0) + carry
        carry = 0.2 * (sleep - 7.0)
        triggers: list[str] = []
        for item, same, nxt in TRIGGERS:
            p = {"conflict": 0.10, "work_stress": 0.22 if d.weekday() < 5 else 0.03,
                 "loneliness": 0.08 + (0.15 if d.weekday() >= 5 else 0.0),
                 "money": 0.06}[item] + 0.25 * rough
            if rng.random() < p:
                triggers.append(item)
                mood += same
                carry += nxt
        if sleep < 6:
            triggers.append("poor_sleep")
        coping: list[str] = []
        for item, same, nxt in COPING:
            p = {"walk": 0.35, "breathing": 0.2, "called_someone": 0.15, "exercise": 0.18,
                 "journaling": 0.2, "mindfulness": 0.12}[item]
            p *= 1.6 if recovering else (0.6 if rough > 0.3 else 1.0)
            if item == "breathing" and triggers:
                p += 0.1
            if rng.random() < p:
                coping.append(item)
                mood += same
                carry += nxt
        medication = "no" if rng.random() < 0.06 + 0.12 * rough else "yes"
        if medication == "no":
            carry -= 0.8
        mood = round(_clamp(mood + rng.gauss(0, 0.6), 0, 10))
        energy = round(_clamp(0.7 * mood + 1.4 + 0.35 * (sleep - 7) + rng.gauss(0, 0.8), 0, 10))
        anxiety = round(_clamp(7.8 - 0.6 * mood + (1.5 if {"conflict", "work_stress"}
                                                     & set(triggers) else 0) +
                               rng.gauss(0, 0.8), 0, 10))
        quality = round(_clamp(3 + (sleep - 7) * 0.8 + rng.gauss(0, 0.5), 1, 5))
        if i in skipped:
            continue
        symptoms = []
        if mood <= 4:
            symptoms.append("low_mood")
        if anxiety >= 6:
            symptoms.append("worry")
        if sleep < 6 and rng.random() < 0.6:
            symptoms.append("poor_concentration")
        if "conflict" in triggers and rng.random() < 0.5:
            symptoms.append("irritability")
        if mood <= 3 and rng.random() < 0.6:
            symptoms.append("withdrawal")
        if anxiety >= 7 and rng.random() < 0.5:
            symptoms.append("physical_tension")
        answers = {
            "mood": str(mood),
            "energy": str(energy),
            "sleep_hours": _fmt_hours(sleep),
            "sleep_quality": str(quality),
            "anxiety": str(anxiety),
            "symptoms": ",".join(symptoms),
            "triggers": ",".join(triggers),
            "coping": ",".join(coping),
            "medication": medication,
        }
        if rng.random() < 0.3:
            pool = NOTES_LOW if mood <= 4 else NOTES_HIGH if mood >= 7 else NOTES_MID
            answers["note"] = rng.choice(pool)
        moods[i] = mood
        anxieties[i] = anxiety
        checkins.append(DemoCheckin(d.isoformat(), _at(d, rng.randint(19, 22),
                                                       rng.randrange(0, 60, 5), tz), answers))

    # Two missed doses in the last week, so `plan check` has a missed-medication sign to show
    # (set after the loop: the rest of the story's random draws stay as they were).
    recent = {(first + timedelta(days=i)).isoformat() for i in (days - 2, days - 5)}
    for c in checkins:
        if c.day in recent:
            c.answers["medication"] = "no"
    entries = _entries(rng, first, days, moods, tz)
    assessments = _assessments(rng, first, days, moods, anxieties, stage_items, tz)
    practices = _practices(rng, first, days, tz)
    values = ["Being there for my family", "Making things with my hands", "Being outdoors"]
    g1 = first + timedelta(days=int(days * 0.6))
    goals = [
        DemoGoal("Walk three times a week", "Walks help my mood more than anything else I've "
                 "tried.", None, "Being outdoors", _at(g1, 20, 10, tz),
                 [("Put walking shoes by the door", _at(g1, 20, 15, tz)),
                  ("Find a 20-minute loop near home", _at(g1 + timedelta(days=3), 19, 0, tz)),
                  ("Ask Sam to come along on Saturdays", None)]),
        DemoGoal("Finish the bookshelf for my niece", "Making something for someone I love.",
                 (today + timedelta(days=21)).isoformat(), "Making things with my hands",
                 _at(g1 + timedelta(days=5), 21, 0, tz),
                 [("Buy the wood", _at(g1 + timedelta(days=9), 12, 0, tz)),
                  ("Cut and sand the boards", None), ("Paint it", None)]),
    ]
    plan_at = _at(first + timedelta(days=int(days * 0.6)), 21, 30, tz)
    return DemoData(checkins, entries, assessments, demo_plan(), values, goals, practices,
                    plan_at)




def _entries(rng: random.Random, first: date, days: int, moods: dict[int, float],
             tz: timezone | None) -> list[DemoEntry]:
    """About one entry every three days, its words in step with the day's mood; each pool is
    used in a shuffled cycle so entries don't repeat back to back. Two are private."""
    decks: dict[int, list[int]] = {}

    def draw(pool: tuple[tuple[str | None, str, tuple[str, ...]], ...]
             ) -> tuple[str | None, str, tuple[str, ...]]:
        deck = decks.setdefault(id(pool), [])
        if not deck:
            deck.extend(rng.sample(range(len(pool)), len(pool)))
        return pool[deck.pop()]

    out: list[DemoEntry] = []
    chosen = [i for i in sorted(moods) if rng.random() < 0.33]
    # The two private ones: near the middle of the story (the rough patch), not side by side.
    by_middle = sorted(chosen, key=lambda i: (abs(i - days * 0.47), i))
    private_days = set(by_middle[0:4:2] if len(by_middle) >= 3 else by_middle[:2])
    for i in chosen:
        d = first + timedelta(days=i)
        mood = moods[i]
        title: str | None
        body: str
        tags: tuple[str, ...]
        if i in private_days:
            title, body, tags = PRIVATE_ENTRY
        else:
            pool = ENTRIES_LOW if mood <= 4 else ENTRIES_HIGH if mood >= 7 else ENTRIES_MID
            title, body, tags = draw(pool)
        out.append(DemoEntry(_at(d, rng.randint(20, 22), rng.randrange(0, 60, 5), tz),
                             d.isoformat(), body, title, list(tags), i in private_days,
                             starred=title in STARRED))
    return out


def _avg(values: dict[int, float], lo: int, hi: int, default: float) -> float:
    got = [v for i, v in values.items() if lo <= i < hi]
    return sum(got) / len(got) if got else default


def _assessments(rng: random.Random, first: date, days: int, moods: dict[int, float],
                 anxieties: dict[int, float], stage_items: Sequence[int],
                 tz: timezone | None) -> list[DemoAssessment]:
    out: list[DemoAssessment] = []
    last = days - 1
    taken = list(range(last % ASSESS_EVERY, days, ASSESS_EVERY))
    for i in taken:
        d = first + timedelta(days=i)
        mood = _avg(moods, i - 13, i + 1, 5.5)
        anx = _avg(anxieties, i - 13, i + 1, 4.0)
        phq_total = round(_clamp(2 + (7.0 - mood) * 3.2 + rng.gauss(0, 1), 0, 24))
        phq = _sum_to(rng, 9, 3, phq_total, skip=(8,))  # item 9 stays "not at all"
        gad_total = round(_clamp(1 + (anx - 2) * 2.2 + rng.gauss(0, 1), 0, 21))
        who_raw = round(_clamp(3 + mood * 2.2 + rng.gauss(0, 1), 0, 25))
        at = _at(d, 20, 40, tz)
        out.append(DemoAssessment("phq9", at, d.isoformat(), ",".join(map(str, phq))))
        out.append(DemoAssessment("gad7", at, d.isoformat(),
                                  ",".join(map(str, _sum_to(rng, 7, 3, gad_total)))))
        out.append(DemoAssessment("who5", at, d.isoformat(),
                                  ",".join(map(str, _sum_to(rng, 5, 5, who_raw)))))
    if stage_items:
        # In the rough patch the answers are most like stage 2 (just started with support);
        # recently most like 3 (practising skills), each by a clear margin (docs/STAGES.md).
        early = {1: 2, 2: 4, 3: 2, 4: 1, 5: 0}
        late = {1: 1, 2: 2, 3: 4, 4: 2, 5: 1}
        for frac, target in ((0.45, early), (0.97, late)):
            i = int(days * frac)
            d = first + timedelta(days=i)
            vals = [int(_clamp(target[s] + rng.choice((-1, 0, 0, 1)), 0, 5)) for s in stage_items]
            out.append(DemoAssessment("stages", _at(d, 21, 5, tz), d.isoformat(),
                                      ",".join(map(str, vals))))
    out.sort(key=lambda a: a.taken_at)
    return out


def _practices(rng: random.Random, first: date, days: int,
               tz: timezone | None) -> list[DemoPractice]:
    out: list[DemoPractice] = []
    start = int(days * 0.5)
    for i in range(start, days, 4):
        d = first + timedelta(days=i + rng.randint(0, 2))
        if d >= first + timedelta(days=days):
            break
        at = _at(d, rng.randint(8, 21), rng.randrange(0, 60, 5), tz)
        kind = rng.random()
        if kind < 0.5:
            out.append(DemoPractice("box_breathing", at, d.isoformat(), rng.randint(5, 8), None))
        elif kind < 0.8:
            out.append(DemoPractice("grounding_54321", at, d.isoformat(), rng.randint(4, 7),
                                    "Helped on the bus."))
        else:
            before = rng.choice((70, 80, 60))
            out.append(DemoPractice(
                "thought_record", at, d.isoformat(), rng.randint(6, 8), None,
                {"situation": "My friend didn't answer my message all day.",
                 "automatic_thought": "They're fed up with me.",
                 "emotion": "anxious",
                 "emotion_intensity": str(before),
                 "evidence_for": "They usually answer quickly.",
                 "evidence_against": "They told me this week was busy at work.",
                 "balanced_thought": "They're probably busy; I can check in tomorrow.",
                 "emotion_after": str(before - 30)}))
    return out
