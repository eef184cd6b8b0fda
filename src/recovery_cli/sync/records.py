"""One record's CRDT document (pycrdt): a Map of its fields, each value [json, device, hash
of the value it replaced]. Each record has its own small document, stored beside its row in
_sync_records, so a sync loads only the records it touches, never the whole history.

Conflicts: a value that lost to a write that never saw it (two computers, one field, offline)
is reported, with the value kept in _sync_conflicts (that record's history).
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Any

from recovery_cli.sync.tables import Table

DEL = "_del"
MAP = "r"


def new_client() -> int:
    """A writer id for one run (never reused: Yrs would take a reused id's new writes for
    ones it already has)."""
    return random.getrandbits(52)


def h(text: str | None) -> str | None:
    return None if text is None else hashlib.sha1(text.encode()).hexdigest()[:12]


_encode = json.JSONEncoder(sort_keys=True).encode  # built once (json.dumps makes one a call)


def j(value: Any) -> str:
    return _encode(value)


def diff(prev: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    return {k: now.get(k) for k in set(prev) | set(now)
            if k != DEL and j(prev.get(k)) != j(now.get(k))} | (
        {DEL: None} if prev.get(DEL) else {})


def load(state: bytes | None, client: int) -> tuple[Any, Any]:
    from pycrdt import Doc, Map

    doc: Any = Doc(client_id=client)
    if state:
        doc.apply_update(state)
    return doc, doc.get(MAP, type=Map)


def write(state: bytes | None, client: int, table: Table, gid: str, changed: dict[str, Any],
          prev: dict[str, Any], device: str, writes: list[list[Any]]) -> tuple[bytes, bytes]:
    """Write the changed fields; (the update to send, the record's new state)."""
    doc, m = load(state, client)
    before = doc.get_state()
    with doc.transaction():
        for fld, value in sorted(changed.items()):
            text = j(value)
            prevh = h(j(prev[fld])) if prev.get(fld) is not None else None
            m[fld] = [text, device, prevh]
            if table.natural_key or prevh is not None:
                writes.append([table.name, gid, fld, text, prevh])
    return doc.get_update(before), doc.get_update()


@dataclass
class Merged:
    state: bytes
    fields: dict[str, Any]  # field -> its merged value [json, device, prev] (None: removed)
    by_update: list[bool]  # whether each update changed anything
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # field, kept, replaced


def merge(state: bytes | None, client: int, updates: list[bytes], quiet: tuple[str, ...],
          candidates: dict[str, list[tuple[str, str | None]]]) -> Merged:
    """Apply the other computers' updates of one record, watching which fields change.
    `candidates`: field -> [(value json, hash it replaced)] written for it elsewhere or here."""
    doc, m = load(state, client)
    before: dict[str, Any] = m.to_py() if state else {}
    current, by_update = before, []
    for update in updates:  # (reading a small map is cheaper than observing it)
        doc.apply_update(update)
        after = m.to_py()
        by_update.append(after != current)
        current = after
    changes = {k: (before.get(k), current.get(k)) for k in set(before) | set(current)
               if before.get(k) != current.get(k)}
    out = Merged(doc.get_update(), {k: new for k, (_, new) in changes.items()}, by_update)
    for key, (old, _) in changes.items():
        if isinstance(old, list) and old:
            candidates.setdefault(key, []).append((str(old[0]), old[2]))
    for fld, values in sorted(candidates.items()):
        if fld in quiet or fld == DEL:
            continue
        merged = current.get(fld)
        if not merged:
            continue
        superseded = {merged[2]} | {p for _, p in values}
        reported: set[str] = set()
        for text, _ in values:
            if text != merged[0] and h(text) not in superseded and text not in reported:
                reported.add(text)
                out.conflicts.append((fld, str(merged[0]), text))
    return out
