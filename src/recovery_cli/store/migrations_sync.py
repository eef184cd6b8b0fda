"""The body of migration m_sync_every_table (schema 6, issue 21), kept beside the migration
list so store/migrations.py stays one screen per migration: plan lists and contacts rebuilt
with a `uid` of their own and no UNIQUE position, and the change log (`_sync_changes`) fed by
triggers on every synced table (SYNC_LOGGED, frozen with this migration)."""

from __future__ import annotations

from sqlite_utils import Database


def every_table(db: Database) -> None:
    """m_sync_every_table (its docstring says what and why)."""
    if not _has_column(db, "plan_items", "uid"):  # (idempotent: a lost record may rerun it)
        _plan_with_uids(db)
    if not _has_column(db, "_sync_records", "state"):
        db.execute("ALTER TABLE _sync_records ADD COLUMN state BLOB")  # (_sync_doc keeps the
        # old whole document until the next sync replaces it)
    db.executescript(
        """
        DROP INDEX IF EXISTS medications_active_name;
        CREATE INDEX IF NOT EXISTS medications_active ON medications(name_key)
            WHERE stopped IS NULL;
        -- the change log: which rows changed since the last sync, kept by triggers
        CREATE TABLE IF NOT EXISTS _sync_changes (
            tbl TEXT NOT NULL,
            local TEXT NOT NULL,
            PRIMARY KEY (tbl, local)
        );
        """
    )
    for table, key, parent in SYNC_LOGGED:
        name = parent or table
        for when, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            # (no OR IGNORE: an upsert's own conflict clause would override it in a trigger)
            value = f"CAST({row}.\"{key}\" AS TEXT)"
            db.execute(
                f'CREATE TRIGGER IF NOT EXISTS "_sync_log_{table}_{when[0].lower()}" AFTER '
                f'{when} ON "{table}" '
                f"BEGIN INSERT INTO _sync_changes (tbl, local) SELECT '{name}', {value} "
                f"WHERE NOT EXISTS (SELECT 1 FROM _sync_changes WHERE tbl = '{name}' "
                f"AND local = {value}); END")
        if parent is None:  # every row there is now is new to the change log
            db.execute(f"INSERT OR IGNORE INTO _sync_changes (tbl, local) "
                       f"SELECT '{table}', CAST(\"{key}\" AS TEXT) FROM \"{table}\"")
    db.execute("PRAGMA user_version = 6")


def _has_column(db: Database, table: str, column: str) -> bool:
    return any(r[1] == column for r in db.execute(f'PRAGMA table_info("{table}")').fetchall())


def _plan_with_uids(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE plan_items_v5 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
            section TEXT NOT NULL,
            position INTEGER NOT NULL,              -- 1-based; ties ordered by uid
            text TEXT NOT NULL,
            response TEXT,
            rule TEXT,
            created_at TEXT NOT NULL
        );
        INSERT INTO plan_items_v5 (id, section, position, text, response, rule, created_at)
            SELECT id, section, position, text, response, rule, created_at FROM plan_items;
        DROP TABLE plan_items;
        ALTER TABLE plan_items_v5 RENAME TO plan_items;
        CREATE INDEX plan_items_order ON plan_items(section, position, uid);
        CREATE TABLE plan_contacts_v5 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
            position INTEGER NOT NULL,              -- 1-based; ties ordered by uid
            name TEXT NOT NULL,
            role TEXT,
            phone TEXT,
            email TEXT,
            notes TEXT
        );
        INSERT INTO plan_contacts_v5 (id, position, name, role, phone, email, notes)
            SELECT id, position, name, role, phone, email, notes FROM plan_contacts;
        DROP TABLE plan_contacts;
        ALTER TABLE plan_contacts_v5 RENAME TO plan_contacts;
        CREATE INDEX plan_contacts_order ON plan_contacts(position, uid);
        """
    )


# (table, the column naming its record, the synced parent table of a child table): frozen
# with m_sync_every_table; a table synced later gets its triggers in its own migration.
SYNC_LOGGED: tuple[tuple[str, str, str | None], ...] = (
    ("entries", "id", None), ("entry_tags", "entry_id", "entries"),
    ("checkins", "id", None), ("checkin_values", "checkin_id", "checkins"),
    ("checkin_choices", "checkin_id", "checkins"),
    ("assessments", "id", None), ("assessment_answers", "assessment_id", "assessments"),
    ("assessment_subscales", "assessment_id", "assessments"),
    ("assessment_flags", "assessment_id", "assessments"),
    ("plan_texts", "key", None), ("plan_items", "id", None), ("plan_contacts", "id", None),
    ("intakes", "id", None), ("intake_answers", "intake_id", "intakes"),
    ("life_values", "id", None), ("goals", "id", None), ("goal_steps", "id", None),
    ("goal_reviews", "id", None),
    ("skill_practice", "id", None), ("skill_practice_fields", "practice_id", "skill_practice"),
    ("medications", "id", None), ("medication_day_items", "medication_id", "medications"),
    ("medication_doses", "id", None), ("medication_days", "day", None),
    ("events", "id", None), ("event_tags", "event_id", "events"),
    ("next_session", "id", None), ("bring_items", "id", None), ("snaps", "id", None),
)
