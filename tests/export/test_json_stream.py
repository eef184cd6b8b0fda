"""The JSON export, byte for byte: the fast writer (SQLite renders each row) writes exactly
what the original writer (one dict and one `json.dumps` per row, kept below as the reference)
wrote, on a history full of awkward text and numbers, in every window an export can ask for."""

from __future__ import annotations

import io
import json
import math
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.export_seed import PRIVATE_BODY, seed

from recovery_cli import __version__
from recovery_cli.core import clock
from recovery_cli.core.checklists import load_checklists
from recovery_cli.export import json as json_export
from recovery_cli.store import open_db, transaction

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
AWKWARD = ("".join(chr(c) for c in range(32)) + ' "quoted" back\\slash \x7f \u2028 \u2029 '
           "café Ελληνικά 😀 e\u0301 % %s '' \ufeff \uffff")
NUMBERS = [0.1 + 0.2, 1e20, 1e-7, 1e16, 1e15, 123456789.125, -0.0, 1 / 3, 5e-324, 2.5,
           1.7976931348623157e308, math.inf, -math.inf, 7.0]


# --- the reference: the writer as it was before rows were rendered by SQLite ----------------

def _ref_rows(conn: sqlite3.Connection, table: str, window: Any) -> Iterator[dict[str, Any]]:
    from recovery_cli.store import export_reads as reads

    cols = reads.columns(conn, table)
    order = ", ".join(reads.primary_key(conn, table) or ["rowid"])
    where, args = reads.table_where(table, window)
    cur = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {where} ORDER BY {order}",
                       args)
    flags = [c for c in reads.BOOLEAN_COLUMNS.get(table, ()) if c in cols]
    for row in cur:
        out = dict(zip(cols, tuple(row), strict=True))
        for c in flags:
            if isinstance(out[c], int):
                out[c] = bool(out[c])
        yield out


def _ref_global_ids(conn: sqlite3.Connection, tables: list[str], window: Any
                    ) -> dict[str, dict[str, str]]:
    from recovery_cli.store import export_reads as reads
    from recovery_cli.sync.tables import BY_NAME

    out: dict[str, dict[str, str]] = {}
    for table in tables:
        if table not in BY_NAME:
            continue
        where, args = reads.table_where(table, window)
        key = BY_NAME[table].local_key
        rows = conn.execute(
            f"SELECT s.local, s.gid FROM _sync_records s WHERE s.tbl = ? AND s.local IN "
            f"(SELECT CAST({key} AS TEXT) FROM {table} WHERE {where}) ORDER BY s.local",
            [table, *args])
        found = {str(local): str(gid) for local, gid in rows}
        if found:
            out[table] = found
    return out


def _ref_rescored(conn: sqlite3.Connection, row: dict[str, Any],
                  checklists: Mapping[str, Any]) -> dict[str, Any]:
    from recovery_cli.assess.rescore import rescored
    from recovery_cli.core.records import AssessmentRecord
    from recovery_cli.store.assessments import answers_of

    def opt(v: Any) -> float | None:
        return None if v is None else float(v)

    rec = AssessmentRecord(
        id=int(row["id"]), checklist=str(row["checklist"]), kind=str(row["kind"]),
        taken_at=str(row["taken_at"]), day=str(row["day"]), score=opt(row.get("score")),
        band=row.get("band"), percentage=opt(row.get("percentage")),
        safety_flag=bool(row.get("safety_flag")), answers=answers_of(conn, int(row["id"])))
    fixed = rescored(rec, checklists.get(rec.checklist))
    if fixed is rec:
        return row
    return {**row, "score": fixed.score, "percentage": fixed.percentage, "band": fixed.band,
            "safety_flag": int(fixed.safety_flag)}


