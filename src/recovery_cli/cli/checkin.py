"""Commands: checkin, history (thin: cli/_checkin_run.py and cli/_history.py do the work)."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption


def checkin(
    day_text: Annotated[
        str | None,
        typer.Option("--date", metavar="DAY",
                     help="Check in for another day: 2026-11-20, yesterday, 'last monday'."),
    ] = None,
    mood: Annotated[str | None, typer.Option("--mood", metavar="N", help="Mood, 0-10.")] = None,
    energy: Annotated[
        str | None, typer.Option("--energy", metavar="N", help="Energy, 0-10.")
    ] = None,
    sleep: Annotated[
        str | None, typer.Option("--sleep", metavar="HOURS", help="Hours of sleep, 0-24.")
    ] = None,
    anxiety: Annotated[
        str | None, typer.Option("--anxiety", metavar="N", help="Anxiety, 0-10.")
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="ITEM=VALUE",
                     help="Answer any item, e.g. --set sleep_quality=4, "
                     "--set triggers=conflict,poor_sleep, --set medication=yes."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="One line about the day.")] = None,
    meds_flag: Annotated[
        str | None,
        typer.Option("--meds", metavar="ALL|NONE|MISSED:NAME,NAME",
                     help="Medications taken as planned (when you have some listed): all, "
                     "none or missed:NAME,NAME."),
    ] = None,
    as_needed: Annotated[
        list[str] | None,
        typer.Option("--as-needed", metavar="NAME[=COUNT]",
                     help="An as-needed medication taken that day (repeatable; COUNT default 1)."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Check in for today: mood, energy, sleep, anxiety and more, in under a minute.

    In a terminal it asks what the flags don't give (Enter skips anything but mood). Running it
    again the same day shows your answers and updates them.
    """
    from recovery_cli.cli._checkin_run import run

    run(day_text, mood, energy, sleep, anxiety, sets, note, meds_flag, as_needed, json_out)


def history(
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="N", help="The last N days (default 14)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DAY", help="First day (e.g. 2026-11-01).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DAY", help="Last day (default today).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Your recent check-ins: a table, or --json (a list, oldest first)."""
    from recovery_cli.cli._history import show

    show(days, start, end, json_out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("checkin")(checkin)
    app.command("history")(history)
