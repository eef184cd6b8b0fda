"""Writes for `recovery import`: everything inside the caller's ONE transaction, duplicates
skipped so a re-run adds nothing.

Two ways in:
- `TableWriter.add_row(table, row)`: a row of a recovery JSON export, table by table, parents
  before children. Ids are kept when the table is fresh (so an export restored into an empty
  home gives back the same ids), else remapped; children follow their parents' new ids.
- `Writer.add_entry(NewEntry)` / `Writer.add_checkin(NewCheckin)`: records from other tools
  (jrnl, Daylio), checked against what is already stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recovery_cli.checkin.snaps import Snap
from recovery_cli.core.errors import InputError
from recovery_cli.core.imported import Counts, NewCheckin, NewEntry
from recovery_cli.store.export_reads import DUMP_TABLES, columns

# What a person reads in the summary, per top-level table.
KIND_OF_TABLE: dict[str, str] = {
    "checkins": "check-ins",
    "entries": "journal entries",
    "assessments": "questionnaire results",
    "plan_texts": "plan texts",
    "plan_items": "plan items",
    "plan_contacts": "plan contacts",
    "intakes": "intakes",
    "life_values": "values",
    "goals": "goals",
    "skill_practice": "skill practices",
    "medications": "medications",
    "medication_doses": "dose changes",
    "events": "events",
    "bring_items": "bring-list items",
    "snaps": "quick moments",
}


def normalise_tag(tag: str) -> str:
    """Tags are stored lower-case without a leading '#' or '@', inner spaces as '-' (the
    journal's own rule, `journal_text.normalise_tag`); '' when nothing is left."""
    from recovery_cli.journal.text import normalise_tag as journal_tag

    try:
        return journal_tag(tag)
    except InputError:
        return ""


class Writer:
    """Records from other tools, written into the open transaction."""

    def __init__(self, conn: sqlite3.Connection, tick: Callable[[], None] | None = None) -> None:
        self.conn = conn
        self.counts = Counts()
        self._tick = tick

    def _ticked(self) -> None:
        if self._tick is not None:
            self._tick()

    def add_entry(self, e: NewEntry) -> bool:
        """Insert unless the same entry (time, title, body) is already there."""
        self._ticked()
        kind = "journal entries"
        dup = self.conn.execute(
            "SELECT 1 FROM entries WHERE created_at = ? AND body = ? AND title IS ? LIMIT 1",
            (e.created_at, e.body, e.title),
        ).fetchone()
        if dup:
            self.counts.bump(self.counts.duplicates, kind)
            return False
        from recovery_cli.store.journal import add_entry

        add_entry(
            self.conn, created_at=e.created_at, day=e.day, body=e.body, title=e.title,
            tags=sorted({t for t in (normalise_tag(x) for x in e.tags) if t}),
            private=e.private, starred=e.starred, updated_at=e.updated_at, source=e.source,
        )
        self.counts.bump(self.counts.added, kind)
        return True

    def add_snap(self, s: Snap) -> bool:
        """Insert a moment unless the same one (time, mood) is already there."""
        self._ticked()
        kind = "quick moments"
        dup = self.conn.execute("SELECT 1 FROM snaps WHERE day = ? AND at = ? AND mood = ? "
                                "LIMIT 1", (s.day, s.at, s.mood)).fetchone()
        if dup:
            self.counts.bump(self.counts.duplicates, kind)
            return False
        from recovery_cli.store.snaps import write_snap

        write_snap(self.conn, at=s.at, day=s.day, mood=s.mood, anxiety=s.anxiety,
                   energy=s.energy, note=s.note, tags=s.tags, source=s.source)
        self.counts.bump(self.counts.added, kind)
        return True

    def add_checkin(self, c: NewCheckin) -> str:
        """'added', 'duplicate' (the same check-in is there) or 'kept' (that day already has a
        different check-in, which is left as it is: an import never overwrites an answer)."""
        from recovery_cli.store.checkins import get_day, write_checkin

        self._ticked()
        kind = "check-ins"
        choices = {k: sorted(set(v)) for k, v in c.choices.items() if v}
        existing = get_day(self.conn, c.day)
        if existing is not None:
            # Multi-selects asked with nothing ticked ([]) are no answer to compare here.
            same = existing.values == {
                k: (float(v) if isinstance(v, int | float) else v) for k, v in c.values.items()
            } and {k: sorted(v) for k, v in existing.choices.items() if v} == choices
            self.counts.bump(self.counts.duplicates if same else self.counts.kept, kind)
            return "duplicate" if same else "kept"
        write_checkin(self.conn, c.day, c.values, choices, created_at=c.created_at,
                      updated_at=c.updated_at, source=c.source, markers=False)
        self.counts.bump(self.counts.added, kind)
        return "added"


@dataclass(frozen=True)
class _Spec:
    has_id: bool = False
    dup: tuple[str, ...] = ()  # columns that make a row "already there"
    parents: tuple[tuple[str, str], ...] = ()  # (column, parent table): required, skip if skipped
    refs: tuple[tuple[str, str], ...] = ()  # (column, table): optional references (SET NULL)
    dup_maps: bool = False  # a duplicate maps to the existing row (children/refs follow it)
    position: tuple[str, tuple[str, ...]] | None = None  # (column, group columns) renumbered


_SPECS: dict[str, _Spec] = {
    "checkins": _Spec(has_id=True, dup=("day",)),
    "checkin_values": _Spec(parents=(("checkin_id", "checkins"),)),
    "checkin_choices": _Spec(parents=(("checkin_id", "checkins"),)),
    "entries": _Spec(has_id=True, dup=("created_at", "title", "body")),
    "entry_tags": _Spec(parents=(("entry_id", "entries"),)),
    "assessments": _Spec(has_id=True, dup=("checklist", "taken_at")),
    "assessment_answers": _Spec(parents=(("assessment_id", "assessments"),)),
    "assessment_flags": _Spec(parents=(("assessment_id", "assessments"),)),
    "assessment_subscales": _Spec(parents=(("assessment_id", "assessments"),)),
    "plan_texts": _Spec(dup=("key",)),
    "plan_items": _Spec(has_id=True, dup=("section", "text"), position=("position", ("section",))),
    "plan_contacts": _Spec(has_id=True, dup=("name", "phone"), position=("position", ())),
    "intakes": _Spec(has_id=True, dup=("created_at",)),
    "intake_answers": _Spec(parents=(("intake_id", "intakes"),)),
    "life_values": _Spec(has_id=True, dup=("text",), dup_maps=True),
    "goals": _Spec(has_id=True, dup=("text", "created_at"), refs=(("value_id", "life_values"),)),
    "goal_steps": _Spec(has_id=True, parents=(("goal_id", "goals"),)),
    "goal_reviews": _Spec(has_id=True, parents=(("goal_id", "goals"),)),
    "skill_practice": _Spec(has_id=True, dup=("skill", "practiced_at")),
    "skill_practice_fields": _Spec(parents=(("practice_id", "skill_practice"),)),
    "medications": _Spec(has_id=True, dup=("name_key", "started", "created_at")),
    "medication_doses": _Spec(has_id=True, parents=(("medication_id", "medications"),)),
    "medication_days": _Spec(dup=("day",)),
    "medication_day_items": _Spec(parents=(("medication_id", "medications"),),
                                  dup=("day", "medication_id")),
    "events": _Spec(has_id=True, dup=("day", "kind", "text", "created_at")),
    "event_tags": _Spec(parents=(("event_id", "events"),)),
    "next_session": _Spec(dup=("id",)),
    "bring_items": _Spec(has_id=True, dup=("text", "created_at")),
    "snaps": _Spec(has_id=True, dup=("day", "at", "mood", "note")),  # (day, at): the index
}

_SCALARS = (str, int, float, type(None))


class TableWriter:
    """Rows of a recovery JSON export, written into the open transaction."""

    def __init__(self, conn: sqlite3.Connection, tick: Callable[[], None] | None = None) -> None:
        self.conn = conn
        self.counts = Counts()
        self._tick = tick
        self._columns = {t: columns(conn, t) for t in DUMP_TABLES}
        seq = {str(r[0]): int(r[1]) for r in conn.execute("SELECT name, seq FROM sqlite_sequence")}
        # A table keeps the file's ids only when it is empty and has never handed out an id.
        self._fresh = {
            t: _SPECS[t].has_id and seq.get(t, 0) == 0
            and conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None
            for t in DUMP_TABLES
        }
        self._ids: dict[str, dict[int, int | None]] = {t: {} for t in DUMP_TABLES}
        self._next_pos: dict[tuple[str, tuple[Any, ...]], int] = {}
        self._seen_tables: list[str] = []
        self.new_assessments: list[int] = []  # ids of the results added, to recompute

    def _fail(self, where: str, message: str) -> InputError:
        return InputError(f"{where}: {message}; nothing was imported.")

    def add_row(self, table: str, row: Any, where: str) -> None:
        """`where` names the row for error messages, e.g. 'tables.entries[3] (line 41)'."""
        if self._tick is not None:
            self._tick()
        if table not in _SPECS:
            raise self._fail(where, f"unknown table '{table}' (expected one of "
                             f"{', '.join(DUMP_TABLES)})")
        if not isinstance(row, dict):
            raise self._fail(where, "expected an object of column values")
        cols = self._columns[table]
        unknown = [k for k in row if k not in cols]
        if unknown:
            raise self._fail(where, f"unknown column '{unknown[0]}' in {table} (expected "
                             f"{', '.join(cols)})")
        for k, v in row.items():
            if not isinstance(v, _SCALARS) or isinstance(v, bool):
                if isinstance(v, bool):
                    row[k] = int(v)
                    continue
                raise self._fail(where, f"'{k}' must be text, a number or null")
        self._write(table, dict(row), where)

    def _write(self, table: str, row: dict[str, Any], where: str) -> None:
        spec = _SPECS[table]
        kind = KIND_OF_TABLE.get(table)
        old_id = row.get("id") if spec.has_id else None
        if spec.has_id and not isinstance(old_id, int):
            raise self._fail(where, f"expected a whole-number 'id' in {table}")
        for col, parent in spec.parents:
            ref = row.get(col)
            ids = self._ids[parent]
            if not isinstance(ref, int) or ref not in ids:
                raise self._fail(where, f"'{col}' refers to {parent} id {ref!r}, which is not "
                                 "in the file")
            new_parent = ids[ref]
            if new_parent is None:  # the parent was a duplicate: so is this row
                if old_id is not None:
                    self._ids[table][old_id] = None
                return
            row[col] = new_parent
        for col, target in spec.refs:
            ref = row.get(col)
            if ref is not None:
                row[col] = self._ids[target].get(ref) if isinstance(ref, int) else None
        if spec.dup:
            missing = [c for c in spec.dup if c not in row]
            if missing:
                raise self._fail(where, f"'{missing[0]}' is missing in {table}")
            cond = " AND ".join(f"{c} IS ?" for c in spec.dup)
            hit = self.conn.execute(
                f"SELECT {'id' if spec.has_id else '1'} FROM {table} WHERE {cond} LIMIT 1",
                [row[c] for c in spec.dup],
            ).fetchone()
            if hit is not None:
                if old_id is not None:
                    self._ids[table][old_id] = int(hit[0]) if spec.dup_maps else None
                if kind:
                    self.counts.bump(self.counts.duplicates, kind)
                return
        if spec.position is not None and not self._fresh[table]:
            pcol, group = spec.position
            key = (table, tuple(row.get(g) for g in group))
            if key not in self._next_pos:
                cond = " AND ".join(f"{g} IS ?" for g in group) or "1"
                top = self.conn.execute(
                    f"SELECT max({pcol}) FROM {table} WHERE {cond}", [row.get(g) for g in group]
                ).fetchone()[0]
                self._next_pos[key] = int(top or 0) + 1
            row[pcol] = self._next_pos[key]
            self._next_pos[key] += 1
        if spec.has_id and not self._fresh[table]:
            row.pop("id", None)
        names = list(row)
        try:
            cur = self.conn.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names],
            )
        except sqlite3.IntegrityError as exc:
            raise self._fail(where, f"can't be stored in {table} ({exc})") from None
        if old_id is not None:
            self._ids[table][old_id] = int(cur.lastrowid or 0)
        if table == "assessments":
            self.new_assessments.append(int(cur.lastrowid or 0))
        if kind:
            self.counts.bump(self.counts.added, kind)

    def restore_sequences(self, seqs: dict[str, int]) -> None:
        """Carry the AUTOINCREMENT counters over into fresh tables (ids are never reused)."""
        for table, value in seqs.items():
            if table in self._fresh and self._fresh[table] and isinstance(value, int):
                cur = self.conn.execute(
                    "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (value, table))
                if cur.rowcount == 0:
                    self.conn.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, value))


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when nothing at all is stored yet (a fresh home)."""
    return all(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None for t in DUMP_TABLES)


def rehearsal(conn: sqlite3.Connection) -> Any:
    """Like `transaction`, but always rolls back: `--dry-run` counts exactly what an import
    would do (duplicates included) and changes nothing."""
    import contextlib

    @contextlib.contextmanager
    def _cm() -> Any:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    return _cm()
