"""The questionnaire scoring engine (pure): answers in, a score, band, flags, safety and
change out. Everything an instrument needs is data in its checklist file (`models.Checklist`):

- `scoring.method`: `sum` or `mean` of the scored items (`stage_profile` is scored by
  `stage.py`; `none` has no score);
- `scoring.transform`: a multiplier giving a percentage (WHO-5: raw x 4), null otherwise;
- `scoring.bands`: the questionnaire's published interpretation, on the score or percentage;
- `flags`: item-level flags (WHO-5: any item at 1 or below);
- `safety`: rules that show the crisis block, whatever the total (PHQ-9 item 9 >= 1 is also
  code, `safety_rules.py`, so it holds whatever the file says);
- `change`: clinically meaningful and reliable change, in score (or percentage) points,
  flagged both ways (improvement and deterioration), against the previous and the first result.

No clock, database, prompt or print here: callers pass `today` and stored records.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from recovery_cli.assess.safety_rules import OPS as _OPS
from recovery_cli.assess.safety_rules import hit as _safety_hit
from recovery_cli.assess.safety_rules import items_hit
from recovery_cli.core.errors import InputError
from recovery_cli.core.records import AssessmentRecord

if TYPE_CHECKING:
    from recovery_cli.core.models import Band, Change, Checklist, Item, Scoring

Direction = Literal["improved", "worse", "same"]


def num(value: float) -> int | float:
    """A value as it should appear to people and in JSON: 3, not 3.0."""
    f = float(value)
    return int(f) if f.is_integer() else round(f, 4)


# --- answers -----------------------------------------------------------------------------


class Allowed(NamedTuple):
    """What one item accepts: a set of values, or a numeric range."""

    values: tuple[float, ...] | None = None
    lo: float | None = None
    hi: float | None = None
    decimals: int = 0

    def ok(self, value: float) -> bool:
        if self.values is not None:
            return any(math.isclose(value, v) for v in self.values)
        assert self.lo is not None and self.hi is not None
        if not self.lo <= value <= self.hi:
            return False
        return round(value, self.decimals) == value

    def describe(self) -> str:
        if self.values is not None:
            shown = [str(num(v)) for v in sorted(self.values)]
            if len(shown) > 2 and all(
                b - a == 1 for a, b in zip(sorted(self.values), sorted(self.values)[1:], strict=False)
            ):
                return f"a whole number from {shown[0]} to {shown[-1]}"
            return "one of " + ", ".join(shown)
        assert self.lo is not None and self.hi is not None
        kind = "a whole number" if self.decimals == 0 else "a number"
        return f"{kind} from {num(self.lo)} to {num(self.hi)}"


def allowed(checklist: Checklist, item: Item) -> Allowed:
    """The answers an item accepts; InputError when it can't be answered with a number."""
    if item.type in ("scale", "choice"):
        options = checklist.options_for(item)
        values: list[float] = []
        for opt in options:
            if isinstance(opt.value, str):
                break
            values.append(float(opt.value))
        else:
            if values:
                return Allowed(values=tuple(values))
    elif item.type == "number":
        assert item.min is not None and item.max is not None
        return Allowed(lo=item.min, hi=item.max, decimals=item.decimals)
    elif item.type == "yes_no":
        return Allowed(values=(0.0, 1.0))
    raise InputError(
        f"Item '{item.id}' of {checklist.id} is a {item.type} question without number "
        "answers, so this checklist can't be taken as a questionnaire."
    )


def answerable(checklist: Checklist) -> list[Item]:
    """The items asked, in order (every item of a questionnaire must take a number)."""
    for item in checklist.items:
        allowed(checklist, item)
    return list(checklist.items)


def required_count(checklist: Checklist) -> int:
    """How many leading values `--answers` must hold: up to the last scored item."""
    last = 0
    for pos, item in enumerate(checklist.items, start=1):
        if item.scored:
            last = pos
    return last


