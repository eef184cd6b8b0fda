"""Command: trends (the demo is in cli/demo.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption

DaysTrends = Annotated[
    int,
    typer.Option("--days", metavar="N", min=1, max=3650,
                 help="How many days to look at, ending today (1-3650)."),
]


def trends(days: DaysTrends = 30, json: JsonOption = False) -> None:
    """Pictures of your last days: sparklines, a mood calendar, what went along with your
    mood, and questionnaire scores. Reads only the days it shows."""
    from recovery_cli.cli._trends_show import show

    show(days, json_out=json)


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command("trends")(trends)
