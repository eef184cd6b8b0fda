"""Commands: journal write | list | show | search | edit | delete | tags.

On the hot paths (write with text, list, search) this imports neither pydantic nor
questionary nor sqlite-utils: records are dataclasses, SQL is plain sqlite3, and prompts,
the editor and the crisis lines are imported only when they are needed.
"""

# No `from __future__ import annotations` here on purpose: typer reads every command's
# signature on each run, and string annotations cost an eval each (about 5 ms for this group).
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, state

if TYPE_CHECKING:
    from pathlib import Path


journal_app = typer.Typer(
    help="Write, find, edit and tag journal entries. Everything stays on your machine.",
    no_args_is_help=True,
)

IdArg = Annotated[int, typer.Argument(help="The entry's id (as 'journal list' shows it).",
                                      metavar="ID")]
TagsOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag (repeatable); #work, @work and work are the same.",
                 metavar="TAG"),
]
WhenOption = Annotated[
    str | None,
    typer.Option("--date", help="When it happened: 2026-11-20, 'yesterday', 'last monday', "
                 "'3 days ago' (default: now).", metavar="WHEN"),
]


def _stdin_piped() -> bool:
    try:
        return not sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _read_stdin() -> str:
    """Piped text, decoded as UTF-8 (bytes that aren't become U+FFFD, never an error)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        raw: bytes = buffer.read()
        return raw.decode("utf-8", errors="replace")
    return str(sys.stdin.read())


def _crisis_check(*texts: str | None) -> None:
    """After saving: the crisis-language note (once) when the text uses the list's words."""
    from recovery_cli.cli import _crisis_note

    _crisis_note.after_saving(texts, saved="your entry is saved")


def _drafts() -> "Path":
    """Editor drafts stay inside the home (0700), never in $TMPDIR (issue 24)."""
    from recovery_cli.core import leftovers, paths

    return leftovers.drafts_dir(paths.ensure_home(state().home))


def _compose(guide: str | None) -> tuple[str | None, str]:
    """A new entry's text in the person's editor (the guide, if any, as its first line), else
    in a multi-line prompt; -> (title, body)."""
    from recovery_cli.journal.text import clean_text, join_editor_text, split_editor_text
    from recovery_cli.prompts import journal as ask

    editor = ask.editor_command()
    if editor:
        title, body = split_editor_text(clean_text(ask.edit_in_editor(
            join_editor_text(guide, "") if guide else "", editor, folder=_drafts())))
    else:
        title, body = split_editor_text(clean_text(
            ask.ask_entry_text(guide or "What's on your mind?")))
        title = title or guide
    if guide and title is None and body.strip() == guide.strip():
        return guide, ""  # the prompt left as it was, nothing written under it
    return title, body


def _ask_text(title: str | None, body: str, *, message: str) -> tuple[str | None, str] | None:
    """Text from the person's editor, else a multi-line prompt; (title, body) as split from
    the text, None when they left it unchanged."""
    from recovery_cli.journal.text import join_editor_text, split_editor_text
    from recovery_cli.prompts import journal as ask

    initial = join_editor_text(title, body) if (title or body) else ""
    editor = ask.editor_command()
    if editor:
        text = ask.edit_in_editor(initial, editor, folder=_drafts())
    else:
        text = ask.ask_entry_text(message, default=initial.rstrip("\n"))
    if text.rstrip("\r\n") == initial.rstrip("\r\n") and initial:
        return None
    from recovery_cli.journal.text import clean_text

    return split_editor_text(clean_text(text))


