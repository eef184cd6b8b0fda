"""Early warning rules: evaluate them over recent check-ins (their grammar is parsed in
warning_rules.py; its names are re-exported here).

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
- The day's moments (issue 19) give three more number items: `mood_low`, `mood_high` (the
  lowest and highest mood of the day, snaps and check-in together) and `mood_range` (high
  minus low, on days with snaps only): `mood_range >= 5 on 3 of 7 days`. For these rules a
  day with snaps counts even without a check-in.

"The last N days" end today when today already has a check-in, else yesterday: a day is not
over until it has been checked in, so a morning without one does not break a run. Days with
no check-in never match an item rule (a gap breaks `for N days`). A back-filled day counts
for the day it belongs to, whenever it was entered.

`since` is the first day of the pattern that matches now, followed back while the rule keeps
matching, at most `SINCE_LOOKBACK` days further than the rule itself needs.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from recovery_cli.core.records import CheckinDay, WarningMatch

# The grammar moved to warning_rules.py; its names are re-exported here for one release.
from recovery_cli.plan.rule_grammar import DEFAULT_CHANGE as DEFAULT_CHANGE
from recovery_cli.plan.rule_grammar import MOMENT_ITEMS as MOMENT_ITEMS
from recovery_cli.plan.rule_grammar import OPS as OPS
from recovery_cli.plan.rule_grammar import SINCE_LOOKBACK as SINCE_LOOKBACK
from recovery_cli.plan.rule_grammar import ChangeSpec as ChangeSpec
from recovery_cli.plan.rule_grammar import Rule as Rule
from recovery_cli.plan.rule_grammar import RuleCheck as RuleCheck
from recovery_cli.plan.rule_grammar import ScorePoint as ScorePoint
from recovery_cli.plan.rule_grammar import norm_choice as norm_choice
from recovery_cli.plan.rule_grammar import parse_rule as parse_rule
from recovery_cli.plan.rule_grammar import rule_check as rule_check
from recovery_cli.plan.rule_grammar import window_days as window_days

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


class Sign(NamedTuple):
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
    moment_days: Sequence[CheckinDay] | None = None,
) -> list[WarningMatch]:
    """Every sign whose rule matches now, in plan order. `moment_days` (the day's records
    as check-in-like days with the MOMENT_ITEMS) are read by rules on those items."""
    out: list[WarningMatch] = []
    scores = scores or {}
    changes = changes or {}
    for sign in signs:
        inst = sign.rule.instrument
        on_moments = sign.rule.item in MOMENT_ITEMS
        ok, since = evaluate(
            sign.rule, (moment_days or []) if on_moments else days, today,
            last_checkin=last_checkin,
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
    moment_days: Sequence[CheckinDay] | None = None,
) -> list[WarningMatch]:
    """Every sign that matched on any day of start..end (weekly steps past ~a year), each
    with its earliest `since`: what `check` says day by day, in one pass over data read once.
    `days` are the check-ins (sorted) from `window_days` before `start` to `end`; `sessions`
    the sorted days of logged sessions up to `end`."""
    from bisect import bisect_left, bisect_right

    keys = [c.day for c in days]
    mkeys = [c.day for c in moment_days or []]
    span = window_days(s.rule for s in signs)
    step = 1 if (end - start).days < 400 else 7
    seen: dict[tuple[str, str], WarningMatch] = {}
    day = end
    while day >= start:
        iso = day.isoformat()
        lo = bisect_left(keys, (day - timedelta(days=span - 1)).isoformat()) if span else len(keys)
        at = bisect_right(sessions, iso)
        moments = None
        if moment_days is not None:
            mlo = bisect_left(mkeys, (day - timedelta(days=span - 1)).isoformat()) if span \
                else len(mkeys)
            moments = moment_days[mlo:bisect_right(mkeys, iso)]
        for w in check(signs, days[lo:bisect_right(keys, iso)], day, last_checkin=last_checkin,
                       scores=scores, changes=changes, missed=missed,
                       last_session=sessions[at - 1] if at else None, moment_days=moments):
            earlier = seen.get((w.sign, w.rule))
            if earlier is None or (w.since or "9") < (earlier.since or "9"):
                seen[(w.sign, w.rule)] = w
        day -= timedelta(days=step)
    return sorted(seen.values(), key=lambda w: (w.since or "", w.sign))
