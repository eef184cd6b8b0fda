"""Migrations: a database from every released schema version opens with the current program,
with every row of every table intact, the journal's search triggers present and working, and
the backup taken before migrating restorable.

The fixtures are in tests/fixtures/db/ (vN.db, one per released schema version, made by
make_fixture.py). Add one per future migration; never edit old ones (README.md there).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.store.schema import SCHEMA_VERSION

FIXTURE_DIR = Path(__file__).parents[1] / "fixtures" / "db"
FIXTURES = sorted(FIXTURE_DIR.glob("v*.db"), key=lambda p: int(p.stem[1:]))

# A later migration that renames or moves a column says so here:
# (table, column) in the old schema -> (table, column) now.
RENAMED: dict[tuple[str, str], tuple[str, str]] = {}

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def table_rows(db: Path) -> Rows:
    """Every user table's columns and rows (by rowid), read with plain sqlite3."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out: Rows = {}
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'entries_fts%' AND name != '_sqlite_migrations' ORDER BY name")]
        for t in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
            rows = conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
            out[t] = (cols, rows)
        return out
    finally:
        conn.close()


def assert_all_there(old: Rows, db: Path) -> None:
    """Every value of the old file is in the new one, in its (possibly renamed) place."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for table, (cols, rows) in old.items():
            places = [RENAMED.get((table, c), (table, c)) for c in cols]
            assert len({t for t, _ in places}) == 1, f"split tables need their own check: {table}"
            new_table = places[0][0]
            select = ", ".join(f'"{c}"' for _, c in places)
            now = conn.execute(f'SELECT {select} FROM "{new_table}" ORDER BY rowid').fetchall()
            assert now == rows, table
    finally:
        conn.close()


def install(fixture: Path, home: Path) -> Path:
    home.mkdir(mode=0o700)
    db = home / "recovery.db"
    shutil.copyfile(fixture, db)
    os.chmod(db, 0o600)
    return db


def test_there_is_a_fixture_for_every_released_schema_version() -> None:
    assert [int(p.stem[1:]) for p in FIXTURES] == list(range(1, SCHEMA_VERSION + 1)), (
        "a migration was added without its fixture: run tests/fixtures/db/make_fixture.py")
    for p in FIXTURES:
        conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == int(p.stem[1:])
        conn.close()


def test_fixtures_have_realistic_rows_in_every_table() -> None:
    for p in FIXTURES:
        empty = [t for t, (_, rows) in table_rows(p).items() if not rows]
        assert empty == [], (p.name, empty)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_opens_with_every_row_intact(fixture: Path, home: Path, cli: Any) -> None:
    db = install(fixture, home)
    old = table_rows(db)
    version = int(fixture.stem[1:])

    r = cli("doctor", "--json")
    assert r.exit_code == 0, r.stdout + r.stderr
    report = r.json()
    assert report["schema_version"] == SCHEMA_VERSION
    assert report["integrity"] == "ok" and report["problems"] == []
    assert_all_there(old, db)

    backups = sorted((home / "backups").glob("*pre-migration*")) if (home / "backups").exists() \
        else []
    assert len(backups) == (1 if version < SCHEMA_VERSION else 0)

    # The journal's search index: triggers present (transform() drops them) and in step.
    from recovery_cli.store.db import missing_fts_triggers

    conn = sqlite3.connect(db)
    assert missing_fts_triggers(conn) == []
    conn.close()
    hits = cli("journal", "search", "Zoë", "--json").json()
    assert [h["title"] for h in hits] == ["Ünïcode & <tags>"]
    new_id = int(cli("journal", "write", "a lighthouse after the upgrade").stdout)
    assert [h["id"] for h in cli("journal", "search", "lighthouse", "--json").json()] == [new_id]
    assert cli("journal", "edit", str(new_id), "--text", "a windmill instead").exit_code == 0
    assert cli("journal", "search", "lighthouse", "--json").json() == []
    assert cli("journal", "delete", str(new_id), "--yes").exit_code == 0
    assert cli("journal", "search", "windmill", "--json").json() == []

    # What a person sees: their history, results, plan, stage, tools.
    assert len(cli("history", "--from", "2000-01-01", "--json").json()) >= 10
    phq9 = cli("assess", "history", "phq9", "--json").json()
    assert any(x["safety_flag"] for x in phq9)
    assert cli("stage", "--json").json()["stage"] in (1, 2, 3, 4, 5)
    assert len(cli("plan", "show", "--json").json()["contacts"]) == 3
    assert cli("intake", "show", "--json").json() is not None
    assert cli("goals", "list", "--all", "--json").exit_code == 0
    out = home.parent / "after-upgrade.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0


def _next_migration(monkeypatch: pytest.MonkeyPatch, body: Any) -> None:
    """Pretend this program has one more migration than the shipped ones."""
    from sqlite_utils.migrations import Migrations

    from recovery_cli.store import db as store_db
    from recovery_cli.store import migrations as shipped

    nxt = Migrations("recovery")
    nxt._migrations = list(shipped.migrations._migrations)

    @nxt(name="m999_test_only")
    def m999(db: Any) -> None:
        body(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    monkeypatch.setattr(shipped, "migrations", nxt)
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_pre_migration_backup_restores(home: Path, cli: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = install(FIXTURES[-1], home)
    old = table_rows(db)

    def add_things(d: Any) -> None:
        d.execute("ALTER TABLE entries ADD COLUMN mood_hint TEXT")
        d.execute("CREATE TABLE test_only (x TEXT)")

    _next_migration(monkeypatch, add_things)
    assert cli("journal", "list", "--json").exit_code == 0  # migrates
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()
    assert_all_there(old, db)

    backups = list((home / "backups").glob("*pre-migration-v*"))
    assert len(backups) == 1
    backup = backups[0]
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert table_rows(backup) == old  # exactly the file as it was
    b = sqlite3.connect(backup)
    assert b.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert b.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    b.close()

    # Change something, then restore the backup: the old rows come back (migrated again).
    assert cli("journal", "delete", "1", "--yes").exit_code == 0
    r = cli("restore", str(backup), "--yes")
    assert r.exit_code == 0, r.stderr
    assert_all_there(old, db)
    assert cli("doctor", "--json").json()["problems"] == []


def test_a_failing_migration_changes_nothing(home: Path, cli: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that fails half-way leaves the file exactly as it was (one transaction),
    says so in one line, and the next run tries again."""
    db = install(FIXTURES[-1], home)
    old = table_rows(db)

    def half_way(d: Any) -> None:
        d.execute("ALTER TABLE entries ADD COLUMN mood_hint TEXT")
        d.execute("UPDATE entries SET body = 'overwritten'")
        d.execute("SELECT * FROM no_such_table")

    _next_migration(monkeypatch, half_way)
    r = cli("journal", "list")
    assert r.exit_code == 1
    assert "\n" not in r.stderr.strip() and "Traceback" not in r.stderr
    assert table_rows(db) == old
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
