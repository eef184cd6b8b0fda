"""Commands: snap (a quick moment, the fastest write in the project) and snaps (the list).

`snap` imports only the clock, config and plain sqlite3 on its way to the one INSERT (its body
is cli/_snap.py, which `recovery snap N` runs without typer, see main.py): no pydantic, no
sqlite-utils (unless a new home needs its schema), and questionary only when it has to ask
(tests/cli/test_startup.py guards this).
"""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, state


def snap(
    mood: Annotated[str | None, typer.Argument(metavar="[MOOD]",
                                               help="Your mood right now, 0-10.")] = None,
    anxiety: Annotated[str | None, typer.Option("--anxiety", metavar="N",
                                                help="Anxiety, 0-10.")] = None,
    energy: Annotated[str | None, typer.Option("--energy", metavar="N",
                                               help="Energy, 0-10.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="A few words about the moment.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG",
                                                  help="A tag (repeatable).")] = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN",
                                           help="When it was: 14:30, 'yesterday 18:00', "
                                           "2026-11-20T09:15 (default: now).")] = None,
    day_text: Annotated[str | None, typer.Option("--date", metavar="DAY",
                                                 help="The day it counts for (default: the "
                                                 "day it belongs to; before 4:00, the day "
                                                 "before).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Allow an --at more than a year ago.")]
    = False,
    json_out: JsonOption = False,
) -> None:
    """A quick moment: how you are right now, 0-10, saved with its time. Any number a day.

    In a terminal `recovery snap` asks for one number; `recovery snap 6` saves at once.
    """
    from recovery_cli.cli._snap import save

    save(mood, anxiety=anxiety, energy=energy, note=note, tag=tag, at=at, day_text=day_text,
         yes=yes, json_out=json_out)


def snaps(
    day_text: Annotated[str | None, typer.Option("--day", metavar="DAY",
                                                 help="One day (default: today).")] = None,
    days: Annotated[int | None, typer.Option("--days", metavar="N",
                                             help="The last N days.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Your quick moments: today's, one --day, or the last --days N (--json: a list)."""
    from datetime import timedelta

    from recovery_cli.core import clock, paths
    from recovery_cli.core.errors import InputError

    today = clock.today()
    if day_text is not None and days is not None:
        raise InputError("Use either --day or --days, not both.")
    if days is not None and not 1 <= days <= 36600:
        raise InputError(f"--days takes a whole number from 1 to 36600, not {days}.")
    if day_text is not None:
        first = last = clock.parse_day(day_text, today)
    else:
        last = today
        first = today - timedelta(days=(days or 1) - 1)
    st = state()
    found = []
    if paths.db_path(st.home).is_file():
        from recovery_cli.store import snaps as store

        found = store.between(st.db(), first.isoformat(), last.isoformat())
    if json_out:
        emit_json([s.as_dict() for s in found])
        return
    from recovery_cli.ui import snaps as ui

    ui.print_snaps(found, first.isoformat(), last.isoformat(), today.isoformat())


def register(app: typer.Typer) -> None:
    app.command("snap")(snap)
    app.command("snaps")(snaps)

