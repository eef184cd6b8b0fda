"""Medications, events, sessions and the bring-list as every report format shows them:
rows built once here (like report.py's Score.cells), rendered by markdown, html, pdf and csv.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recovery_cli.timeline.events import Event, Period

MED_HEAD = ["Medication", "Dose at start", "Changes in the period", "Now"]
EVENT_HEAD = ["Date", "Kind", "What happened", "Impact"]


@dataclass(frozen=True)
class Marker:
    """One event as a chart marker: its day, a short label (1, 2, ...) and the legend text."""

    day: str
    label: str
    text: str


def med_rows(p: Period) -> list[list[str]]:
    """One row per medication taken in the period: the dose on its first day, each change in
    the period with its date, and the dose at its end (or when it was stopped)."""
    rows = []
    for m in p.medications:
        start_dose = m.dose_on(p.start) if m.started <= p.start else None
        first = start_dose or (f"started {m.started}: {m.doses[0].dose or '-'}"
                               if m.doses else f"started {m.started}")
        changes = [f"{d.day}: {d.dose or '-'}" for d in m.doses[1:] if p.start <= d.day <= p.end]
        if m.stopped and m.stopped <= p.end:
            changes.append(f"{m.stopped}: stopped" + (f" ({m.stop_reason})" if m.stop_reason
                                                      else ""))
        now = "stopped" if m.stopped and m.stopped <= p.end else (m.dose_on(p.end) or "-")
        if m.as_needed:
            now += " (as needed)"
        rows.append([m.name, first, "; ".join(changes) or "none", now])
    return rows


def impact_text(e: Event) -> str:
    return "" if e.impact is None else f"{e.impact:+d}"


def event_rows(events: Sequence[Event]) -> list[list[str]]:
    return [[e.day, e.kind, e.text + (f" with {e.with_whom}" if e.with_whom else ""),
             impact_text(e)] for e in events]


def markers(events: Sequence[Event]) -> list[Marker]:
    """Every event of the period as a numbered marker, oldest first."""
    return [Marker(e.day, str(i), e.text + (f" with {e.with_whom}" if e.with_whom else ""))
            for i, e in enumerate(events, start=1)]


def bring_rows(p: Period) -> list[str]:
    return [b.text for b in p.bring if b.done_at is None]


def next_text(p: Period) -> str | None:
    if p.next_session is None:
        return None
    who = f" with {p.next_session.with_whom}" if p.next_session.with_whom else ""
    return f"Next session: {p.next_session.day}{who}"
