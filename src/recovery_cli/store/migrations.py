"""Schema changes, applied in order by sqlite-utils' `Migrations`.

Never edit a migration that has shipped: add a new one, and bump `schema.SCHEMA_VERSION`.
Every migration ends by setting `PRAGMA user_version` to its number, so opening a database can
tell in one cheap read whether anything is pending (see `store.db`).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("recovery")

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        -- Daily check-ins: one row per local calendar day, values typed and queryable.
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL UNIQUE,               -- YYYY-MM-DD, the local day it belongs to
            created_at TEXT NOT NULL,               -- ISO 8601 local time with offset
            updated_at TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'checkin'  -- checkin | import:daylio | demo ...
        );
        CREATE TABLE checkin_values (
            checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            num REAL,                               -- numbers and scales
            text TEXT,                              -- text, yes/no/na and single choices
            PRIMARY KEY (checkin_id, item)
        );
        CREATE INDEX checkin_values_item ON checkin_values(item, num);
        CREATE TABLE checkin_choices (
            checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
            item TEXT NOT NULL,                     -- symptoms | triggers | coping | custom multi
            choice TEXT NOT NULL,
            PRIMARY KEY (checkin_id, item, choice)
        );
        CREATE INDEX checkin_choices_item ON checkin_choices(item, choice);

        -- Journal: stable ids never reused (AUTOINCREMENT), tags as rows, FTS5 below.
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            day TEXT NOT NULL,
            title TEXT,
            body TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'journal'
        );
        CREATE INDEX entries_created ON entries(created_at);
        CREATE INDEX entries_day ON entries(day);
        CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        );
        CREATE INDEX entry_tags_tag ON entry_tags(tag, entry_id);

        -- Questionnaires and the stage self-assessment.
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            checklist TEXT NOT NULL,
            checklist_version INTEGER NOT NULL DEFAULT 1,
            kind TEXT NOT NULL,                     -- instrument | stage
            taken_at TEXT NOT NULL,
            day TEXT NOT NULL,
            score REAL,
            band TEXT,
            percentage REAL,
            safety_flag INTEGER NOT NULL DEFAULT 0,
            stage INTEGER                           -- stage self-assessment: the stage most like
        );
        CREATE INDEX assessments_checklist ON assessments(checklist, taken_at);
        CREATE INDEX assessments_day ON assessments(day);  -- trends read one window
        CREATE TABLE assessment_subscales (         -- stage self-assessment: share 0..1 per stage
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            subscale TEXT NOT NULL,                 -- "1".."5"
            value REAL NOT NULL,
            PRIMARY KEY (assessment_id, subscale)
        );
        CREATE TABLE assessment_answers (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            position INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (assessment_id, item)
        );
        CREATE TABLE assessment_flags (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            flag TEXT NOT NULL,
            PRIMARY KEY (assessment_id, flag)
        );

        -- Relapse-prevention and safety plan.
        CREATE TABLE plan_texts (                   -- when_well, post_crisis, last_reviewed,
            key TEXT PRIMARY KEY,                   -- crisis.takes_over_when, safety.reason_for_living ...
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE plan_items (                   -- every list section, e.g. toolbox, triggers,
            id INTEGER PRIMARY KEY AUTOINCREMENT,   -- warning_signs, crisis.helps, safety.coping_alone
            section TEXT NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            response TEXT,
            rule TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (section, position)
        );
        CREATE TABLE plan_contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT,
            phone TEXT,
            email TEXT,
            notes TEXT
        );

        -- Stage tools: intake, goals, values, skills practice.
        CREATE TABLE intakes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE intake_answers (
            intake_id INTEGER NOT NULL REFERENCES intakes(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (intake_id, field, position)
        );
        CREATE TABLE life_values (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE goals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            why TEXT,
            by_day TEXT,
            value_id INTEGER REFERENCES life_values(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            done_at TEXT
        );
        CREATE TABLE goal_steps (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            done_at TEXT
        );
        CREATE TABLE goal_reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            reviewed_at TEXT NOT NULL,
            progress INTEGER,
            helped TEXT,
            next TEXT
        );
        CREATE TABLE skill_practice (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            skill TEXT NOT NULL,
            practiced_at TEXT NOT NULL,
            day TEXT NOT NULL,
            helpful INTEGER,
            note TEXT
        );
        CREATE INDEX skill_practice_day ON skill_practice(day);
        CREATE TABLE skill_practice_fields (
            practice_id INTEGER NOT NULL REFERENCES skill_practice(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (practice_id, field)
        );
        """
    )
    db.table("entries").enable_fts(
        ["title", "body"], fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZE
    )
    db.execute("PRAGMA user_version = 1")


