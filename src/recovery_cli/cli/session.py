"""Commands: session log | list | next | bring | prep.

A session is an event of kind session (cli/event.py, store/events.py); the next appointment
is one row, and the bring-list starts once from the intake's questions for the therapist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, report, state
from recovery_cli.cli.event import DateOption, NoteOption, _day, _get, _note, _now

if TYPE_CHECKING:

    from recovery_cli.timeline.events import Event

session_app = typer.Typer(
    help="Therapy sessions: log one, set the next, and keep a list of things to bring.",
    no_args_is_help=True,
)

@session_app.command("log")
def log(
    day_text: DateOption = None,
    with_whom: Annotated[str | None, typer.Option("--with", metavar="NAME",
                                                  help="Who the session was with.")] = None,
    note: NoteOption = None,
    json_out: JsonOption = False,
) -> None:
    """Log a therapy session you attended (an event of kind session)."""
    from recovery_cli.store import events as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.meds import clean_text

    who = clean_text(with_whom, "--with")
    note_text = _note(note)
    day = _day(day_text)
    conn = state().db()
    nxt = store.next_session(conn)
    with transaction(conn):
        event_id = store.add(conn, day=day, kind="session",
                             text="Session", impact=None,
                             tags=[], with_whom=who, note=note_text, now=_now())
        if nxt is not None and nxt.day <= day:  # that appointment has happened
            store.clear_next_session(conn)
    if json_out:
        emit_json(_get(conn, event_id).to_json())
        return
    report(f"Logged your session on {day}. 'recovery session next DAY' sets the next one.")


@session_app.command("list")
def list_sessions(json_out: JsonOption = False) -> None:
    """The sessions you logged, oldest first, and the next one."""
    from recovery_cli.core import clock, paths
    from recovery_cli.timeline.events import NextSession

    st = state()
    found: list[Event] = []
    nxt: NextSession | None = None
    if paths.db_path(st.home).is_file():
        from recovery_cli.store import events as store

        conn = st.db()
        found = store.events_between(conn, kind="session")
        nxt = store.next_session(conn)
    if json_out:
        emit_json({"sessions": [e.to_json() for e in found],
                   "next": nxt.to_json() if nxt else None})
        return
    from recovery_cli.ui import meds as ui

    ui.print_events(found, "No sessions logged yet: 'recovery session log' logs one.")
    print(ui.next_line(nxt, clock.today()))


@session_app.command("next")
def next_session(
    day_text: Annotated[str | None, typer.Argument(
        help="The day of the next appointment: 2026-12-14, 'in 2 weeks' (must be ahead).",
        metavar="DAY")] = None,
    with_whom: Annotated[str | None, typer.Option("--with", metavar="NAME",
                                                  help="Who it is with.")] = None,
    note: NoteOption = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the next session.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Set the next appointment (remind tells you the day before), or show it."""
    from recovery_cli.core import clock
    from recovery_cli.store import events as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.events import check_future
    from recovery_cli.timeline.meds import clean_text

    today = clock.today()
    conn = state().db()
    if clear:
        with transaction(conn):
            store.clear_next_session(conn)
        report("The next session is cleared.")
        return
    if day_text is not None:
        who = clean_text(with_whom, "--with")
        note_text = _note(note)
        day = check_future(clock.parse_day(day_text, today, future=True), today)
        with transaction(conn):
            store.set_next_session(conn, day.isoformat(), who, note_text, _now())
            store.seed_from_intake(conn, _now())
    nxt = store.next_session(conn)
    if json_out:
        emit_json(nxt.to_json() if nxt else None)
        return
    from recovery_cli.ui import meds as ui

    print(ui.next_line(nxt, today))
    if day_text is not None:
        report("The day before, 'recovery remind' tells you; 'recovery session bring' keeps a "
               "list of things to bring.")


