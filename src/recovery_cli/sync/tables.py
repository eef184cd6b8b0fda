"""The synced tables, declared once: the engine and store/sync.py are driven by this list.

Each record is a flat set of fields in the CRDT document, one Map key per field
("<gid>/<field>"), so edits to different fields (and different check-in items) on two
computers both survive, and the same field resolves by the CRDT's rule everywhere.
Child rows (tags, check-in answers) become fields named after their key columns.

Adding a table (the coming `snaps`, several moments a day) is one `Table(...)` entry:
    Table("snaps", fields=("taken_at", "day", ...), children=(Child("snap_values", "snap_id",
          ("item",), ("num", "text")),))
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
class Table:
    name: str
    fields: tuple[str, ...]  # columns synced, besides the local id
    children: tuple[Child, ...] = ()
    natural_key: str | None = None  # a column that *is* the global id (one check-in a day)
    local_key: str = "id"  # the column naming the row locally
    quiet: tuple[str, ...] = field(default=("created_at", "updated_at"))  # never reported as a conflict
    label: str = ""

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
)

BY_NAME = {t.name: t for t in TABLES}