def _label(pos: int, item: Item) -> str:
    return f"answer {pos} (item '{item.id}')"


def check_answers(checklist: Checklist, values: Sequence[float | None]) -> dict[str, float]:
    """Validate answers given in item order (None = skipped) and key them by item id.
    Scored items must be answered; unscored ones may be skipped or left off the end."""
    items = answerable(checklist)
    need = required_count(checklist)
    if len(values) > len(items):
        raise InputError(
            f"--answers has {len(values)} values but {checklist.id} has only {len(items)} "
            f"items; nothing was saved."
        )
    if len(values) < need:
        missing = items[len(values)]
        raise InputError(
            f"--answers has {len(values)} values but {checklist.id} needs {need}: "
            f"{_label(len(values) + 1, missing).capitalize()} is missing; nothing was saved."
        )
    answers: dict[str, float] = {}
    for pos, (item, value) in enumerate(zip(items, values, strict=False), start=1):
        if value is None:
            if item.scored:
                raise InputError(
                    f"{_label(pos, item).capitalize()} is empty; every scored item of "
                    f"{checklist.id} needs an answer. Nothing was saved."
                )
            continue
        rule = allowed(checklist, item)
        if not rule.ok(value):
            raise InputError(
                f"{_label(pos, item).capitalize()} is {num(value)}; it takes "
                f"{rule.describe()}. Nothing was saved."
            )
        answers[item.id] = float(value)
    return answers


def parse_answers(checklist: Checklist, text: str) -> dict[str, float]:
    """`--answers 0,1,2,...`: values in item order; an empty value skips an unscored item."""
    raw = text.replace(";", ",").split(",")
    if len(raw) == 1 and " " in raw[0].strip():
        raw = raw[0].split()
    items = checklist.items
    values: list[float | None] = []
    for pos, part in enumerate(raw, start=1):
        p = part.strip()
        if p == "":
            values.append(None)
            continue
        try:
            value = float(p)
        except ValueError:
            where = (
                _label(pos, items[pos - 1]).capitalize() if pos <= len(items) else f"Answer {pos}"
            )
            raise InputError(
                f"{where} is '{p}', not a number. --answers takes numbers in item order, "
                "e.g. 0,1,2. Nothing was saved."
            ) from None
        if not math.isfinite(value):
            raise InputError(f"Answer {pos} is '{p}', not a usable number. Nothing was saved.")
        values.append(value)
    while values and values[-1] is None and len(values) > required_count(checklist):
        values.pop()  # a trailing comma
    return check_answers(checklist, values)


# --- scoring -----------------------------------------------------------------------------


class Flag(NamedTuple):
    id: str
    message: str


class Score(NamedTuple):
    score: float | None  # raw sum (or mean); None for a stage profile
    percentage: float | None  # transform != 1 only (WHO-5)
    band: str | None
    flags: Sequence[Flag] = []
    safety_flag: bool = False
    safety_items: Sequence[str] = []
    max_score: float | None = None
    band_note: str = ""


def band_of(scoring: Scoring, value: float | None) -> Band | None:
    """The band holding `value`; between two bands (a mean of 4.5) the lower band's max is
    extended up to the next band's min. None when out of every band."""
    if value is None or not scoring.bands:
        return None
    ordered: list[Band] = sorted(scoring.bands, key=lambda b: b.min)
    chosen: Band | None = None
    for band in ordered:
        if band.min <= value + 1e-9:
            chosen = band
    if chosen is None:
        return None
    if chosen is ordered[-1] and value > chosen.max + 1e-9:
        return None
    return chosen


def _item_extremes(checklist: Checklist, item: Item) -> tuple[float, float]:
    rule = allowed(checklist, item)
    if rule.values is not None:
        return min(rule.values), max(rule.values)
    assert rule.lo is not None and rule.hi is not None
    return rule.lo, rule.hi


