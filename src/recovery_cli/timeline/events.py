"""Life events, therapy sessions, the next appointment and the bring-list (pure).

The timeline of a period is the stored events plus the medication starts, dose changes and
stops, which are derived from the medication history (kind `medication`, `source`
"medication", no id of their own: they are changed with `recovery meds`). `timeline` merges
both, oldest first, which is what `trends`, `history`, the reports and `session prep` read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from recovery_cli.core.errors import InputError
from recovery_cli.timeline.meds import Medication

KINDS = ("life", "health", "medication", "appointment", "session", "other")
IMPACT_MIN, IMPACT_MAX = -3, 3
MAX_TEXT = 1000


class Event(NamedTuple):
    id: int | None  # None: derived from the medication history
    day: str
    kind: str
    text: str
    impact: int | None = None
    tags: tuple[str, ...] = ()
    with_whom: str | None = None
    note: str | None = None
    source: str = "event"  # event | medication
    created_at: str = ""
    updated_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.day, "kind": self.kind, "text": self.text,
                "impact": self.impact, "tags": list(self.tags), "with": self.with_whom,
                "note": self.note, "source": self.source, "created_at": self.created_at,
                "updated_at": self.updated_at}


class NextSession(NamedTuple):
    day: str
    with_whom: str | None
    note: str | None
    set_at: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day, "with": self.with_whom, "note": self.note,
                "set_at": self.set_at}


class BringItem(NamedTuple):
    id: int
    text: str
    source: str  # bring | intake
    created_at: str
    done_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "source": self.source,
                "created_at": self.created_at, "done_at": self.done_at,
                "done": self.done_at is not None}


class Period(NamedTuple):
    """What happened between two days: events (medication ones included), sessions, the next
    appointment and the bring-list (open items, and the ones done in the period)."""

    start: str
    end: str
    events: Sequence[Event] = []
    medications: Sequence[Medication] = []
    next_session: NextSession | None = None
    bring: Sequence[BringItem] = []

    @property
    def sessions(self) -> list[Event]:
        return [e for e in self.events if e.kind == "session"]

    @property
    def dose_changes(self) -> list[Event]:
        return [e for e in self.events if e.source == "medication"]


def check_kind(kind: str) -> str:
    k = kind.strip().lower()
    if k not in KINDS:
        raise InputError(f"--kind takes one of {', '.join(KINDS)}, not '{kind}'.")
    return k


def check_impact(impact: int | None) -> int | None:
    if impact is not None and not IMPACT_MIN <= impact <= IMPACT_MAX:
        raise InputError(f"--impact takes a whole number from {IMPACT_MIN} (hard) to "
                         f"{IMPACT_MAX} (good), not {impact}.")
    return impact


def check_text(text: str | None, what: str = "The event") -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise InputError(f"{what} needs some text, e.g. recovery event add \"Moved house\".")
    if len(cleaned) > MAX_TEXT:
        raise InputError(f"{what} can be at most {MAX_TEXT} characters.")
    return cleaned


def check_past(day: date, today: date, flag: str = "--date") -> date:
    if day > today:
        raise InputError(f"{flag} {day.isoformat()} is in the future; give today or an "
                         "earlier day.")
    if day.year < 1900:
        raise InputError(f"{flag} {day.isoformat()} is too long ago; give a day from 1900 on.")
    return day


def check_future(day: date, today: date) -> date:
    if day <= today:
        raise InputError(f"{day.isoformat()} is not in the future; the next session is a day "
                         "after today.")
    if (day - today).days > 3660:
        raise InputError(f"{day.isoformat()} is more than ten years ahead.")
    return day


def _fmt_dose(dose: str | None) -> str:
    return f" {dose}" if dose else ""


def medication_events(meds: Iterable[Medication]) -> list[Event]:
    """Starts, dose changes and stops as events of kind `medication` (derived, id None)."""
    out: list[Event] = []
    for m in meds:
        first = m.doses[0] if m.doses else None
        out.append(Event(None, m.started, "medication",
                         f"Started {m.name}{_fmt_dose(first.dose if first else None)}",
                         note=m.note, source="medication", created_at=m.created_at))
        previous = first.dose if first else None
        for d in m.doses[1:]:
            was = f" (was {previous})" if previous else ""
            text = f"{m.name} changed to {d.dose}{was}" if d.dose else f"{m.name} changed"
            out.append(Event(None, d.day, "medication", text, note=d.note,
                             source="medication", created_at=d.created_at))
            previous = d.dose
        if m.stopped:
            out.append(Event(None, m.stopped, "medication", f"Stopped {m.name}",
                             note=m.stop_reason, source="medication", created_at=m.created_at))
    return out


def timeline(stored: Iterable[Event], meds: Iterable[Medication], start: str | None = None,
             end: str | None = None) -> list[Event]:
    """Stored and medication events with start <= day <= end, oldest first (stable)."""
    merged = [*stored, *medication_events(meds)]
    kept = [e for e in merged if (start is None or e.day >= start) and (end is None or e.day <= end)]
    return sorted(kept, key=lambda e: (e.day, e.source != "medication", e.id or 0))


def matches(event: Event, words: Sequence[str]) -> bool:
    """Every word (case-insensitive) in the text, note, who with or tags."""
    hay = " ".join([event.text, event.note or "", event.with_whom or "", *event.tags]).casefold()
    return all(w.casefold() in hay for w in words)


def days_since_session(events: Iterable[Event], today: date) -> int | None:
    days = [e.day for e in events if e.kind == "session" and e.day <= today.isoformat()]
    if not days:
        return None
    return (today - date.fromisoformat(max(days))).days


MARKERS = "123456789abcdefghijklmnopqrstuvwxyz"


def marker_row(events: Sequence[Event], days: Sequence[str]) -> tuple[str, list[tuple[str, Event]]]:
    """A row one character per day (a marker under each day that has events, '·' else) and
    the legend: (marker, event) per event in the window, oldest first. Several events on one
    day share the first one's marker; more than 35 events reuse '+'."""
    index = {d: i for i, d in enumerate(days)}
    row = ["·"] * len(days)
    legend: list[tuple[str, Event]] = []
    for n, event in enumerate(e for e in events if e.day in index):
        mark = MARKERS[n] if n < len(MARKERS) else "+"
        i = index[event.day]
        if row[i] == "·":
            row[i] = mark
        legend.append((mark, event))
    return "".join(row), legend
