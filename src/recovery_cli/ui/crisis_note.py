"""The kind note shown on stderr when something a person wrote uses words from the
crisis-language list (src/recovery_cli/crisis_language.py), with the crisis lines for their
region. It offers lines; it does not judge, and it says plainly that nobody is told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.ui import say

if TYPE_CHECKING:
    from recovery_cli.crisis import CrisisView

_HONEST = (
    "A word list on your own computer noticed words that can be about wanting to die or to "
    "hurt yourself. It can't know what you meant; nothing was sent anywhere and nobody is "
    "told: recovery is not monitored by anyone."
)
_FOOT = (
    "'recovery crisis' shows these lines any time, with your safety plan. "
    "('recovery config set crisis_keywords false' turns this note off.)"
)
_OFFER = (
    "If you are thinking about ending your life or harming yourself, you don't have to go "
    "through it alone. These lines are free and confidential:"
)


def note_text(view: CrisisView, saved: str) -> str:
    """After saving something a person wrote (`saved`: "your check-in is saved")."""
    from recovery_cli.crisis import coverage_note
    from recovery_cli.ui.crisis import crisis_text

    coverage = coverage_note(view)
    return (
        f"Thank you for writing this down; {saved}.\n{_HONEST}\n{_OFFER}\n\n"
        + crisis_text(view) + (f"\n{coverage}" if coverage else "") + f"\n\n{_FOOT}"
    )


def import_note_text(view: CrisisView, count: int, dry_run: bool) -> str:
    """Once per import: how many of the records read use such words."""
    from recovery_cli.crisis import coverage_note
    from recovery_cli.ui.crisis import crisis_text

    what = f"{count} {'record' if count == 1 else 'records'} in this file"
    verb = "would be imported" if dry_run else "imported"
    coverage = coverage_note(view)
    return (
        f"{what} ({verb}) use words that can be about wanting to die or to hurt yourself: a "
        "word list on your own computer noticed them. It can't know what they meant or "
        "whether they are about now. Nothing was sent anywhere and nobody is told.\n"
        f"If things are like that for you now, you don't have to go through it alone. These "
        "lines are free and confidential:\n\n"
        + crisis_text(view) + (f"\n{coverage}" if coverage else "") + f"\n\n{_FOOT}"
    )


def print_note(text: str) -> None:
    say("\n" + text + "\n")
