"""Journal entries, their tags and the full-text index (plain sqlite3: every journal command
is on a hot path).

`entries.id` is AUTOINCREMENT, so an id is never given out twice, even after a delete.
The FTS5 table `entries_fts` (external content) is kept in step by the triggers created in
m001; nothing here writes to it directly. Lists use the `entries_created` index (newest first,
LIMIT n) and tag filters the `entry_tags_tag` index, so their cost does not grow with the size
of the journal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from recovery_cli.core.errors import InputError, NotFoundError
from recovery_cli.core.records import Entry
from recovery_cli.store.db import joined, transaction

_COLUMNS = "id, created_at, updated_at, day, title, body, private, starred"
_UNSET = object()
# A tag on more entries than this is listed by walking the newest entries and checking each
# (stops after n); a rarer one by reading its entries from the tag index and sorting those.
_COMMON_TAG = 2000
# A search ranks at most this many matching entries: the newest ones (see search_entries).
RANK_WINDOW = 2000
# Title words weigh more than body words in the ranking (bm25 column weights: title, body).
_RANK = "bm25(entries_fts, 4.0, 1.0)"


class SearchHit(NamedTuple):
    entry: Entry
    snippet: str  # filled by the caller (journal_text.make_snippet)
    score: float  # bm25: lower is a better match


def not_found(entry_id: int) -> NotFoundError:
    return NotFoundError(f"No journal entry {entry_id}.")


def _tags_for(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    out: dict[int, list[str]] = {i: [] for i in ids}
    marks = ",".join("?" * len(ids))
    for entry_id, tag in conn.execute(
        f"SELECT entry_id, tag FROM entry_tags WHERE entry_id IN ({marks}) ORDER BY entry_id, tag",
        tuple(ids),
    ):
        out[entry_id].append(tag)
    return out


def _entries(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Entry]:
    tags = _tags_for(conn, [r[0] for r in rows])
    return [_entry(r, tags.get(r[0], [])) for r in rows]


def _entry(r: sqlite3.Row, tags: list[str]) -> Entry:
    return Entry(
        id=int(r[0]),
        created_at=str(r[1]),
        updated_at=str(r[2]),
        day=str(r[3]),
        title=None if r[4] is None else str(r[4]),
        body=str(r[5]),
        tags=tags,
        private=bool(r[6]),
        starred=bool(r[7]),
    )


def _set_tags(conn: sqlite3.Connection, entry_id: int, tags: Iterable[str]) -> None:
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, t) for t in tags],
    )


# ---------------------------------------------------------------------------------------------
# Writes (each one transaction)


def add_entry(
    conn: sqlite3.Connection,
    *,
    created_at: str,
    day: str,
    body: str,
    title: str | None = None,
    tags: Iterable[str] = (),
    private: bool = False,
    starred: bool = False,
    updated_at: str | None = None,
    source: str = "journal",
) -> int:
    """Save a new entry with its tags; returns its id (never one used before). In its own
    transaction, or inside the caller's open one (an import adds many entries in one)."""
    with joined(conn):
        cur = conn.execute(
            "INSERT INTO entries (created_at, updated_at, day, title, body, private, starred, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (created_at, updated_at or created_at, day, title, body, int(private), int(starred),
             source),
        )
        entry_id = int(cur.lastrowid or 0)
        _set_tags(conn, entry_id, tags)
    return entry_id


def update_entry(
    conn: sqlite3.Connection,
    entry_id: int,
    *,
    updated_at: str,
    title: str | object | None = _UNSET,
    body: str | object = _UNSET,
    tags: Sequence[str] | object = _UNSET,
    private: bool | object = _UNSET,
    starred: bool | object = _UNSET,
    created_at: str | object = _UNSET,
    day: str | object = _UNSET,
) -> Entry:
    """Change the given fields of one entry (one transaction); NotFoundError when unknown."""
    fields: dict[str, object] = {}
    for name, value in (("title", title), ("body", body), ("created_at", created_at),
                        ("day", day)):
        if value is not _UNSET:
            fields[name] = value
    for name, flag in (("private", private), ("starred", starred)):
        if flag is not _UNSET:
            fields[name] = int(bool(flag))
    with transaction(conn):
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
            raise not_found(entry_id)
        fields["updated_at"] = updated_at
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(
            f"UPDATE entries SET {assignments} WHERE id = ?", (*fields.values(), entry_id)
        )
        if tags is not _UNSET:
            _set_tags(conn, entry_id, tags)  # type: ignore[arg-type]
    entry = get_entry(conn, entry_id)
    assert entry is not None
    return entry


def delete_entry(conn: sqlite3.Connection, entry_id: int) -> bool:
    """Delete one entry (its tags go with it; the index follows by trigger)."""
    with transaction(conn):
        cur = conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
    return cur.rowcount > 0


# ---------------------------------------------------------------------------------------------
# Reads


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        return None
    return _entries(conn, [row])[0]


def require_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    entry = get_entry(conn, entry_id)
    if entry is None:
        raise not_found(entry_id)
    return entry


def _filters(
    start: str | None, end: str | None, tag: str | None, starred: bool,
    include_private: bool = True, tag_by_scan: bool = False,
) -> tuple[str, list[object]]:
    where: list[str] = []
    args: list[object] = []
    if start:
        where.append("e.day >= ?")
        args.append(start)
    if end:
        where.append("e.day <= ?")
        args.append(end)
    if tag and tag_by_scan:
        where.append("EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = ?)")
        args.append(tag)
    elif tag:
        where.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
        args.append(tag)
    if starred:
        where.append("e.starred = 1")
    if not include_private:
        where.append("e.private = 0")
    return (" WHERE " + " AND ".join(where)) if where else "", args


