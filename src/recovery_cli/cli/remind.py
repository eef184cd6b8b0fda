"""Commands: remind, remind cron.

`recovery remind [--json] [--notify]` normally never reaches typer: main.py sends it down the
fast path in `remind_run`. This group exists for `--help`, for `recovery remind cron`, and for
in-process callers; its callback runs the very same code.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption, state

remind_app = typer.Typer()


@remind_app.callback(invoke_without_command=True)
def remind(
    ctx: typer.Context,
    json_out: JsonOption = False,
    notify: Annotated[
        bool,
        typer.Option("--notify", help="Also show a desktop notification (notify-send), when a "
                     "display is available; otherwise skipped silently."),
    ] = False,
) -> None:
    """Show what is due now: today's check-in after your reminder time, questionnaires whose
    time has come, a plan review, early warning signs from your plan.

    Prints one plain line per reminder (wrapped, with the command below it, in a terminal)
    and nothing at all when nothing is due; never asks anything, so cron can run it. 'recovery remind cron' prints the line for your crontab.
    """
    if ctx.invoked_subcommand is not None:
        return
    from recovery_cli.reminders import run as remind_run

    remind_run.remind(state().home, as_json=json_out, send_notification=notify)


@remind_app.command("cron")
def cron(
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="HH:MM",
                     help="The time of day to remind you (default: reminders.checkin_time)."),
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Add the line to your crontab (once).")
    ] = False,
    uninstall: Annotated[
        bool, typer.Option("--uninstall", help="Remove that line from your crontab.")
    ] = False,
) -> None:
    """Print the crontab line that runs 'recovery remind --notify' every day, or install it.

    The line uses absolute paths (cron's PATH is only /usr/bin:/bin) and the home in use.
    """
    from recovery_cli.core.errors import InputError
    from recovery_cli.reminders import run as remind_run

    if install and uninstall:
        raise InputError("Choose one of --install and --uninstall.")
    st = state()
    home = st.home
    if uninstall:
        text, removed = remind_run.without_line(remind_run.read_crontab(), home)
        if not removed:
            print(f"Your crontab has no recovery reminder for {home}; nothing was changed.")
            return
        remind_run.write_crontab(text)
        print(f"Removed the daily recovery reminder for {home} from your crontab.")
        return
    when = at.strip() if at is not None else st.config().reminders.checkin_time
    if len(when) == 4 and when[1] == ":":
        when = "0" + when  # 7:30 -> 07:30
    try:
        line = remind_run.cron_line(home, when)
    except ValueError:
        raise InputError(f"--at takes a time like 20:00, not '{when}'.") from None
    if not install:
        print(line)
        print("Add it with 'recovery remind cron --install' (or 'crontab -e').", file=sys.stderr)
        from recovery_cli.sync.config import cron_hint

        hint = cron_hint(home, remind_run.executable_command(), remind_run.home_assignment(home))
        if hint is not None:
            print(hint, file=sys.stderr)
        return
    text, change = remind_run.with_line(remind_run.read_crontab(), line, home)
    if change == "unchanged":
        print(f"Your crontab already has this reminder; nothing was changed:\n{line}")
        return
    remind_run.write_crontab(text)
    verb = "Added" if change == "added" else "Updated"
    print(f"{verb} a daily reminder at {when} in your crontab:\n{line}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(remind_app, name="remind",
                  short_help="What is due now, silent when nothing is (for cron); remind cron.")
