"""The skills library: CBT, DBT, mindfulness and values skills as data files.

Built-in skills ship in `data/skills/*.toml`; files in `$RECOVERY_HOME/skills/` add to them or
override them by id. Each file is validated like a checklist: a broken file becomes one
`ChecklistError` naming the file and the field, and every other skill still loads.

Pure: takes paths and data, returns models and values. No clock, database, prompt or print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recovery_cli.core import paths
from recovery_cli.core.errors import ChecklistError, InputError, NotFoundError
from recovery_cli.tools.skills_evidence import (
    evidence_lines as evidence_lines,  # moved; re-exported
)

STAGE_NAMES = {
    1: "Acknowledgment & Awareness",
    2: "Engagement & Trust-Building",
    3: "Skill-Building & Coping Strategies",
    4: "Integration & Meaning-Making",
    5: "Maintenance & Relapse Prevention",
}

CATEGORY_NAMES = {
    "cbt": "CBT",
    "dbt": "DBT",
    "mindfulness": "Mindfulness",
    "grounding": "Grounding",
    "values": "Values",
    "self_compassion": "Self-compassion",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SkillField(_Strict):
    """Something a practice records (a thought record's situation, a feeling's intensity...)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    type: Literal["text", "number"] = "text"
    min: float | None = None
    max: float | None = None
    required: bool = False

    @model_validator(mode="after")
    def _bounds(self) -> SkillField:
        if self.type == "number" and (self.min is None or self.max is None):
            raise ValueError("a number field needs 'min' and 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        return self


class SkillStep(_Strict):
    text: str = Field(min_length=1)
    fields: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


class Skill(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=1)
    category: str = Field(pattern=r"^[a-z0-9_]+$")
    stage: int = Field(ge=1, le=5)
    summary: str = Field(min_length=1)
    minutes: int | None = Field(default=None, ge=1, le=120)
    meaningful_activity: bool = False
    steps: list[SkillStep] = Field(min_length=2, max_length=6)
    fields: list[SkillField] = []
    # Who developed the technique (our wording is our own): shown by `skills show` and in the
    # export's end matter.
    credit: str = ""

    @model_validator(mode="before")
    @classmethod
    def _attribution_is_credit(cls, data: Any) -> Any:
        """Files written before `credit` existed may say `attribution`."""
        if isinstance(data, dict) and "attribution" in data and "credit" not in data:
            data = {**data, "credit": data["attribution"]}
            del data["attribution"]
        return data

    @model_validator(mode="after")
    def _check(self) -> Skill:
        ids = [f.id for f in self.fields]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate field id '{dupes[0]}'")
        used: list[str] = []
        for step in self.steps:
            for ref in step.fields:
                if ref not in ids:
                    raise ValueError(f"a step names unknown field '{ref}'")
                if ref in used:
                    raise ValueError(f"field '{ref}' is asked by two steps")
                used.append(ref)
        return self

    def field(self, field_id: str) -> SkillField | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def loose_fields(self) -> list[SkillField]:
        """Fields no step asks for: asked after the last step."""
        used = {ref for step in self.steps for ref in step.fields}
        return [f for f in self.fields if f.id not in used]

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.category, self.category.replace("_", " ").capitalize())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "stage": self.stage,
            "stage_name": STAGE_NAMES[self.stage],
            "summary": self.summary,
            "minutes": self.minutes,
            "meaningful_activity": self.meaningful_activity,
            "steps": [s.text for s in self.steps],
            "fields": [f.model_dump() for f in self.fields],
            "credit": self.credit,
        }


@dataclass
class SkillSet:
    skills: dict[str, Skill] = field(default_factory=dict)
    errors: list[ChecklistError] = field(default_factory=list)
    origin: dict[str, Path] = field(default_factory=dict)

    def get(self, skill_id: str) -> Skill:
        """A skill by its id or title, in any case, with or without punctuation
        (`box-breathing`, `Box breathing`); an unknown one suggests the closest."""
        from recovery_cli.core import names

        titles = {s.id: (s.title,) for s in self.skills.values()}
        found = names.resolve(skill_id.strip(), titles)
        if found is None:
            known = ", ".join(sorted(self.skills)) or "none"
            raise NotFoundError(
                f"No skill '{skill_id}'.{names.did_you_mean(skill_id, titles)} Known skills: "
                f"{known}. 'recovery skills list' shows them.")
        return self.skills[found]

    def ordered(self) -> list[Skill]:
        """By stage, then category, then title."""
        return sorted(self.skills.values(), key=lambda s: (s.stage, s.category, s.title.lower()))


def builtin_skills_dir() -> Path:
    return paths.builtin_data_dir() / "skills"


def user_skills_dir(home: Path) -> Path:
    return home / "skills"


def load_skills(home: Path | None, builtin: Path | None = None) -> SkillSet:
    """Built-in skills, then the person's own (which override by id)."""
    from recovery_cli.core.checklists import load_folders

    folders = [builtin or builtin_skills_dir()]
    if home is not None:
        folders.append(user_skills_dir(home))
    found, origin, errors = load_folders(Skill, folders)
    return SkillSet(skills=found, errors=errors, origin=origin)


def check_value(skill: Skill, spec: SkillField, raw: str) -> str:
    """A field's answer as stored (numbers normalised); InputError when it doesn't fit."""
    text = raw.strip()
    if spec.type != "number":
        return text
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise InputError(
            f"'{spec.id}' of {skill.id} takes a number from {_num(spec.min)} to {_num(spec.max)}, "
            f"not '{raw}'."
        ) from None
    lo = spec.min if spec.min is not None else value
    hi = spec.max if spec.max is not None else value
    if not lo <= value <= hi:
        raise InputError(
            f"'{spec.id}' of {skill.id} takes a number from {_num(lo)} to {_num(hi)}, not '{raw}'."
        )
    return _num(value)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_field_args(skill: Skill, pairs: Sequence[str]) -> dict[str, str]:
    """`--field name=value` options into {field id: stored value}; InputError on a bad one."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        key = name.strip().lower().replace("-", "_")
        if not sep or not key:
            raise InputError(f"--field takes NAME=VALUE, not '{pair}'.")
        spec = skill.field(key)
        if spec is None:
            known = ", ".join(f.id for f in skill.fields) or "none (this skill records no fields)"
            raise InputError(f"{skill.id} has no field '{key}'. Its fields: {known}.")
        checked = check_value(skill, spec, value)
        if checked:
            out[key] = checked
    return out


def missing_required(skill: Skill, answers: Mapping[str, str]) -> list[SkillField]:
    return [f for f in skill.fields if f.required and not answers.get(f.id, "").strip()]


def check_helpful(value: float | None) -> float | None:
    """0-10 with at most one decimal, the rule for every typed scale."""
    if value is not None and not (0 <= value <= 10 and round(value, 1) == value):
        raise InputError(f"--helpful takes a number from 0 to 10 (at most one decimal), "
                         f"not {value:g}.")
    return value
