"""How medications, events, sessions and the bring-list look in a terminal: plain aligned
lines (no rich import, so the lists stay fast). Everything a person wrote is printed as text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from recovery_cli.timeline.events import BringItem, Event, NextSession
from recovery_cli.timeline.meds import DayMeds, Medication

IMPACT_WORDS = {-3: "very hard", -2: "hard", -1: "a bit hard", 0: "neutral", 1: "a bit good",
                2: "good", 3: "very good"}


def _out(lines: Sequence[str]) -> None:
    print("\n".join(lines))


def day_words(day: str) -> str:
    """`Tue 1 Dec 2026`."""
    d = date.fromisoformat(day)
    return f"{d:%a} {d.day} {d:%b %Y}"


def med_line(m: Medication) -> str:
    bits = [m.name]
    if m.current_dose:
        bits.append(m.current_dose)
    if m.schedule:
        bits.append("(" + ", ".join(m.schedule) + ")")
    if m.as_needed:
        bits.append("(as needed)")
    since = f"since {m.started}" if m.active else f"{m.started} to {m.stopped}, stopped"
    return "  ".join([" ".join(bits), since])


def print_meds(meds: Sequence[Medication], *, show_all: bool) -> None:
    if not meds:
        _out(["No medications listed" + ("" if show_all else " now") +
              ". 'recovery meds add NAME --dose \"50 mg\"' adds one."])
        return
    _out([f"- {med_line(m)}" for m in meds])


def print_med(m: Medication) -> None:
    lines = [med_line(m)]
    if m.note:
        lines.append(f"  Note: {m.note}")
    lines.append("History:")
    previous: str | None = None
    for i, d in enumerate(m.doses):
        what = "started" if i == 0 else "changed"
        dose = d.dose or "no dose given"
        was = f" (was {previous})" if i and previous else ""
        note = f": {d.note}" if d.note else ""
        lines.append(f"  {d.day}  {what} {dose}{was}{note}")
        previous = d.dose
    if m.stopped:
        lines.append(f"  {m.stopped}  stopped" + (f": {m.stop_reason}" if m.stop_reason else ""))
    _out(lines)


def event_line(e: Event) -> str:
    ident = f"{e.id:>4}" if e.id is not None else "   -"
    impact = f"  [{e.impact:+d} {IMPACT_WORDS[e.impact]}]" if e.impact is not None else ""
    who = f" with {e.with_whom}" if e.with_whom else ""
    tags = "  " + " ".join(f"#{t}" for t in e.tags) if e.tags else ""
    note = f"  ({e.note})" if e.note else ""
    return f"{ident}  {e.day}  {e.kind:<11} {e.text}{who}{impact}{tags}{note}"


def print_events(events: Sequence[Event], empty: str) -> None:
    if not events:
        _out([empty])
        return
    _out([event_line(e) for e in events])
    if any(e.id is None for e in events):
        _out(["(Lines without a number come from your medications: 'recovery meds' changes "
              "them.)"])


def next_line(nxt: NextSession | None, today: date) -> str:
    if nxt is None:
        return "No next session set: 'recovery session next DAY' sets it."
    days = (date.fromisoformat(nxt.day) - today).days
    when = ("today" if days == 0 else "tomorrow" if days == 1 else
            f"in {days} days" if days > 1 else f"{-days} days ago")
    who = f" with {nxt.with_whom}" if nxt.with_whom else ""
    return f"Next session: {day_words(nxt.day)} ({when}){who}."


def print_bring(items: Sequence[BringItem]) -> None:
    if not items:
        _out(["Nothing on your list for the next session yet: "
              "'recovery session bring \"ask about sleep\"' adds something."])
        return
    lines = ["To bring to your next session:"]
    for b in items:
        mark = "x" if b.done_at else " "
        lines.append(f"  [{mark}] {b.id:>3}. {b.text}")
    _out(lines)


def print_day_notes(events: Sequence[Event], answered: Mapping[str, DayMeds],
                    names: Mapping[int, str]) -> None:
    """Per day, oldest first: its events, then the medications missed."""
    by_day: dict[str, list[str]] = {}
    for e in events:
        who = f" with {e.with_whom}" if e.with_whom else ""
        by_day.setdefault(e.day, []).append(f"{e.kind}: {e.text}{who}")
    for day, meds in answered.items():
        if meds.missed:
            by_day.setdefault(day, []).append(
                "missed " + ", ".join(names.get(i, "?") for i in meds.missed))
        if meds.as_needed:
            by_day.setdefault(day, []).append("as needed: " + ", ".join(
                f"{names.get(i, '?')} x{int(n) if float(n).is_integer() else n}"
                for i, n in meds.as_needed.items()))
    if not by_day:
        return
    lines = ["", "Events and medications:"]
    for day in sorted(by_day):
        d = date.fromisoformat(day)
        lines.append(f"{d:%a} {day}  " + "; ".join(by_day[day]))
    _out(lines)


def print_event_hits(events: Sequence[Event]) -> None:
    """Events found by `journal search`, after the entries, marked as events."""
    _out(["Events:"] + [f"  event {e.id}  {e.day}  {e.kind}: {e.text}" for e in events])