@session_app.command("bring")
def bring(
    text: Annotated[str | None, typer.Argument(help="Something to bring or ask, e.g. "
                                               '"ask about sleep".', metavar="TEXT")] = None,
    show_list: Annotated[bool, typer.Option("--list", help="Show the list.")] = False,
    done: Annotated[int | None, typer.Option("--done", metavar="N",
                                             help="Tick off item N of the list.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="With --list: ticked-off ones too."
                                           )] = False,
    json_out: JsonOption = False,
) -> None:
    """Keep a list of things to bring to your next session (your intake's questions for
    your therapist start it)."""
    from recovery_cli.core.errors import InputError, NotFoundError
    from recovery_cli.store import events as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.events import check_text

    if text is not None and done is not None:
        raise InputError("Give TEXT to add an item or --done N to tick one off, not both.")
    cleaned = check_text(text, "An item") if text is not None else None
    conn = state().db()
    with transaction(conn):
        store.seed_from_intake(conn, _now())
        if cleaned is not None:
            item_id = store.add_bring(conn, cleaned, _now())
            report(f"Added to your list for the next session ({item_id}): {cleaned}")
        if done is not None and not store.mark_done(conn, done, _now()):
            raise NotFoundError(f"No open item {done} on your list; 'recovery session bring "
                                "--list' shows the numbers.")
    if done is not None:
        report(f"Ticked off item {done}.")
    if cleaned is None and done is None:
        show_list = True
    if not show_list and not json_out:
        return
    items = store.bring_items(conn, include_done=show_all)
    if json_out:
        emit_json([b.to_json() for b in items])
        return
    from recovery_cli.ui import meds as ui

    ui.print_bring(items)


PREP_FORMATS = ("pdf", "html", "md", "terminal")


@session_app.command("prep")
def prep(
    since: Annotated[str | None, typer.Option(
        "--since", help="First day (default: the day after the last logged session, else "
        "the last 4 weeks).", metavar="DAY")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="pdf, html, md or terminal (default: terminal without -o, "
        "else the file's extension).", metavar="FORMAT")] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write to this file.",
                                               metavar="FILE")] = None,
    include_private: Annotated[bool, typer.Option(
        "--include-private", help="Include private journal entries (left out by default)."
    )] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """One page for your next session: how the weeks since the last one have been."""
    from pathlib import Path

    from recovery_cli.app.export import period_skills
    from recovery_cli.cli import _export_files as files
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.export import session as page
    from recovery_cli.timeline.events import check_past

    chosen = (fmt or (Path(output).suffix.lstrip(".") if output else "terminal")).lower()
    chosen = {"markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in PREP_FORMATS:
        raise InputError(f"--format '{chosen}': expected one of {', '.join(PREP_FORMATS)}.")
    if chosen == "terminal" and output:
        raise InputError("--format terminal prints here; leave -o out, or give pdf, html or "
                         "md.")
    today = clock.today()
    first = (check_past(clock.parse_day(since, today), today, "--since")
             if since is not None else None)
    conn = state().db()
    start, last = page.period_for(conn, first, today)
    titles, _ = period_skills(state(), start, today, ("checkins",))
    data = page.build_session(conn, state().checklists(), start, today, clock.now(),
                              since_session=last, include_private=include_private,
                              skill_titles=titles)
    if chosen == "terminal":
        from recovery_cli.ui import session as ui

        ui.render(data)
        return
    from recovery_cli.export import session_render as render

    out: str | bytes = (render.pdf(data) if chosen == "pdf" else render.html(data)
                        if chosen == "html" else render.markdown(data))
    if output is None and chosen == "md":
        import sys

        from recovery_cli.cli.export import _shown

        sys.stdout.write(_shown(str(out)))
        return
    name = f"session-prep_{today.isoformat()}.{chosen}"
    target = files.target(Path(output).expanduser(), name) if output else Path.cwd() / name
    with files.private_file(target, force) as fp:
        if isinstance(out, bytes):
            fp.flush()
            fp.buffer.write(out)
        else:
            fp.write(out)
    report(f"Wrote {target}: {data.report.period.label}"
           + (" (no data in this period)." if data.empty else ".")
           + ("" if include_private else " Private journal entries are left out."))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(session_app, name="session")
