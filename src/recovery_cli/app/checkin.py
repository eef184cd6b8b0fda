"""The check-in's write use case: save a day's answers (and its medication answers) in one
transaction, then check the plan's early warnings as of today.

No typer, rich or questionary (the cli asks and draws): `cli/checkin.py` gathers the answers
from flags or prompts, calls `record(session, ...)` and prints what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from recovery_cli.app.session import Session
    from recovery_cli.checkin.logic import Answer, ItemSpec
    from recovery_cli.core.records import CheckinDay, WarningMatch


class MedsAnswers(Protocol):
    """A day's medication answers (cli/_meds_checkin.MedsCheckin is one)."""

    taken: str | None
    missed: tuple[int, ...]
    counts: dict[int, float] | None
    taken_given: bool
    counts_given: bool

    @property
    def answered(self) -> bool: ...


class Recorded(NamedTuple):
    """What `record` did: the day as saved, whether it was an update, the early warnings that
    match now, and why they could not be checked (None when they were)."""

    saved: CheckinDay
    updated: bool
    warnings: Sequence[WarningMatch] = []
    warnings_failed: str | None = None


def record(session: Session, day: str, specs: Sequence[ItemSpec], answers: Mapping[str, Answer],
           *, now: str, today: date, meds: MedsAnswers | None = None) -> Recorded:
    """Save `answers` for `day` (creating or updating its check-in), with the medication
    answers in the same transaction when `meds` holds any; then the plan's early warnings
    as of `today`. The check-in is saved before the warnings are read, so a warning check
    that fails is reported in `warnings_failed`, never as a failure to save."""
    from recovery_cli.checkin.logic import split_answers
    from recovery_cli.store import checkins as store

    conn = session.db()
    values, choices = split_answers(specs, answers)
    if meds is not None and meds.answered:
        from recovery_cli.store import meds as store_meds
        from recovery_cli.store import transaction

        with transaction(conn):
            _, updated = store.write_checkin(conn, day, values, choices, created_at=now)
            store_meds.write_day(conn, day, meds.taken, meds.missed,
                                 meds.counts if meds.counts_given else None,
                                 ask_taken=meds.taken_given)
        got = store.get_day(conn, day)
        assert got is not None
        saved = got
    else:
        saved, updated = store.save_checkin(conn, day, values, choices, now)
    from recovery_cli.app import warnings as app_warnings

    try:
        return Recorded(saved, updated, app_warnings.current(session, today))
    except Exception as exc:  # the answers are safe; the cli says so rather than fail
        return Recorded(saved, updated, warnings_failed=str(exc))
