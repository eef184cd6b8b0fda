"""The hottest commands without typer (issue 23), the principle of `remind`'s fast path.

`recovery [--home P] snap N` is the one quick moment a person types many times a day, and
importing typer (and building its command) cost more than the whole write; a bare `crisis`
must never wait on anything it does not need; a bare `history`, `plan check`, a bare `stage`,
a bare `trends` and `checkin`, bare (the interactive check-in) or by its plain flags
(medications included), are the other daily commands. For
exactly those shapes of arguments, on an existing home whose database is not encrypted,
main.py runs the command here: the same root steps as the typer app's callback (the state,
the day boundary, the first-run note, the demo notice), the same command body (cli/_snap.py,
_crisis.py, _history.py, _checkin_run.py, _plan_check.py, _stage_show.py, _trends_show.py,
which the typer commands call too) and the same error mapping (`_common.failure`). Anything else (another
flag, `--help`, a new or encrypted home) goes to the typer app, with its usual messages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from recovery_cli.cli._common import (
    NOT_UTF8,
    _not_utf8,
    apply_day_boundary,
    failure,
    first_run_disclaimer,
    handle_signals,
    report,
    reset_state,
    state,
)
from recovery_cli.core.errors import Terminated


def _home_and_rest(args: list[str]) -> tuple[str | None, list[str]]:
    if args[:1] == ["--home"] and len(args) >= 2:
        return args[1], args[2:]
    if args and args[0].startswith("--home="):
        return args[0].removeprefix("--home="), args[1:]
    return None, args


def _snap(rest: list[str]) -> Callable[[], None] | None:
    """`snap N` (one word that is not a flag): the moment, saved now."""
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    mood = rest[0]

    def call() -> None:
        from recovery_cli.cli._snap import save

        save(mood)

    return call


def _crisis(rest: list[str]) -> Callable[[], None] | None:
    """A bare `crisis`: the lines, then the safety plan (the one command that must never wait
    on anything it does not need)."""
    if rest:
        return None

    def call() -> None:
        from recovery_cli.cli._crisis import show

        show(None)

    return call


def _history(rest: list[str]) -> Callable[[], None] | None:
    """A bare `history`: the last 14 days."""
    if rest:
        return None

    def call() -> None:
        from recovery_cli.cli._history import show

        show()

    return call


# `checkin`, bare (it asks its questions in a terminal) or by flags: each of these at most
# once, as `--flag VALUE` (a value that does not start with "-"), `--as-needed VALUE` any
# number of times, and `--json`; anything else (--set, `--flag=VALUE`, a repeat, --help) is
# the typer app's to parse.
_CHECKIN_FLAGS = {"--date": "day_text", "--mood": "mood", "--energy": "energy",
                  "--sleep": "sleep", "--anxiety": "anxiety", "--note": "note",
                  "--meds": "meds_flag"}


def _checkin(rest: list[str]) -> Callable[[], None] | None:
    given: dict[str, str] = {}
    as_needed: list[str] = []
    json_out = False
    i = 0
    while i < len(rest):
        word = rest[i]
        if word == "--json" and not json_out:
            json_out, i = True, i + 1
            continue
        name = _CHECKIN_FLAGS.get(word)
        if word == "--as-needed" and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            as_needed.append(rest[i + 1])
            i += 2
            continue
        if name is None or name in given or i + 1 >= len(rest) \
                or rest[i + 1].startswith("-"):
            return None
        given[name], i = rest[i + 1], i + 2

    def call() -> None:
        from recovery_cli.cli._checkin_run import run

        run(day_text=given.get("day_text"), mood=given.get("mood"), energy=given.get("energy"),
            sleep=given.get("sleep"), anxiety=given.get("anxiety"), note=given.get("note"),
            meds_flag=given.get("meds_flag"), as_needed=as_needed or None, json_out=json_out)

    return call


def _shown(body: str, shapes: tuple[list[str], ...], json_shape: list[str]
           ) -> Callable[[list[str]], Callable[[], None] | None]:
    """A command taken fast in exactly `shapes` of its arguments: `show(json_out)` of the
    typer-free module `body` (json_out when the arguments are `json_shape`)."""

    def parse(rest: list[str]) -> Callable[[], None] | None:
        if rest not in shapes:
            return None

        def call() -> None:
            import importlib

            importlib.import_module(f"recovery_cli.cli.{body}").show(json_out=rest == json_shape)

        return call

    return parse


# `plan check` [--json]; a bare `stage` [--json]; a bare `trends` [--json] (`--days N` is
# typer's to check).
_plan = _shown("_plan_check", (["check"], ["check", "--json"]), ["check", "--json"])
_stage = _shown("_stage_show", ([], ["--json"]), ["--json"])
_trends = _shown("_trends_show", ([], ["--json"]), ["--json"])


FAST: dict[str, Callable[[list[str]], Callable[[], None] | None]] = {
    "snap": _snap, "crisis": _crisis, "history": _history, "checkin": _checkin,
    "plan": _plan, "stage": _stage, "trends": _trends}


def command_for(args: list[str]) -> tuple[str | None, str, Callable[[], None]] | None:
    """(home, command name, what to run) when `args` take a fast path; None otherwise."""
    home, rest = _home_and_rest(args)
    if not rest or rest[0] not in FAST:
        return None
    call = FAST[rest[0]](rest[1:])
    if call is None or not _plain_home(home):
        return None
    return home, rest[0], call


def _plain_home(home_override: str | None) -> bool:
    """The home exists with a database that is not encrypted: nothing to create or unlock
    (a first run and a passphrase prompt stay on the typer app's path)."""
    from recovery_cli.core import paths
    from recovery_cli.store import files

    try:
        db = paths.db_path(paths.resolve_home(home_override))
        return db.is_file() and not files.is_encrypted_file(db)
    except Exception:  # anything odd: the typer app says what it is
        return False


def run(home: str | None, name: str, call: Callable[[], None], args: list[str]) -> int:
    """Run `call` as the typer app would run that command; its exit code."""
    handle_signals()
    if any(_not_utf8(a) for a in args):
        report(NOT_UTF8)
        return 2
    try:
        st = reset_state(home)
        apply_day_boundary()
        first_run_disclaimer(name, home)
        from recovery_cli.core import paths

        paths.demo_notice(st.home)
        call()
        sys.stdout.flush()
        return 0
    except (Exception, KeyboardInterrupt, Terminated) as exc:
        code = failure(exc)
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
        return code
    finally:
        state().close()


def _silence_stdout() -> None:
    """After a closed pipe, nothing more reaches stdout (Python would complain at exit)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
