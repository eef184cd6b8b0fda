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

from recovery_cli.errors import InputError

if TYPE_CHECKING:
    import sqlite3

    from recovery_cli.snaps import Snap
    from recovery_cli.store.import_writes import Counts, NewCheckin, NewEntry

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


def local_iso(day: str, hour: int, minute: int, second: int = 0) -> str:
    """A naive local date and time (jrnl, Daylio) as ISO 8601 with the local UTC offset that
    applied on that day."""
    from datetime import date, datetime

    from recovery_cli import clock

    d = date.fromisoformat(day)
    return clock.iso(datetime(d.year, d.month, d.day, hour, minute, second).astimezone())
