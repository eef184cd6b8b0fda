"""Commands: event add | list | edit | remove (sessions: cli/session.py).

Medication starts, dose changes and stops show in `event list` as events of kind
medication; they are read from the medication history, not stored twice (and changed with
`recovery meds`). A session is an event of kind session.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.timeline.events import Event

event_app = typer.Typer(
    help="Life events on your timeline (a move, a loss, a new job), shown in trends, history "
    "and reports.", no_args_is_help=True,
)
DateOption = Annotated[str | None, typer.Option("--date", metavar="DAY",
                                                help="The day (default today).")]
KindOption = Annotated[str | None, typer.Option(
    "--kind", metavar="KIND",
    help="life, health, medication, appointment, session or other (default life).")]
ImpactOption = Annotated[str | None, typer.Option(
    "--impact", metavar="N", help="How it felt, from -3 (very hard) to 3 (very good).")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG",
                                                     help="A tag (repeatable).")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A short note.")]
IdArg = Annotated[int, typer.Argument(help="The event's number (event list shows it).",
                                      metavar="ID")]


def _day(text: str | None) -> str:
    from recovery_cli.core import clock
    from recovery_cli.timeline.events import check_past

    today = clock.today()
    return check_past(clock.parse_day(text, today) if text is not None else today, today).isoformat()


def _impact(text: str | None, *, empty_removes: bool = False) -> int | None:
    from recovery_cli.core.errors import InputError
    from recovery_cli.timeline.events import check_impact

    if text is None or (empty_removes and text.strip() == ""):
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise InputError(f"--impact takes a whole number from -3 to 3, not '{text}'.") from None
    return check_impact(value)


def _tags(raw: list[str] | None) -> list[str]:
    from recovery_cli.journal.text import merge_tags

    return merge_tags(raw or [])


def _note(text: str | None) -> str | None:
    from recovery_cli.timeline.meds import clean_text

    return clean_text(text, "--note")


def _get(conn: sqlite3.Connection, event_id: int) -> Event:
    from recovery_cli.core.errors import NotFoundError
    from recovery_cli.store import events as store

    found = store.get(conn, event_id)
    if found is None:
        raise NotFoundError(f"No event {event_id}; 'recovery event list' shows the numbers.")
    return found


def _now() -> str:
    from recovery_cli.core import clock

    return clock.iso(clock.now())


@event_app.command("add")
def add(
    text: Annotated[str | None, typer.Argument(help="What happened.", metavar="TEXT")] = None,
    day_text: DateOption = None,
    kind: KindOption = None,
    impact: ImpactOption = None,
    tag: TagOption = None,
    note: NoteOption = None,
    json_out: JsonOption = False,
) -> None:
    """Add a life event to your timeline (asks for the text in a terminal when not given)."""
    from recovery_cli.store import events as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.events import check_kind, check_text

    kind_id = check_kind(kind) if kind is not None else "life"
    value = _impact(impact)
    tags = _tags(tag)
    note_text = _note(note)
    day = _day(day_text)
    if text is None:
        if not interactive():
            raise need("The event's text", "TEXT (recovery event add \"Moved house\")")
        from recovery_cli.prompts import meds as ask

        text = ask.event_text()
    cleaned = check_text(text)
    conn = state().db()
    with transaction(conn):
        event_id = store.add(conn, day=day, kind=kind_id, text=cleaned, impact=value, tags=tags,
                             with_whom=None, note=note_text, now=_now())
    if json_out:
        emit_json(_get(conn, event_id).to_json())
        return
    report(f"Added event {event_id} on {day}: {cleaned}")


@event_app.command("list")
def list_events(
    start: Annotated[str | None, typer.Option("--from", metavar="DAY", help="First day.")] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="DAY", help="Last day.")] = None,
    kind: KindOption = None,
    search: Annotated[str | None, typer.Option("--search", metavar="WORDS",
                                               help="Only events holding every word.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Your events, oldest first, medication changes included (default: all of them)."""
    from recovery_cli.core import clock, paths
    from recovery_cli.core.errors import InputError
    from recovery_cli.timeline.events import check_kind, matches

    kind_id = check_kind(kind) if kind is not None else None
    a, b = clock.parse_day_range(start, end, clock.today()) if (start is not None or end is not None) else (None, None)
    if a and b and a > b:
        raise InputError(f"--from {a.isoformat()} is after --to {b.isoformat()}.")
    st = state()
    found: list[Event] = []
    if paths.db_path(st.home).is_file():
        from recovery_cli.store import events as store

        found = store.timeline_between(st.db(), a.isoformat() if a else None,
                                       b.isoformat() if b else None)
    if kind_id:
        found = [e for e in found if e.kind == kind_id]
    if search is not None:
        words = search.split()
        if not words:
            raise InputError("--search needs at least one word.")
        found = [e for e in found if matches(e, words)]
    if json_out:
        emit_json([e.to_json() for e in found])
        return
    from recovery_cli.ui import meds as ui

    ui.print_events(found, "No events found. 'recovery event add \"Started a new job\"' adds one.")


