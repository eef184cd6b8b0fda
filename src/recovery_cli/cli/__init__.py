"""The typer application: thin commands, one module per command group.

Command modules import only typer and the standard library at module level; everything heavy
(questionary, rich tables, sqlite-utils, fpdf2, jinja2) is imported inside the functions that
need it, so `--help` and simple commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from recovery_cli import __version__, messages
from recovery_cli.cli import (
    admin,
    assess,
    checkin,
    encrypt,
    event,
    export,
    journal,
    meds,
    plan,
    remind,
    safety,
    session,
    sync,
    tools,
    trends,
)
from recovery_cli.cli._common import RecoveryGroup, interactive, reset_state

_APP_SETTINGS: dict[str, Any] = dict(
    name="recovery",
    cls=RecoveryGroup,
    help="A private, local-first companion for your recovery: check-ins, journal, "
    "questionnaires, a relapse-prevention plan and exports for your therapist.",
    epilog=messages.HELP_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_APP_SETTINGS)


def _version(value: bool) -> None:
    if value:
        print(f"recovery {__version__}")
        raise typer.Exit(0)


def _first_run_disclaimer(ctx: typer.Context) -> None:
    """Once, in a terminal only, on stderr; never with --json, never for remind."""
    if ctx.invoked_subcommand in (None, "remind") or "--json" in sys.argv:
        return
    if not (interactive() and sys.stderr.isatty()):
        return
    from recovery_cli import paths

    try:
        home = paths.ensure_home(paths.resolve_home(ctx.params.get("home")))
    except Exception:
        return
    marker = home / ".disclaimer-shown"
    if marker.exists():
        return
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)  # words never cut at the edge
    print(textwrap.fill(messages.DISCLAIMER, width=max(width - 1, 40)) + "\n", file=sys.stderr)
    marker.touch(mode=0o600)


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option("--home", help="Use this folder for your data (default: $RECOVERY_HOME or "
                     "the platform's data folder).", metavar="PATH"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    passphrase_file: Annotated[
        Path | None,
        typer.Option("--passphrase-file", metavar="PATH", help="Read the passphrase of an "
                     "encrypted database from this file (or $RECOVERY_PASSPHRASE_FILE)."),
    ] = None,
) -> None:
    """A private, local-first companion for your recovery."""
    reset_state(home)
    encrypt.set_up(passphrase_file, ctx.invoked_subcommand)
    _first_run_disclaimer(ctx)


MODULES = (checkin, journal, assess, plan, safety, remind, export, trends, tools, admin, encrypt,
           meds, event, session, sync)
for module in MODULES:
    module.register(app)


def _command_name(args: list[str]) -> str | None:
    """The command asked for (`journal` in `--home P journal list`); None for root-level
    options such as --help and --version."""
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            return arg
        if arg in ("-h", "--help", "--version", "-V") or arg == "--":
            return None
        i += 1 if "=" in arg else 2  # the other root options take a value
    return None


def app_for(args: list[str]) -> typer.Typer:
    """An app holding only the module of the command asked for, with the same root options.

    typer reads the signature of every command it builds (about 1 ms each), and the whole
    app has about a hundred, which cost more than most commands themselves (a journal list
    on 100,000 entries). Anything unrecognised gets the whole app, and with it the usual
    help and "No such command" messages."""
    from typer.main import get_command_name

    name = _command_name(args)
    if name is None:
        return app
    for module in MODULES:
        probe = typer.Typer()
        module.register(probe)
        names = {c.name or get_command_name(c.callback.__name__)
                 for c in probe.registered_commands if c.callback is not None}
        for group in probe.registered_groups:
            sub = group.typer_instance
            group_name = group.name or (sub.info.name if sub is not None else None)
            if isinstance(group_name, str):
                names.add(group_name)
        if name in names:
            only = typer.Typer(**_APP_SETTINGS)
            only.callback()(root)
            module.register(only)
            return only
    return app


def run(args: list[str] | None = None) -> int:
    """Run the app and return its exit code (main.py's slow path)."""
    args = sys.argv[1:] if args is None else list(args)
    try:
        app_for(args)(args=args, prog_name="recovery")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
