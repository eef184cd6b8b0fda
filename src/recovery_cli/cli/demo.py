"""Command: demo (a throwaway home with a made-up history; app/demo.py makes it)."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import state

DaysDemo = Annotated[
    int,
    typer.Option("--days", metavar="N", min=14, max=730,
                 help="How many days of history to make up (14-730)."),
]


def demo(days: DaysDemo = 90) -> None:
    """Fill a throwaway home with a made-up history (check-ins, journal, questionnaires, a
    plan) so you can try every command; your own data is never touched.

    Without --home or $RECOVERY_HOME it makes a new folder for the demo (your own home is left
    alone) and prints each command with that home given for one run only. With one, it fills
    that home when it is empty, and refuses a home that already has data.
    """
    import shlex

    from recovery_cli.app.demo import seed

    given_home = bool(state().home_override)  # --home: the one-shot form is --home
    done = seed(state(), days)
    made = done.made
    lines = [
        f"Made a demo home in {done.home} (everything in it is made up):",
        f"  {made['checkins']} evening check-ins since {done.first_day}",
        f"  {made['entries']} journal entries ({made['private']} private)",
        f"  {made['questionnaires']} questionnaires (PHQ-9, GAD-7, WHO-5 every two weeks)",
        f"  {made['stage']} stage self-assessments",
        f"  a relapse-prevention plan with {made['warning_signs']} early warning signs",
        f"  {made['values']} values, {made['goals']} goals, {made['practices']} skill practices",
        f"  {made['medications']} medications (one dose change), {made['events']} life events",
        f"  {made['sessions']} therapy sessions and a bring-list for the next one",
        f"  {made['snaps']} quick moments ('recovery snaps --days 30')",
        "",
        "Look around (each command names the demo home for that one run, so your own",
        "check-ins never land here):",
    ]
    quoted = shlex.quote(str(done.home))
    base = f"recovery --home {quoted} " if given_home else f"RECOVERY_HOME={quoted} recovery "
    for cmd in ("trends", "stage", "plan check", "export --format html -o demo.html", "remind"):
        lines.append(f"  {base}{cmd}")
    if done.made_here:
        lines.append(f"When you are done with it: rm -r {quoted}")
    print("\n".join(lines))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("demo")(demo)
