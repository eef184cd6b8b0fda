"""Plain records read back from our own database (named tuples: no pydantic, and cheap to define, on fast paths)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple


class Entry(NamedTuple):
    """A journal entry."""

    id: int
    created_at: str
    updated_at: str
    day: str
    title: str | None
    body: str
    tags: Sequence[str] = []
    private: bool = False
    starred: bool = False


class CheckinDay(NamedTuple):
    """One day's check-in. `values` holds numbers (mood, sleep_hours ...) and single answers
    (medication, note); `choices` holds multi-select answers (symptoms, triggers, coping)."""

    day: str  # YYYY-MM-DD
    values: Mapping[str, float | str] = {}
    choices: Mapping[str, list[str]] = {}
    created_at: str = ""
    updated_at: str = ""

    def number(self, item: str) -> float | None:
        v = self.values.get(item)
        return v if isinstance(v, int | float) else None


class WarningMatch(NamedTuple):
    """An early warning rule from the plan that matches the recent check-ins."""

    sign: str  # the warning sign's text
    rule: str  # the rule as written, e.g. "mood <= 3 for 3 days"
    since: str | None  # YYYY-MM-DD the matching run started, when known
    responses: Sequence[str] = []  # what the plan says to do


class AssessmentRecord(NamedTuple):
    """A stored questionnaire or stage self-assessment result. `answers` maps item id ->
    value in item order; `subscales` maps "1".."5" -> share 0..1 (stage results only)."""

    id: int
    checklist: str
    kind: str  # instrument | stage
    taken_at: str
    day: str
    score: float | None
    band: str | None
    percentage: float | None
    safety_flag: bool
    answers: Mapping[str, float] = {}
    flags: Sequence[str] = []
    stage: int | None = None
    subscales: Mapping[str, float] = {}
    checklist_version: int = 1
