"""The typer application: thin commands, one module per command group.

Command modules import only typer and the standard library at module level; everything heavy
(questionary, rich tables, sqlite-utils, fpdf2, jinja2) is imported inside the functions that
need it, so `--help` and simple commands start fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer

from recovery_cli import __version__, messages
from recovery_cli.cli import encrypt
from recovery_cli.cli._common import (
    RecoveryGroup,
    apply_day_boundary,
    handle_signals,
    interactive,
    reset_state,
)
from recovery_cli.cli.helptext import install as _install_help

_install_help()  # --help drawn without importing rich (cli/helptext.py)

# Every command group's module, in the order `--help` lists them, and which module holds each
# top-level command, so a run imports only the module of its command (issue 23);
# tests/test_startup.py checks this map against what the modules register.
MODULE_NAMES = ("snap", "checkin", "journal", "assess", "plan", "safety", "remind", "export", "trends",
                "tools", "admin", "encrypt", "meds", "event", "session", "sync")
COMMANDS: dict[str, str] = {
    "checkin": "checkin", "history": "checkin", "journal": "journal", "assess": "assess",
    "stage": "assess", "plan": "plan", "crisis": "safety", "learn": "safety",
    "remind": "remind", "export": "export", "import": "export", "demo": "trends",
    "trends": "trends", "goals": "tools", "intake": "tools", "skills": "tools",
    "values": "tools", "backup": "admin", "config": "admin", "doctor": "admin",
    "restore": "admin", "completion": "admin", "decrypt": "encrypt", "encrypt": "encrypt",
    "passphrase": "encrypt",
    "meds": "meds", "event": "event", "session": "session", "snap": "snap", "snaps": "snap",
    "sync": "sync",
}


def module(name: str) -> ModuleType:
    return importlib.import_module(f"recovery_cli.cli.{name}")


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
    st = reset_state(home)
    apply_day_boundary()
    encrypt.set_up(passphrase_file, ctx.invoked_subcommand)
    _first_run_disclaimer(ctx)
    if ctx.invoked_subcommand not in (None, "demo", "remind"):  # remind: with its reminders only
        from recovery_cli import paths

        paths.demo_notice(st.home)


_full: typer.Typer | None = None


def full_app() -> typer.Typer:
    """The whole app, every command group (for `--help`, unknown commands and the tests)."""
    global _full
    if _full is None:
        whole = typer.Typer(**_APP_SETTINGS)
        whole.callback()(root)
        for name in MODULE_NAMES:
            module(name).register(whole)
        _full = whole
    return _full


def __getattr__(name: str) -> Any:
    """`app` and `MODULES` are built on first use, so a run imports only its own command."""
    if name == "app":
        return full_app()
    if name == "MODULES":
        return tuple(module(n) for n in MODULE_NAMES)
    raise AttributeError(name)


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
    on 100,000 entries); importing every command module costs more again. Anything
    unrecognised gets the whole app, and with it the usual help and "No such command"
    messages."""
    name = _command_name(args)
    owner = COMMANDS.get(name) if name is not None else None
    if owner is None:
        return full_app()
    only = typer.Typer(**_APP_SETTINGS)
    only.callback()(root)
    module(owner).register(only)
    return only


def run(args: list[str] | None = None) -> int:
    """Run the app and return its exit code (main.py's slow path)."""
    args = sys.argv[1:] if args is None else list(args)
    handle_signals()
    import os

    if os.environ.get("_RECOVERY_COMPLETE"):  # the completion script asking (completion.py)
        from typer._completion_classes import completion_init

        completion_init()
    try:
        app_for(args)(args=args, prog_name="recovery")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
