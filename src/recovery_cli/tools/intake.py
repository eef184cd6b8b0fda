"""The intake: a short summary to prepare for a first (or new) appointment.

Pure: field definitions, `--set FIELD=VALUE` parsing, and what recent check-ins suggest for
symptoms and triggers. No clock, database, prompt or print.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from recovery_cli.core.errors import InputError
from recovery_cli.core.records import CheckinDay

Answers = dict[str, str | list[str]]


@dataclass(frozen=True, slots=True)
class IntakeField:
    id: str
    label: str  # the heading shown and exported
    question: str  # the prompt's wording
    kind: Literal["text", "list"]
    hint: str = ""


FIELDS: tuple[IntakeField, ...] = (
    IntakeField("brings_me", "What brings me", "In your own words, what brings you to look for support?", "text"),
    IntakeField("since_when", "Since when", "Since when have you noticed this? (a rough idea is fine)", "text"),
    IntakeField("symptoms", "What I've noticed", "What have you noticed in yourself lately?", "list"),
    IntakeField("triggers", "What seems to set it off", "What seems to set things off or make them harder?", "list"),
    IntakeField("tried", "What I've tried", "What have you tried so far, and how did it go?", "text"),
    IntakeField("medications", "Medications", "Any medications you take (name and dose)", "list",
                hint="one at a time"),
    IntakeField("hopes", "What I hope for", "What would you like to be different? What do you hope for?", "text"),
    IntakeField("questions", "Questions for my therapist", "A question you'd like to ask", "list",
                hint="one at a time"),
)

FIELD_IDS = tuple(f.id for f in FIELDS)
_BY_ID = {f.id: f for f in FIELDS}


def get_field(field_id: str) -> IntakeField:
    key = field_id.strip().lower().replace("-", "_")
    try:
        return _BY_ID[key]
    except KeyError:
        raise InputError(
            f"The intake has no field '{field_id}'. Fields: {', '.join(FIELD_IDS)}."
        ) from None


@dataclass(frozen=True, slots=True)
class Intake:
    """An intake read back from the database."""

    id: int
    created_at: str
    updated_at: str
    answers: dict[str, str | list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "answers": {f.id: self.answers.get(f.id, [] if f.kind == "list" else "") for f in FIELDS},
        }


def parse_sets(pairs: Sequence[str]) -> Answers:
    """`--set FIELD=VALUE` options. A list field takes the option once per item (all of them
    replace the list); `--set FIELD=` clears a field."""
    out: Answers = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--set takes FIELD=VALUE, not '{pair}'. Fields: {', '.join(FIELD_IDS)}.")
        spec = get_field(name)
        value = value.strip()
        if spec.kind == "list":
            items = out.setdefault(spec.id, [])
            assert isinstance(items, list)
            if value and value not in items:
                items.append(value)
        else:
            out[spec.id] = value
    return out


def merged(current: Mapping[str, str | list[str]], changes: Mapping[str, str | list[str]]) -> Answers:
    """The answers after applying `changes` (empty values clear a field)."""
    out: Answers = {k: (list(v) if isinstance(v, list) else v) for k, v in current.items()}
    for key, value in changes.items():
        if value:
            out[key] = list(value) if isinstance(value, list) else value
        else:
            out.pop(key, None)
    return out


def cleaned(answers: Mapping[str, str | list[str]]) -> Answers:
    """Known fields only, text trimmed, empty answers dropped, list items de-duplicated."""
    out: Answers = {}
    for spec in FIELDS:
        value = answers.get(spec.id)
        if value is None:
            continue
        if spec.kind == "list":
            items = [value] if isinstance(value, str) else list(value)
            seen: list[str] = []
            for item in (i.strip() for i in items):
                if item and item.lower() not in (s.lower() for s in seen):
                    seen.append(item)
            if seen:
                out[spec.id] = seen
        else:
            text = value if isinstance(value, str) else "; ".join(value)
            if text.strip():
                out[spec.id] = text.strip()
    return out


def answered(answers: Mapping[str, str | list[str]]) -> int:
    return len(cleaned(answers))


def noticed_in_checkins(
    days: Iterable[CheckinDay], item: str, labels: Mapping[str, str] | None = None
) -> list[tuple[str, int]]:
    """What the check-ins recorded for a multi-select item (symptoms, triggers), as
    (label, number of days), most frequent first."""
    counts: Counter[str] = Counter()
    for day in days:
        for choice in day.choices.get(item, []):
            counts[label_for(choice, labels or {})] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def label_for(choice: str, labels: Mapping[str, str]) -> str:
    """A check-in choice's human label (its option label, else the value made readable)."""
    if choice in labels:
        return labels[choice]
    text = choice.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
