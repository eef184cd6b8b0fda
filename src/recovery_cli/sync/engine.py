"""One `recovery sync` run: local changes into each record's CRDT document, the other
computers' files merged in, the result written back to SQLite in one transaction with this
computer's new files.

Order (so a kill at any moment loses nothing): 1. files queued by an interrupted run are
written; 2. every other computer's new whole files are read and decrypted (a bad one refuses
the run before anything changes); 3. one SQLite transaction: the rows written here since the
last sync (the change log the triggers keep, so an unchanged history is never read) become
CRDT writes; the files are merged record by record; the merged rows, the records' states, the
devices read and this run's files (the outbox) are saved; 4. the files are written (temp
name, fsync, rename) and taken off the outbox.

Each record has its own small CRDT document (sync/records.py): a run loads only the records
it sends or receives. A file carries each record's incremental update (against the state the
record had before this run), not a whole document.
"""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recovery_cli.store import sync as store
from recovery_cli.store.db import transaction
from recovery_cli.sync import fileformat, records
from recovery_cli.sync.records import DEL
from recovery_cli.sync.tables import TABLES, Table

BATCH = 500  # rows read at once
FILE_RECORDS = 20_000  # records per file (a first sync of a long history is several files)


@dataclass
class Settings:
    folder: Path
    device: str
    name: str
    salt: bytes
    passphrase: str
    schema: int
    client: int = field(default_factory=records.new_client)  # this run's CRDT writer id


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


@dataclass
class _Remote:
    device: str
    name: str
    seq: int
    records: list[list[str]]  # [table, gid, base64 update]
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
            if int(header.get("format", 0)) < fileformat.FORMAT:
                raise fileformat.Unreadable(fileformat.TOO_OLD.format(name=label))
            out.append(_Remote(device, str(header.get("name", device)), seq,
                               payload["records"], payload["writes"]))
            last = seq
    return out


def _flush_outbox(conn: sqlite3.Connection, s: Settings) -> None:
    for seq, data in store.outbox(conn):
        fileformat.write_once(s.folder / s.device, seq, data)
        with transaction(conn):
            store.sent(conn, seq)


def run(conn: sqlite3.Connection, s: Settings, now: str) -> Summary:
    summary = Summary()
    _flush_outbox(conn, s)
    remotes = _read_remote(conn, s, summary)  # before any change: a bad file refuses it all
    with transaction(conn):
        outgoing: list[list[str]] = []
        writes: list[list[Any]] = []
        for table in TABLES:
            _local_changes(conn, table, s, outgoing, writes)
        summary.sent = len(outgoing)
        _merge(conn, remotes, writes, summary, now, s.client)
        store.clear_changes(conn)  # the merge's own writes included: they are not edits here
        for remote in remotes:
            store.seen(conn, remote.device, remote.name, remote.seq, now)
        seq = store.next_seq(conn)
        for start in range(0, len(outgoing), FILE_RECORDS):
            chunk = outgoing[start:start + FILE_RECORDS]
            keys = {(t, g) for t, g, _ in chunk}
            header = {"device": s.device, "name": s.name, "seq": seq, "schema": s.schema}
            payload = {"records": chunk, "writes": [w for w in writes if (w[0], w[1]) in keys]}
            store.queue(conn, seq, fileformat.seal(s.passphrase, s.salt, header, payload))
            seq += 1
        store.save_next_seq(conn, seq)
    _flush_outbox(conn, s)  # 4.
    return summary


def _local_changes(conn: sqlite3.Connection, table: Table, s: Settings,
                   outgoing: list[list[str]], writes: list[list[Any]]) -> None:
    """The rows of `table` written here since the last sync become CRDT writes (deleted rows
    a deletion); each record's update joins `outgoing`."""
    changed = store.changed(conn, table)
    gone: list[tuple[str, store.Synced]] = []
    for start in range(0, len(changed), BATCH):
        batch = changed[start:start + BATCH]
        rows = store.local_records(conn, table, batch)
        known = store.synced_by_local(conn, table, batch)
        for local in batch:
            if local not in rows:
                if local in known:
                    gone.append((local, known[local]))
                continue
            natural, fields = rows[local]
            for ref in table.refs:  # a parent's local id travels as its global id
                value = fields.get(ref.column)
                fields[ref.column] = (None if value is None
                                      else store.gid_of(conn, ref.table, str(value)))
            prior = (store.synced_one(conn, table, natural) if natural
                     else known.get(local))
            gid = natural or (prior[0] if prior else store.new_gid())
            prev = prior[2] if prior else {}
            if prior is not None and fields == {k: v for k, v in prev.items() if k != DEL} \
                    and not prev.get(DEL):
                if prior[1] != local:
                    store.save_synced(conn, table, gid, local, prev)
                continue  # written but not changed
            delta = records.diff(prev, fields) if prior else dict(fields)
            _send(conn, table, gid, local, fields, prev, delta, prior, s, outgoing, writes)
    for local, (gid, _, prev, state) in gone:
        if prev.get(DEL) or store.gid_of(conn, table.name, local) != gid:
            continue  # already deleted, or its key is another row's now (a new check-in)
        _send(conn, table, gid, None, {**prev, DEL: 1}, prev, {DEL: 1},
              (gid, local, prev, state), s, outgoing, writes)


