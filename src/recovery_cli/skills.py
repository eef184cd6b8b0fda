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

from recovery_cli import paths
from recovery_cli.errors import ChecklistError, InputError, NotFoundError

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
    attribution: str = ""

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
        }


@dataclass
class SkillSet:
    skills: dict[str, Skill] = field(default_factory=dict)
    errors: list[ChecklistError] = field(default_factory=list)
    origin: dict[str, Path] = field(default_factory=dict)

    def get(self, skill_id: str) -> Skill:
        key = skill_id.strip().lower().replace("-", "_")
        try:
            return self.skills[key]
        except KeyError:
            known = ", ".join(sorted(self.skills)) or "none"
            raise NotFoundError(
                f"No skill '{skill_id}'. Known skills: {known}. 'recovery skills list' shows them."
            ) from None

    def ordered(self) -> list[Skill]:
        """By stage, then category, then title."""
        return sorted(self.skills.values(), key=lambda s: (s.stage, s.category, s.title.lower()))


def builtin_skills_dir() -> Path:
    return paths.builtin_data_dir() / "skills"


def user_skills_dir(home: Path) -> Path:
    return home / "skills"


def load_skills(home: Path | None, builtin: Path | None = None) -> SkillSet:
    """Built-in skills, then the person's own (which override by id)."""
    from recovery_cli.checklists import load_folders

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


def check_helpful(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise InputError(f"--helpful takes a number from 0 to 10, not {value}.")
    return value


def evidence_lines(evidence: Mapping[str, Any]) -> list[str]:
    """Plain sentences about the stage tools, each naming the stage it relates to (shown
    beside the self-assessment, never mixed into it). Takes `store.skills.evidence`'s dict."""
    days = evidence.get("window_days", 14)

    def n(count: int, word: str, plural: str = "") -> str:
        return f"{count} {word if count == 1 else (plural or word + 's')}"

    lines: list[str] = []
    if evidence.get("intake_completed"):
        lines.append(f"Intake: prepared for an appointment, updated {evidence.get('intake_updated')} "
                     "(stage 1).")
    else:
        lines.append("Intake: not filled in yet (stage 1; recovery intake).")
    goals_set = int(evidence.get("goals_set", 0))
    if goals_set:
        done = int(evidence.get("goals_done", 0))
        text = f"Goals: {goals_set} set, {done or 'none'} done{'' if done else ' yet'}"
        reviewed = int(evidence.get("goal_reviews_recent", 0))
        if reviewed:
            text += f", reviewed on {n(reviewed, 'day')} in the last {days} days"
        lines.append(text + " (stage 2).")
    else:
        lines.append("Goals: none set yet (stage 2; recovery goals add).")
    if "sessions_recent" in evidence:
        seen = int(evidence["sessions_recent"])
        span = evidence.get("sessions_days", 90)
        lines.append(f"Therapy sessions: {n(seen, 'session')} attended in the last {span} days"
                     + (f", the last on {evidence.get('last_session')}" if seen else "")
                     + " (stage 2; recovery session log).")
    count = int(evidence.get("skills_practised", 0))
    if count:
        lines.append(f"Skills practised: {n(count, 'time')} in the last {days} days, "
                     f"{n(int(evidence.get('skill_variety', 0)), 'different skill')} (stage 3).")
    else:
        lines.append(f"Skills practised: none logged in the last {days} days "
                     "(stage 3; recovery skills list).")
    named = int(evidence.get("values_named", 0))
    acts = int(evidence.get("meaningful_activities", 0))
    if named or acts:
        did = (n(acts, "meaningful activity", "meaningful activities") if acts
               else "no meaningful activity logged")  # never a bare "0 ..." count
        lines.append(f"Values and meaning: {n(named, 'value')} named, {did} in the last "
                     f"{days} days (stage 4).")
    else:
        lines.append("Values: none named yet (stage 4; recovery values add).")
    return lines
