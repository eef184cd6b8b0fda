"""What every command shares: the app state (home, database, config, checklists),
terminal checks, JSON output and the one place errors become exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from recovery_cli import messages
from recovery_cli.app.session import Session
from recovery_cli.errors import MissingAnswerError, RecoveryError, Terminated

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


AppState = Session  # the name before app/ existed; kept for one release


_state = Session()


def state() -> Session:
    return _state


def reset_state(home_override: str | None = None) -> Session:
    """A fresh state for each invocation (tests run many in one process)."""
    global _state
    _state.close()
    _state = Session(home_override=home_override)
    _noted.clear()
    if "recovery_cli.prompts.interrupts" in sys.modules:  # the last command's SIGINT handler
        from recovery_cli.prompts.interrupts import reset

        reset()
    from recovery_cli import clock

    clock.set_day_ends_at(None)
    return _state


def apply_day_boundary() -> None:
    """Every "today" of this command ends at the person's `day_ends_at` (clock.day_of). A
    broken config keeps the default here; the commands that read config name the problem."""
    from recovery_cli import clock

    try:
        clock.set_day_ends_at(state().config().day_ends_at)
    except Exception:
        clock.set_day_ends_at(None)


_noted: set[str] = set()


def note_boundary(moment: Any) -> None:
    """Say once per command that a moment before the day's end counts for the day before."""
    from recovery_cli import clock

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


def _debug() -> bool:
    return os.environ.get("RECOVERY_DEBUG", "") not in ("", "0")


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


def _usage_exit(exc: BaseException) -> BaseException:
    """A usage error (bad flag value, unknown option or command, missing argument) as ONE
    line on stderr and exit 2, like every other bad input (click draws a multi-line box).
    Anything else, help shown for a bare group included, is returned unchanged."""
    from typer._click.exceptions import UsageError

    if not isinstance(exc, UsageError):
        return exc
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help (cli/helptext.py)
        print(exc.format_message())
        return typer.Exit(exc.exit_code)
    message = " ".join(exc.format_message().split())
    if not message.endswith((".", "?", "!")):
        message += "."
    if exc.ctx is not None:
        message += f" See '{exc.ctx.command_path} --help'."
    report(message)
    return typer.Exit(exc.exit_code)


NOT_UTF8 = ("Some of the text given is not UTF-8 (bytes from a file or terminal in another "
            "encoding); nothing was saved. Please give it as UTF-8 text.")


def _not_utf8(arg: object) -> bool:
    """A command-line word holding bytes that were not UTF-8 (lone surrogates from argv)."""
    return isinstance(arg, str) and any("\ud800" <= ch <= "\udfff" for ch in arg)


class RecoveryGroup(TyperGroup):
    """The root group: maps every error raised while a command runs to one line on stderr and
    the documented exit code. No traceback reaches a person unless RECOVERY_DEBUG=1."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _unfold_all(self)
        return super().main(*args, **kwargs)

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            raise _usage_exit(exc) from None

    def invoke(self, ctx: Any) -> Any:
        from typer.exceptions import Abort, Exit, TyperException

        first = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", None)
        raw = [*(first or []), *ctx.args]
        if raw[:2] not in (["journal", "write"], ["journal", "edit"]) \
                and any(_not_utf8(a) for a in raw):
            # One rule for every flag and argument (the journal's own text keeps such bytes
            # as U+FFFD, documented; its tags refuse them in normalise_tag).
            report(NOT_UTF8)
            raise typer.Exit(2)
        try:
            return super().invoke(ctx)
        except (TyperException, Exit, Abort) as exc:
            raise _usage_exit(exc) from None
        except RecoveryError as exc:
            if _debug():
                raise
            report(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            report(messages.INTERRUPTED)
            raise typer.Exit(130) from None
        except Terminated as exc:
            import signal

            name = signal.Signals(exc.signum).name
            report(f"Stopped by {name}; nothing half-done was saved.")
            raise typer.Exit(exc.exit_code) from None
        except sqlite3.OperationalError as exc:
            if _debug():
                raise
            text = str(exc)
            if "locked" in text or "busy" in text:
                report("The database is busy with another recovery command; nothing was saved. "
                       "Please try again in a moment.")
            elif "disk" in text or "full" in text:
                report("The disk is full; nothing was saved.")
            else:
                report(f"The database could not be used ({text}); nothing was saved.")
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as exc:
            if _debug():
                raise
            report(f"The database is damaged ({exc}); nothing was changed. "
                   "'recovery doctor' shows more, 'recovery restore' brings back a backup.")
            raise typer.Exit(1) from None
        except OSError as exc:
            if _debug():
                raise
            import errno

            if exc.errno == errno.ENOSPC:
                report("The disk is full; nothing was saved.")
            elif exc.errno == errno.EPIPE:
                raise typer.Exit(0) from None
            else:
                where = f" ({exc.filename})" if exc.filename else ""
                report(f"{exc.strerror or exc}{where}; nothing was saved.")
            raise typer.Exit(1) from None
        except OverflowError as exc:  # a number or date far too large, from a flag or file
            if _debug():
                raise
            report(f"A value given is too large to use ({exc}); nothing was saved.")
            raise typer.Exit(2) from None
        except Exception as exc:
            if _debug():
                raise
            if isinstance(exc, UnicodeEncodeError) and "surrogates" in str(exc):
                report(NOT_UTF8)
                raise typer.Exit(2) from None
            report(f"Something went wrong: {exc.__class__.__name__}: {exc}. "
                   "Nothing half-done was saved. Set RECOVERY_DEBUG=1 to see the details.")
            raise typer.Exit(1) from None
        finally:
            state().close()
