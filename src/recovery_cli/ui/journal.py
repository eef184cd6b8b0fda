"""How the journal looks: entry lists, one entry, search hits with highlighted words, tags, and
the gentle note with crisis lines.

Lines are built as (text, style) pieces. In a terminal rich prints them with their styles; in
a pipe or a file (where rich would print no styles anyway) they are written as plain text
without importing rich, which keeps `journal list` and `journal search` fast on big journals.
Everything a person wrote goes out as text, never parsed as markup, and is never re-wrapped;
nothing in it can drive the terminal (`ui.safe`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import datetime

from recovery_cli.core.records import Entry
from recovery_cli.journal.snippets import snippet_plain
from recovery_cli.journal.text import HL_END, HL_START, first_line
from recovery_cli.ui import say

Line = list[tuple[str, str]]  # (text, rich style)
MATCH_STYLE = "bold underline"


def _styled() -> bool:
    """Styles only for a terminal (or when FORCE_COLOR asks for them)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _emit(lines: Sequence[Line]) -> None:
    if not _styled():  # a pipe often ends in a terminal too (| cat, | less -R): made safe
        from recovery_cli.ui.safe import terminal_safe

        out = sys.stdout
        text = "".join("".join(terminal_safe(piece) for piece, _ in line) + "\n"
                       for line in lines)
        try:
            out.write(text)
        except UnicodeEncodeError:  # an output encoding that can't hold the text (rare)
            encoding = out.encoding or "ascii"
            out.write(text.encode(encoding, "replace").decode(encoding))
        out.flush()
        return
    from rich.text import Text

    from recovery_cli.ui import console

    con = console()
    for line in lines:
        con.print(Text.assemble(*line), soft_wrap=True)


def when(created_at: str) -> str:
    """`Thu 26 Nov 2026 21:04` (the time it was written, local as stored)."""
    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    return f"{moment:%a} {moment.day:2d} {moment:%b %Y %H:%M}"


def _tags(tags: Sequence[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


def _not_in(tags: Sequence[str], text: str) -> list[str]:
    """The tags the text doesn't already show as #tag or @tag (an untitled entry's first
    line often holds them: never the same tag twice on one line)."""
    import re

    low = text.casefold()
    return [t for t in tags
            if not re.search(r"[#@]" + re.escape(t.casefold()) + r"(?![\w-])", low)]


def entry_line(entry: Entry, id_width: int) -> Line:
    shown = first_line(entry.title, entry.body)
    line: Line = [
        (f"{entry.id:>{id_width}}", "bold cyan"),
        (f"  {when(entry.created_at)}  ", "dim"),
        ("★ " if entry.starred else "  ", "yellow"),
        (shown, "bold" if entry.title else ""),
    ]
    tags = _not_in(entry.tags, shown)
    if tags:
        line.append(("  " + _tags(tags), "magenta"))
    if entry.private:
        line.append(("  (private)", "dim italic"))
    return line


def print_entries(entries: Sequence[Entry], *, empty: str) -> None:
    if not entries:
        say(empty)
        return
    width = max(len(str(e.id)) for e in entries)
    _emit([entry_line(e, width) for e in entries])


def print_entry(entry: Entry) -> None:
    head: Line = [(f"Entry {entry.id}", "bold cyan"), (f" · {when(entry.created_at)}", "dim")]
    if entry.starred:
        head.append((" · ★ starred", "yellow"))
    if entry.private:
        head.append((" · private", "dim italic"))
    lines: list[Line] = [head]
    if entry.tags:
        lines.append([(_tags(entry.tags), "magenta")])
    lines.append([])
    if entry.title:
        lines += [[(entry.title, "bold")], []]
    lines.append([(entry.body, "")])
    _emit(lines)


def snippet_pieces(snippet: str) -> Line:
    """A snippet's text with its matched words styled."""
    pieces: Line = []
    style = ""
    current: list[str] = []
    for ch in snippet:
        if ch in (HL_START, HL_END):
            if current:
                pieces.append(("".join(current), style))
            current = []
            style = MATCH_STYLE if ch == HL_START else ""
            continue
        current.append(ch)
    if current:
        pieces.append(("".join(current), style))
    return pieces


def print_hits(hits: Sequence[tuple[Entry, str]], query: str) -> None:
    if not hits:
        say(f"No entries match {query}.")
        return
    styled = _styled()
    width = max(len(str(e.id)) for e, _ in hits)
    lines: list[Line] = []
    for n, (entry, snippet) in enumerate(hits):
        if n:
            lines.append([])
        lines.append(entry_line(entry, width))
        indent = (" " * (width + 2), "")
        if styled:
            lines.append([indent, *snippet_pieces(snippet)])
        else:  # no styles in a pipe or a file: mark the matched words instead
            lines.append([indent, (snippet_plain(snippet), "")])
    _emit(lines)


def print_tags(counts: Sequence[tuple[str, int]]) -> None:
    if not counts:
        say("No tags yet. Add some with --tag, or write #words in an entry.")
        return
    width = max(len(t) for t, _ in counts) + 3
    _emit([
        [(f"#{tag}".ljust(width), "magenta"), (f"{n} {'entry' if n == 1 else 'entries'}", "")]
        for tag, n in counts
    ])
