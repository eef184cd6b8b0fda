"""Command: `learn` (a short page on suicide). `crisis` lives in cli/crisis.py.

It works with no data and no network, and never creates a database.
"""

from __future__ import annotations

import typer

from recovery_cli.cli._common import JsonOption, emit_json
from recovery_cli.cli._crisis import _view
from recovery_cli.cli.crisis import RegionOption


def learn(region: RegionOption = None, json_out: JsonOption = False) -> None:
    """A short page about suicide: warning signs, that urges pass, making your surroundings
    safer, how to help someone else, and where to go (your region's lines). Information in
    our own words from public sources, named at the end; it does not assess anyone's risk."""
    from recovery_cli.plan import learn as learn_mod

    view = _view(region)
    page = learn_mod.load()
    if json_out:
        from recovery_cli.plan import crisis as crisis_mod

        doc = learn_mod.page_json(page)
        doc["crisis"] = crisis_mod.crisis_json(view) if view is not None else None
        emit_json(doc)
        return
    from recovery_cli.ui import learn as ui_learn

    ui_learn.print_page(page, view)


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command("learn")(learn)
