"""Life events and sessions (`events`, `event_tags`), the next appointment (`next_session`)
and the bring-list (`bring_items`). Tables: store/migrations.py m_meds_events_sessions.

`period` reads everything a report or `session prep` needs between two days in one place:
the stored events, the medication events derived from the dose history, the next session
and the bring-list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta

from recovery_cli.store import meds as store_meds
from recovery_cli.store.db import joined
from recovery_cli.timeline.events import BringItem, Event, NextSession, Period, timeline

_COLS = "id, day, kind, text, impact, with_whom, note, created_at, updated_at"


def _build(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Event]:
    tags: dict[int, list[str]] = {int(r[0]): [] for r in rows}
    if rows:
        ids = list(tags)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for eid, tag in conn.execute(
                    f"SELECT event_id, tag FROM event_tags WHERE event_id IN "
                    f"({','.join('?' * len(chunk))}) ORDER BY event_id, tag", chunk):
                tags[int(eid)].append(str(tag))
    return [Event(id=int(r[0]), day=str(r[1]), kind=str(r[2]), text=str(r[3]),
                  impact=None if r[4] is None else int(r[4]), tags=tuple(tags[int(r[0])]),
                  with_whom=r[5], note=r[6], created_at=str(r[7]), updated_at=str(r[8]))
            for r in rows]


def events_between(conn: sqlite3.Connection, start: str | None = None, end: str | None = None,
                   kind: str | None = None) -> list[Event]:
    """Stored events with start <= day <= end (either may be None), oldest first."""
    where, args = ["1"], []
    if start:
        where.append("day >= ?")
        args.append(start)
    if end:
        where.append("day <= ?")
        args.append(end)
    if kind:
        where.append("kind = ?")
        args.append(kind)
    rows = conn.execute(f"SELECT {_COLS} FROM events WHERE {' AND '.join(where)} "
                        "ORDER BY day, id", args).fetchall()
    return _build(conn, rows)


def timeline_between(conn: sqlite3.Connection, start: str | None = None,
                     end: str | None = None) -> list[Event]:
    """Stored events and medication starts/changes/stops in start..end, oldest first."""
    meds = (store_meds.taken_between(conn, start or "0000-01-01", end or "9999-12-31")
            if store_meds.has_any(conn) else [])
    return timeline(events_between(conn, start, end), meds, start, end)


def get(conn: sqlite3.Connection, event_id: int) -> Event | None:
    rows = conn.execute(f"SELECT {_COLS} FROM events WHERE id = ?", (event_id,)).fetchall()
    found = _build(conn, rows)
    return found[0] if found else None


def add(conn: sqlite3.Connection, *, day: str, kind: str, text: str, impact: int | None,
        tags: Sequence[str], with_whom: str | None, note: str | None, now: str,
        updated_at: str | None = None) -> int:
    with joined(conn):
        cur = conn.execute(
            "INSERT INTO events (day, kind, text, impact, with_whom, note, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (day, kind, text, impact, with_whom, note, now, updated_at or now))
        event_id = int(cur.lastrowid or 0)
        conn.executemany("INSERT OR IGNORE INTO event_tags (event_id, tag) VALUES (?, ?)",
                         [(event_id, t) for t in tags])
    return event_id


def update(conn: sqlite3.Connection, event: Event, now: str) -> None:
    assert event.id is not None
    with joined(conn):
        conn.execute(
            "UPDATE events SET day = ?, kind = ?, text = ?, impact = ?, with_whom = ?, note = ?, "
            "updated_at = ? WHERE id = ?",
            (event.day, event.kind, event.text, event.impact, event.with_whom, event.note, now,
             event.id))
        conn.execute("DELETE FROM event_tags WHERE event_id = ?", (event.id,))
        conn.executemany("INSERT OR IGNORE INTO event_tags (event_id, tag) VALUES (?, ?)",
                         [(event.id, t) for t in event.tags])


def remove(conn: sqlite3.Connection, event_id: int) -> None:
    with joined(conn):
        conn.execute("DELETE FROM events WHERE id = ?", (event_id,))


def search(conn: sqlite3.Connection, words: Sequence[str], limit: int | None = None) -> list[Event]:
    """Stored events whose text, note, who-with or tags hold every word, newest first."""
    where, args = [], []
    for w in words:
        like = f"%{w.replace(chr(92), chr(92) * 2).replace('%', chr(92) + '%').replace('_', chr(92) + '_')}%"
        where.append("(text LIKE ? ESCAPE '\\' OR coalesce(note, '') LIKE ? ESCAPE '\\' OR "
                     "coalesce(with_whom, '') LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "
                     "event_tags t WHERE t.event_id = events.id AND t.tag LIKE ? ESCAPE '\\'))")
        args += [like] * 4
    sql = f"SELECT {_COLS} FROM events WHERE {' AND '.join(where) or '1'} ORDER BY day DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _build(conn, conn.execute(sql, args).fetchall())


def last_session_day(conn: sqlite3.Connection, on_or_before: str) -> str | None:
    row = conn.execute("SELECT max(day) FROM events WHERE kind = 'session' AND day <= ?",
                       (on_or_before,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def session_days(conn: sqlite3.Connection, on_or_before: str) -> list[str]:
    """Every day with a logged session up to `on_or_before`, oldest first."""
    return [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT day FROM events WHERE kind = 'session' AND day <= ? ORDER BY day",
        (on_or_before,))]


def count_sessions(conn: sqlite3.Connection, start: str, end: str) -> int:
    row = conn.execute("SELECT count(*) FROM events WHERE kind = 'session' AND day BETWEEN ? "
                       "AND ?", (start, end)).fetchone()
    return int(row[0])


# --- the next appointment and the bring-list ----------------------------------------------


def next_session(conn: sqlite3.Connection) -> NextSession | None:
    row = conn.execute("SELECT day, with_whom, note, set_at FROM next_session WHERE id = 1"
                       ).fetchone()
    return None if row is None else NextSession(str(row[0]), row[1], row[2], str(row[3]))


def set_next_session(conn: sqlite3.Connection, day: str, with_whom: str | None,
                     note: str | None, now: str) -> None:
    with joined(conn):
        conn.execute(
            "INSERT INTO next_session (id, day, with_whom, note, set_at) VALUES (1, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET day = excluded.day, with_whom = excluded.with_whom, "
            "note = excluded.note, set_at = excluded.set_at", (day, with_whom, note, now))


def clear_next_session(conn: sqlite3.Connection) -> None:
    with joined(conn):
        conn.execute("DELETE FROM next_session")


def bring_items(conn: sqlite3.Connection, *, include_done: bool = False) -> list[BringItem]:
    sql = "SELECT id, text, source, created_at, done_at FROM bring_items"
    if not include_done:
        sql += " WHERE done_at IS NULL"
    return [BringItem(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4])
            for r in conn.execute(sql + " ORDER BY id")]


def add_bring(conn: sqlite3.Connection, text: str, now: str, *, source: str = "bring",
              done_at: str | None = None) -> int:
    with joined(conn):
        cur = conn.execute("INSERT INTO bring_items (text, source, created_at, done_at) "
                           "VALUES (?, ?, ?, ?)", (text, source, now, done_at))
    return int(cur.lastrowid or 0)


def mark_done(conn: sqlite3.Connection, item_id: int, now: str) -> bool:
    with joined(conn):
        cur = conn.execute("UPDATE bring_items SET done_at = ? WHERE id = ? AND done_at IS NULL",
                           (now, item_id))
    return cur.rowcount > 0


def seed_from_intake(conn: sqlite3.Connection, now: str) -> int:
    """The intake's "questions for my therapist" become bring-list items, once: nothing is
    added when any item came from the intake before. Returns how many were added."""
    if conn.execute("SELECT 1 FROM bring_items WHERE source = 'intake' LIMIT 1").fetchone():
        return 0
    rows = conn.execute(
        "SELECT a.value FROM intake_answers a WHERE a.field = 'questions' AND a.intake_id = "
        "(SELECT max(id) FROM intakes) ORDER BY a.position").fetchall()
    with joined(conn):
        for (text,) in rows:
            if str(text).strip():
                add_bring(conn, str(text).strip(), now, source="intake")
    return len(rows)


def period(conn: sqlite3.Connection, start: str, end: str) -> Period:
    """Everything between two days (see the module docstring): bring items open now or done
    in the period."""
    meds = store_meds.taken_between(conn, start, end) if store_meds.has_any(conn) else []
    bring = [b for b in bring_items(conn, include_done=True)
             if b.done_at is None or start <= b.done_at[:10] <= end]
    return Period(start, end, timeline(events_between(conn, start, end), meds, start, end),
                  meds, next_session(conn), bring)


SESSION_EVIDENCE_DAYS = 90


def session_evidence(conn: sqlite3.Connection, today: date,
                     days: int = SESSION_EVIDENCE_DAYS) -> dict[str, object]:
    """For the stage evidence: sessions attended in the last `days` days and the last one."""
    start = (today - timedelta(days=days - 1)).isoformat()
    return {"sessions_days": days,
            "sessions_recent": count_sessions(conn, start, today.isoformat()),
            "last_session": last_session_day(conn, today.isoformat())}