@event_app.command("edit")
def edit(
    event_id: IdArg,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="Replace the text.")] = None,
    day_text: DateOption = None,
    kind: KindOption = None,
    impact: Annotated[str | None, typer.Option(
        "--impact", metavar="N", help='-3 to 3 ("" removes it).')] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", metavar="TAG", help="Replace the tags (repeatable).")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help='Replace the note ("" removes it).')] = None,
    json_out: JsonOption = False,
) -> None:
    """Change an event: with the flags, or question by question in a terminal."""

    from recovery_cli.store import events as store
    from recovery_cli.store import transaction
    from recovery_cli.timeline.events import check_kind, check_text

    flags = any(v is not None for v in (text, day_text, kind, impact, tag, note))
    new_text = check_text(text) if text is not None else None  # bad flags: exit 2 first
    new_day = _day(day_text) if day_text is not None else None
    new_kind = check_kind(kind) if kind is not None else None
    new_impact = _impact(impact, empty_removes=True)
    new_tags = tuple(_tags(tag)) if tag is not None else None
    conn = state().db()
    event = _get(conn, event_id)
    if flags:
        changed = event._replace(
            text=new_text or event.text,
            day=new_day or event.day,
            kind=new_kind or event.kind,
            impact=new_impact if impact is not None else event.impact,
            tags=new_tags if new_tags is not None else event.tags,
            note=(note.strip() or None) if note is not None else event.note,
        )
    else:
        if not interactive():
            raise need("A change", "--text, --date, --kind, --impact, --tag or --note")
        from recovery_cli.core import clock
        from recovery_cli.prompts import meds as ask

        answers = ask.edit_event(event, clock.today())
        changed = event._replace(text=check_text(answers.text), day=answers.day,
                                      kind=answers.kind, impact=answers.impact)
    with transaction(conn):
        store.update(conn, changed, _now())
    if json_out:
        emit_json(_get(conn, event_id).to_json())
        return
    report(f"Updated event {event_id}.")


@event_app.command("remove")
def remove(
    event_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Remove an event (asks first in a terminal; --yes for scripts)."""
    from recovery_cli.store import events as store

    conn = state().db()
    event = _get(conn, event_id)
    if not yes:
        if not interactive():
            raise need("Confirmation", "--yes")
        from recovery_cli.prompts import meds as ask

        if not ask.confirm(f"Remove event {event.id} ({event.day}: {event.text[:40]})?"):
            print("Nothing was removed.", file=sys.stderr)
            return
    store.remove(conn, event.id or 0)
    report(f"Removed event {event_id}.")


def matching_events(conn: sqlite3.Connection, query: str, limit: int) -> list[Event]:
    """Stored events holding every word of a journal search (its operators and quotes
    ignored), newest first: `journal search` shows them too, marked as events."""
    from recovery_cli.store import events as store

    words = [w.strip('"*()') for w in query.split() if w not in ("AND", "OR", "NOT")]
    words = [w for w in words if w]
    return store.search(conn, words, limit) if words else []


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(event_app, name="event")
