"""The typer app itself: the root options and callback, the whole app (for `--help`, unknown
commands and the tests) and the app holding only the command asked for (issue 23)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from recovery_cli import __version__
from recovery_cli.cli import COMMANDS, MODULE_NAMES, _command_name, encrypt, module
from recovery_cli.cli._common import (
    apply_day_boundary,
    first_run_disclaimer,
    handle_signals,
    reset_state,
)
from recovery_cli.cli._group import RecoveryGroup
from recovery_cli.cli.helptext import install as _install_help
from recovery_cli.core import messages

_install_help()  # --help drawn without importing rich (cli/helptext.py)

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
    first_run_disclaimer(ctx.invoked_subcommand, ctx.params.get("home"))
    if ctx.invoked_subcommand not in (None, "demo", "remind"):  # remind: with its reminders only
        from recovery_cli.core import paths

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
