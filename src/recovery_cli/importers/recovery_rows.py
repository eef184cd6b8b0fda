"""What a row of a recovery JSON export may hold, checked before anything is written.

`import_file` walks the file twice: first every row is validated here (types, ranges as the
checklists define them, days, instants, ids, booleans, the `sequences` counters), then, only
if all of it is good, the rows are written in one transaction. A crafted or damaged file thus
exits 2 naming the table and the row, and nothing is imported (issue 24: a counter of 2**63-1
made every later journal write fail, `mood = 1e999` broke `trends` for good).

The models are pydantic (files we read are validated by pydantic, docs/ARCHITECTURE.md).
Columns not described here (a newer program's) are left to `TableWriter`, which checks them
against the database's own columns. Booleans are accepted as true/false or 0/1.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet

# Ids and AUTOINCREMENT counters: far beyond any real history, far below SQLite's 2**63 - 1,
# so a file can't leave a counter where the next insert fails.
MAX_ID = 2**40


def _no_surrogates(text: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise ValueError("holds a lone surrogate (\\ud800-\\udfff), which is not text")
    return text


def _day(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a day (YYYY-MM-DD)") from None
    if len(text) != 10:
        raise ValueError(f"{text[:40]!r} is not a day (YYYY-MM-DD)")
    return text


def _instant(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment.astimezone(UTC)  # 0001-01-01T00:00+14:00 has no UTC instant
    except (ValueError, OverflowError):
        raise ValueError(f"{text[:40]!r} is not a date and time (ISO 8601, e.g. "
                         "2026-11-26T21:04:00+01:00)") from None
    return text


def _flag(value: Any) -> int:
    if value is True or value is False:
        return int(value)
    if type(value) is int and value in (0, 1):
        return value
    raise ValueError("expected true or false (or 1 or 0)")


def _finite(value: Any) -> float:
    if type(value) not in (int, float):
        raise ValueError("expected a number")
    if not math.isfinite(value) or abs(value) > 1e12:
        raise ValueError(f"{value!r} is not a usable number")
    return float(value)


Text = Annotated[StrictStr, AfterValidator(_no_surrogates)]
Day = Annotated[StrictStr, AfterValidator(_day)]
Instant = Annotated[StrictStr, AfterValidator(_instant)]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Flag = Annotated[int, BeforeValidator(_flag)]
Number = Annotated[float, BeforeValidator(_finite)]
Position = Annotated[StrictInt, Field(ge=0, le=MAX_ID)]
Score = Annotated[StrictInt, Field(ge=0, le=10)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow")  # other columns: TableWriter checks them


class Checkin(_Row):
    id: Id
    day: Day
    created_at: Instant
    updated_at: Instant
    source: Text = "checkin"


class CheckinValue(_Row):
    checkin_id: Id
    item: Text
    num: Number | None = None
    text: Text | None = None


class CheckinChoice(_Row):
    checkin_id: Id
    item: Text
    choice: Text


class Entry(_Row):
    id: Id
    created_at: Instant
    updated_at: Instant
    day: Day
    title: Text | None = None
    body: Text
    private: Flag = 0
    starred: Flag = 0
    source: Text = "journal"


class EntryTag(_Row):
    entry_id: Id
    tag: Text


class Assessment(_Row):
    id: Id
    checklist: Text
    checklist_version: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = 1
    kind: Text
    taken_at: Instant
    day: Day
    score: Number | None = None
    band: Text | None = None
    percentage: Annotated[Number, Field(ge=0, le=100)] | None = None
    safety_flag: Flag = 0
    stage: Annotated[StrictInt, Field(ge=1, le=5)] | None = None


class AssessmentSubscale(_Row):
    assessment_id: Id
    subscale: Text
    value: Annotated[Number, Field(ge=0, le=1)]


class AssessmentAnswer(_Row):
    assessment_id: Id
    item: Text
    position: Position
    value: Number


class AssessmentFlag(_Row):
    assessment_id: Id
    flag: Text


class PlanText(_Row):
    key: Text
    value: Text
    updated_at: Instant


class PlanItem(_Row):
    id: Id
    section: Text
    position: Position
    text: Text
    response: Text | None = None
    rule: Text | None = None
    created_at: Instant


class PlanContact(_Row):
    id: Id
    position: Position
    name: Text
    role: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    notes: Text | None = None


class Intake(_Row):
    id: Id
    created_at: Instant
    updated_at: Instant


class IntakeAnswer(_Row):
    intake_id: Id
    field: Text
    position: Position
    value: Text


class LifeValue(_Row):
    id: Id
    text: Text
    created_at: Instant


class Goal(_Row):
    id: Id
    text: Text
    why: Text | None = None
    by_day: Day | None = None
    value_id: Id | None = None
    created_at: Instant
    done_at: Instant | None = None


class GoalStep(_Row):
    id: Id
    goal_id: Id
    position: Position
    text: Text
    done_at: Instant | None = None


class GoalReview(_Row):
    id: Id
    goal_id: Id
    reviewed_at: Instant
    progress: Score | None = None
    helped: Text | None = None
    next: Text | None = None


class SkillPractice(_Row):
    id: Id
    skill: Text
    practiced_at: Instant
    day: Day
    helpful: Score | None = None
    note: Text | None = None


class SkillPracticeField(_Row):
    practice_id: Id
    field: Text
    value: Text | None = None


MODELS: dict[str, type[_Row]] = {
    "checkins": Checkin, "checkin_values": CheckinValue, "checkin_choices": CheckinChoice,
    "entries": Entry, "entry_tags": EntryTag, "assessments": Assessment,
    "assessment_answers": AssessmentAnswer, "assessment_flags": AssessmentFlag,
    "assessment_subscales": AssessmentSubscale, "plan_texts": PlanText,
    "plan_items": PlanItem, "plan_contacts": PlanContact, "intakes": Intake,
    "intake_answers": IntakeAnswer, "life_values": LifeValue, "goals": Goal,
    "goal_steps": GoalStep, "goal_reviews": GoalReview, "skill_practice": SkillPractice,
    "skill_practice_fields": SkillPracticeField,
}


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    if err.get("type") == "missing":
        return f"'{where}' is missing"
    return f"'{where}': {msg}" if where else msg


class RowChecker:
    """Validates rows one by one (the first pass of an import). Knows the checklists, so a
    check-in value or an answer outside its item's range, or text where a number belongs,
    is refused; unknown checklists and items (someone's own, not installed here) are only
    checked for type."""

    def __init__(self, checklists: ChecklistSet | None,
                 columns: dict[str, list[str]] | None = None) -> None:
        self.checklists = checklists
        self.columns = columns  # the database's own tables and columns, when known
        self._checklist_of: dict[int, str] = {}

    def fail(self, where: str, message: str) -> InputError:
        return InputError(f"{where}: {message}; nothing was imported.")

    def check(self, table: str, row: Any, where: str) -> None:
        if self.columns is not None:
            if table not in self.columns:
                raise self.fail(where, f"unknown table '{table}' (expected one of "
                                f"{', '.join(self.columns)})")
            if isinstance(row, dict):
                cols = self.columns[table]
                unknown = [k for k in row if k not in cols]
                if unknown:
                    raise self.fail(where, f"unknown column '{unknown[0]}' in {table} "
                                    f"(expected {', '.join(cols)})")
        model = MODELS.get(table)
        if model is None or not isinstance(row, dict):
            return  # TableWriter names a non-object row
        try:
            parsed = model.model_validate(row)
        except ValidationError as exc:
            raise self.fail(where, f"{table}: {_first_error(exc)}") from None
        if isinstance(parsed, CheckinValue):
            self._checkin_value(parsed, where)
        elif isinstance(parsed, Assessment):
            self._checklist_of[parsed.id] = parsed.checklist
        elif isinstance(parsed, AssessmentAnswer):
            self._answer(parsed, where)

    def _checkin_value(self, row: CheckinValue, where: str) -> None:
        item = self._checkin_item(row.item)
        if item is None or (row.num is None and row.text is None):  # (a "none ticked" marker)
            return
        if item.type in ("number", "scale"):
            if row.num is None:
                raise self.fail(where, f"checkin_values: '{row.item}' must be a number, "
                                f"not {row.text!r}"[:200])
            low = item.min if item.min is not None else -math.inf
            high = item.max if item.max is not None else math.inf
            if not low <= row.num <= high:
                raise self.fail(where, f"checkin_values: '{row.item}' is {row.num:g}, outside "
                                f"{item.min:g} to {item.max:g}" if item.min is not None
                                and item.max is not None else
                                f"checkin_values: '{row.item}' is {row.num:g}, out of range")

    def _checkin_item(self, item_id: str) -> Any:
        if self.checklists is None:
            return None
        for checklist in self.checklists.of_kind("checkin"):
            item = checklist.item(item_id)
            if item is not None:
                return item
        return None

    def _answer(self, row: AssessmentAnswer, where: str) -> None:
        checklist_id = self._checklist_of.get(row.assessment_id)
        if self.checklists is None or checklist_id is None:
            return
        checklist = self.checklists.checklists.get(checklist_id)
        item = checklist.item(row.item) if checklist is not None else None
        if checklist is None or item is None:
            return
        values = [o.value for o in checklist.options_for(item) if isinstance(o.value, int | float)
                  and not isinstance(o.value, bool)]
        low = min(values) if values else item.min
        high = max(values) if values else item.max
        if (low is not None and row.value < low) or (high is not None and row.value > high):
            raise self.fail(where, f"assessment_answers: '{row.item}' of {checklist_id} is "
                            f"{row.value:g}, outside {low:g} to {high:g}"
                            if low is not None and high is not None else
                            f"assessment_answers: '{row.item}' is {row.value:g}, out of range")

    def sequences(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise self.fail(where, "\"sequences\" should be an object of table name -> counter")
        for table, seq in value.items():
            if type(seq) is not int or not 0 <= seq <= MAX_ID:
                raise self.fail(where, f"\"sequences\": '{table}' is {str(seq)[:30]}; expected "
                                f"a whole number from 0 to {MAX_ID}")
