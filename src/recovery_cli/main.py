"""The console-script entry point.

`recovery --version` answers without importing anything heavy, `recovery remind` (run by
cron) takes a fast path that imports neither typer nor rich nor questionary, and `recovery
snap N` runs without typer (cli/_fast.py, sharing the typer app's error mapping), the
`--help` pages come from a file shipped in the package (cli/helppages.py); everything else
goes to the typer application in `recovery_cli.cli`.
"""

from __future__ import annotations

import sys

_REMIND_FLAGS = ("--json", "--notify")


def fast_remind_args(args: list[str]) -> tuple[str | None, bool, bool] | None:
    """`[--home P] remind [--json] [--notify]` -> (home, json, notify); None for anything
    else (`remind --help`, `remind cron`, other flags), which the typer app handles."""
    home: str | None = None
    rest = args
    if rest[:1] == ["--home"] and len(rest) >= 2:
        home, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--home="):
        home, rest = rest[0].removeprefix("--home="), rest[1:]
    if rest[:1] != ["remind"] or any(flag not in _REMIND_FLAGS for flag in rest[1:]):
        return None
    return home, "--json" in rest, "--notify" in rest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["--version"], ["-V"]):
        from recovery_cli import __version__

        print(f"recovery {__version__}")
        return 0
    remind = fast_remind_args(args)
    if remind is not None:
        return _fast_remind(*remind)
    if args[-1:] in (["--help"], ["-h"]):
        from recovery_cli.cli.helppages import answer

        code = answer(args)  # the shipped pages, drawn without typer (cli/helppages.py)
        if code is not None:
            return code
    from recovery_cli.cli import _fast

    fast = _fast.command_for(args)  # `snap N`: no typer either (cli/_fast.py)
    if fast is not None:
        return _fast.run(*fast, args)
    from recovery_cli.cli._app import run

    return run(args)


def _fast_remind(home: str | None, as_json: bool, notify: bool) -> int:
    """The fast `remind`; a failure is one line on stderr and its exit code, mapped by
    app/outcome.py exactly as the typer app maps it (never a traceback without
    RECOVERY_DEBUG=1)."""
    from recovery_cli.reminders import run as remind_run

    try:
        return remind_run.run_fast(home, as_json=as_json, send_notification=notify)
    except (Exception, KeyboardInterrupt) as exc:
        from recovery_cli.app.outcome import outcome, shows_traceback

        if shows_traceback(exc):
            raise
        if isinstance(exc, BrokenPipeError):
            remind_run.silence_stdout()
        message, code = outcome(exc, reading=True)
        if message is not None:
            print(message, file=sys.stderr)
        return code


if __name__ == "__main__":
    raise SystemExit(main())