def reference(conn: sqlite3.Connection, *, start: str | None, end: str | None,
              include_private: bool, tags: tuple[str, ...], sections: tuple[str, ...] | None,
              checklists: Mapping[str, Any] | None, settings: dict[str, Any] | None) -> str:
    from recovery_cli.store import export_reads as reads

    out = io.StringIO()
    window = reads.Window(start, end, include_private, tags)
    have = reads.existing_tables(conn)
    tables = [t for t in json_export.tables_for(sections) if t in have]
    head: dict[str, Any] = {
        "format": "recovery-export", "version": 1,
        "schema_version": reads.schema_version(conn), "app_version": __version__,
        "exported_at": clock.iso(NOW), "period": {"from": start, "to": end},
        "sections": list(sections) if sections is not None else "all", "tags": list(tags),
        "include_private": include_private,
        "private_left_out": reads.count_private_left_out(conn, window),
        "sequences": reads.sequences(conn),
        "global_ids": _ref_global_ids(conn, tables, window),
    }
    if settings is not None:
        head["settings"] = settings
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    for i, table in enumerate(tables):
        out.write(("," if i else "") + f"\n    {json.dumps(table)}: [")
        n = 0
        for row in _ref_rows(conn, table, window):
            if table == "assessments" and checklists is not None:
                row = _ref_rescored(conn, row, checklists)
            out.write(("," if n else "") + "\n      " + json.dumps(row, ensure_ascii=False))
            n += 1
        out.write("\n    ]" if n else "]")
    out.write("\n  }\n}\n")
    return out.getvalue()


# --- an awkward history -----------------------------------------------------------------------

@pytest.fixture
def conn(home: Path) -> Iterator[sqlite3.Connection]:
    seed(home)
    c = open_db(home)
    with transaction(c):
        for i, body in enumerate([AWKWARD, AWKWARD[::-1], "", "%"]):
            c.execute("INSERT INTO entries (created_at, updated_at, day, title, body, private, "
                      "starred) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (f"2026-02-0{i + 1}T10:00:00+01:00", AWKWARD, f"2026-02-0{i + 1}",
                       None if i % 2 else AWKWARD, body, i % 2, [2, 0, "yes", 0][i]))
        c.execute("INSERT INTO entry_tags (entry_id, tag) SELECT id, ? FROM entries", (AWKWARD,))
        cid = c.execute("SELECT min(id) FROM checkins").fetchone()[0]
        c.executemany("INSERT INTO checkin_values (checkin_id, item, num, text) VALUES (?, ?, ?, ?)",
                      [(cid, f"n{i}", v, None) for i, v in enumerate(NUMBERS)]
                      + [(cid, "big", 2**63 - 1, 2**62), (cid, "texty", "not a number", 5),
                         (cid, "awkward", None, AWKWARD)])
        for d in ("2026-02-01", "2026-02-02"):
            c.execute("INSERT INTO snaps (at, day, mood, anxiety, energy, note, tags) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?)", (f"{d}T08:00:00+01:00", d, 1 / 3, None, 10, AWKWARD,
                                                "a,b"))
        # an old row whose stored flag and score its answers contradict (rescored on export)
        c.execute("UPDATE assessments SET safety_flag = 0, score = 1.5 WHERE checklist = 'phq9'")
        ids = [r[0] for r in c.execute("SELECT id FROM entries ORDER BY id")]
        c.executemany("INSERT INTO _sync_records (tbl, gid, local, record) VALUES (?, ?, ?, '{}')",
                      [("entries", f"gid-{AWKWARD[20:]}-{i}", str(i), ) for i in ids]
                      + [("entries", "gid-gone", "999999"), ("entries", "gid-odd", "01"),
                         ("entries", "gid-null", None), ("plan_texts", "when_well", "when_well"),
                         ("checkins", "2026-01-01", str(cid)), ("entries", "gid-newer", "2")])
    yield c
    c.close()


WINDOWS: list[dict[str, Any]] = [
    {},
    {"include_private": True},
    {"start": "2026-02-02", "end": "2026-02-03"},
    {"start": "2026-02-02", "include_private": True},
    {"tags": ("work",)},
    {"tags": (AWKWARD, "therapy"), "include_private": True},
    {"sections": ("journal", "assessments")},
    {"sections": ("checkins",), "end": "2026-02-01"},
    {"checklists": False},
]


@pytest.mark.parametrize("ask", WINDOWS, ids=lambda a: ",".join(sorted(a)) or "all")
def test_the_export_is_byte_for_byte_what_it_was(conn: sqlite3.Connection,
                                                 ask: dict[str, Any]) -> None:
    _same_as_reference(conn, ask)


