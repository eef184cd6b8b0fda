"""Rendering for the intake."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from recovery_cli.ui import console

if TYPE_CHECKING:

    pass


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_intake(intake: Mapping[str, Any]) -> None:
    from recovery_cli.tools.intake import FIELDS

    out = console()
    answers = intake.get("answers", {})
    out.print(f"[bold]Intake[/] (started {str(intake['created_at'])[:10]}, "
              f"last updated {str(intake['updated_at'])[:10]})")
    for spec in FIELDS:
        value = answers.get(spec.id)
        out.print(f"\n[bold]{_esc(spec.label)}[/]")
        if not value:
            out.print("  [dim](not answered)[/]")
        elif isinstance(value, list):
            for item in value:
                out.print(f"  - {_esc(item)}")
        else:
            out.print(f"  {_esc(value)}")


def no_intake() -> None:
    console().print("You haven't filled in an intake yet. 'recovery intake' walks you through it, "
                    "one skippable question at a time.")
