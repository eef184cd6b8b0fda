"""Safety rules that are code, not only data (pure).

The PHQ-9's item 9 ("Thoughts that you would be better off dead or of hurting yourself in
some way") shows the crisis lines first for any answer but "Not at all", whatever the total
(domain.md §1.2). That rule is written here, so it applies to the built-in PHQ-9 whatever its
data file says, and `checklists.load_checklists` refuses a person's own `phq9` file that
would leave it out (the built-in one is used instead). Every other safety rule stays data
(`[[safety]]` in a checklist file).

Also here: which answers met a safety rule, with the item's number, text and the answer's
label, for the assessment result and the therapist report.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

from recovery_cli.core import plain_data

if TYPE_CHECKING:  # the models are imported only where a file is validated (issue 23)
    from recovery_cli.core.models import Checklist, SafetyRule


def _eq(a: float, b: float) -> bool:
    return math.isclose(a, b)


OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": _eq,
}

PHQ9 = "phq9"
ITEM9 = "q9"
# Any answer other than "Not at all" (0) to PHQ-9 item 9.
ITEM9_RULE = cast("SafetyRule", plain_data.SafetyRule(item=ITEM9, operator=">=", value=1.0,
                                                      action="crisis"))
ITEM9_ANSWERS = (1.0, 2.0, 3.0)  # Several days, More than half the days, Nearly every day

REFUSED_OVERRIDE = (
    "overrides the built-in PHQ-9 without its item-9 safety rule (any answer but 'Not at "
    "all' to q9 shows the crisis lines first), so the built-in PHQ-9 is used instead. Keep "
    "that rule in your copy, or give it a new id"
)


def fires(rule: SafetyRule, value: float) -> bool:
    return OPS[rule.operator](value, rule.value)


def _same(a: SafetyRule, b: SafetyRule) -> bool:
    """The same rule, whether read by pydantic or by `plain_data`."""
    return (a.item, a.operator, a.value, a.action) == (b.item, b.operator, b.value, b.action)


def rules_for(checklist: Checklist) -> list[SafetyRule]:
    """The checklist's safety rules, with the PHQ-9 item-9 rule always among them."""
    rules = list(checklist.safety)
    if checklist.id == PHQ9 and checklist.item(ITEM9) is not None and not any(
            _same(r, ITEM9_RULE) for r in rules):
        rules.append(ITEM9_RULE)
    return rules


def keeps_item9_rule(checklist: Checklist) -> bool:
    """Does this `phq9` file, by its own rules, show the crisis lines for every answer but
    'Not at all' to item q9? (A person's own copy must, or it is refused.)"""
    if checklist.item(ITEM9) is None:
        return False
    own = [r for r in checklist.safety if r.item == ITEM9]
    return all(any(fires(r, v) for r in own) for v in ITEM9_ANSWERS)


def hit(checklist: Checklist, item_id: str, value: float | None) -> bool:
    """Does this one answer meet a safety rule (e.g. PHQ-9 item 9 >= 1)?"""
    if value is None:
        return False
    return any(r.item == item_id and fires(r, value) for r in rules_for(checklist))


def items_hit(checklist: Checklist, answers: Mapping[str, float]) -> list[str]:
    """The ids of the answered items that meet a safety rule, sorted."""
    return sorted({r.item for r in rules_for(checklist)
                   if r.item in answers and fires(r, answers[r.item])})


class SafetyAnswer(NamedTuple):
    """An answer that met a safety rule, as a person reads it."""

    item: str  # item id, e.g. "q9"
    position: int  # 1-based number on the form, e.g. 9
    text: str  # the item's wording
    value: float
    label: str  # the answer's label, e.g. "More than half the days"

    @property
    def words(self) -> str:
        """'item 9 (Thoughts that ...): More than half the days'"""
        return f"item {self.position} ({self.text}): {self.label}"


def answer_label(checklist: Checklist, item_id: str, value: float) -> str:
    """The label of an answer value ('More than half the days'), else the number."""
    item = checklist.item(item_id)
    if item is not None:
        for opt in checklist.options_for(item):
            if not isinstance(opt.value, str) and math.isclose(float(opt.value), value):
                return opt.label
    f = float(value)
    return str(int(f)) if f.is_integer() else str(round(f, 4))


def safety_answers(checklist: Checklist, answers: Mapping[str, float],
                   items: Sequence[str] | None = None) -> list[SafetyAnswer]:
    """The answers that met a safety rule (or those of `items`), in item order."""
    wanted = set(items_hit(checklist, answers) if items is None else items)
    out = []
    for pos, item in enumerate(checklist.items, start=1):
        if item.id in wanted and item.id in answers:
            value = answers[item.id]
            out.append(SafetyAnswer(item.id, pos, item.text, value,
                                    answer_label(checklist, item.id, value)))
    return out
