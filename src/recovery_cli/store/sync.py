"""SQL for sync: each synced row's global id, last-synced fields and CRDT state, the change
log the triggers keep, the outbox of files not yet written, the devices read and the answers
a conflict replaced.

Driven by recovery_cli.sync.tables (a declarative list), so no table is named here."""

from __future__ import annotations

import itertools
import json
import secrets
import sqlite3
import time
from typing import Any

from recovery_cli.sync.tables import Table

Record = dict[str, Any]
_encode = json.JSONEncoder(sort_keys=True).encode


def _child_field(prefix: str, keys: tuple[Any, ...]) -> str:
    return prefix + "|".join(str(k) for k in keys)


def local_records(conn: sqlite3.Connection, table: Table, only: list[str] | None = None
                  ) -> dict[str, tuple[str | None, Record]]:
    """The local rows of `table` (all, or those whose local key is in `only`) as {local key:
    (natural gid or None, fields)}."""
    cols = [table.local_key, *table.fields]
    if table.natural_key and table.natural_key not in cols:
        cols.append(table.natural_key)
    sql_cols = ", ".join(f'"{c}"' for c in cols)
    where, args = _only(table.local_key, only)
    out: dict[str, tuple[str | None, Record]] = {}
    for row in conn.execute(f'SELECT {sql_cols} FROM "{table.name}"{where} '
                            f'ORDER BY "{table.local_key}"', args):
        values = dict(zip(cols, row, strict=True))
        local = str(values[table.local_key])
        gid = str(values[table.natural_key]) if table.natural_key else None
        out[local] = (gid, {f: values[f] for f in table.fields})
    for child in table.children:
        ccols = [child.parent_column, *child.key_columns, *child.value_columns]
        sql = ", ".join(f'"{c}"' for c in ccols)
        nkeys = len(child.key_columns)
        where, args = _only(child.parent_column, only)
        for row in conn.execute(f'SELECT {sql} FROM "{child.table}"{where}', args):
            parent = out.get(str(row[0]))
            if parent is None:
                continue
            keys = tuple(row[1:1 + nkeys])
            vals = list(row[1 + nkeys:])
            parent[1][_child_field(child.prefix(), keys)] = vals if vals else 1
    return out


def _only(column: str, only: list[str] | None) -> tuple[str, list[int | str]]:
    """The rows whose `column` is one of `only` (the change log's keys, kept as text). The
    column is compared as it is, so its index is used (CAST made every sync of one entry
    scan the whole journal: 0.2-1.6 s at 100,000 entries); integer keys are given as
    integers, text keys as text."""
    if only is None:
        return "", []
    args: list[int | str] = [int(k) if k.isdigit() and len(k) < 19 else k for k in only]
    return f' WHERE "{column}" IN ({", ".join("?" for _ in only)})', args


def changed(conn: sqlite3.Connection, table: Table) -> list[str]:
    """Local keys of the rows of `table` written since the last sync (the triggers' log)."""
    return [str(r[0]) for r in conn.execute(
        "SELECT local FROM _sync_changes WHERE tbl = ? ORDER BY local", (table.name,))]