@migrations(name="m_meds_events_sessions")
def m_meds_events_sessions(db: Database) -> None:
    """Medications with their dose history, life events, therapy sessions, the next
    appointment and the bring-list (issue 17). Only new tables: every existing row stays
    (IF NOT EXISTS: a home whose migration record was lost can run it again)."""
    db.executescript(
        """
        -- Medications: a dose change is a new medication_doses row, never an overwrite.
        CREATE TABLE IF NOT EXISTS medications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,                 -- casefolded name, for matching
            schedule TEXT,                          -- "morning,evening" as given
            as_needed INTEGER NOT NULL DEFAULT 0,
            started TEXT NOT NULL,                  -- YYYY-MM-DD
            stopped TEXT,                           -- YYYY-MM-DD, NULL while taken
            stop_reason TEXT,
            note TEXT,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS medications_active_name ON medications(name_key)
            WHERE stopped IS NULL;
        CREATE TABLE IF NOT EXISTS medication_doses (             -- the first row is the starting dose
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            dose TEXT,                              -- free text as given ("50 mg", "half a tab")
            amount REAL,                            -- parsed number, when there is one
            unit TEXT,                              -- parsed unit, when there is one
            note TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS medication_doses_day ON medication_doses(day);
        CREATE INDEX IF NOT EXISTS medication_doses_med ON medication_doses(medication_id, day);
        -- The check-in's medication question, per day: `taken` all | some | none; a row
        -- exists only when it was answered. `as_needed_asked` 1 when as-needed doses were asked.
        CREATE TABLE IF NOT EXISTS medication_days (
            day TEXT PRIMARY KEY,
            taken TEXT,
            as_needed_asked INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS medication_day_items (
            day TEXT NOT NULL,
            medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
            missed INTEGER NOT NULL DEFAULT 0,
            as_needed REAL,                         -- as-needed doses taken that day
            PRIMARY KEY (day, medication_id)
        );

        -- Life events and therapy sessions (kind 'session').
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL,
            kind TEXT NOT NULL,                     -- life | health | medication | appointment
            text TEXT NOT NULL,                     -- | session | other
            impact INTEGER,                         -- -3..3
            with_whom TEXT,                         -- sessions: who with
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS events_day ON events(day);
        CREATE INDEX IF NOT EXISTS events_kind ON events(kind, day);
        CREATE TABLE IF NOT EXISTS event_tags (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (event_id, tag)
        );

        -- The next appointment (one row at most) and the things to bring to it.
        CREATE TABLE IF NOT EXISTS next_session (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            day TEXT NOT NULL,
            with_whom TEXT,
            note TEXT,
            set_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bring_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'bring',   -- bring | intake (seeded once)
            created_at TEXT NOT NULL,
            done_at TEXT
        );
        """
    )
    db.execute("PRAGMA user_version = 2")


@migrations(name="m_snaps")
def m_snaps(db: Database) -> None:
    """Quick moments through the day (issue 19): `recovery snap`. Only a new table: every
    existing row stays, and a check-in keeps its own answers."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS snaps (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,                       -- ISO 8601 local time with offset
            day TEXT NOT NULL,                      -- YYYY-MM-DD, the day it counts for
            mood REAL NOT NULL CHECK (mood BETWEEN 0 AND 10),
            anxiety REAL CHECK (anxiety BETWEEN 0 AND 10),
            energy REAL CHECK (energy BETWEEN 0 AND 10),
            note TEXT,
            tags TEXT,                              -- comma-separated, as given
            source TEXT NOT NULL DEFAULT 'snap'     -- snap | import:daylio | demo ...
        );
        CREATE INDEX IF NOT EXISTS snaps_day ON snaps(day, at);
        """
    )
    db.execute("PRAGMA user_version = 3")


@migrations(name="m_sync")
def m_sync(db: Database) -> None:
    """Sync between the owner's computers (issue 21): each synced row's global id and the
    fields as last merged, the CRDT state, files not yet written, devices read, and the
    answers a conflict replaced (their history). Only new tables; every row stays."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS _sync_records (
            tbl TEXT NOT NULL,
            gid TEXT NOT NULL,                      -- global id: a UUID, or the natural key
            local TEXT,                             -- this computer's id (NULL: not a row yet)
            record TEXT NOT NULL,                   -- JSON: the fields as last merged
            PRIMARY KEY (tbl, gid)
        );
        CREATE INDEX IF NOT EXISTS sync_records_local ON _sync_records(tbl, local);
        CREATE TABLE IF NOT EXISTS _sync_doc (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            state BLOB NOT NULL,                    -- the whole CRDT document (pycrdt)
            next_seq INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _sync_outbox (    -- written to the folder, then removed
            seq INTEGER PRIMARY KEY,
            payload BLOB NOT NULL                   -- already encrypted
        );
        CREATE TABLE IF NOT EXISTS _sync_devices (
            device TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_seq INTEGER NOT NULL DEFAULT 0,
            last_at TEXT,
            forgotten INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS _sync_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            tbl TEXT NOT NULL,
            gid TEXT NOT NULL,
            field TEXT NOT NULL,
            kept TEXT,                              -- JSON values
            replaced TEXT
        );
        """
    )
    db.execute("PRAGMA user_version = 4")


@migrations(name="m_fts_update_of_text")
def m_fts_update_of_text(db: Database) -> None:
    """The search index follows an entry's title and body only (issue 24): the update trigger
    fired on every change of the row, so tagging, starring or the `updated_at` of an edit
    re-indexed the whole text (a 10 MB entry: most of a second per `journal edit --tag`).
    Same name, same statements; no row changes."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS entries_au;
        CREATE TRIGGER entries_au AFTER UPDATE OF title, body ON entries BEGIN
          INSERT INTO entries_fts (entries_fts, rowid, title, body)
            VALUES ('delete', old.rowid, old.title, old.body);
          INSERT INTO entries_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        """
    )
    db.execute("PRAGMA user_version = 5")


@migrations(name="m_sync_every_table")
def m_sync_every_table(db: Database) -> None:
    """Every table syncs (issue 21). Plan list items and contacts get a global id of their
    own (`uid`, made by SQLite on insert) and lose UNIQUE positions: two computers that each
    added an item at position 3 both keep it, ordered by (position, uid) everywhere. Two
    computers that each started the same medication offline both keep it (the one-active-
    medication-per-name rule stays in the commands; the index stays, not unique). Every row
    is copied as it was."""
    from recovery_cli.store.migrations_sync import every_table

    every_table(db)
