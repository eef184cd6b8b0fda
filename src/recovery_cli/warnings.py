"""Early warning rules: parse the short rule strings and evaluate them over recent check-ins.

Pure: takes check-in records, assessment scores and `today`; no clock, database or printing.

Grammar (DESIGN.md), OP one of `< <= > >= ==`:
- `ITEM OP VALUE for N days`: each of the last N calendar days has a check-in that matches.
- `ITEM OP VALUE on K of N days`: at least K of the last N calendar days have a matching one.
- `ITEM:CHOICE K times in N days`: CHOICE was ticked for the multi-select ITEM on at least K
  of the last N days.
- `no checkin for N days`: none of the last N days has a check-in (and there was one before).
- `INSTRUMENT deterioration`: the newest result is a reliable worsening from the one before.
- `missed medication on K of N days`: the check-in recorded a missed medication (`recovery
  meds`) on at least K of the last N days.
- `no session for N days`: the last therapy session logged (`recovery session log`) was N or
  more days ago (never, when none was ever logged).

"The last N days" end today when today already has a check-in, else yesterday: a day is not
over until it has been checked in, so a morning without one does not break a run. Days with
no check-in never match an item rule (a gap breaks `for N days`). A back-filled day counts
for the day it belongs to, whenever it was entered.

`since` is the first day of the pattern that matches now, followed back while the rule keeps
matching, at most `SINCE_LOOKBACK` days further than the rule itself needs.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from recovery_cli.errors import InputError
from recovery_cli.records import CheckinDay, WarningMatch

if TYPE_CHECKING:
    from recovery_cli.models import Checklist

RuleKind = Literal["run", "count", "choice", "no_checkin", "deterioration", "missed_meds",
                   "no_session"]
SINCE_LOOKBACK = 30
MAX_DAYS = 366

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


@dataclass(frozen=True)
class Rule:
    kind: RuleKind
    text: str  # the canonical form, as stored and shown
    item: str | None = None
    op: str | None = None
    value: float | str | None = None
    choice: str | None = None
    k: int = 0
    n: int = 0
    instrument: str | None = None


@dataclass(frozen=True)
class ScorePoint:
    """One questionnaire result: the day it was taken and its score (and percentage)."""

    day: str
    score: float | None
    percentage: float | None = None


@dataclass(frozen=True)
class ChangeSpec:
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


@dataclass(frozen=True)
class RuleCheck:
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
    for checklist in checklists:
        if checklist.kind == "checkin":
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


# ---------------------------------------------------------------- evaluation


def _day_matches(rule: Rule, checkin: CheckinDay | None) -> bool:
    if checkin is None:
        return False
    assert rule.item is not None
    if rule.kind == "choice":
        ticked = checkin.choices.get(rule.item, [])
        return any(norm_choice(c) == rule.choice for c in ticked)
    raw = checkin.values.get(rule.item)
    if raw is None:
        return False
    assert rule.op is not None and rule.value is not None
    if isinstance(rule.value, str):
        return isinstance(raw, str) and norm_choice(raw) == rule.value
    if isinstance(raw, str):
        try:
            raw = float(raw)
        except ValueError:
            return False
    return OPS[rule.op](float(raw), rule.value)


def _start_at(rule: Rule, by_day: dict[date, CheckinDay], end: date) -> date | None:
    """If the rule holds for the window ending at `end`, the first day of its pattern."""
    days = [end - timedelta(days=i) for i in range(rule.n - 1, -1, -1)]  # oldest first
    if rule.kind == "run":
        return days[0] if all(_day_matches(rule, by_day.get(d)) for d in days) else None
    if rule.kind in ("count", "choice"):
        hits = [d for d in days if _day_matches(rule, by_day.get(d))]
        return hits[0] if len(hits) >= rule.k else None
    if rule.kind == "no_checkin":
        return days[0] if not any(d in by_day for d in days) else None
    return None


def _latest_end(by_day: dict[date, CheckinDay], today: date) -> date:
    return today if today in by_day else today - timedelta(days=1)


def evaluate(
    rule: Rule,
    days: Sequence[CheckinDay],
    today: date,
    *,
    last_checkin: str | None = None,
    scores: Sequence[ScorePoint] = (),
    change: ChangeSpec | None = None,
    missed: Collection[str] = (),
    last_session: str | None = None,
) -> tuple[bool, str | None]:
    """(matches, since) for one rule as of `today`.

    `days` are the check-ins of (at least) the last `window_days` days; `last_checkin` is the
    newest check-in day of all (for `no checkin`, so a person who never checked in is not
    told they stopped); `scores` are the instrument's results, oldest first."""
    if rule.kind == "deterioration":
        return _deterioration(scores, change)
    if rule.kind == "no_session":
        if last_session is None or date.fromisoformat(last_session) > today:
            return False, None
        gone = (today - date.fromisoformat(last_session)).days
        after = (date.fromisoformat(last_session) + timedelta(days=1)).isoformat()
        return (True, after) if gone >= rule.n else (False, None)
    by_day: dict[date, CheckinDay] = {}
    for c in days:
        d = date.fromisoformat(c.day)
        if d <= today:
            by_day[d] = c
    if rule.kind == "no_checkin":
        known = list(by_day)
        if last_checkin and date.fromisoformat(last_checkin) <= today:
            known.append(date.fromisoformat(last_checkin))
        if not known or today in by_day:
            return False, None
        gap_start = max(known) + timedelta(days=1)
        # the days from gap_start to yesterday had no check-in (today is not over yet)
        if (today - gap_start).days >= rule.n:
            return True, gap_start.isoformat()
        return False, None
    end = _latest_end(by_day, today)
    if rule.kind == "missed_meds":
        window = [end - timedelta(days=i) for i in range(rule.n - 1, -1, -1)]
        hits = [d for d in window if d.isoformat() in missed]
        return (True, hits[0].isoformat()) if len(hits) >= rule.k else (False, None)
    start = _start_at(rule, by_day, end)
    if start is None:
        return False, None
    since = start
    for back in range(1, SINCE_LOOKBACK + 1):
        earlier = _start_at(rule, by_day, end - timedelta(days=back))
        if earlier is None:
            break
        since = min(since, earlier)
    return True, since.isoformat()


