"""What every command shares: the app state (home, database, config, checklists),
terminal checks, JSON output and the one place errors become exit codes."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

from recovery_cli.app.outcome import NOT_UTF8 as NOT_UTF8
from recovery_cli.app.session import Session
from recovery_cli.core import messages
from recovery_cli.core.errors import MissingAnswerError, Terminated

if TYPE_CHECKING:
    import typer

    from recovery_cli.cli._group import RecoveryGroup as RecoveryGroup

    JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def __getattr__(name: str) -> Any:
    """`JsonOption` and `RecoveryGroup` need typer: built on first use, so this module (the
    state, the error mapping) imports without it for the typer-free fast paths (main.py)."""
    if name == "JsonOption":
        import typer

        option = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
        globals()["JsonOption"] = option
        return option
    if name == "RecoveryGroup":
        from recovery_cli.cli._group import RecoveryGroup

        return RecoveryGroup
    raise AttributeError(name)


AppState = Session  # the name before app/ existed; kept for one release


_state = Session()


def state() -> Session:
    return _state


def reset_state(home_override: str | None = None) -> Session:
    """A fresh state for each invocation (tests run many in one process)."""
    global _state
    _state.close()
    _state = Session(home_override=home_override, notify=report)
    _noted.clear()
    if "recovery_cli.prompts.interrupts" in sys.modules:  # the last command's SIGINT handler
        from recovery_cli.prompts.interrupts import reset

        reset()
    from recovery_cli.core import clock

    clock.set_day_ends_at(None)
    return _state


def apply_day_boundary() -> None:
    """Every "today" of this command ends at the person's `day_ends_at` (clock.day_of). A
    broken config keeps the default here; the commands that read config name the problem."""
    from recovery_cli.core import clock

    try:
        clock.set_day_ends_at(state().config().day_ends_at)
    except Exception:
        clock.set_day_ends_at(None)


_noted: set[str] = set()


def note_boundary(moment: Any) -> None:
    """Say once per command that a moment before the day's end counts for the day before."""
    from recovery_cli.core import clock

    text = clock.boundary_note(moment)
    if text and text not in _noted:
        _noted.add(text)
        report(text)


_force_interactive: bool | None = None  # tests driving prompts through a pipe set this


def interactive() -> bool:
    """True only when a person can answer: stdin and stdout are both terminals."""
    if _force_interactive is not None:
        return _force_interactive
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def first_run_disclaimer(command: str | None, home_override: str | None) -> None:
    """Once, in a terminal only, on stderr; never with --json, never for remind."""
    if command in (None, "remind") or "--json" in sys.argv:
        return
    if not (interactive() and sys.stderr.isatty()):
        return
    from recovery_cli.core import paths

    try:
        home = paths.ensure_home(paths.resolve_home(home_override))
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


def need(what: str, flag: str) -> MissingAnswerError:
    """The error for an answer we can't ask for: exit 2, naming the flag that supplies it."""
    return MissingAnswerError(f"{what} is missing and there is no terminal to ask in: pass {flag}.")


def _escape_c1(text: str) -> str:
    """DEL and the C1 controls (U+0080-U+009F: 8-bit CSI, OSC ...) as \\u escapes: the same
    JSON, but nothing a terminal would act on (json escapes C0 itself)."""
    if text.isascii() and "\x7f" not in text:
        return text
    import re

    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(document: Any) -> None:
    """One JSON document on stdout, nothing else there. Non-ASCII text is written as is, or
    as \\u escapes (still the same JSON) when stdout can't encode it."""
    text = _escape_c1(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(document, ensure_ascii=True, indent=2, default=str) + "\n"
    sys.stdout.write(text)
    sys.stdout.flush()


def handle_signals() -> None:
    """SIGHUP and SIGTERM like Ctrl-C: the handler raises `Terminated` in the main thread,
    so every `finally` runs (transactions roll back, drafts and export temp files are
    removed) and the command exits 129 or 143 with one line. A second signal while that
    clean-up runs is ignored. Installed once by the cli entry (`cli.run`)."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        for sig in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        if _end_prompt(Terminated(signum)):
            return
        raise Terminated(signum)

    import contextlib

    for sig in (signal.SIGHUP, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(sig, stop)


def _end_prompt(exc: BaseException) -> bool:
    """A question being asked: end it by raising `exc` from the question itself, whenever the
    signal came (prompts/interrupts.py; prompt_toolkit's event loop would catch an exception
    raised inside it, print it and wait for Enter). False when no question is being asked."""
    if "recovery_cli.prompts.interrupts" not in sys.modules:
        return False
    from recovery_cli.prompts.interrupts import interrupt

    return interrupt(exc)


def report(message: str) -> None:
    """One message on stderr; wrapped to the terminal in one (ui.say)."""
    from recovery_cli.ui import say

    say(message)


def unfold_help(text: str) -> str:
    """A docstring's paragraphs as single lines, so `--help` wraps them to the terminal.

    typer's rich help keeps a docstring's own line breaks (a command list showed "with" alone
    on a line at 100 columns); paragraphs stay apart, and a paragraph starting with \\b keeps
    its lines, as click documents."""
    import inspect

    body, cut, rest = inspect.cleandoc(text).partition("\f")
    paragraphs = [p if p.lstrip("\n").startswith("\b")
                  else " ".join(line.strip() for line in p.splitlines() if line.strip())
                  for p in body.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) + cut + rest


def _unfold_all(command: Any) -> None:
    if getattr(command, "help", None):
        command.help = unfold_help(command.help)
    for sub in getattr(command, "commands", {}).values():
        _unfold_all(sub)




def _not_utf8(arg: object) -> bool:
    """A command-line word holding bytes that were not UTF-8 (lone surrogates from argv)."""
    return isinstance(arg, str) and any("\ud800" <= ch <= "\udfff" for ch in arg)




def failure(exc: BaseException, *, reading: bool = False) -> int:
    """The one error mapping of every command (the typer app's root group and the fast paths
    in main.py), through app/outcome.py: ONE line on stderr for `exc` and the documented exit
    code. Re-raises with RECOVERY_DEBUG=1 (not Ctrl-C or a signal), so a developer sees the
    traceback."""
    from recovery_cli.app.outcome import outcome, shows_traceback

    if shows_traceback(exc):
        raise exc
    message, code = outcome(exc, reading=reading)
    if message is not None:
        report(message)
    return code
