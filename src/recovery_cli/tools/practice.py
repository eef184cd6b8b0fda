"""One logged practice of a skill (a plain record: the store reads it, ui shows it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Practice(NamedTuple):
    id: int
    skill: str
    practiced_at: str
    day: str
    helpful: float | None
    note: str | None
    fields: Mapping[str, str] = {}

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "skill": self.skill, "practiced_at": self.practiced_at,
                "day": self.day, "helpful": self.helpful, "note": self.note,
                "fields": dict(self.fields)}
