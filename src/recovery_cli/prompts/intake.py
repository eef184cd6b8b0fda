"""Questions for the intake form. Every question can be skipped with Enter; Ctrl-C or EOF
raises `Cancelled` with the caller's message (nothing is saved)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from recovery_cli.prompts import (
    ask_confirm,
    ask_select,
    ask_text,
)
from recovery_cli.prompts.lists import collect, pick_many

if TYPE_CHECKING:
    pass

INTAKE_CANCELLED = "Intake cancelled; nothing was saved."


def intake_form(
    current: Mapping[str, str | list[str]],
    options: Mapping[str, Sequence[str]],
    suggested: Mapping[str, Sequence[tuple[str, int]]],
) -> dict[str, str | list[str]] | None:
    """Walk every intake field (current answers as defaults). None when the person chooses not
    to save at the end."""
    from recovery_cli.tools.intake import FIELDS

    answers: dict[str, str | list[str]] = {}
    for spec in FIELDS:
        now = current.get(spec.id)
        if spec.kind == "text":
            answers[spec.id] = ask_text(
                f"{spec.question} (Enter to skip)",
                default=now if isinstance(now, str) else "",
                cancelled=INTAKE_CANCELLED,
            ).strip()
        elif spec.id in ("symptoms", "triggers"):
            answers[spec.id] = pick_many(
                spec.question, options.get(spec.id, ()),
                now if isinstance(now, list) else [], suggested.get(spec.id, ()), INTAKE_CANCELLED,
            )
        else:
            answers[spec.id] = collect(spec.question, INTAKE_CANCELLED,
                                        keep=now if isinstance(now, list) else [])
    if not ask_confirm("Save this intake?", default=True, cancelled=INTAKE_CANCELLED):
        return None
    return answers


def choose_intake_action(updated: str) -> str:
    """'edit' the latest intake or start a 'new' one."""
    return ask_select(
        "You already have an intake. What would you like to do?",
        [(f"Update the one from {updated[:10]}", "edit"),
         ("Start a fresh one (for a new appointment)", "new")],
        default="edit",
        cancelled=INTAKE_CANCELLED,
    )