def _deterioration(scores: Sequence[ScorePoint], change: ChangeSpec | None) -> tuple[bool, str | None]:
    if change is None or len(scores) < 2:
        return False, None
    prev, last = scores[-2], scores[-1]
    a = prev.percentage if change.on == "percentage" else prev.score
    b = last.percentage if change.on == "percentage" else last.score
    if a is None or b is None:
        return False, None
    worse = (a - b) if change.higher_is_better else (b - a)
    if worse >= change.reliable:
        return True, last.day
    return False, None


@dataclass(frozen=True)
class Sign:
    """A warning sign from the plan with its rule (already parsed) and response."""

    text: str
    rule: Rule
    response: str | None = None


def responses_of(response: str | None) -> list[str]:
    if not response:
        return []
    return [line.strip() for line in response.splitlines() if line.strip()]


def check(
    signs: Sequence[Sign],
    days: Sequence[CheckinDay],
    today: date,
    *,
    last_checkin: str | None = None,
    scores: dict[str, list[ScorePoint]] | None = None,
    changes: dict[str, ChangeSpec] | None = None,
    missed: Collection[str] = (),
    last_session: str | None = None,
) -> list[WarningMatch]:
    """Every sign whose rule matches now, in plan order."""
    out: list[WarningMatch] = []
    scores = scores or {}
    changes = changes or {}
    for sign in signs:
        inst = sign.rule.instrument
        ok, since = evaluate(
            sign.rule, days, today, last_checkin=last_checkin,
            scores=scores.get(inst, []) if inst else (),
            change=(changes.get(inst) or DEFAULT_CHANGE.get(inst)) if inst else None,
            missed=missed, last_session=last_session,
        )
        if ok:
            out.append(WarningMatch(sign=sign.text, rule=sign.rule.text, since=since,
                                    responses=responses_of(sign.response)))
    return out


def check_over(
    signs: Sequence[Sign],
    days: Sequence[CheckinDay],
    start: date,
    end: date,
    *,
    last_checkin: str | None = None,
    scores: dict[str, list[ScorePoint]] | None = None,
    changes: dict[str, ChangeSpec] | None = None,
    missed: Collection[str] = (),
    sessions: Sequence[str] = (),
) -> list[WarningMatch]:
    """Every sign that matched on any day of start..end (weekly steps past ~a year), each
    with its earliest `since`: what `check` says day by day, in one pass over data read once.
    `days` are the check-ins (sorted) from `window_days` before `start` to `end`; `sessions`
    the sorted days of logged sessions up to `end`."""
    from bisect import bisect_left, bisect_right

    keys = [c.day for c in days]
    span = window_days(s.rule for s in signs)
    step = 1 if (end - start).days < 400 else 7
    seen: dict[tuple[str, str], WarningMatch] = {}
    day = end
    while day >= start:
        iso = day.isoformat()
        lo = bisect_left(keys, (day - timedelta(days=span - 1)).isoformat()) if span else len(keys)
        at = bisect_right(sessions, iso)
        for w in check(signs, days[lo:bisect_right(keys, iso)], day, last_checkin=last_checkin,
                       scores=scores, changes=changes, missed=missed,
                       last_session=sessions[at - 1] if at else None):
            earlier = seen.get((w.sign, w.rule))
            if earlier is None or (w.since or "9") < (earlier.since or "9"):
                seen[(w.sign, w.rule)] = w
        day -= timedelta(days=step)
    return sorted(seen.values(), key=lambda w: (w.since or "", w.sign))
