"""Readers for `recovery import`: a registry, auto-detection, and one module per format.

Every reader turns a file into records (or, for our own JSON export, a stream of table rows)
and the store writes them in one transaction. Bad input raises `InputError` naming the line or
row and what was expected; the caller's transaction then rolls back, so nothing is imported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    import sqlite3
    from datetime import datetime

    from recovery_cli.checkin.snaps import Snap
    from recovery_cli.core.imported import Counts, NewCheckin, NewEntry

FORMATS: dict[str, str] = {
    "recovery-json": "a recovery JSON export (recovery export --format json)",
    "jrnl-json": "a jrnl JSON export (jrnl --format json)",
    "jrnl-txt": "a jrnl plain-text journal file",
    "daylio-csv": "a Daylio CSV export",
}


@dataclass
class Parsed:
    """Records read from another tool's file, ready to write."""

    format: str
    entries: list[NewEntry] = field(default_factory=list)
    checkins: list[NewCheckin] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    snaps: list[Snap] = field(default_factory=list)  # Daylio: every entry is a moment

    @property
    def total(self) -> int:
        return len(self.entries) + len(self.checkins) + len(self.snaps)


def _head(path: Path, size: int = 65536) -> str:
    with path.open("rb") as fp:
        raw = fp.read(size)
    return raw.decode("utf-8-sig", errors="replace")


def check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(f"No file at {path}.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the file to import.")


def detect(path: Path) -> str:
    """Which of the four formats the file is (InputError when it is none of them)."""
    from recovery_cli.importers import daylio_csv, jrnl_txt

    check_readable(path)
    head = _head(path)
    text = head.lstrip()
    if text.startswith("{"):
        if '"recovery-export"' in head:
            return "recovery-json"
        if '"entries"' in head:
            return "jrnl-json"
        raise InputError(
            f"{path}: a JSON file, but neither a recovery export (\"format\": "
            "\"recovery-export\") nor a jrnl export (with \"entries\")."
        )
    first_line = text.splitlines()[0] if text else ""
    if daylio_csv.looks_like_header(first_line):
        return "daylio-csv"
    if jrnl_txt.looks_like(head):
        return "jrnl-txt"
    raise InputError(
        f"{path}: can't tell what kind of file this is. Expected "
        + "; ".join(FORMATS.values())
        + ". Name it with --format."
    )


def read(path: Path, fmt: str, mood_map: dict[str, float] | None = None) -> Parsed:
    """Read a jrnl or Daylio file into records (not for recovery-json, which streams)."""
    from recovery_cli.importers import daylio_csv, jrnl_json, jrnl_txt

    check_readable(path)
    if fmt == "jrnl-json":
        return jrnl_json.read(path)
    if fmt == "jrnl-txt":
        return jrnl_txt.read(path)
    if fmt == "daylio-csv":
        return daylio_csv.build(daylio_csv.read(path), mood_map or {})
    raise InputError(f"Unknown import format '{fmt}'. Expected one of: {', '.join(FORMATS)}.")


def crisis_count(parsed: Parsed) -> int:
    """How many records read use words from the crisis-language list (said once per import)."""
    from recovery_cli.plan.crisis_language import mentions_crisis

    n = sum(1 for e in parsed.entries if mentions_crisis(e.title, e.body))
    return n + sum(1 for c in parsed.checkins
                   if mentions_crisis(*(v for v in c.values.values() if isinstance(v, str))))


# Tables of a recovery JSON export whose rows hold what a person wrote.
WRITTEN_TABLES = frozenset({
    "checkin_values", "entries", "plan_texts", "plan_items", "plan_contacts", "intake_answers",
    "life_values", "goals", "goal_steps", "goal_reviews", "skill_practice",
    "skill_practice_fields",
})


class CrisisCounter:
    """Counts the rows of a recovery JSON export that use the list's words (as rows stream)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, table: str, row: object) -> None:
        if table in WRITTEN_TABLES and isinstance(row, dict):
            from recovery_cli.plan.crisis_language import mentions_crisis

            if mentions_crisis(*(v for v in row.values() if isinstance(v, str))):
                self.count += 1


def write_parsed(
    conn: sqlite3.Connection, parsed: Parsed, tick: Callable[[], None] | None = None
) -> Counts:
    """Write records into the caller's open transaction."""
    from recovery_cli.store.import_writes import Writer

    writer = Writer(conn, tick)
    for checkin in parsed.checkins:
        writer.add_checkin(checkin)
    for entry in parsed.entries:
        writer.add_entry(entry)
    for snap in parsed.snaps:
        writer.add_snap(snap)
    return writer.counts


def load_json(path: Path) -> object:
    """A whole (small) JSON file; a syntax error names its line and column."""
    try:
        with path.open(encoding="utf-8-sig") as fp:
            return json.load(fp)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
            "nothing was imported."
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason}); nothing was imported.") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be an export; nothing was "
                         "imported.") from None


def instant(path: Path, where: str, naive: datetime) -> str:
    """A naive local date and time from a file (jrnl) as ISO 8601 with its local offset;
    a day outside 1900-9998, or one with no instant in this time zone (0001-01-01 at
    UTC+14), is bad input naming the line."""
    from datetime import UTC

    from recovery_cli.core import clock

    try:
        if not clock.FIRST_DAY <= naive.date() <= clock.LAST_DAY:
            raise ValueError(naive)
        local = naive.astimezone()
        local.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InputError(f"{path}: {where}: the date {naive.date().isoformat()} is out of range "
                         f"(expected a day from {clock.FIRST_DAY.year} to {clock.LAST_DAY.year}); "
                         "nothing was imported.") from None
    return clock.iso(local)


def check_text(path: Path, where: str, *texts: str | None) -> None:
    """Text from a JSON file may hold lone surrogates (\\ud800), which are not text and can't
    be stored: bad input naming the entry."""
    for text in texts:
        if text and any("\ud800" <= ch <= "\udfff" for ch in text):
            raise InputError(f"{path}: {where}: holds a lone surrogate (\\ud800-\\udfff), "
                             "which is not text; nothing was imported.")


def local_iso(day: str, hour: int, minute: int, second: int = 0) -> str:
    """A naive local date and time (jrnl, Daylio) as ISO 8601 with the local UTC offset that
    applied on that day."""
    from datetime import date, datetime

    from recovery_cli.core import clock

    d = date.fromisoformat(day)
    return clock.iso(datetime(d.year, d.month, d.day, hour, minute, second).astimezone())