def max_score(checklist: Checklist) -> float | None:
    scored = [i for i in checklist.items if i.scored]
    if checklist.scoring.method not in ("sum", "mean") or not scored:
        return None
    highs = [_item_extremes(checklist, i)[1] for i in scored]
    return sum(highs) if checklist.scoring.method == "sum" else max(highs)


def score(checklist: Checklist, answers: dict[str, float]) -> Score:
    """Score checked answers (see `check_answers`)."""
    method = checklist.scoring.method
    values = [answers[i.id] for i in checklist.items if i.scored and i.id in answers]
    total: float | None
    if method == "sum":
        total = float(sum(values))
    elif method == "mean":
        total = float(sum(values)) / len(values) if values else None
    else:
        total = None
    percentage = None
    if total is not None and checklist.scoring.transform != 1:
        percentage = round(total * checklist.scoring.transform, 4)
    on = percentage if checklist.scoring.bands_on == "percentage" else total
    band = band_of(checklist.scoring, on)
    flags = []
    for flag in checklist.flags:
        scored_values = [answers[i.id] for i in checklist.items if i.id in answers and i.scored]
        if any(_OPS[flag.operator](v, flag.value) for v in scored_values):
            flags.append(Flag(flag.id, flag.message))
    safety_items = items_hit(checklist, answers)  # PHQ-9 item 9's rule is always among them
    return Score(
        score=total,
        percentage=percentage,
        band=None if band is None else band.label,
        band_note="" if band is None else band.note,
        flags=flags,
        safety_flag=bool(safety_items),
        safety_items=safety_items,
        max_score=max_score(checklist),
    )


def safety_hit(checklist: Checklist, item_id: str, value: float | None) -> bool:
    """Does this one answer meet a safety rule (e.g. PHQ-9 item 9 >= 1)?"""
    return _safety_hit(checklist, item_id, value)


# --- change ------------------------------------------------------------------------------


class ChangeResult(NamedTuple):
    previous_score: float
    delta: float  # current - previous, in score points
    direction: Direction
    meaningful: bool  # |change| >= the clinically meaningful difference
    reliable: bool  # |change| >= the reliable change threshold
    previous_taken_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "previous_score": num(self.previous_score),
            "delta": num(self.delta),
            "direction": self.direction,
            "meaningful": self.meaningful,
            "reliable": self.reliable,
        }

    @property
    def reliable_worsening(self) -> bool:
        return self.reliable and self.direction == "worse"


def compare(
    change: Change | None,
    transform: float,
    previous: float,
    current: float,
    previous_taken_at: str = "",
) -> ChangeResult:
    """Change from `previous` to `current`. Thresholds apply both ways, on the score or (for
    `on = "percentage"`) on score x transform. No thresholds: direction only."""
    delta = current - previous
    higher_is_better = change.higher_is_better if change else False
    if math.isclose(delta, 0, abs_tol=1e-9):
        direction: Direction = "same"
    elif (delta > 0) == higher_is_better:
        direction = "improved"
    else:
        direction = "worse"
    size = abs(delta) * (transform if change is not None and change.on == "percentage" else 1)
    size = round(size, 6)

    def reached(threshold: float | None) -> bool:
        return direction != "same" and threshold is not None and size >= threshold

    return ChangeResult(
        previous_score=previous,
        delta=round(delta, 6),
        direction=direction,
        meaningful=reached(change.meaningful if change else None),
        reliable=reached(change.reliable if change else None),
        previous_taken_at=previous_taken_at,
    )


def change_between(
    checklist: Checklist | None, earlier: AssessmentRecord | None, current_score: float | None
) -> ChangeResult | None:
    if earlier is None or earlier.score is None or current_score is None:
        return None
    change = checklist.change if checklist else None
    transform = checklist.scoring.transform if checklist else 1.0
    return compare(change, transform, earlier.score, current_score, earlier.taken_at)