def clear_changes(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM _sync_changes")


Synced = tuple[str, str | None, Record, bytes | None]  # gid, local, record, CRDT state


def synced_by_local(conn: sqlite3.Connection, table: Table, locals_: list[str]
                    ) -> dict[str, Synced]:
    marks = ", ".join("?" for _ in locals_)
    return {str(local): (str(gid), str(local), json.loads(record), state)
            for gid, local, record, state in conn.execute(
                f"SELECT gid, local, record, state FROM _sync_records WHERE tbl = ? AND "
                f"local IN ({marks})", [table.name, *locals_])}


def synced_one(conn: sqlite3.Connection, table: Table, gid: str) -> Synced | None:
    row = conn.execute("SELECT gid, local, record, state FROM _sync_records WHERE tbl = ? AND "
                       "gid = ?", (table.name, gid)).fetchone()
    return None if row is None else (str(row[0]), row[1], json.loads(row[2]), row[3])


_counter = itertools.count()


def new_gid() -> str:
    """A global id that sorts in the order it was made (milliseconds, a per-run counter, then
    random): records are applied in that order, so rows one computer made in a row keep their
    order (and their local ids' order) on every computer."""
    ms = time.time_ns() // 1_000_000
    return f"{ms:012x}-{next(_counter) % 65536:04x}-{secrets.token_hex(8)}"


def save_synced(conn: sqlite3.Connection, table: Table, gid: str, local: str | None,
                record: Record, state: bytes | None = None) -> None:
    """The record's local key, fields as merged and (when given) its CRDT state."""
    conn.execute("INSERT INTO _sync_records (tbl, gid, local, record, state) VALUES "
                 "(?, ?, ?, ?, ?) ON CONFLICT(tbl, gid) DO UPDATE SET local = excluded.local, "
                 "record = excluded.record, state = coalesce(excluded.state, state)",
                 (table.name, gid, local, _encode(record), state))


def gid_of(conn: sqlite3.Connection, table: str, local: int | str) -> str | None:
    row = conn.execute("SELECT gid FROM _sync_records WHERE tbl = ? AND local = ?",
                       (table, str(local))).fetchone()
    return None if row is None else str(row[0])


def complete(table: Table, record: Record) -> bool:
    """A record can become a row once every column has arrived (a field edited elsewhere can
    arrive before the record's creation from a third computer)."""
    return all(f in record for f in table.fields)


def with_local_refs(conn: sqlite3.Connection, table: Table, record: Record) -> Record | None:
    """`record` with each reference (a parent's global id) turned into the parent's local id
    here; None while a parent has not arrived (or is gone: its row would be an orphan). A
    parent of an optional reference that was deleted leaves the column NULL."""
    if not table.refs:
        return record
    out = dict(record)
    for ref in table.refs:
        gid = record.get(ref.column)
        if gid is None:
            continue
        row = conn.execute("SELECT local, record FROM _sync_records WHERE tbl = ? AND gid = ?",
                           (ref.table, str(gid))).fetchone()
        if row is not None and row[0] is not None:
            out[ref.column] = row[0]
        elif not ref.required and row is not None and json.loads(row[1]).get("_del"):
            out[ref.column] = None
        else:
            return None
    return out


def waiting(conn: sqlite3.Connection, table: Table) -> list[str]:
    """Global ids of records that are not rows here yet and not deleted (a field or a parent
    was still to come)."""
    return [str(gid) for gid, record in conn.execute(
        "SELECT gid, record FROM _sync_records WHERE tbl = ? AND local IS NULL", (table.name,))
        if '"_del": 1' not in record]


def apply_record(conn: sqlite3.Connection, table: Table, gid: str, local: str | None,
                 record: Record | None) -> str | None:
    """Make the local row match `record` (None: deleted). Returns the row's local key."""
    if local is None and table.natural_key:
        row = conn.execute(f'SELECT "{table.local_key}" FROM "{table.name}" WHERE '
                           f'"{table.natural_key}" = ?', (gid,)).fetchone()
        local = None if row is None else str(row[0])
    if record is None:
        if local is not None:
            conn.execute(f'DELETE FROM "{table.name}" WHERE "{table.local_key}" = ?', (local,))
        return None
    values = [record.get(f) for f in table.fields]
    fresh = local is None
    if local is None:
        cols = list(table.fields)
        if table.natural_key:
            cols.append(table.natural_key)
            values.append(gid)
        marks = ", ".join("?" for _ in cols)
        names = ", ".join(f'"{c}"' for c in cols)
        cur = conn.execute(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)
        local = gid if table.local_is_natural() else str(cur.lastrowid)
    elif table.fields:
        sets = ", ".join(f'"{c}" = ?' for c in table.fields)
        conn.execute(f'UPDATE "{table.name}" SET {sets} WHERE "{table.local_key}" = ?',
                     [*values, local])
    for child in table.children:
        if not fresh:
            conn.execute(f'DELETE FROM "{child.table}" WHERE "{child.parent_column}" = ?',
                         (local,))
        cols = [child.parent_column, *child.key_columns, *child.value_columns]
        names = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        prefix = child.prefix()
        rows = []
        for name, value in record.items():
            if not name.startswith(prefix) or value is None:
                continue
            keys = name[len(prefix):].split("|", len(child.key_columns) - 1)
            vals = value if isinstance(value, list) else []
            rows.append([local, *keys, *vals])
        conn.executemany(f'INSERT INTO "{child.table}" ({names}) VALUES ({marks})', rows)
    return local


# --- the document, the outbox, devices, conflicts ------------------------------------------


def next_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT next_seq FROM _sync_doc WHERE id = 1").fetchone()
    return 1 if row is None else int(row[0])


def save_next_seq(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("INSERT OR REPLACE INTO _sync_doc (id, state, next_seq) VALUES (1, x'', ?)",
                 (seq,))


def outbox(conn: sqlite3.Connection) -> list[tuple[int, bytes]]:
    return [(int(s), bytes(p)) for s, p in
            conn.execute("SELECT seq, payload FROM _sync_outbox ORDER BY seq")]


def queue(conn: sqlite3.Connection, seq: int, payload: bytes) -> None:
    conn.execute("INSERT INTO _sync_outbox (seq, payload) VALUES (?, ?)", (seq, payload))


def sent(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("DELETE FROM _sync_outbox WHERE seq = ?", (seq,))


def devices(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return {d: {"name": n, "last_seq": int(s), "last_at": a, "forgotten": bool(f)}
            for d, n, s, a, f in conn.execute(
                "SELECT device, name, last_seq, last_at, forgotten FROM _sync_devices")}


def seen(conn: sqlite3.Connection, device: str, name: str, last_seq: int, at: str) -> None:
    conn.execute("INSERT INTO _sync_devices (device, name, last_seq, last_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(device) DO UPDATE SET name = excluded.name, "
                 "last_seq = excluded.last_seq, last_at = excluded.last_at",
                 (device, name, last_seq, at))


def forget(conn: sqlite3.Connection, device: str) -> None:
    conn.execute("UPDATE _sync_devices SET forgotten = 1 WHERE device = ?", (device,))


def add_conflict(conn: sqlite3.Connection, at: str, table: str, gid: str, field: str,
                 kept: str, replaced: str) -> None:
    conn.execute("INSERT INTO _sync_conflicts (at, tbl, gid, field, kept, replaced) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (at, table, gid, field, kept, replaced))


def conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cols = ("at", "table", "gid", "field", "kept", "replaced")
    return [dict(zip(cols, r, strict=True)) for r in conn.execute(
        "SELECT at, tbl, gid, field, kept, replaced FROM _sync_conflicts ORDER BY id")]


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM _sync_outbox").fetchone()[0])


def changed_count(conn: sqlite3.Connection) -> int:
    """Records written here since the last sync (what the next sync will send, at most)."""
    return int(conn.execute("SELECT count(*) FROM _sync_changes").fetchone()[0])
