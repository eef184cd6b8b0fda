"""The grammar of early warning rules (pure): parse the short rule strings of the plan into Rule
records, check them against the items and questionnaires a person has, and say how many days
of check-ins they read. The grammar itself is described in warnings.py, which evaluates the
rules and re-exports these names (split from warnings.py)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist

RuleKind = Literal["run", "count", "choice", "no_checkin", "deterioration", "missed_meds",
                   "no_session"]
SINCE_LOOKBACK = 30
MAX_DAYS = 366
MOMENT_ITEMS = ("mood_low", "mood_high", "mood_range")  # from the day's record (snaps)

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}

EXPECTED = (
    "Expected one of: 'ITEM OP VALUE for N days' (mood <= 3 for 3 days), "
    "'ITEM OP VALUE on K of N days' (sleep_hours < 5 on 2 of 3 days), "
    "'ITEM:CHOICE K times in N days' (triggers:conflict 3 times in 7 days), "
    "'no checkin for N days', 'missed medication on K of N days', 'no session for N days', "
    "or 'INSTRUMENT deterioration' (phq9 deterioration); "
    "OP is one of < <= > >= ==."
)

_ID = r"[a-z][a-z0-9_]*"
_NUM = r"-?\d+(?:[.,]\d+)?"
_OP = r"<=|>=|==|<|>|="
_DAYS = r"days?"
_RUN = re.compile(rf"^(?P<item>{_ID})\s*(?P<op>{_OP})\s*(?P<value>\S+)\s+for\s+(?:the\s+last\s+)?"
                  rf"(?P<n>\d+)\s+(?:consecutive\s+)?{_DAYS}$")
_COUNT = re.compile(rf"^(?P<item>{_ID})\s*(?P<op>{_OP})\s*(?P<value>\S+)\s+(?:on|for)\s+"
                    rf"(?P<k>\d+)\s+(?:days?\s+)?(?:out\s+)?of\s+(?:the\s+last\s+)?(?P<n>\d+)"
                    rf"\s+{_DAYS}$")
_CHOICE = re.compile(rf"^(?P<item>{_ID})\s*:\s*(?P<choice>[^\s:][^:]*?)\s+(?P<k>\d+)\s+times?\s+"
                     rf"in\s+(?:the\s+last\s+)?(?P<n>\d+)\s+{_DAYS}$")
_NO_CHECKIN = re.compile(rf"^no\s+check[- ]?ins?\s+for\s+(?P<n>\d+)\s+{_DAYS}$")
_MISSED = re.compile(r"^missed\s+(?:medications?|meds?)\s+(?:on|for)\s+(?P<k>\d+)\s+(?:days?\s+)?"
                     r"(?:out\s+)?of\s+(?:the\s+last\s+)?(?P<n>\d+)\s+days?$")
_NO_SESSION = re.compile(r"^no\s+(?:therapy\s+)?sessions?\s+for\s+(?P<n>\d+)\s+days?$")
_DETERIORATION = re.compile(r"^(?P<inst>[a-z][a-z0-9_-]*)\s+(?:reliable\s+)?"
                            r"(?:deterioration|worsening)$")


class Rule(NamedTuple):
    kind: RuleKind
    text: str  # the canonical form, as stored and shown
    item: str | None = None
    op: str | None = None
    value: float | str | None = None
    choice: str | None = None
    k: int = 0
    n: int = 0
    instrument: str | None = None


class ScorePoint(NamedTuple):
    """One questionnaire result: the day it was taken and its score (and percentage)."""

    day: str
    score: float | None
    percentage: float | None = None


class ChangeSpec(NamedTuple):
    """What counts as a reliable change for an instrument."""

    reliable: float
    on: Literal["score", "percentage"] = "score"
    higher_is_better: bool = False


# Used when a questionnaire file gives no `change` (domain.md §1.6: NHS Talking Therapies'
# reliable change for PHQ-9 and GAD-7). The WHO-5's scoring text names only one change, 10
# percentage points ("significant"; we call it meaningful, as everywhere), so `who5
# deterioration` uses that.
DEFAULT_CHANGE: dict[str, ChangeSpec] = {
    "phq9": ChangeSpec(6),
    "gad7": ChangeSpec(4),
    "who5": ChangeSpec(10, "percentage", higher_is_better=True),
}


def _fmt(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _days_word(n: int) -> str:
    return "day" if n == 1 else "days"


def norm_choice(text: str) -> str:
    """How choices compare: case, spaces, dashes and underscores don't matter."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


def _count(text: str, what: str, lo: int = 1, hi: int = MAX_DAYS) -> int:
    n = int(text)
    if not lo <= n <= hi:
        raise InputError(f"The {what} in a rule must be from {lo} to {hi}, not {n}. {EXPECTED}")
    return n


