"""The typer application: thin commands, one module per command group.

Command modules import only typer and the standard library at module level; everything heavy
(questionary, rich tables, sqlite-utils, fpdf2) is imported inside the functions that
need it, so `--help` and simple commands start fast. This package's own module imports no
typer at all (the app is built in cli/_app.py on first use), so the fast paths of main.py can
use cli/_common.py (the state and the one error mapping) without it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

# Every command group's module, in the order `--help` lists them, and which module holds each
# top-level command, so a run imports only the module of its command (issue 23);
# tests/cli/test_startup.py checks this map against what the modules register.
MODULE_NAMES = ("snap", "checkin", "journal", "assess", "stage", "plan", "crisis", "safety", "remind",
                "export", "trends", "demo", "intake", "goals", "values", "skills", "admin",
                "encrypt", "meds", "event", "session", "sync")
COMMANDS: dict[str, str] = {
    "checkin": "checkin", "history": "checkin", "journal": "journal", "assess": "assess",
    "stage": "stage", "plan": "plan", "crisis": "crisis", "learn": "safety",
    "remind": "remind", "export": "export", "import": "export", "demo": "demo",
    "trends": "trends", "goals": "goals", "intake": "intake", "skills": "skills",
    "values": "values", "backup": "admin", "config": "admin", "doctor": "admin",
    "restore": "admin", "completion": "admin", "decrypt": "encrypt", "encrypt": "encrypt",
    "passphrase": "encrypt",
    "meds": "meds", "event": "event", "session": "session", "snap": "snap", "snaps": "snap",
    "sync": "sync",
}


def module(name: str) -> ModuleType:
    return importlib.import_module(f"recovery_cli.cli.{name}")


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


def __getattr__(name: str) -> Any:
    """`app`, `MODULES`, `run`, `app_for`, `full_app` and `root` come from cli/_app.py (which
    builds the typer app), imported on first use so a run imports only its own command."""
    if name in ("app", "MODULES", "run", "app_for", "full_app", "root"):
        from recovery_cli.cli import _app

        return getattr(_app, name)
    raise AttributeError(name)
