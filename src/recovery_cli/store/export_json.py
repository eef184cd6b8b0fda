"""The JSON export's rows rendered by SQLite (issue 23): each row comes out of the cursor as
the one line of JSON text that `json.dumps(row, ensure_ascii=False)` of `export_reads.iter_table`'s
dict would be, so no Python object is made per value, and the export still reads a row at a
time (memory stays flat on any history).

`json_quote` writes integers, text and NULL as the json module does: in text the same
characters are escaped the same way (the quote, the backslash, the control characters; \\b \\f
\\n \\r \\t by name, the others as \\u00xx), everything else is written as it is. It writes a float
with 15 digits, though, so floats go through Python's own repr (`_json_float`). A column with
TEXT affinity never holds a number (SQLite stores one as its text), so it is quoted without
asking its type. tests/export/test_json_stream.py holds the output to the json module's, byte
for byte. Without SQLite's JSON functions (an old library), the rows are encoded in Python.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from operator import itemgetter

from recovery_cli.store.export_reads import (
    BOOLEAN_COLUMNS,
    Window,
    existing_tables,
    ident,
    iter_table,
    table_cursor,
    table_where,
)

_FLOAT_FN = "_recovery_json_float"
_INF = float("inf")


def iter_json(conn: sqlite3.Connection, table: str, window: Window, lead: str
              ) -> Iterator[str]:
    """The rows `iter_table` gives, each as `lead + json.dumps(row, ensure_ascii=False)`."""
    if not _has_json(conn):
        encode = json.JSONEncoder(ensure_ascii=False).encode
        return (lead + encode(row) for row in iter_table(conn, table, window))
    flags = BOOLEAN_COLUMNS.get(table, ())
    parts = []
    for i, (col, declared) in enumerate(_declared(conn, table)):
        key = ("{" if i == 0 else ", ") + json.dumps(col, ensure_ascii=False) + ": "
        value = _json_value(col, boolean=col in flags, text=_text_affinity(declared))
        parts.append(f"{_literal(lead + key if i == 0 else key)} || {value}")
    if not parts:
        raise ValueError(f"a table without columns: {table}")
    cur = table_cursor(conn, table, window, " || ".join(parts) + " || '}'")
    return map(itemgetter(0), cur)


def _declared(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """The table's columns in schema order, with their declared types."""
    return [(str(r[1]), str(r[2] or "")) for r in conn.execute(f"PRAGMA table_info({table})")]


def _text_affinity(declared: str) -> bool:
    """Does SQLite give a column of this declared type TEXT affinity (its rules, in their
    order: INT first)? Such a column holds only text, NULL or blobs."""
    t = declared.upper()
    return "INT" not in t and any(w in t for w in ("CHAR", "CLOB", "TEXT"))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json_value(col: str, *, boolean: bool, text: bool) -> str:
    """SQL for one value as JSON text (a yes/no column's integer as true/false)."""
    c = ident(col)
    if text and not boolean:
        return f"json_quote({c})"
    value = f"CASE typeof({c}) WHEN 'real' THEN {_FLOAT_FN}({c}) ELSE json_quote({c}) END"
    if boolean:
        return (f"CASE typeof({c}) WHEN 'integer' THEN CASE WHEN {c} THEN 'true' ELSE 'false' "
                f"END ELSE {value} END")
    return value


def _json_float(x: float) -> str:
    """A float as the json module writes it (allow_nan: NaN, Infinity, -Infinity)."""
    if x != x:
        return "NaN"
    if x == _INF:
        return "Infinity"
    if x == -_INF:
        return "-Infinity"
    return float.__repr__(x)


def _has_json(conn: sqlite3.Connection) -> bool:
    """SQLite's JSON functions are there (built in since 3.38); the float function added."""
    try:
        conn.execute("SELECT json_quote(1)").fetchone()
    except sqlite3.OperationalError:
        return False
    conn.create_function(_FLOAT_FN, 1, _json_float, deterministic=True)
    return True


def iter_global_ids(conn: sqlite3.Connection, tables: list[str], window: Window, lead: str
                    ) -> Iterator[tuple[str, Iterator[str]]]:
    """For each table with rows that sync has named (issue 21: the same record carries the
    same global id on each of the owner's computers), its exported rows' names as JSON text,
    `lead + '"LOCAL ID": "GLOBAL ID"'`, in local-id order (as text), streamed. A local id
    named twice (never made by sync) gives its newest name, once."""
    if "_sync_records" not in existing_tables(conn) or conn.execute(
            "SELECT 1 FROM _sync_records LIMIT 1").fetchone() is None:
        return  # never synced
    from recovery_cli.sync.tables import BY_NAME

    for table in tables:
        if table not in BY_NAME:
            continue
        where, args = table_where(table, window)
        key = ident(BY_NAME[table].local_key)
        # From the names to the rows, not the other way: a table sync never named is not
        # read at all. `t.key = s.local` finds the row through its key's index (the text
        # taking the key's type); the CAST keeps the match exact ('01' does not name row 1).
        cur = conn.cursor()
        cur.row_factory = None
        cur.execute(
            f"SELECT {_literal(lead)} || json_quote(s.local) || ': ' || json_quote(s.gid) "
            f"FROM _sync_records s WHERE s.tbl = ? AND EXISTS (SELECT 1 FROM {table} t "
            f"WHERE t.{key} = s.local AND CAST(t.{key} AS TEXT) = s.local AND {where}) "
            "AND NOT EXISTS (SELECT 1 FROM _sync_records d WHERE d.tbl = s.tbl "
            "AND d.local = s.local AND d.rowid > s.rowid) ORDER BY s.local",
            [table, *args])
        yield table, map(itemgetter(0), cur)
