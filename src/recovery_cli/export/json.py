"""The JSON export: lossless and versioned, streamed row by row.

`{"format": "recovery-export", "version": 1, ..., "tables": {TABLE: [ROW, ...], ...}}` holds
every table of the database (check-ins, journal, questionnaires, plan, intake, values, goals,
skill practice) as stored, one row per line, so memory stays bounded on any history and
`recovery import` restores it exactly. Private entries are left out unless asked for.

Each row's line is rendered by SQLite (store/export_json.py: the text `json.dumps` would
write, byte for byte) and the lines of a table go out through one `writelines`, so there is no
Python object per value and no Python code per row; only the questionnaire results, which are
rescored, are encoded here.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any

from recovery_cli import __version__
from recovery_cli.core import clock

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist
    from recovery_cli.store.export_reads import Window

FORMAT = "recovery-export"
VERSION = 1
_LEAD = ",\n      "  # before each row: rows are one a line, inside the table's list


def tables_for(sections: tuple[str, ...] | None) -> list[str]:
    """Every table for a full copy (no --section), else the chosen sections' tables."""
    from recovery_cli.store.export_reads import DUMP_TABLES, TABLE_SECTION

    if sections is None:
        return list(DUMP_TABLES)
    return [t for t in DUMP_TABLES if TABLE_SECTION[t] in sections]


def write(
    conn: sqlite3.Connection,
    out: IO[str],
    *,
    start: str | None,
    end: str | None,
    include_private: bool,
    tags: tuple[str, ...],
    sections: tuple[str, ...] | None,
    now: datetime,
    checklists: Mapping[str, Checklist] | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Stream the export to `out`; returns rows written per table. With `checklists`, each
    questionnaire result's score, percentage, band and safety flag are the ones its answers
    give (`rescore`), so an old row with a wrong flag is exported right."""
    from recovery_cli.store import export_reads as reads
    from recovery_cli.store.export_json import iter_global_ids, iter_json

    window = reads.Window(start, end, include_private, tags)
    have = reads.existing_tables(conn)
    tables = [t for t in tables_for(sections) if t in have]
    head: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": reads.schema_version(conn),
        "app_version": __version__,
        "exported_at": clock.iso(now),
        "period": {"from": start, "to": end},
        "sections": list(sections) if sections is not None else "all",
        "tags": list(tags),
        "include_private": include_private,
        "private_left_out": reads.count_private_left_out(conn, window),
        "sequences": reads.sequences(conn),
    }
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    _write_global_ids(out, iter_global_ids(conn, tables, window, ", "))
    if settings is not None:  # config.toml's settings, dotted keys (issue 19): lossless
        out.write(f'  "settings": {json.dumps(settings, ensure_ascii=False)},\n')
    out.write('  "tables": {')
    counts: dict[str, int] = {}
    for i, table in enumerate(tables):
        out.write(("," if i else "") + f"\n    {json.dumps(table)}: [")
        rows = (_rescored_rows(conn, window, checklists)
                if table == "assessments" and checklists is not None
                else iter_json(conn, table, window, _LEAD))
        first = next(rows, None)
        n = 0
        if first is not None:
            out.write(first[1:])  # the first row has no comma before it
            n = 1 + _write_all(out, rows)
        out.write("\n    ]" if n else "]")
        counts[table] = n
    out.write("\n  }\n}\n")
    return counts


def _write_global_ids(out: IO[str], named: Iterator[tuple[str, Iterator[str]]]) -> None:
    """`"global_ids": {TABLE: {LOCAL: GLOBAL, ...}, ...}` on one line, as `json.dumps` writes
    the dict, streamed: a synced home's names are never all in memory."""
    out.write('  "global_ids": {')
    n = 0
    for table, pairs in named:
        first = next(pairs, None)
        if first is None:
            continue  # a table with no named rows is left out
        out.write((", " if n else "") + json.dumps(table) + ": {" + first[2:])
        _write_all(out, pairs)
        out.write("}")
        n += 1
    out.write("},\n")


def _write_all(out: IO[str], texts: Iterator[str]) -> int:
    """Write every text; how many there were. `writelines` and the counter run in C: no
    Python code per row."""
    counted = itertools.count()
    out.writelines(map(itemgetter(0), zip(texts, counted, strict=False)))
    return next(counted)  # zip stops on `texts` before it takes from the counter


def _rescored_rows(conn: sqlite3.Connection, window: Window,
                   checklists: Mapping[str, Checklist]) -> Iterator[str]:
    """The `assessments` rows, each with the values its answers give, as JSON text (the
    answers read alongside in one pass, not one query per result)."""
    from recovery_cli.assess.rescore import rescored
    from recovery_cli.core.records import AssessmentRecord
    from recovery_cli.store import export_reads as reads

    def opt(v: Any) -> float | None:
        return None if v is None else float(v)

    encode = json.JSONEncoder(ensure_ascii=False).encode
    answers = reads.iter_answers(conn, window)
    pending = next(answers, None)
    for row in reads.iter_table(conn, "assessments", window):
        rid = int(row["id"])
        while pending is not None and pending[0] < rid:
            pending = next(answers, None)
        rec = AssessmentRecord(
            id=rid, checklist=str(row["checklist"]), kind=str(row["kind"]),
            taken_at=str(row["taken_at"]), day=str(row["day"]), score=opt(row.get("score")),
            band=row.get("band"), percentage=opt(row.get("percentage")),
            safety_flag=bool(row.get("safety_flag")),
            answers=pending[1] if pending is not None and pending[0] == rid else {})
        fixed = rescored(rec, checklists.get(rec.checklist))
        if fixed is not rec:
            row = {**row, "score": fixed.score, "percentage": fixed.percentage,
                   "band": fixed.band, "safety_flag": int(fixed.safety_flag)}
        yield _LEAD + encode(row)
