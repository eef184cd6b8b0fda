"""Command: stage (the latest stage self-assessment, its profile and the evidence beside it)."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption


def stage(
    show_history: Annotated[
        bool, typer.Option("--history", help="List your past stage self-assessments.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Which of the five recovery stages your latest stage self-assessment is most like (or
    that it points to no single one), its profile, next steps and what your records show
    beside it."""
    from recovery_cli.cli._stage_show import show

    show(show_history, json_out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("stage")(stage)