@pytest.mark.parametrize("ask", WINDOWS[:2], ids=["all", "include_private"])
def test_the_same_through_sqlcipher_and_its_own_sqlite(conn: sqlite3.Connection, home: Path,
                                                       ask: dict[str, Any]) -> None:
    """An encrypted home's connection is sqlcipher3's, with its own (newer) SQLite and JSON
    functions: they must write the same text."""
    sc = pytest.importorskip("sqlcipher3")
    other = sc.connect(str(home / "recovery.db"))  # no key: the plain file as it is
    try:
        _same_as_reference(other, ask)
    finally:
        other.close()


def _same_as_reference(conn: sqlite3.Connection, ask: dict[str, Any]) -> None:
    opts: dict[str, Any] = {"start": None, "end": None, "include_private": False, "tags": (),
                            "sections": None, **ask}
    checklists = None if opts.pop("checklists", True) is False \
        else load_checklists(None).checklists
    settings = {"a.b": True, "c": AWKWARD} if opts["sections"] is None else None
    want = reference(conn, checklists=checklists, settings=settings, **opts)
    got = io.StringIO()
    counts = json_export.write(conn, got, now=NOW, checklists=checklists, settings=settings,
                               **opts)
    assert got.getvalue() == want
    doc = json.loads(got.getvalue())
    assert counts == {t: len(rows) for t, rows in doc["tables"].items()}
    assert sum(counts.values()) > (0 if opts["start"] or opts["sections"] else 100)
    if not opts["include_private"]:
        assert PRIVATE_BODY not in got.getvalue()
        assert all(not e["private"] for e in doc["tables"].get("entries", []))


def test_the_awkward_text_and_numbers_come_back_as_stored(conn: sqlite3.Connection) -> None:
    got = io.StringIO()
    json_export.write(conn, got, start=None, end=None, include_private=True, tags=(),
                      sections=None, now=NOW)
    doc = json.loads(got.getvalue())
    nums = {v["item"]: v["num"] for v in doc["tables"]["checkin_values"] if v["item"][:1] == "n"}
    assert [nums[f"n{i}"] for i in range(len(NUMBERS))] == NUMBERS  # json.loads reads Infinity
    assert AWKWARD in [e["body"] for e in doc["tables"]["entries"]]
    starred = [e["starred"] for e in doc["tables"]["entries"] if e["title"] == AWKWARD]
    assert True in starred and "yes" in starred
    assert doc["global_ids"]["entries"]["1"] == f"gid-{AWKWARD[20:]}-1"
    assert "999999" not in doc["global_ids"]["entries"] and "01" not in doc["global_ids"]["entries"]
    assert doc["global_ids"]["plan_texts"] == {"when_well": "when_well"}
    assert doc["global_ids"]["entries"]["2"] == "gid-newer"  # named twice: the newest name


def test_the_same_without_sqlites_json_functions(conn: sqlite3.Connection,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An SQLite built without them (before 3.38): the rows are encoded in Python instead."""
    from recovery_cli.store import export_json

    monkeypatch.setattr(export_json, "_has_json", lambda _conn: False)
    _same_as_reference(conn, {"include_private": True})


_NO_PYDANTIC = """
import io, sys
from datetime import UTC, datetime
from pathlib import Path
from recovery_cli.core.checklists import load_checklists
from recovery_cli.export import json as json_export
from recovery_cli.store import open_db
conn = open_db(Path(sys.argv[1]))
out = io.StringIO()
counts = json_export.write(conn, out, start=None, end=None, include_private=False, tags=(),
                           sections=None, now=datetime.now(UTC),
                           checklists=load_checklists(None).checklists)
print(counts["assessments"], "pydantic" in sys.modules)
"""


def test_rescoring_the_results_does_not_load_pydantic(conn: sqlite3.Connection,
                                                      home: Path) -> None:
    """The rescoring needs the checklists as data, not their pydantic models (about 100 ms
    and 15 MiB of the export's peak memory)."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _NO_PYDANTIC, str(home)], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "False"]