def list_entries(
    conn: sqlite3.Connection,
    *,
    start: str | None = None,
    end: str | None = None,
    tag: str | None = None,
    starred: bool = False,
    limit: int = 20,
) -> list[Entry]:
    """Newest first, at most `limit`; private entries included. "Newest" is by the instant
    written, not the local clock text: an entry written at 11:01 in UTC-10 just after one at
    11:00 the next day in UTC+14 is the newer (`_newest_by_instant`)."""
    scan = False
    if tag:
        (n,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM entry_tags WHERE tag = ? LIMIT ?)",
            (tag, _COMMON_TAG + 1),
        ).fetchone()
        scan = int(n) > _COMMON_TAG
    where, args = _filters(start, end, tag, starred, tag_by_scan=scan)
    cols = ", ".join(f"e.{c.strip()}" for c in _COLUMNS.split(","))
    rows = conn.execute(
        f"SELECT {cols} FROM entries e{where} ORDER BY e.created_at DESC, e.id DESC LIMIT ?",
        (*args, limit),
    ).fetchall()
    return _entries(conn, _newest_by_instant(conn, rows, cols, where, tuple(args), limit))


def _instant_key(row: sqlite3.Row) -> tuple[float, int]:
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(str(row["created_at"]))
        stamp = moment.timestamp()  # aware (stored with its offset): the instant
    except (ValueError, OverflowError, OSError):
        stamp = float("-inf")
    return stamp, int(row["id"])


def _newest_by_instant(conn: sqlite3.Connection, rows: list[sqlite3.Row], cols: str, where: str,
                       args: tuple[object, ...], limit: int) -> list[sqlite3.Row]:
    """The `limit` newest rows by instant, from the `limit` newest by local text (the index
    order) plus the few that could overtake them. Local text and instant differ by the UTC
    offset, -12 to +14 hours, so an entry not among the first rows can be newer only when its
    text is within a day of the oldest instant among them: one more range scan of the index
    (about a day of entries) finds those (issue 24: a move from UTC+14 to UTC-10)."""
    from datetime import UTC, datetime, timedelta

    ranked = sorted(rows, key=_instant_key, reverse=True)
    if len(rows) < limit or not rows:
        return ranked
    oldest = _instant_key(ranked[-1])[0]
    if oldest == float("-inf"):
        return rows
    bound = (datetime.fromtimestamp(oldest, UTC) - timedelta(hours=26)).strftime(
        "%Y-%m-%dT%H:%M:%S")
    more = conn.execute(
        f"SELECT {cols} FROM entries e{where}{' AND' if where else ' WHERE'} e.created_at >= ? "
        "ORDER BY e.created_at DESC, e.id DESC", (*args, bound)).fetchall()
    seen = {int(r["id"]) for r in rows}
    pool = rows + [r for r in more if int(r["id"]) not in seen]
    return sorted(pool, key=_instant_key, reverse=True)[:limit]


def count_entries(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


class SearchResult(NamedTuple):
    hits: list[SearchHit]
    windowed: bool  # more than RANK_WINDOW entries matched: ranked among the newest of them


def _fts(conn: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "fts5" in text or "syntax" in text or "unterminated" in text or "no such column" in text:
            raise InputError(
                f"Can't search for that ({text}). Use words, a prefix like anx*, or a "
                '"phrase in quotes".'
            ) from None
        raise


def search_entries(conn: sqlite3.Connection, match: str, *, limit: int = 20) -> SearchResult:
    """Entries matching an FTS5 expression (see journal_text.fts_query), best match first
    (bm25, title words weighing more; equal scores newest first).

    When more than RANK_WINDOW entries match, the ranking covers the newest RANK_WINDOW of
    them, so a common word costs the same on a journal of any size. The snippet is left to the
    caller (`journal_text.make_snippet`), which is far cheaper than FTS5's snippet() on
    prefixes."""
    edge = _fts(
        conn,
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rowid DESC "
        "LIMIT 1 OFFSET ?",
        (match, RANK_WINDOW - 1),
    )
    window, args = ("", (match, limit)) if not edge else (" AND rowid >= ?",
                                                          (match, int(edge[0][0]), limit))
    ranked = _fts(
        conn,
        f"SELECT rowid, {_RANK} AS score FROM entries_fts WHERE entries_fts MATCH ?{window}"
        " ORDER BY score, rowid DESC LIMIT ?",
        args,
    )
    if not ranked:
        return SearchResult([], bool(edge))
    ids = [int(r[0]) for r in ranked]
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE id IN ({marks})", ids).fetchall()
    by_id = {e.id: e for e in _entries(conn, rows)}
    hits = [SearchHit(by_id[i], "", float(r[1])) for i, r in zip(ids, ranked, strict=True)
            if i in by_id]
    return SearchResult(hits, bool(edge))


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag with how many entries carry it, most used first."""
    return [
        (str(tag), int(n))
        for tag, n in conn.execute(
            "SELECT tag, count(*) AS n FROM entry_tags GROUP BY tag ORDER BY n DESC, tag"
        )
    ]
