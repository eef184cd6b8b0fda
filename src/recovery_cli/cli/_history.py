"""What `recovery history` does, without typer: the check-ins of a window (default the last
14 days) as a table or --json. `cli/checkin.py` (the typer command) and the fast path of a
bare `history` (cli/_fast.py) both call `show`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from recovery_cli.cli._checkin_parts import _specs, _with_skill_labels
from recovery_cli.cli._common import emit_json, state


def show(days: int | None = None, start: str | None = None, end: str | None = None,
         json_out: bool = False) -> None:
    """The check-ins of the last `days`, or `start`..`end`, oldest first."""
    from recovery_cli.checkin.logic import to_json
    from recovery_cli.core import clock, paths
    from recovery_cli.core.errors import InputError

    today = clock.today()
    if days is not None and (start is not None or end is not None):
        raise InputError("Use either --days or --from/--to, not both.")
    if days is not None and not 1 <= days <= 36600:
        raise InputError(f"--days takes a whole number from 1 to 36600, not {days}.")
    first: date
    last: date
    if start is not None or end is not None:
        a, b = clock.parse_day_range(start, end, today)
        last = b or today
        first = a or (last - timedelta(days=13) if last > date(1900, 1, 14) else date.min)
        if first > last:
            raise InputError(f"--from {first.isoformat()} is after --to {last.isoformat()}.")
    else:
        last = today
        first = today - timedelta(days=(days or 14) - 1)
    st = state()
    conn = st.db() if paths.db_path(st.home).is_file() else None
    rows: list[Any] = []
    day_snaps: list[Any] = []
    if conn is not None:
        from recovery_cli.store import checkins as store
        from recovery_cli.store import snaps as store_snaps

        # By default also the days ahead of today that already have a check-in: saved as
        # "today" further east, before a move west (issue 24).
        upto = last if end is not None else max(last, clock.furthest_today())
        rows = store.days_between(conn, first.isoformat(), upto.isoformat())
        if rows and str(rows[-1].day) > last.isoformat():
            last = date.fromisoformat(str(rows[-1].day))
        day_snaps = store_snaps.between(conn, first.isoformat(), last.isoformat())
    from recovery_cli.checkin.snaps import history_json, records_for

    recs = records_for(rows, day_snaps) if day_snaps else {}
    specs = _specs(conn)
    if json_out:
        from recovery_cli.cli._meds_checkin import json_fields

        extra = json_fields(conn, [r.day for r in rows])
        emit_json([{**to_json(r, specs), **extra[r.day], **history_json(recs.get(r.day))}
                   for r in rows])
        return
    if conn is not None and rows:
        specs = _with_skill_labels(conn, specs, rows)
    from recovery_cli.ui import checkin as ui

    ui.print_history(rows, specs, first.isoformat(), last.isoformat(), recs)
    if conn is not None:
        from recovery_cli.cli._meds_checkin import print_day_notes

        print_day_notes(conn, first.isoformat(), last.isoformat())