def _send(conn: sqlite3.Connection, table: Table, gid: str, local: str | None,
          merged: dict[str, Any], prev: dict[str, Any], delta: dict[str, Any],
          prior: store.Synced | None, s: Settings, outgoing: list[list[str]],
          writes: list[list[Any]]) -> None:
    if not delta and prior is not None:
        store.save_synced(conn, table, gid, local, merged)
        return
    update, state = records.write(prior[3] if prior else None, s.client, table, gid, delta,
                                  prev, s.device, writes)
    store.save_synced(conn, table, gid, local, merged, state)
    outgoing.append([table.name, gid, base64.b64encode(update).decode()])


def _merge(conn: sqlite3.Connection, remotes: list[_Remote], local_writes: list[list[Any]],
           summary: Summary, now: str, client: int) -> None:
    """The other computers' updates, record by record, parents' tables first."""
    incoming: dict[str, dict[str, list[tuple[int, str]]]] = {t.name: {} for t in TABLES}
    wrote: dict[tuple[str, str], list[list[Any]]] = {}
    for i, remote in enumerate(remotes):
        for tname, gid, update in remote.records:
            if tname in incoming:
                incoming[tname].setdefault(gid, []).append((i, update))
        for w in remote.writes:
            wrote.setdefault((w[0], w[1]), []).append(w)
    for w in local_writes:
        if w[1] in incoming.get(w[0], {}):
            wrote.setdefault((w[0], w[1]), []).append(w)
    for table in TABLES:
        todo = incoming[table.name]
        for gid in sorted(todo):  # global ids sort in the order they were made
            prior = store.synced_one(conn, table, gid)
            candidates: dict[str, list[tuple[str, str | None]]] = {}
            for _, _, fld, text, prevh in wrote.get((table.name, gid), []):
                candidates.setdefault(fld, []).append((text, prevh))
            got = records.merge(prior[3] if prior else None, client,
                                [base64.b64decode(u) for _, u in todo[gid]],
                                table.quiet, candidates)
            for (i, _), changed in zip(todo[gid], got.by_update, strict=True):
                if changed:
                    name = remotes[i].name
                    summary.received[name] = summary.received.get(name, 0) + 1
            for fld, kept, replaced in got.conflicts:
                store.add_conflict(conn, now, table.name, gid, fld, kept, replaced)
            summary.conflicts += len(got.conflicts)
            _apply(conn, table, prior, gid, got.fields, got.state)
        for gid in store.waiting(conn, table):  # its parent or a field arrived since
            if gid not in todo:
                _apply(conn, table, store.synced_one(conn, table, gid), gid, {}, None)


def _apply(conn: sqlite3.Connection, table: Table, prior: store.Synced | None, gid: str,
           fields: dict[str, Any], state: bytes | None) -> None:
    """Make the local row of `gid` the merged record: the fields as last merged, with every
    field the merge changed (its merged value in the document: [json, device, prev])."""
    import json

    local = prior[1] if prior else None
    merged: dict[str, Any] = dict(prior[2]) if prior else {}
    for fld, value in fields.items():
        merged[fld] = None if not value else json.loads(value[0])
    merged = {k: v for k, v in merged.items() if v is not None or k in table.fields}
    if merged.get(DEL):
        store.apply_record(conn, table, gid, local, None)
        local = None
    else:
        row = store.with_local_refs(conn, table, merged) if store.complete(table, merged) else None
        if row is not None:
            local = store.apply_record(conn, table, gid, local, row)
        elif local is not None:  # its parent is gone here: the row goes with it
            store.apply_record(conn, table, gid, local, None)
            local = None
    store.save_synced(conn, table, gid, local, merged, state)
