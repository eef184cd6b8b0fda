"""app.outcome: the one mapping from an error to a line and an exit code, shared by the typer
app and the `remind` fast path; both entry points are checked to use it."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.app.outcome import NOT_UTF8, outcome, shows_traceback
from recovery_cli.core.errors import Cancelled, InputError, NotFoundError, Terminated


@pytest.mark.parametrize(("exc", "fragment", "code"), [
    (InputError("Bad date."), "Bad date.", 2),
    (NotFoundError("No entry 9."), "No entry 9.", 1),
    (Cancelled(), "Cancelled; nothing was saved.", 130),
    (KeyboardInterrupt(), "Interrupted; nothing was saved.", 130),
    (Terminated(15), "Stopped by SIGTERM; nothing half-done was saved.", 143),
    (sqlite3.OperationalError("database is locked"), "busy with another recovery command", 1),
    (sqlite3.OperationalError("database or disk is full"), "The disk is full", 1),
    (sqlite3.OperationalError("no such table: x"), "could not be used (no such table: x)", 1),
    (sqlite3.DatabaseError("file is not a database"), "The database is damaged", 1),
    (OSError(errno.ENOSPC, "No space left on device"), "The disk is full", 1),
    (PermissionError(errno.EACCES, "Permission denied", "/h/x"), "Permission denied (/h/x)", 1),
    (OverflowError("int too large"), "far too large to use", 2),
    (UnicodeEncodeError("utf-8", "\udce9", 0, 1, "surrogates not allowed"), NOT_UTF8, 2),
    (ZeroDivisionError("division by zero"), "Something went wrong: ZeroDivisionError", 1),
])
def test_each_error_has_one_line_and_its_documented_exit_code(exc: BaseException, fragment: str,
                                                             code: int) -> None:
    message, got = outcome(exc)
    assert got == code and message is not None and fragment in message
    assert "\n" not in message


def test_a_closed_pipe_is_silent_and_a_read_only_command_says_nothing_changed() -> None:
    assert outcome(BrokenPipeError(errno.EPIPE, "Broken pipe")) == (None, 0)
    message, code = outcome(sqlite3.OperationalError("database is locked"), reading=True)
    assert code == 1 and message is not None and "nothing was changed" in message
    assert "nothing was saved" not in message


def test_debug_shows_failures_but_never_interrupts(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not shows_traceback(ValueError("x"))
    monkeypatch.setenv("RECOVERY_DEBUG", "1")
    assert shows_traceback(ValueError("x"))
    assert not shows_traceback(KeyboardInterrupt())
    assert not shows_traceback(Terminated(1))
    assert not shows_traceback(BrokenPipeError(errno.EPIPE, "Broken pipe"))


def test_the_typer_app_and_the_fast_remind_report_the_same_locked_database(
        cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Both entry points say the same sentence for the same error (it is written once)."""
    from recovery_cli import main as entry
    from recovery_cli.app import journal
    from recovery_cli.reminders import run as remind_run

    def locked(*_: Any, **__: Any) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(remind_run, "remind", locked)
    assert entry.main(["remind"]) == 1
    fast = capsys.readouterr().err.strip()
    assert fast == outcome(sqlite3.OperationalError("database is locked"), reading=True)[0]

    monkeypatch.setattr(journal, "guided_prompt", locked)
    r = cli("journal", "write", "--prompt", "x")
    assert r.exit_code == 1
    assert " ".join(r.stderr.split()) == outcome(sqlite3.OperationalError("database is locked"))[0]
