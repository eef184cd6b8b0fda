"""Command: `crisis` (the lines, then the safety plan).

It works with no data, no plan and no network, and never creates a database. The lines are
printed (and flushed) before anything that could wait: the plan of an encrypted home needs
the passphrase, and that prompt comes only after the lines are on the screen. The body is
cli/_crisis.py (a bare `recovery crisis` runs it without typer, see cli/_fast.py); `learn`
(cli/safety.py) shares the --region option from here and the lines' view from there.
"""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption

RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="Show this region's lines (US, CA, GB, IE, AU, NZ ...; "
                 "lower case works) instead of the configured one.", metavar="CODE"),
]


def crisis(region: RegionOption = None, json_out: JsonOption = False) -> None:
    """Crisis lines and emergency numbers first, then your safety plan: a reason for living,
    things to do alone, people and places, people to ask, professionals and contacts, and
    safer surroundings. Works with no data and no network."""
    from recovery_cli.cli._crisis import show

    show(region, json_out=json_out)


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command("crisis")(crisis)
