"""The one mapping from an error to what a person sees: a line for stderr (or None for
silence) and the documented exit code (DESIGN.md: 0 done, 1 a runtime failure or unknown id,
2 bad input, 130 interrupted, 128 + n for a signal). The typer app (`cli._common.RecoveryGroup`)
and the `remind` fast path (`remind_run.run_fast`) both report through it, so a message is
written once. Usage errors of the command line (click's) stay in the cli: only it knows them.
"""

from __future__ import annotations

import errno
import os
import sqlite3

from recovery_cli.core import messages
from recovery_cli.core.errors import RecoveryError, Terminated

NOT_UTF8 = ("Some of the text given is not UTF-8 (bytes from a file or terminal in another "
            "encoding); nothing was saved. Please give it as UTF-8 text.")


def debug() -> bool:
    """RECOVERY_DEBUG=1: let the traceback through (see `shows_traceback`)."""
    return os.environ.get("RECOVERY_DEBUG", "") not in ("", "0")


def shows_traceback(exc: BaseException) -> bool:
    """True when the caller should re-raise instead of reporting: RECOVERY_DEBUG is set and
    the error is a failure (an interrupt, a signal or a closed pipe is never a traceback)."""
    if not debug() or isinstance(exc, KeyboardInterrupt | Terminated):
        return False
    return not (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def outcome(exc: BaseException, *, reading: bool = False) -> tuple[str | None, int]:
    """(the line for stderr, or None for none; the exit code) for `exc` raised while a
    command ran. `reading`: a command that only reads (remind) says "nothing was changed"
    rather than "nothing was saved"."""
    nothing = "nothing was changed" if reading else "nothing was saved"
    if isinstance(exc, RecoveryError):
        return exc.message, exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return (messages.INTERRUPTED.replace("nothing was saved", nothing)), 130
    if isinstance(exc, Terminated):
        import signal

        name = signal.Signals(exc.signum).name
        return f"Stopped by {name}; nothing half-done was saved.", exc.exit_code
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return ("The database is busy with another recovery command; "
                    f"{nothing}. Please try again in a moment."), 1
        if "disk" in text or "full" in text:
            return f"The disk is full; {nothing}.", 1
        return f"The database could not be used ({text}); {nothing}.", 1
    if isinstance(exc, sqlite3.DatabaseError):
        return (f"The database is damaged ({exc}); nothing was changed. "
                "'recovery doctor' shows more, 'recovery restore' brings back a backup."), 1
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return f"The disk is full; {nothing}.", 1
        if exc.errno == errno.EPIPE:
            return None, 0  # the reader went away (`| head`): nothing to say
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}; {nothing}.", 1
    if isinstance(exc, OverflowError):  # a number or date far too large, from a flag or file
        # (Python's own words, "int too large to convert to SQLite INTEGER", mean nothing
        # to a person; a read changes nothing either, so that is what it says)
        return "A number or date given is far too large to use; nothing was changed.", 2
    if isinstance(exc, UnicodeEncodeError) and "surrogates" in str(exc):
        return NOT_UTF8, 2
    return (f"Something went wrong: {exc.__class__.__name__}: {exc}. "
            "Nothing half-done was saved. Set RECOVERY_DEBUG=1 to see the details."), 1
