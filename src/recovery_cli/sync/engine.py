"""One `recovery sync` run: local changes into the CRDT document, the other computers' files
merged in, the result written back to SQLite in one transaction, then this computer's file.

Order (so a kill at any moment loses nothing): 1. files queued by an interrupted run are
written; 2. every other computer's new whole files are read and decrypted (a bad one refuses
the run before anything changes); 3. local edits since the last sync become CRDT writes;
4. the files are merged; 5. one SQLite transaction holds the merged rows, the document, the
devices read and this run's file (the outbox); 6. the file is written (temp name, fsync,
rename) and taken off the outbox.

Conflicts: each write carries a short hash of the value it replaced. A value that lost to a
write that never saw it (two computers, one field, offline) is recorded in _sync_conflicts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recovery_cli.store import sync as store
from recovery_cli.store.db import transaction
from recovery_cli.sync import fileformat
from recovery_cli.sync.tables import BY_NAME, TABLES, Table

DEL = "_del"


@dataclass
class Settings:
    folder: Path
    device: str
    name: str
    salt: bytes
    passphrase: str
    schema: int


@dataclass
class Summary:
    received: dict[str, int] = field(default_factory=dict)  # device name -> records
    sent: int = 0
    conflicts: int = 0
    waiting: list[str] = field(default_factory=list)  # files still arriving

    def line(self) -> str:
        parts = [f"{n} new from {name}" for name, n in self.received.items() if n]
        parts.append(f"{self.sent} sent")
        if self.conflicts:
            parts.append(f"{self.conflicts} answer{'s' if self.conflicts != 1 else ''} "
                         "replaced (see 'recovery sync status')")
        if self.waiting:
            parts.append(f"{len(self.waiting)} file(s) still arriving, read next time")
        return ", ".join(parts)


def _h(text: str | None) -> str | None:
    return None if text is None else hashlib.sha1(text.encode()).hexdigest()[:12]


def _j(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


@dataclass
class _Remote:
    device: str
    name: str
    seq: int
    update: bytes
    writes: list[list[Any]]


def _read_remote(conn: sqlite3.Connection, s: Settings, summary: Summary) -> list[_Remote]:
    known = store.devices(conn)
    out: list[_Remote] = []
    for device, files in fileformat.device_files(s.folder).items():
        if device == s.device or known.get(device, {}).get("forgotten"):
            continue
        last = int(known.get(device, {}).get("last_seq", 0))
        for seq, path in files:
            if seq <= last:
                continue  # delivered twice, or already merged
            if seq != last + 1:
                summary.waiting.append(path.name)  # an earlier file has not arrived yet
                break
            label = f"{device}/{path.name}"
            try:
                header, payload = fileformat.open_sealed(path.read_bytes(), s.passphrase,
                                                         label, s.schema)
            except fileformat.Incomplete:
                summary.waiting.append(label)
                break
            out.append(_Remote(device, str(header.get("name", device)), seq,
                               base64.b64decode(payload["update"]), payload["writes"]))
            last = seq
    return out


def _flush_outbox(conn: sqlite3.Connection, s: Settings) -> None:
    for seq, data in store.outbox(conn):
        fileformat.write_once(s.folder / s.device, seq, data)
        with transaction(conn):
            store.sent(conn, seq)


def run(conn: sqlite3.Connection, s: Settings, now: str) -> Summary:
    from pycrdt import Doc, Map

    summary = Summary()
    _flush_outbox(conn, s)
    remotes = _read_remote(conn, s, summary)  # before any change: a bad file refuses it all
    # 3. local edits since the last sync (no document needed to find them)
    saves: dict[tuple[str, str], tuple[str | None, dict[str, Any]]] = {}
    records: dict[str, dict[str, tuple[str | None, dict[str, Any]]]] = {}
    pending: list[tuple[Table, str, dict[str, Any], dict[str, Any]]] = []
    sent: set[tuple[str, str]] = set()
    gid_by_local: dict[str, dict[str, str]] = {}  # parents' ids, for their children's refs
    for table in TABLES:
        synced = store.synced(conn, table)
        records[table.name] = synced
        by_local = {loc: gid for gid, (loc, _) in synced.items() if loc is not None}
        gid_by_local[table.name] = by_local
        seen_locals: set[str] = set()
        for local, (natural, fields) in store.local_records(conn, table).items():
            seen_locals.add(local)
            gid: str = natural or by_local.get(local) or store.new_gid()
            by_local[local] = gid
            for ref in table.refs:  # a parent's local id travels as its global id
                value = fields.get(ref.column)
                fields[ref.column] = (None if value is None
                                      else gid_by_local[ref.table].get(str(value)))
            if gid in synced and fields == synced[gid][1]:
                continue  # unchanged since the last sync (the common case: one compare)
            prev = synced.get(gid, (None, {}))[1]
            changed = _diff(prev, fields) if gid in synced else dict(fields)
            if changed or gid not in synced:
                pending.append((table, gid, changed, prev))
                merged = dict(fields)
                saves[(table.name, gid)] = (local, merged)
                synced[gid] = (local, merged)
                if changed:
                    sent.add((table.name, gid))
        for gone, (was, prev) in list(synced.items()):
            if was is not None and was not in seen_locals:  # deleted here
                pending.append((table, gone, {DEL: 1}, prev))
                merged = {**prev, DEL: 1}
                saves[(table.name, gone)] = (None, merged)
                synced[gone] = (None, merged)
                sent.add((table.name, gone))
    if not pending and not remotes:
        return summary  # nothing to merge or send: the document is not even loaded

    state, next_seq = store.doc_state(conn)
    doc: Any = Doc(client_id=random.getrandbits(52))
    if state is not None:
        doc.apply_update(state)
    maps = {t.name: doc.get(t.name, type=Map) for t in TABLES}
    writes: list[list[Any]] = []
    before = doc.get_state()
    with doc.transaction():
        for table, gid, changed, prev in pending:
            _write(maps[table.name], table, gid, changed, prev, s.device, writes)
    outgoing = doc.get_update(before) if sent else None
    summary.sent = len(sent)

    # 4. merge the others' files, watching which keys change
    changes: dict[str, dict[str, tuple[Any, Any]]] = {t.name: {} for t in TABLES}
    current: list[set[str]] = [set()]

    def watcher(name: str) -> Any:
        def on_change(event: Any) -> None:
            for key, change in event.keys.items():
                old = changes[name].get(key)
                changes[name][key] = (change.get("oldValue") if old is None else old[0],
                                      change.get("newValue"))  # first old, latest new
                current[0].add(f"{name}\x00{key.split('/', 1)[0]}")
        return on_change

    for table in TABLES:
        maps[table.name].observe(watcher(table.name))
    for remote in remotes:
        current[0] = set()
        doc.apply_update(remote.update)
        summary.received[remote.name] = summary.received.get(remote.name, 0) + len(current[0])
    conflicts = _conflicts(maps, changes, remotes, writes)
    summary.conflicts = len(conflicts)

    # 5. one transaction: merged rows, the document, devices, this run's file
    with transaction(conn):
        for (tname, key), (loc, rec) in saves.items():
            store.save_synced(conn, BY_NAME[tname], key, loc, rec)
        for table in TABLES:
            by_gid: dict[str, dict[str, Any]] = {}
            for key, (_, new) in changes[table.name].items():
                rid, fld = key.split("/", 1)
                by_gid.setdefault(rid, {})[fld] = new
            for rid in sorted(by_gid):
                _apply(conn, table, records[table.name], rid, by_gid[rid])
            for rid in store.waiting(conn, table):  # its parent or a field arrived since
                if rid not in by_gid:
                    _apply(conn, table, records[table.name], rid, {})
        for tname, gid, fld, kept, replaced in conflicts:
            store.add_conflict(conn, now, tname, gid, fld, kept, replaced)
        for remote in remotes:
            store.seen(conn, remote.device, remote.name, remote.seq, now)
        if outgoing is not None:
            header = {"device": s.device, "name": s.name, "seq": next_seq, "schema": s.schema}
            payload = {"update": base64.b64encode(outgoing).decode(), "writes": writes}
            store.queue(conn, next_seq, fileformat.seal(s.passphrase, s.salt, header, payload))
            next_seq += 1
        store.save_doc(conn, doc.get_update(), next_seq)
    _flush_outbox(conn, s)  # 6.
    return summary


def _diff(prev: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    return {k: now.get(k) for k in set(prev) | set(now)
            if k != DEL and _j(prev.get(k)) != _j(now.get(k))} | (
        {DEL: None} if prev.get(DEL) else {})


def _write(m: Any, table: Table, gid: str, changed: dict[str, Any], prev: dict[str, Any],
           device: str, writes: list[list[Any]]) -> None:
    for fld, value in changed.items():
        text = _j(value)
        prevh = _h(_j(prev[fld])) if prev.get(fld) is not None else None
        m[f"{gid}/{fld}"] = [text, device, prevh]
        if table.natural_key or prevh is not None:
            writes.append([table.name, gid, fld, text, prevh])


def _conflicts(maps: dict[str, Any], changes: dict[str, dict[str, tuple[Any, Any]]],
               remotes: list[_Remote], local_writes: list[list[Any]]
               ) -> list[tuple[str, str, str, str, str]]:
    """(table, gid, field, kept, replaced) for every value that lost to a write that never
    saw it. Quiet fields (updated_at) are not answers and are not reported."""
    candidates: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for remote in remotes:
        for tname, gid, fld, text, prevh in remote.writes:
            candidates.setdefault((tname, f"{gid}/{fld}"), []).append((text, prevh))
    for tname, keys in changes.items():
        for key, (old, _) in keys.items():
            if isinstance(old, list) and old:
                candidates.setdefault((tname, key), []).append((str(old[0]), old[2]))
    for tname, gid, fld, text, prevh in local_writes:
        if (tname, f"{gid}/{fld}") in candidates:
            candidates[(tname, f"{gid}/{fld}")].append((text, prevh))
    out: list[tuple[str, str, str, str, str]] = []
    for (tname, key), values in sorted(candidates.items()):
        gid, fld = key.split("/", 1)
        if fld in BY_NAME[tname].quiet or fld == DEL or tname not in maps:
            continue
        merged = maps[tname].get(key)
        if not merged:
            continue
        superseded = {merged[2]} | {p for _, p in values}
        reported: set[str] = set()
        for text, _ in values:
            if text != merged[0] and _h(text) not in superseded and text not in reported:
                reported.add(text)
                out.append((tname, gid, fld, str(merged[0]), text))
    return out


def _apply(conn: sqlite3.Connection, table: Table,
           records: dict[str, tuple[str | None, dict[str, Any]]], gid: str,
           fields: dict[str, Any]) -> None:
    """Make the local row of `gid` the merged record: the fields as last merged, with every
    field the merge changed (its merged value in the document: [json, device, prev])."""
    local, record = records.get(gid, (None, {}))
    merged: dict[str, Any] = dict(record)
    for fld, value in fields.items():
        merged[fld] = None if not value else json.loads(value[0])
    merged = {k: v for k, v in merged.items() if v is not None or k in table.fields}
    if merged.get(DEL):
        store.apply_record(conn, table, gid, local, None)
        store.save_synced(conn, table, gid, None, merged)
        local = None
    else:
        row = store.with_local_refs(conn, table, merged) if store.complete(table, merged) else None
        if row is not None:
            local = store.apply_record(conn, table, gid, local, row)
        elif local is not None:  # its parent is gone here: the row goes with it
            store.apply_record(conn, table, gid, local, None)
            local = None
        store.save_synced(conn, table, gid, local, merged)
    records[gid] = (local, merged)
