"""Commands: meds add | list | change | stop | show.

Names are matched case-insensitively; an unknown name exits 1 and suggests the closest. A
dose change is kept as history with its date (never overwritten). Everything works from
flags: nothing here asks a question.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, report, state

if TYPE_CHECKING:
    from recovery_cli.timeline.meds import Medication

meds_app = typer.Typer(
    help="Your medications and their dose history, for check-ins, trends and your therapist.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="The medication's name (any case).",
                                        metavar="NAME")]
DateOption = Annotated[str | None, typer.Option("--date", metavar="DAY",
                                                help="The day it happened (default today).")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A short note.")]


def _day(text: str | None, flag: str = "--date") -> date:
    from recovery_cli.core import clock
    from recovery_cli.timeline.events import check_past

    today = clock.today()
    return check_past(clock.parse_day(text, today) if text is not None else today, today, flag)


def _find(conn: sqlite3.Connection, name: str, *, active_only: bool = False) -> Medication:
    from recovery_cli.core.errors import NotFoundError
    from recovery_cli.store import meds as store
    from recovery_cli.timeline.meds import find, name_key

    meds = store.all_medications(conn)
    if active_only and not any(m.active and name_key(m.name) == name_key(name) for m in meds):
        stopped = [m for m in meds if name_key(m.name) == name_key(name)]
        if stopped:
            raise NotFoundError(f"{stopped[-1].name} was stopped on {stopped[-1].stopped}; "
                                f"'recovery meds add {stopped[-1].name}' starts it again.")
    return find(meds, name, active_only=active_only)


@meds_app.command("add")
def add(
    name: NameArg,
    dose: Annotated[str | None, typer.Option("--dose", metavar="DOSE",
                                             help='The dose as you say it: "50 mg", '
                                             '"half a tablet".')] = None,
    when: Annotated[str | None, typer.Option("--when", metavar="TIMES",
                                             help="When you take it: morning,evening.")] = None,
    as_needed: Annotated[bool, typer.Option("--as-needed",
                                            help="Taken only when needed (the check-in asks "
                                            "how many).")] = False,
    started: Annotated[str | None, typer.Option("--started", metavar="DAY",
                                                help="The day you started (default today).")
                       ] = None,
    note: NoteOption = None,
    json_out: JsonOption = False,
) -> None:
    """Add a medication you take (its start appears on your timeline)."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import RecoveryError
    from recovery_cli.store import meds as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.meds import clean_name, clean_text, name_key, parse_schedule

    cleaned = clean_name(name)
    dose_text = clean_text(dose, "--dose")
    schedule = parse_schedule(when)
    note_text = clean_text(note, "--note")
    day = _day(started, "--started")
    conn = state().db()
    current = [m for m in store.active(conn) if name_key(m.name) == name_key(cleaned)]
    if current:
        raise RecoveryError(f"'{current[0].name}' is already in your list; 'recovery meds change "
                            f"{current[0].name} --dose D' records a new dose.")
    with transaction(conn):
        med_id = store.add(conn, cleaned, dose=dose_text, schedule=schedule, as_needed=as_needed,
                           started=day.isoformat(), note=note_text, now=clock.iso(clock.now()))
    med = next(m for m in store.all_medications(conn) if m.id == med_id)
    if json_out:
        emit_json(med.to_json())
        return
    asks = "how many doses you took" if as_needed else "whether you took it"
    report(f"Added {med.name}{' ' + dose_text if dose_text else ''}, from {day.isoformat()}. "
           f"Your check-in will ask {asks}.")


@meds_app.command("list")
def list_meds(
    show_all: Annotated[bool, typer.Option("--all", help="Stopped ones too.")] = False,
    json_out: JsonOption = False,
) -> None:
    """The medications you take now (--all: stopped ones too)."""
    from recovery_cli.core import paths

    st = state()
    meds: list[Medication] = []
    if paths.db_path(st.home).is_file():
        from recovery_cli.store import meds as store

        conn = st.db()
        meds = store.all_medications(conn) if show_all else store.active(conn)
    if json_out:
        emit_json([m.to_json() for m in meds])
        return
    from recovery_cli.ui import meds as ui

    ui.print_meds(meds, show_all=show_all)


@meds_app.command("change")
def change(
    name: NameArg,
    dose: Annotated[str, typer.Option("--dose", metavar="DOSE", help="The new dose.")],
    day_text: DateOption = None,
    note: NoteOption = None,
    json_out: JsonOption = False,
) -> None:
    """Record a new dose from a day on; the earlier doses stay in the history."""
    from recovery_cli.core import clock
    from recovery_cli.store import meds as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.meds import clean_text

    dose_text = clean_text(dose, "--dose")
    assert dose_text is not None
    note_text = clean_text(note, "--note")
    day = _day(day_text)
    conn = state().db()
    med = _active_since(conn, name, day)
    with transaction(conn):
        store.change_dose(conn, med.id, day.isoformat(), dose_text, note_text,
                          clock.iso(clock.now()))
    if json_out:
        emit_json(_find(conn, med.name).to_json())
        return
    was = f" (was {med.current_dose})" if med.current_dose else ""
    report(f"{med.name}: {dose_text} from {day.isoformat()}{was}. The earlier dose stays in "
           "its history ('recovery meds show').")


def _active_since(conn: sqlite3.Connection, name: str, day: date) -> Medication:
    """The active medication `name`, refusing a `day` before it was started (change, stop)."""
    from recovery_cli.core.errors import InputError

    med = _find(conn, name, active_only=True)
    if day.isoformat() < med.started:
        raise InputError(f"--date {day.isoformat()} is before {med.name} was started "
                         f"({med.started}).")
    return med


@meds_app.command("stop")
def stop(
    name: NameArg,
    day_text: DateOption = None,
    why: Annotated[str | None, typer.Option("--why", metavar="TEXT",
                                            help="Why it was stopped.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Stop a medication from a day on (its history is kept)."""
    from recovery_cli.store import meds as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.meds import clean_text

    why_text = clean_text(why, "--why")
    day = _day(day_text)
    conn = state().db()
    med = _active_since(conn, name, day)
    with transaction(conn):
        store.stop(conn, med.id, day.isoformat(), why_text)
    if json_out:
        emit_json(next(m for m in store.all_medications(conn) if m.id == med.id).to_json())
        return
    report(f"Stopped {med.name} from {day.isoformat()}; its history is kept "
           "('recovery meds list --all').")


@meds_app.command("show")
def show(name: NameArg, json_out: JsonOption = False) -> None:
    """One medication's whole history: start, every dose change, stop."""
    med = _find(state().db(), name)
    if json_out:
        emit_json(med.to_json())
        return
    from recovery_cli.ui import meds as ui

    ui.print_med(med)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(meds_app, name="meds")
