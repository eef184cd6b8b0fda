"""Questions about medications (in the check-in), events and sessions.

Ctrl-C or EOF at any of them raises `Cancelled`, before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recovery_cli.core import messages
from recovery_cli.prompts import ask_checkbox, ask_confirm, ask_number, ask_select, ask_text
from recovery_cli.timeline.events import IMPACT_MAX, IMPACT_MIN, KINDS, Event
from recovery_cli.timeline.meds import DayMeds, Medication

CANCELLED = "Cancelled; nothing was saved."


@dataclass(frozen=True)
class MedsAnswer:
    taken: str | None  # all | some | none | None (skipped)
    missed: tuple[int, ...]
    as_needed: dict[int, float] | None  # None: not asked


def ask_meds(scheduled: Sequence[Medication], as_needed: Sequence[Medication],
             default: DayMeds | None) -> MedsAnswer:
    """"Taken as planned?" once (all / some / none / skip; "some" asks which were missed),
    then how many doses of each as-needed medication."""
    cancelled = messages.CHECKIN_CANCELLED
    taken: str | None = None
    missed: tuple[int, ...] = ()
    if scheduled:
        names = ", ".join(m.name for m in scheduled)
        choices = [("Skip", "skip"), ("All of them", "all"), ("Some of them", "some"),
                   ("None", "none")]
        current = default.taken if default is not None and default.taken else None
        picked = ask_select(f"Medication taken as planned? ({names})", choices,
                            default=current, cancelled=cancelled)
        if picked == "all":
            taken = "all"
        elif picked == "none":
            taken, missed = "none", tuple(m.id for m in scheduled)
        elif picked == "some":
            before = list(default.missed) if default is not None else []
            ticked = ask_checkbox("Which did you miss?", [(m.name, m.id) for m in scheduled],
                                  checked=before, cancelled=cancelled)
            if not ticked:
                taken = "all"
            elif len(ticked) == len(scheduled):
                taken, missed = "none", tuple(ticked)
            else:
                taken, missed = "some", tuple(ticked)
    counts: dict[int, float] | None = None
    if as_needed:
        counts = {}
        before_counts = dict(default.as_needed or {}) if default is not None else {}
        for m in as_needed:
            n = ask_number(f"{m.name} (as needed): doses taken", 0, 50,
                           default=before_counts.get(m.id), hint="0 for none",
                           cancelled=cancelled)
            if n:
                counts[m.id] = n
    return MedsAnswer(taken, missed, counts)


def event_text() -> str:
    return ask_text("What happened?", required=True, cancelled=CANCELLED).strip()


@dataclass(frozen=True)
class EventAnswers:
    text: str
    day: str
    kind: str
    impact: int | None


def edit_event(event: Event, today: date) -> EventAnswers:
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.timeline.events import check_past

    text = ask_text("What happened?", default=event.text, required=True, cancelled=CANCELLED)
    while True:
        raw = ask_text("Which day?", default=event.day, required=True, cancelled=CANCELLED)
        try:
            day = check_past(clock.parse_day(raw, today), today).isoformat()
            break
        except InputError as exc:
            print(exc.message)
    kind = ask_select("What kind?", [(k, k) for k in KINDS], default=event.kind,
                      cancelled=CANCELLED)
    impact = ask_number("How did it feel?", IMPACT_MIN, IMPACT_MAX,
                        default=None if event.impact is None else float(event.impact),
                        hint="-3 very hard, 3 very good", cancelled=CANCELLED)
    return EventAnswers(text.strip(), day, kind, None if impact is None else int(impact))


def confirm(message: str) -> bool:
    return ask_confirm(message, default=False, cancelled=CANCELLED)
