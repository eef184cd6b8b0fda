"""The crisis-language note, for every command that saves something a person wrote.

Call `after_saving(texts, saved=...)` once per command, after the write: it checks the texts
with the one word list (recovery_cli.plan.crisis_language) and, when they use its words and the
person has not turned the note off (`crisis_keywords false`), prints the note with the crisis
lines for their region on stderr. stdout is never touched, so `--json` stays one document.
A broken config or data file never hides the lines.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from recovery_cli.cli._common import state


def _wanted() -> tuple[bool, str | None]:
    """(note on?, region). A config that can't be read keeps the note on, region unset."""
    try:
        cfg = state().config()
    except Exception:
        return True, None
    return bool(cfg.crisis_keywords), cfg.region


def _show(render: str, count: int = 0, saved: str = "") -> None:
    _on, region = _wanted()
    try:
        from recovery_cli.core.checklists import load_crisis
        from recovery_cli.plan import crisis
        from recovery_cli.ui import crisis_note as ui

        view = crisis.select(load_crisis(), region)
        text = (ui.import_note_text(view, count, ui.width()) if render == "import"
                else ui.note_text(view, saved, ui.width()))
        ui.print_note(text)
    except Exception:
        from recovery_cli.core import messages

        print("\n" + messages.HELP_EPILOG, file=sys.stderr)


def check(texts: Iterable[str | None]) -> bool:
    """True when the note would be shown for these texts (the list matches and it is on)."""
    from recovery_cli.plan.crisis_language import mentions_crisis

    try:
        found = mentions_crisis(*texts)
    except Exception:  # the shipped list is tested; a damaged install must not fail a save
        return False
    return found and _wanted()[0]


def show(saved: str) -> None:
    """The note, after `check` said yes (for commands that first mark their JSON)."""
    _show("saved", saved=saved)


def after_saving(texts: Iterable[str | None], *, saved: str) -> bool:
    """The note, once, when the texts use the list's words; True when it was shown."""
    if not check(texts):
        return False
    show(saved)
    return True


def after_import(count: int) -> None:
    """Once per import (a dry run too): `count` records read from the file use the list's
    words."""
    if count <= 0 or not _wanted()[0]:
        return
    _show("import", count=count)
