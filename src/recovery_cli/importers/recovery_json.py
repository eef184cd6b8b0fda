"""Our own JSON export (`recovery export --format json`), read back losslessly.

The file is read as a stream: the top-level object's small fields are decoded whole, and the
`tables` object is walked row by row, so a ten-year export never sits in memory at once. Each
row goes straight to the store inside the caller's transaction; an error anywhere rolls it all
back. Errors name the line and the row (`tables.entries[12]`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    import sqlite3

    from recovery_cli.core.checklists import ChecklistSet
    from recovery_cli.core.imported import Counts
    from recovery_cli.core.models import Checklist

FORMAT = "recovery-export"
VERSION = 1
_WS = " \t\r\n"
_CHUNK = 1 << 16


class _Stream:
    """A minimal incremental JSON reader over a text file: enough to walk objects and arrays
    and decode each value with the standard decoder, keeping only a window in memory."""

    def __init__(self, fp: IO[str], path: Path) -> None:
        self.fp = fp
        self.path = path
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in text already dropped from the buffer
        # Newlines in buf[:counted_to], so each row's line number counts only the text since
        # the row before (counting from the buffer's start for every row was most of the time).
        self.counted_to = 0
        self.counted = 0
        self.decoder = json.JSONDecoder()

    def line(self, pos: int | None = None) -> int:
        p = self.pos if pos is None else pos
        if p < self.counted_to:  # an error before the last row asked for: count afresh
            return self.lines_before + self.buf.count("\n", 0, p) + 1
        self.counted += self.buf.count("\n", self.counted_to, p)
        self.counted_to = p
        return self.lines_before + self.counted + 1

    def error(self, expected: str, pos: int | None = None) -> InputError:
        return InputError(
            f"{self.path}: line {self.line(pos)}: expected {expected}; nothing was imported."
        )

    def _fill(self) -> bool:
        if self.eof:
            return False
        if self.pos > _CHUNK:
            self.lines_before += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos:]
            self.pos = self.counted_to = self.counted = 0
        chunk = self.fp.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, chars: str, what: str) -> str:
        c = self.peek()
        if not c or c not in chars:
            raise self.error(what)
        self.pos += 1
        return c

    def value(self, what: str = "a JSON value") -> Any:
        self.peek()
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut off by the end of the buffer (not malformed): read on and try again.
                cut = exc.pos >= len(self.buf) - 5 or exc.msg.startswith("Unterminated string")
                if cut and self._fill():
                    continue
                raise self.error(f"{what} ({exc.msg})", exc.pos) from None
            # A number may go on in the next chunk.
            if (end >= len(self.buf) and not self.eof and isinstance(obj, int | float)
                    and self._fill()):
                continue
            self.pos = end
            return obj


def events(fp: IO[str], path: Path) -> Iterator[tuple[str, str, Any, str]]:
    """("meta", key, value, where) for top-level fields and ("row", table, row, where) for
    each row of `tables`, in file order."""
    s = _Stream(fp, path)
    if s.peek() == "\ufeff":
        s.pos += 1
    s.expect("{", "a JSON object (a recovery export starts with '{')")
    if s.peek() == "}":
        s.pos += 1
        return
    while True:
        key = s.value("a field name")
        if not isinstance(key, str):
            raise s.error("a field name in quotes")
        s.expect(":", "':' after a field name")
        if key == "tables":
            s.expect("{", "'tables' to be an object of table name -> rows")
            if s.peek() != "}":
                while True:
                    table = s.value("a table name")
                    if not isinstance(table, str):
                        raise s.error("a table name in quotes")
                    s.expect(":", "':' after a table name")
                    s.expect("[", f"a list of rows for table '{table}'")
                    n = 0
                    if s.peek() != "]":
                        while True:
                            line = s.line()
                            row = s.value(f"a row of table '{table}'")
                            yield "row", table, row, f"tables.{table}[{n}] (line {line})"
                            n += 1
                            if s.expect(",]", f"',' or ']' after a row of '{table}'") == "]":
                                break
                    else:
                        s.pos += 1
                    if s.expect(",}", "',' or '}' after a table") == "}":
                        break
            else:
                s.pos += 1
        else:
            yield "meta", key, s.value(f"the value of '{key}'"), f"line {s.line()}"
        if s.expect(",}", "',' or '}' between top-level fields") == "}":
            break
    if s.peek() != "":
        raise s.error("the end of the file after the closing '}'")


def _check_meta(path: Path, key: str, value: Any) -> None:
    if key == "format" and value != FORMAT:
        raise InputError(f"{path}: \"format\" is {value!r}; expected \"{FORMAT}\". "
                         "Nothing was imported.")
    if key == "version":
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"{path}: \"version\" should be a whole number; nothing was imported.")
        if value > VERSION:
            raise InputError(
                f"{path} was written by a newer version of recovery (export version {value}; "
                f"this program reads version {VERSION}). Please upgrade recovery to import it; "
                "nothing was imported."
            )


def validate_file(path: Path, checklists: ChecklistSet | None,
                  columns: dict[str, list[str]] | None = None) -> None:
    """The first pass, before any transaction: every row and counter of the file checked
    (`recovery_rows`; `columns`: the database's tables and their columns), so a bad file
    names its table and row and nothing is written."""
    from recovery_cli.importers.recovery_rows import RowChecker

    checker = RowChecker(checklists, columns)
    for kind, name, value, where in _file_events(path, {}):
        if kind == "meta":
            if name == "sequences":
                checker.sequences(value, f"{path}: {where}")
            continue
        checker.check(name, value, f"{path}: {where}")


def _file_events(path: Path, seen: dict[str, Any]) -> Iterator[tuple[str, str, Any, str]]:
    """The file's events for both passes, each meta key checked and kept in `seen`; text that
    is not UTF-8, or nested too deeply, is one line."""
    try:
        with path.open(encoding="utf-8") as fp:
            for kind, name, value, where in events(fp, path):
                if kind == "meta":
                    _check_meta(path, name, value)
                    seen[name] = value
                yield kind, name, value, where
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason}); nothing was imported.") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be a recovery export; "
                         "nothing was imported.") from None


def import_file(
    conn: sqlite3.Connection, path: Path, tick: Callable[[], None] | None = None,
    checklists: Mapping[str, Checklist] | None = None,
    seen_row: Callable[[str, Any], None] | None = None,
) -> Counts:
    """Stream the file into the caller's open transaction. With `checklists`, every result
    added gets the score, percentage, band and safety flag its answers give (`rescore`); how
    many disagreed with the file is `Counts.recomputed`. `seen_row(table, row)` sees each row
    as read (the crisis-language count)."""
    from recovery_cli.store.import_writes import TableWriter

    writer = TableWriter(conn, tick)
    seen: dict[str, Any] = {}
    for kind, name, value, where in _file_events(path, seen):
        if kind == "meta":
            continue
        if "format" not in seen:
            raise InputError(f"{path}: {where}: expected \"format\": \"{FORMAT}\" before "
                             "the tables; nothing was imported.")
        if seen_row is not None:
            seen_row(name, value)
        writer.add_row(name, value, f"{path}: {where}")
    if seen.get("format") != FORMAT or "version" not in seen:
        raise InputError(f"{path}: expected \"format\": \"{FORMAT}\" and a \"version\"; "
                         "nothing was imported.")
    seqs = seen.get("sequences")
    if isinstance(seqs, dict):
        writer.restore_sequences({str(k): v for k, v in seqs.items() if isinstance(v, int)})
    if checklists is not None:
        writer.counts.recomputed = rescore_results(conn, writer.new_assessments, checklists)
    return writer.counts


def rescore_results(conn: sqlite3.Connection, ids: Sequence[int],
                    checklists: Mapping[str, Checklist]) -> int:
    """Recompute the stored results `ids` from their answers (inside the caller's
    transaction); returns how many were corrected."""
    from recovery_cli.assess.rescore import rescored
    from recovery_cli.store import assessments as store

    corrected = 0
    for record in store.by_ids(conn, ids):
        fixed = rescored(record, checklists.get(record.checklist))
        if fixed is not record:
            store.correct(conn, fixed)
            corrected += 1
    return corrected


def read_settings(path: Path) -> dict[str, Any]:
    """The export's `settings` (dotted config keys -> values; {} when it has none). Only the
    head is read: the writer puts it before the tables."""
    try:
        with path.open(encoding="utf-8") as fp:
            for kind, name, value, _ in events(fp, path):
                if kind == "row":
                    break
                if name == "settings" and isinstance(value, dict):
                    return {str(k): v for k, v in value.items()}
    except (UnicodeDecodeError, InputError):
        return {}
    return {}
