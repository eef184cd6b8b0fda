"""The session a use case runs in: which home, and that home's database, config and
checklists, each opened lazily and at most once per command. No typer, rich or questionary
here (ruff's layer rules): the cli builds a Session per invocation and hands it to app/."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery_cli.core import clock, paths
from recovery_cli.core.errors import RecoveryError

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet
    from recovery_cli.core.config import Config


class Session:
    """One command's context: the home, the clock, and (opened lazily, once) its database,
    config and checklists. Use cases in app/ take it explicitly; the cli makes one per
    invocation, a test makes one on a temporary home (with a fixed `clock` if it likes).
    A plain class, not a dataclass: defining one costs a daily command ~1 ms (issue 23)."""

    def __init__(self, home_override: str | None = None,
                 clock: Callable[[], datetime] | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.home_override = home_override
        self.clock = clock  # None: the wall clock (clock.now)
        self.notify = notify  # a side note for stderr (the cli: ui.say)
        self._home: Path | None = None
        self._conn: sqlite3.Connection | None = None
        self._config: Config | None = None
        self._checklists: ChecklistSet | None = None
        self._closers: list[Any] = []

    @property
    def home(self) -> Path:
        if self._home is None:
            self._home = paths.resolve_home(self.home_override)
        return self._home

    def now(self) -> datetime:
        """This command's "now" (aware, local)."""
        return (self.clock or clock.now)()

    def today(self) -> date:
        """Today as people mean it: the day `now` belongs to (clock.day_of: the day's end)."""
        return clock.day_of(self.now())

    def note(self, text: str) -> None:
        """A side note for the person (a source that could not be read...): on stderr, through
        `notify` when the cli set one (it wraps to the terminal)."""
        if self.notify is not None:
            self.notify(text)
        else:
            print(text, file=sys.stderr)

    def loaded_checklists(self) -> ChecklistSet | None:
        """The checklists if this command has loaded them already, else None (a use case
        that only may need them loads nothing)."""
        return self._checklists

    def db(self) -> sqlite3.Connection:
        """The database, opened (and migrated) once per command."""
        if self._conn is None:
            from recovery_cli.store import open_db

            self._conn = open_db(self.home)
        return self._conn

    def config(self) -> Config:
        if self._config is None:
            from recovery_cli.core import config

            self._config = config.load(self.home)
        return self._config

    def checklists(self, validate: bool = False) -> ChecklistSet:
        """All checklists; a broken file is named on stderr and the others still load.
        `validate` (doctor) validates the shipped files too, which daily commands skip."""
        if self._checklists is None or validate:
            from recovery_cli.core.checklists import load_checklists

            self._checklists = load_checklists(self.home, validate=validate)
            for error in self._checklists.errors:
                print(f"Skipped a checklist file: {error.message}", file=sys.stderr)
        return self._checklists

    def checkin_forms(self) -> list[Any]:
        """The check-in's checklists: every kind "checkin" one, and the optional extras
        (kind "checkin_extra") turned on with `config set checkin.extras elevation`."""
        loaded = self.checklists()
        forms = loaded.of_kind("checkin")
        try:
            extras = self.config().checkin.extras
        except RecoveryError:
            extras = []
        return forms + [c for c in loaded.of_kind("checkin_extra") if c.id in extras]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
