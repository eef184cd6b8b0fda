"""The check-in's medication questions, when medications are listed (issue 17).

"Taken as planned?" is asked once for the regular medications of that day (all / some, and
which were missed / none / skip), then the doses of each as-needed one. It takes the place
of the checklist's yes/no `medication` item, whose answer is derived from it (all -> yes,
some or none -> no) so warning rules, trends and reports that read it keep working.
Flags: `--meds all|none|missed:NAME,NAME` and `--as-needed NAME[=count]`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recovery_cli.timeline.meds import DayMeds, Medication

ITEM = "medication"


class MedsCheckin:
    """The day's medication answers: from flags, from questions, or not yet given."""

    def __init__(self, scheduled: list[Medication], as_needed: list[Medication],
                 existing: DayMeds | None, names: dict[int, str]) -> None:
        self.scheduled = scheduled
        self.as_needed = as_needed
        self.existing = existing
        self.names = names
        self.taken: str | None = None
        self.missed: tuple[int, ...] = ()
        self.counts: dict[int, float] | None = None
        self.taken_given = False
        self.counts_given = False
        self.extra: dict[str, Any] = {}

    @property
    def answered(self) -> bool:
        return self.taken_given or self.counts_given

    def ask(self) -> None:
        from recovery_cli.prompts import meds as ask

        answer = ask.ask_meds([] if self.taken_given else self.scheduled,
                              [] if self.counts_given else self.as_needed, self.existing)
        if not self.taken_given and self.scheduled:
            self.taken, self.missed, self.taken_given = answer.taken, answer.missed, True
        if not self.counts_given and self.as_needed:
            self.counts, self.counts_given = answer.as_needed, True


def prepare(conn: sqlite3.Connection, day: str, meds_flag: str | None,
            as_needed_flags: Sequence[str]) -> MedsCheckin | None:
    """None when no medication is listed for that day (and no flag asks about one): the
    checklist's yes/no item stays as it is. Bad flags: exit 2 (unknown names exit 1)."""
    from recovery_cli.core.errors import InputError
    from recovery_cli.store import meds as store
    from recovery_cli.timeline.meds import (
        as_needed_on,
        parse_as_needed,
        parse_meds_flag,
        scheduled_on,
    )

    if not store.has_any(conn):
        if meds_flag is not None or as_needed_flags:
            flag = "--meds" if meds_flag is not None else "--as-needed"
            raise InputError(f"{flag}: you have no medication listed; 'recovery meds add NAME' "
                             "adds one (or use --set medication=yes|no).")
        return None
    meds = store.all_medications(conn)
    scheduled, extra = scheduled_on(meds, day), as_needed_on(meds, day)
    if not scheduled and not extra and meds_flag is None and not as_needed_flags:
        return None
    existing = store.days_between(conn, day, day).get(day)
    ctx = MedsCheckin(scheduled, extra, existing, {m.id: m.name for m in meds})
    if meds_flag is not None:
        ctx.taken, ctx.missed = parse_meds_flag(meds_flag, scheduled)
        ctx.taken_given = True
    if as_needed_flags:
        ctx.counts = parse_as_needed(list(as_needed_flags), extra)
        ctx.counts_given = True
    return ctx


def medication_answer(ctx: MedsCheckin) -> str | None:
    from recovery_cli.timeline.meds import medication_value

    return medication_value(ctx.taken)


def json_fields(conn: sqlite3.Connection | None, days: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each day -> its `medication_missed` and `as_needed` (null when not asked)."""
    from recovery_cli.timeline.meds import day_json

    if conn is None or not days:
        return {d: day_json(None, {}) for d in days}
    from recovery_cli.store import meds as store

    answered: Mapping[str, DayMeds] = store.days_between(conn, min(days), max(days))
    names = store.names(conn) if answered else {}
    return {d: day_json(answered.get(d), names) for d in days}


def print_day_notes(conn: sqlite3.Connection, start: str, end: str) -> None:
    """Under `history`'s table: each day's events and missed medications."""
    from recovery_cli.store import events as store_events
    from recovery_cli.store import meds as store
    from recovery_cli.ui import meds as ui

    answered = store.days_between(conn, start, end)
    events = store_events.timeline_between(conn, start, end)
    if not answered and not events:
        return
    ui.print_day_notes(events, answered, store.names(conn) if answered else {})
