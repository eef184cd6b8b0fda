"""Errors the program reports to a person: one line, and the documented exit code.

Exit codes (DESIGN.md): 0 done; 1 a runtime failure; 2 bad usage or bad input; 130 interrupted.
"""

from __future__ import annotations


class RecoveryError(Exception):
    """A failure with a one-line, kind message. Exit 1 unless a subclass says otherwise."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(RecoveryError):
    """An unknown id, checklist or key (a well-formed request that can't be done)."""


class StoreError(RecoveryError):
    """The database can't be used: corrupted, newer than this program, locked, unwritable."""


class InputError(RecoveryError):
    """Malformed values, dates, rules, answers or files (exit 2)."""

    exit_code = 2


class MissingAnswerError(InputError):
    """An answer is needed but there is no terminal to ask in (exit 2, naming the flag)."""


class ChecklistError(InputError):
    """A checklist (or other data) file that fails to load; names the file and the field."""

    def __init__(self, path: str, field: str, reason: str) -> None:
        where = f" (field '{field}')" if field else ""
        super().__init__(f"{path}{where}: {reason}")
        self.path = path
        self.field = field
        self.reason = reason


class Cancelled(RecoveryError):
    """Ctrl-C or EOF at a prompt: nothing of the unfinished command was written."""

    exit_code = 130

    def __init__(self, message: str = "Cancelled; nothing was saved.") -> None:
        super().__init__(message)


class Terminated(BaseException):  # like KeyboardInterrupt
    """SIGHUP or SIGTERM (a closed terminal, shutdown, `timeout`): raised by the handler the
    cli entry installs (`cli._common.handle_signals`) and handled like Ctrl-C: every `finally`
    runs, so open transactions roll back and temporary files (editor drafts, export files)
    are removed; exit 128 + the signal's number (129, 143). A BaseException, so no
    `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum
