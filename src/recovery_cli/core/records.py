"""Plain records read back from our own database (dataclasses: no pydantic on fast paths)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Entry:
    """A journal entry."""

    id: int
    created_at: str
    updated_at: str
    day: str
    title: str | None
    body: str
    tags: list[str] = field(default_factory=list)
    private: bool = False
    starred: bool = False


@dataclass(frozen=True, slots=True)
class CheckinDay:
    """One day's check-in. `values` holds numbers (mood, sleep_hours ...) and single answers
    (medication, note); `choices` holds multi-select answers (symptoms, triggers, coping)."""

    day: str  # YYYY-MM-DD
    values: dict[str, float | str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    def number(self, item: str) -> float | None:
        v = self.values.get(item)
        return v if isinstance(v, int | float) else None


@dataclass(frozen=True, slots=True)
class WarningMatch:
    """An early warning rule from the plan that matches the recent check-ins."""

    sign: str  # the warning sign's text
    rule: str  # the rule as written, e.g. "mood <= 3 for 3 days"
    since: str | None  # YYYY-MM-DD the matching run started, when known
    responses: list[str] = field(default_factory=list)  # what the plan says to do


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
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
    answers: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    stage: int | None = None
    subscales: dict[str, float] = field(default_factory=dict)
    checklist_version: int = 1