def parse_rule(
    text: str,
    *,
    numbers: Collection[str] | None = None,
    singles: Collection[str] | None = None,
    multis: Collection[str] | None = None,
    instruments: Collection[str] | None = None,
) -> Rule:
    """Read a rule; InputError saying what is expected when it can't be read.

    The optional collections name the known check-in items (number items, single-choice
    items, multi-select items) and questionnaires; when given, a rule naming another is bad."""
    raw = " ".join(text.strip().split())
    low = raw.lower()
    if not low:
        raise InputError(f"The rule is empty. {EXPECTED}")

    m = _NO_CHECKIN.match(low)
    if m:
        n = _count(m["n"], "number of days")
        return Rule("no_checkin", f"no checkin for {n} {_days_word(n)}", n=n)

    m = _MISSED.match(low)
    if m:
        n = _count(m["n"], "number of days")
        k = _count(m["k"], "number of days", 1, n)
        return Rule("missed_meds", f"missed medication on {k} of {n} {_days_word(n)}", k=k, n=n)

    m = _NO_SESSION.match(low)
    if m:
        n = _count(m["n"], "number of days", 1, 3660)
        return Rule("no_session", f"no session for {n} {_days_word(n)}", n=n)

    m = _DETERIORATION.match(low)
    if m:
        inst = m["inst"]
        if instruments is not None and inst not in instruments:
            alt = inst.replace("-", "")
            if alt not in instruments:
                known = ", ".join(sorted(instruments)) or "none"
                raise InputError(
                    f"No questionnaire '{inst}' with a reliable-change rule. Known: {known}."
                )
            inst = alt
        return Rule("deterioration", f"{inst} deterioration", instrument=inst)

    m = _CHOICE.match(low)
    if m:
        item, choice = m["item"], m["choice"].strip()
        if multis is not None and item not in multis:
            known = ", ".join(sorted(multis)) or "none"
            raise InputError(f"'{item}' is not a multi-select check-in item (those are: {known}).")
        n = _count(m["n"], "number of days")
        k = _count(m["k"], "number of times", 1, n)
        key = norm_choice(choice)
        if not key:
            raise InputError(f"The rule names no choice after '{item}:'. {EXPECTED}")
        return Rule("choice", f"{item}:{key} {k} {'time' if k == 1 else 'times'} in {n} "
                    f"{_days_word(n)}", item=item, choice=key, k=k, n=n)

    m = _COUNT.match(low) or _RUN.match(low)
    if m:
        item, op = m["item"], m["op"]
        op = "==" if op == "=" else op
        value: float | str
        raw_value = m["value"]
        if re.fullmatch(_NUM, raw_value):
            value = float(raw_value.replace(",", "."))
            if numbers is not None and item not in numbers:
                known = ", ".join(sorted(numbers)) or "none"
                raise InputError(f"'{item}' is not a number in the check-in (those are: {known}).")
        else:
            if op != "==":
                raise InputError(f"'{raw_value}' is not a number; only == compares words. "
                                 f"{EXPECTED}")
            value = norm_choice(raw_value)
            if singles is not None and item not in singles:
                known = ", ".join(sorted(singles)) or "none"
                raise InputError(f"'{item}' is not a check-in item with word answers "
                                 f"(those are: {known}).")
        n = _count(m["n"], "number of days")
        head = f"{item} {op} {_fmt(value)}"
        if "k" in m.groupdict() and m["k"] is not None:
            k = _count(m["k"], "number of days", 1, n)
            return Rule("count", f"{head} on {k} of {n} {_days_word(n)}", item=item, op=op,
                        value=value, k=k, n=n)
        return Rule("run", f"{head} for {n} {_days_word(n)}", item=item, op=op, value=value, n=n)

    raise InputError(f"Can't read the rule '{raw}'. {EXPECTED}")


class RuleCheck(NamedTuple):
    """Parses rules against the check-in items and questionnaires a person has."""

    numbers: Collection[str] | None = None
    singles: Collection[str] | None = None
    multis: Collection[str] | None = None
    instruments: Collection[str] | None = None

    def parse(self, text: str) -> Rule:
        return parse_rule(text, numbers=self.numbers, singles=self.singles, multis=self.multis,
                          instruments=self.instruments)

    def canonical(self, text: str) -> str:
        return self.parse(text).text


def rule_check(checklists: Iterable[Checklist]) -> RuleCheck:
    """A `RuleCheck` for this person's checklists: items of the check-in forms by type, and
    the questionnaires that have a reliable change (plus the built-in defaults)."""
    numbers: set[str] = set()
    singles: set[str] = set()
    multis: set[str] = set()
    instruments = set(DEFAULT_CHANGE)
    numbers.update(MOMENT_ITEMS)
    for checklist in checklists:
        if checklist.kind in ("checkin", "checkin_extra"):
            for item in checklist.items:
                if item.type in ("number", "scale"):
                    numbers.add(item.id)
                elif item.type in ("choice", "yes_no"):
                    singles.add(item.id)
                elif item.type == "multi":
                    multis.add(item.id)
        elif (checklist.kind == "instrument" and checklist.change is not None
              and checklist.change.reliable is not None):
            instruments.add(checklist.id)
    return RuleCheck(numbers=numbers or None, singles=singles or None, multis=multis or None,
                     instruments=instruments)


def window_days(rules: Iterable[Rule]) -> int:
    """How many calendar days of check-ins (ending today) the rules need, `since` included;
    0 when no rule reads check-ins."""
    need = 0
    for r in rules:
        if r.kind in ("run", "count", "choice", "no_checkin", "missed_meds"):
            need = max(need, r.n + SINCE_LOOKBACK + 1)
    return need
