"""The synced tables, declared once: the engine and store/sync.py are driven by this list.

Each record is a flat set of fields in the CRDT document, one Map key per field
("<gid>/<field>"), so edits to different fields (and different check-in items) on two
computers both survive, and the same field resolves by the CRDT's rule everywhere.
Child rows (tags, check-in answers) become fields named after their key columns.

A column holding another synced table's local id (a goal's value, a dose's medication) is a
`Ref`: it travels as that record's global id and becomes the local id again on arrival; a
record whose required parent has not arrived yet waits (it is not a row) until it does.
Parents come before their children in TABLES. Every table with rows a person sees is here
(tests/sync/test_sync_tables.py checks the list against the schema).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Child:
    table: str
    parent_column: str  # the foreign key to the parent's local id
    key_columns: tuple[str, ...]
    value_columns: tuple[str, ...] = ()

    def prefix(self) -> str:
        return f"{self.table}:"


@dataclass(frozen=True)
class Ref:
    column: str  # a column of the table holding a parent's local id
    table: str  # the parent's synced table
    required: bool = True  # False: the column may be NULL (ON DELETE SET NULL)


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[str, ...]  # columns synced, besides the local id
    children: tuple[Child, ...] = ()
    natural_key: str | None = None  # a column that *is* the global id (one check-in a day)
    local_key: str = "id"  # the column naming the row locally
    quiet: tuple[str, ...] = field(default=("created_at", "updated_at"))  # never reported as a conflict
    label: str = ""
    refs: tuple[Ref, ...] = ()

    def local_is_natural(self) -> bool:
        return self.local_key == self.natural_key


TABLES: tuple[Table, ...] = (
    Table("entries", ("created_at", "updated_at", "day", "title", "body", "private", "starred",
                      "source"),
          children=(Child("entry_tags", "entry_id", ("tag",)),), label="journal entry"),
    Table("checkins", ("created_at", "updated_at", "source"), natural_key="day",
          children=(Child("checkin_values", "checkin_id", ("item",), ("num", "text")),
                    Child("checkin_choices", "checkin_id", ("item", "choice"))),
          label="check-in"),
    Table("assessments", ("checklist", "checklist_version", "kind", "taken_at", "day", "score",
                          "band", "percentage", "safety_flag", "stage"),
          children=(Child("assessment_answers", "assessment_id", ("item",),
                          ("position", "value")),
                    Child("assessment_subscales", "assessment_id", ("subscale",), ("value",)),
                    Child("assessment_flags", "assessment_id", ("flag",))),
          label="questionnaire result"),
    Table("plan_texts", ("value", "updated_at"), natural_key="key", local_key="key",
          label="plan text"),
    # plan lists and contacts carry their own global id (`uid`, set by SQLite on insert) and
    # are ordered by (position, uid): two computers adding an item both keep theirs
    Table("plan_items", ("section", "position", "text", "response", "rule", "created_at"),
          natural_key="uid", quiet=("created_at", "position"), label="plan item"),
    Table("plan_contacts", ("position", "name", "role", "phone", "email", "notes"),
          natural_key="uid", quiet=("position",), label="plan contact"),
    Table("intakes", ("created_at", "updated_at"),
          children=(Child("intake_answers", "intake_id", ("field", "position"), ("value",)),),
          label="intake"),
    Table("life_values", ("created_at",), natural_key="text", label="value"),
    Table("goals", ("text", "why", "by_day", "value_id", "created_at", "done_at"),
          refs=(Ref("value_id", "life_values", required=False),), label="goal"),
    Table("goal_steps", ("goal_id", "position", "text", "done_at"),
          refs=(Ref("goal_id", "goals"),), quiet=("position",), label="goal step"),
    Table("goal_reviews", ("goal_id", "reviewed_at", "progress", "helped", "next"),
          refs=(Ref("goal_id", "goals"),), label="goal review"),
    Table("skill_practice", ("skill", "practiced_at", "day", "helpful", "note"),
          children=(Child("skill_practice_fields", "practice_id", ("field",), ("value",)),),
          label="skill practice"),
    Table("medications", ("name", "name_key", "schedule", "as_needed", "started", "stopped",
                          "stop_reason", "note", "created_at"),
          children=(Child("medication_day_items", "medication_id", ("day",),
                          ("missed", "as_needed")),),
          label="medication"),
    Table("medication_doses", ("medication_id", "day", "dose", "amount", "unit", "note",
                               "created_at"),
          refs=(Ref("medication_id", "medications"),), label="dose"),
    Table("medication_days", ("taken", "as_needed_asked"), natural_key="day", local_key="day",
          label="medication day"),
    Table("events", ("day", "kind", "text", "impact", "with_whom", "note", "created_at",
                     "updated_at"),
          children=(Child("event_tags", "event_id", ("tag",)),), label="event"),
    Table("next_session", ("day", "with_whom", "note", "set_at"), natural_key="id",
          label="next appointment"),
    Table("bring_items", ("text", "source", "created_at", "done_at"), label="bring-list item"),
    Table("snaps", ("at", "day", "mood", "anxiety", "energy", "note", "tags", "source"),
          label="snap"),
)

BY_NAME = {t.name: t for t in TABLES}
