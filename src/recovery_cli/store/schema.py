"""What this program knows of the schema, importable without sqlite-utils (for fast opens)."""

from __future__ import annotations

# The number of migrations in store/migrations.py; each sets PRAGMA user_version to its number.
SCHEMA_VERSION = 6

FTS_TRIGGERS = ("entries_ai", "entries_ad", "entries_au")
