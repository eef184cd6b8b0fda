"""What an importer hands the store: a journal entry or a check-in read from another tool's
file (jrnl, Daylio), and the counts of what an import added, skipped and kept. Plain records:
importers build them without importing the store (`store/import_writes.py` writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NewEntry:
    created_at: str  # ISO 8601 local time with offset
    day: str  # YYYY-MM-DD
    body: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False
    starred: bool = False
    source: str = "import"
    updated_at: str | None = None


@dataclass(frozen=True)
class NewCheckin:
    day: str
    created_at: str
    values: dict[str, float | str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    source: str = "import"
    updated_at: str | None = None


@dataclass
class Counts:
    """Per kind ("journal entries", "check-ins" ...): added, duplicates skipped, and days whose
    existing check-in was kept (a different one was already there)."""

    added: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    # Results whose stored score, band or safety flag disagreed with their answers (recomputed).
    recomputed: int = 0

    def bump(self, which: dict[str, int], kind: str) -> None:
        which[kind] = which.get(kind, 0) + 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"added": dict(self.added), "duplicates": dict(self.duplicates),
                "kept_existing": dict(self.kept),
                "recomputed": {"questionnaire results": self.recomputed}}
