"""Use cases: the plan's early warnings, now (`current`: checkin's summary, `plan check`) or
over a period (`over`: the report), evaluated from the session: its database, its home (for a
checklist file of the person's own, which may change a questionnaire's reliable change) and
the checklists when this command has loaded them already. Read-only: no transaction."""

from __future__ import annotations

from datetime import date

from recovery_cli.app.session import Session
from recovery_cli.core.records import WarningMatch


def current(session: Session, today: date | None = None) -> list[WarningMatch]:
    """The plan's rules that match as of `today` (the session's today by default); empty
    without a plan or a match."""
    from recovery_cli.plan import early_warnings

    return early_warnings.current_warnings(
        session.db(), session.today() if today is None else today,
        session.loaded_checklists(), home=session.home)


def over(session: Session, start: date, end: date) -> list[WarningMatch]:
    """The rules that matched on any day of start..end, each with its earliest `since`."""
    from recovery_cli.plan import early_warnings

    return early_warnings.warnings_over(session.db(), start, end, session.loaded_checklists(),
                                        home=session.home)
