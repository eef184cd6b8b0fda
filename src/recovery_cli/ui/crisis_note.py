"""The kind note shown on stderr when something a person wrote uses words from the
crisis-language list (src/recovery_cli/plan/crisis_language.py), with the crisis lines for their
region. It offers lines; it does not judge, and it says plainly that nobody is told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.ui import say

if TYPE_CHECKING:
    from recovery_cli.plan.crisis import CrisisView

_HONEST = (
    "A word list on your own computer noticed words that can be about wanting to die or to "
    "hurt yourself. It can't know what you meant; nothing was sent anywhere and nobody is "
    "told: recovery is not monitored by anyone."
)
_OFFER = (
    "If you are thinking about ending your life or harming yourself, you don't have to go "
    "through it alone. These lines are free and confidential:"
)
_FOOT = (
    "'recovery crisis' shows these lines any time, with your safety plan. "
    "('recovery config set crisis_keywords false' turns this note off.)"
)


def _wrap(text: str, width: int | None, *, hanging: bool = False) -> str:
    """Each line wrapped to `width` (None: as it is), whole words kept. `hanging`: as in the
    crisis block, a line goes on 4 spaces in, an indented one under its own text."""
    if width is None:
        return text
    import textwrap

    out: list[str] = []
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip(" "))
        rest = (lead or 4) if hanging else lead
        out.extend(textwrap.wrap(line, width=max(width, 30), subsequent_indent=" " * rest,
                                 break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out)


def _lines(view: CrisisView, width: int | None) -> str:
    from recovery_cli.plan.crisis import coverage_note
    from recovery_cli.ui.crisis import crisis_text

    coverage = coverage_note(view)
    return _wrap(crisis_text(view), width, hanging=True) + (
        "\n" + _wrap(coverage, width) if coverage else "")


def note_text(view: CrisisView, saved: str, width: int | None = None) -> str:
    """After saving something a person wrote (`saved`: "your check-in is saved")."""
    head = f"Thank you for writing this down; {saved}.\n{_HONEST}\n{_OFFER}"
    return _wrap(head, width) + "\n\n" + _lines(view, width) + "\n\n" + _wrap(_FOOT, width)


def import_note_text(view: CrisisView, count: int, width: int | None = None) -> str:
    """Once per import: how many of the records read use such words."""
    some = "1 uses" if count == 1 else f"{count} use"
    head = (
        f"Of the records in this file, {some} words that can be about wanting to die or to "
        "hurt yourself: a word list on your own computer noticed them. It can't know what they "
        "meant or whether they are about now; nothing was sent anywhere and nobody is told.\n"
        "If things are like that for you now, you don't have to go through it alone. These "
        "lines are free and confidential:"
    )
    return _wrap(head, width) + "\n\n" + _lines(view, width) + "\n\n" + _wrap(_FOOT, width)


def width() -> int | None:
    """The terminal's width when stderr is one; None for a pipe (one line per paragraph)."""
    import shutil
    import sys

    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns - 1


def print_note(text: str) -> None:
    say("\n" + text + "\n")
