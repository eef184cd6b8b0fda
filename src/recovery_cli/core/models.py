"""Pydantic models for the data files we read: checklists, crisis lines (config.py validates
the eight settings by hand, see its docstring).

Data read back from our own database travels as plain dataclasses (`records.py`), which keeps
pydantic's import cost off the fast paths (journal, remind).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ItemType = Literal["scale", "choice", "multi", "number", "text", "yes_no"]
Operator = Literal["<", "<=", ">", ">=", "=="]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: int | float | str
    label: str


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)
    type: ItemType = "scale"
    required: bool = False
    min: float | None = None
    max: float | None = None
    decimals: int = Field(default=0, ge=0, le=2)
    min_label: str | None = None
    max_label: str | None = None
    options: list[Option] | None = None
    source: str | None = None  # e.g. "plan.triggers": extra options come from the plan
    stage: int | None = Field(default=None, ge=1, le=5)
    help: str | None = None
    # Questionnaires: a scored item counts towards the score and must be answered; an
    # unscored one (PHQ-9's difficulty question) is optional and left out of the score.
    scored: bool = True

    @model_validator(mode="after")
    def _check(self) -> Item:
        if self.type == "number" and (self.min is None or self.max is None):
            raise ValueError("a number item needs 'min' and 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        if self.type in ("choice", "multi") and not self.options and not self.source:
            raise ValueError(f"a {self.type} item needs 'options' or a 'source'")
        if self.options:
            values = [o.value for o in self.options]
            if len(set(map(str, values))) != len(values):
                raise ValueError("two options share a value")
        return self


class Band(_Strict):
    min: float
    max: float
    label: str
    note: str = ""  # guidance shown with the band, e.g. "the full PHQ-9 is suggested"

    @model_validator(mode="after")
    def _order(self) -> Band:
        if self.min > self.max:
            raise ValueError("band 'min' is greater than 'max'")
        return self


class Scoring(_Strict):
    method: Literal["sum", "mean", "stage_profile", "none"] = "sum"
    transform: float = 1.0  # multiplier for the percentage (WHO-5: 4)
    bands: list[Band] = []
    bands_on: Literal["score", "percentage"] = "score"


class Change(_Strict):
    meaningful: float | None = None  # clinically meaningful change, in score points
    reliable: float | None = None  # reliable change, in score points
    on: Literal["score", "percentage"] = "score"
    higher_is_better: bool = False


class SafetyRule(_Strict):
    item: str
    operator: Operator
    value: float
    action: Literal["crisis"] = "crisis"


class ItemFlag(_Strict):
    """A flag raised by answers to single items (e.g. WHO-5: any item at 1 or below)."""

    id: str
    when: Literal["any_item"] = "any_item"
    operator: Operator
    value: float
    message: str


class Checklist(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str
    version: int = 1
    kind: Literal["checkin", "checkin_extra", "instrument", "stage"]
    timeframe: str = ""
    instruction: str = ""  # the form's opening instruction, shown before the stem (WHO-5)
    stem: str = ""
    frequency_days: int | None = Field(default=None, ge=1)
    scale: list[Option] = []
    items: list[Item] = Field(min_length=1)
    scoring: Scoring = Scoring()
    change: Change | None = None
    safety: list[SafetyRule] = []
    flags: list[ItemFlag] = []
    attribution: str = ""
    license: str = ""
    source_url: str = ""
    short_form_of: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Checklist:
        ids = [i.id for i in self.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate item id '{dupes[0]}'")
        for item in self.items:
            if item.type == "scale" and not (item.options or self.scale):
                raise ValueError(f"item '{item.id}' is a scale but the checklist has no 'scale'")
        for rule in self.safety:
            if rule.item not in ids:
                raise ValueError(f"safety rule names unknown item '{rule.item}'")
        if self.kind == "stage" and any(i.stage is None for i in self.items):
            raise ValueError("every item of a stage checklist needs a 'stage' (1-5)")
        return self

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def options_for(self, item: Item) -> list[Option]:
        return list(item.options or self.scale)


class CrisisLine(_Strict):
    region: str = Field(pattern=r"^([A-Z]{2}|INTL)$")
    name: str
    description: str = ""
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    email: str | None = None
    hours: str = ""
    source: str = Field(pattern=r"^https://[^\s]+\.[^\s]+$")  # the service's own page
    verified_on: date

    @model_validator(mode="after")
    def _reachable(self) -> CrisisLine:
        if not (self.phone or self.text or self.url or self.email):
            raise ValueError("a crisis line needs a phone, text, url or email")
        return self


class Emergency(_Strict):
    region: str = Field(pattern=r"^([A-Z]{2}|INTL)$")
    number: str


class CrisisFallback(_Strict):
    europe_112: list[str] = []  # regions without lines where 112 is still the number to name


class CrisisData(_Strict):
    lines: list[CrisisLine] = Field(min_length=1)
    emergency: list[Emergency] = []
    regions: dict[str, list[str]] = {}  # a configured region -> the regions whose lines to show
    names: dict[str, str] = {}  # a region code -> how to show it ("GB" -> "UK")
    fallback: CrisisFallback = CrisisFallback()

    @field_validator("regions")
    @classmethod
    def _upper(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k.upper(): [r.upper() for r in rs] for k, rs in v.items()}


class StagePrompts(_Strict):
    """The guided journal prompts for one recovery stage (data/journal_prompts.toml)."""

    stage: int = Field(ge=1, le=5)
    name: str = Field(min_length=1)
    prompts: list[str] = Field(min_length=5)

    @field_validator("prompts")
    @classmethod
    def _not_blank(cls, v: list[str]) -> list[str]:
        if any(not p.strip() for p in v):
            raise ValueError("a prompt is empty")
        if len(set(v)) != len(v):
            raise ValueError("a prompt is listed twice")
        return v


class JournalPrompts(_Strict):
    """Every stage's guided journal prompts: each stage 1-5 exactly once."""

    version: int = 1
    stages: list[StagePrompts] = Field(min_length=5)

    @model_validator(mode="after")
    def _every_stage_once(self) -> JournalPrompts:
        numbers = sorted(s.stage for s in self.stages)
        if numbers != [1, 2, 3, 4, 5]:
            raise ValueError("needs the stages 1 to 5, each exactly once")
        return self

    def for_stage(self, stage: int) -> StagePrompts:
        return next((s for s in self.stages if s.stage == stage), self.stages[0])