@journal_app.command("write")
def write(
    text: Annotated[
        list[str] | None,
        typer.Argument(help="What you want to write (quote it, or pipe it on stdin; in a "
                       "terminal without it, your $VISUAL/$EDITOR opens).", metavar="[TEXT]"),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A title (optional).")] = None,
    tag: TagsOption = None,
    private: Annotated[bool, typer.Option("--private", help="Mark it private: left out of "
                                          "exports unless you ask.")] = False,
    star: Annotated[bool, typer.Option("--star", help="Star it.")] = False,
    date: WhenOption = None,
    prompt: Annotated[bool, typer.Option("--prompt", help="Start from a guided prompt chosen "
                                         "for the stage your answers are most like.")] = False,
) -> None:
    """Write a journal entry. Prints its id."""
    from recovery_cli.app import journal
    from recovery_cli.core import clock
    from recovery_cli.journal.text import clean_text, merge_tags
    from recovery_cli.journal.text import strip_piped as strip

    moment = clock.past_when(date, "--date", "an entry") if date is not None else None
    merge_tags(tag or [])  # bad --tag values fail before anything is asked
    the_title = journal.title_of(title)
    guide: str | None = None
    if prompt:
        _, guide = journal.guided_prompt(state())
        the_title = the_title or guide
    if text:
        body = clean_text(" ".join(text))
    elif interactive():
        split_title, body = _compose(guide)
        the_title = split_title if title is None else the_title
    elif _stdin_piped():
        body = strip(_read_stdin())
    else:
        raise need("The entry's text", "TEXT (or pipe it on stdin)")
    saved = journal.write(state(), body, title=the_title, tags=list(tag or []),
                          private=private, starred=star, when=moment)
    if moment is None:  # before the day's end it counts for the day before; --date always wins
        from recovery_cli.cli._common import note_boundary

        note_boundary(saved.created)
    print(f"Saved entry {saved.entry_id}." if sys.stdout.isatty() else saved.entry_id)
    _crisis_check(saved.title, saved.body)


@journal_app.command("list")
def list_cmd(
    start: Annotated[str | None, typer.Option("--from", help="From this day (inclusive).",
                                              metavar="DAY")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this day (inclusive).",
                                            metavar="DAY")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only entries with this tag.",
                                            metavar="TAG")] = None,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred entries.")] = False,
    number: Annotated[int, typer.Option("-n", "--number", min=1, help="How many (newest first).",
                                        metavar="N")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Your entries, newest first (private ones included and marked)."""
    from recovery_cli.app import journal
    from recovery_cli.core import clock
    from recovery_cli.journal.text import entry_json

    a, b = clock.parse_day_range(start, end)
    entries = journal.entries(state(), start=a, end=b, tag=tag, starred=starred, limit=number)
    if json_out:
        emit_json([entry_json(e) for e in entries])
        return
    from recovery_cli.ui import journal as ui

    filtered = bool(start or end or tag or starred)
    ui.print_entries(entries, empty="No entries match." if filtered else
                     "No journal entries yet. Write one with: recovery journal write")


@journal_app.command("show")
def show(entry_id: IdArg, json_out: JsonOption = False) -> None:
    """One entry in full."""
    from recovery_cli.app.journal import get
    from recovery_cli.journal.text import entry_json

    entry = get(state(), entry_id)
    if json_out:
        emit_json(entry_json(entry))
        return
    from recovery_cli.ui import journal as ui

    ui.print_entry(entry)


@journal_app.command("search")
def search(
    query: Annotated[list[str], typer.Argument(
        help='Words (all must appear), prefixes like anx*, "phrases in quotes"; AND, OR, NOT '
        "in capitals. Accents and case don't matter.", metavar="QUERY")],
    number: Annotated[int, typer.Option("-n", "--number", min=1, help="How many (best first).",
                                        metavar="N")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Find entries by their words, best match first, with the matching words highlighted."""
    from recovery_cli.app import journal
    from recovery_cli.journal.snippets import snippet_plain
    from recovery_cli.journal.text import entry_json

    text = " ".join(query)
    found = journal.search(state(), text, number)
    if found.windowed:
        print(f"More than {found.window:,} entries match; these are the best matches "
              f"among the newest {found.window:,}. More words narrow it down.",
              file=sys.stderr)
    if json_out:  # entries only, as before: scripts read events with event list --search
        emit_json([{**entry_json(e), "snippet": snippet_plain(s)} for e, s in found.hits])
        return
    from recovery_cli.cli.event import matching_events
    from recovery_cli.ui import journal as ui

    events = matching_events(state().db(), text, number)
    if found.hits or not events:
        ui.print_hits(found.hits, text)
    if events:
        from recovery_cli.ui import meds as ui_meds

        ui_meds.print_event_hits(events)


@journal_app.command("edit")
def edit(
    entry_id: IdArg,
    text: Annotated[str | None, typer.Option("--text", help="Replace the text.")] = None,
    title: Annotated[str | None, typer.Option("--title", help='Replace the title ("" removes '
                                              "it).")] = None,
    tag: TagsOption = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag "
                                                    "(repeatable).", metavar="TAG")] = None,
    private: Annotated[bool | None, typer.Option("--private/--no-private",
                                                 help="Mark private, or not.")] = None,
    star: Annotated[bool | None, typer.Option("--star/--no-star", help="Star, or unstar.")] = None,
    date: WhenOption = None,
) -> None:
    """Change an entry: in your editor (in a terminal), or with the flags."""
    from recovery_cli.app import journal
    from recovery_cli.core import clock
    from recovery_cli.journal.text import clean_text, merge_tags

    st = state()
    entry = journal.get(st, entry_id)
    merge_tags(tag or [], untag or [])  # bad tags fail before anything is asked
    new_title: str | journal.Keep | None = journal.KEEP if title is None else journal.title_of(title)
    new_body = None if text is None else clean_text(text)
    if not any(v is not None for v in (text, title, tag, untag, private, star, date)):
        if not interactive():
            raise need("What to change", "--text, --title, --tag, --untag, --private/--no-private, "
                       "--star/--no-star or --date")
        got = _ask_text(entry.title, entry.body, message=f"Entry {entry.id}:")
        if got is None:
            print("No changes; the entry is as it was.", file=sys.stderr)
            return
        new_title, new_body = got
    moment = clock.past_when(date, "--date", "an entry") if date is not None else None
    saved = journal.edit(st, entry, body=new_body, title=new_title, tag=tag, untag=untag,
                         private=private, starred=star, when=moment)
    if saved is None:
        print(f"Entry {entry.id} already looks like that; nothing to change.", file=sys.stderr)
        return
    print(f"Updated entry {entry.id}.")
    if (saved.body, saved.title) != (entry.body, entry.title):
        _crisis_check(saved.title, saved.body)


@journal_app.command("delete")
def delete(
    entry_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Delete an entry (asks first in a terminal; --yes for scripts). Its id is not reused."""
    from recovery_cli.app import journal
    from recovery_cli.journal.text import first_line

    entry = journal.get(state(), entry_id)
    if not yes:
        if not interactive():
            raise need("Confirmation", "--yes")
        from recovery_cli.prompts import journal as ask

        summary = f"entry {entry.id} ({entry.day}: {first_line(entry.title, entry.body, 40)})"
        if not ask.confirm_delete(summary):
            print("Nothing was deleted.", file=sys.stderr)
            return
    journal.delete(state(), entry)
    print(f"Deleted entry {entry.id}.")


@journal_app.command("tags")
def tags(json_out: JsonOption = False) -> None:
    """Your tags and how many entries carry each."""
    from recovery_cli.app import journal

    counts = journal.tags(state())
    if json_out:
        emit_json([{"tag": t, "count": n} for t, n in counts])
        return
    from recovery_cli.ui import journal as ui

    ui.print_tags(counts)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(journal_app, name="journal")
