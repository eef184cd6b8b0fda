"""Which of the plan's early warning rules match now, or matched over a period.

Application glue shared by `checkin` (its summary), `plan check`, `remind` and the report:
reads only the window the rules need from the store (once, also for a whole period), then asks
the pure `warnings` module. The checklists (for a questionnaire's reliable change) are passed
in by the caller that already loaded them; a caller without them passes the home, whose own
checklist files are then loaded here, once, only when one exists. Use cases reach this
through `app.warnings` (current / over), which hands over the session's home and checklists.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from recovery_cli.core.errors import InputError
from recovery_cli.core.records import CheckinDay, WarningMatch
from recovery_cli.plan import rules as warnings

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet


def plan_signs(conn: sqlite3.Connection) -> list[warnings.Sign]:
    """The plan's warning signs with parsed rules; a stored rule that no longer parses is
    skipped (it was validated when added)."""
    from recovery_cli.store import plan as store_plan

    signs: list[warnings.Sign] = []
    for text, response, rule_text in store_plan.warning_rules(conn):
        try:
            rule = warnings.parse_rule(rule_text)
        except InputError:
            continue
        signs.append(warnings.Sign(text=text, rule=rule, response=response))
    return signs


class _Inputs:
    """What the rules read, for the days `start - window` .. `end` (a plain class: no
    dataclass to define on the cron path, issue 23)."""

    def __init__(self) -> None:
        self.days: list[CheckinDay] = []
        self.last: str | None = None
        self.scores: dict[str, list[warnings.ScorePoint]] = {}
        self.changes: dict[str, warnings.ChangeSpec] = {}
        self.missed: set[str] = set()
        self.sessions: list[str] = []
        self.moment_days: list[CheckinDay] | None = None  # the days' moments, for mood_range


def _read(conn: sqlite3.Connection, signs: list[warnings.Sign], start: date, end: date,
          checklists: ChecklistSet | None, home: Path | None) -> _Inputs:
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import plan as store_plan

    rules = [s.rule for s in signs]
    span = warnings.window_days(rules)
    first = (start - timedelta(days=max(span - 1, 0))).isoformat()
    got = _Inputs()
    if span:
        got.days = store_checkins.days_between(conn, first, end.isoformat())
        if any(r.kind == "no_checkin" for r in rules):
            got.last = store_checkins.last_checkin_day(conn)
    for inst in {r.instrument for r in rules if r.instrument}:
        got.scores[inst] = [warnings.ScorePoint(day, score, pct)
                            for day, score, pct in store_plan.instrument_scores(conn, inst)]
        spec = _change_spec(inst, checklists, home)
        if spec is not None:
            got.changes[inst] = spec
    if any(r.kind == "missed_meds" for r in rules):
        from recovery_cli.store import meds as store_meds

        got.missed = {d for d, m in store_meds.days_between(conn, first, end.isoformat()).items()
                      if m.missed}
    if any(r.kind == "no_session" for r in rules):
        from recovery_cli.store import events as store_events

        got.sessions = store_events.session_days(conn, end.isoformat())
    if any(r.item in warnings.MOMENT_ITEMS for r in rules):
        got.moment_days = _moment_days(conn, got.days, first, end.isoformat())
    return got


def _moment_days(conn: sqlite3.Connection, days: list[CheckinDay], start: str, end: str
                 ) -> list[CheckinDay]:
    """Each day with a check-in or snaps as a day holding mood_low, mood_high and (with
    snaps) mood_range, for the rules on the day's moments."""
    from recovery_cli.checkin.snaps import records_for
    from recovery_cli.store import snaps as store_snaps

    out: list[CheckinDay] = []
    for day, rec in sorted(records_for(days, store_snaps.between(conn, start, end)).items()):
        mood = rec.stats.get("mood")
        if mood is None:
            continue
        values: dict[str, float | str] = {"mood_low": mood.low, "mood_high": mood.high}
        swing = rec.swing()
        if swing is not None:
            values["mood_range"] = swing
        out.append(CheckinDay(day=day, values=values))
    return out


def current_warnings(conn: sqlite3.Connection, today: date,
                     checklists: ChecklistSet | None = None, *,
                     home: Path | None = None) -> list[WarningMatch]:
    """The matching rules as of `today` (empty when there is no plan or no rule matches)."""
    signs = plan_signs(conn)
    if not signs:
        return []
    got = _read(conn, signs, today, today, checklists, home)
    return warnings.check(signs, got.days, today, last_checkin=got.last, scores=got.scores,
                          changes=got.changes, missed=got.missed,
                          last_session=got.sessions[-1] if got.sessions else None,
                          moment_days=got.moment_days)


def warnings_over(conn: sqlite3.Connection, start: date, end: date,
                  checklists: ChecklistSet | None = None, *,
                  home: Path | None = None) -> list[WarningMatch]:
    """The rules that matched on any day of start..end, each with its earliest `since`; the
    store is read once for the whole period (`warnings.check_over`)."""
    signs = plan_signs(conn)
    if not signs:
        return []
    got = _read(conn, signs, start, end, checklists, home)
    return warnings.check_over(signs, got.days, start, end, last_checkin=got.last,
                               scores=got.scores, changes=got.changes, missed=got.missed,
                               sessions=got.sessions, moment_days=got.moment_days)


def _change_spec(instrument: str, checklists: ChecklistSet | None,
                 home: Path | None) -> warnings.ChangeSpec | None:
    """The instrument's reliable change from its checklist file (the person's own copy in
    `home` wins), or None to use the built-in default. With `checklists` (already loaded by
    the caller) nothing is read here; the home is given by the caller (app.warnings passes
    the session's), never rediscovered from the connection."""
    try:
        if checklists is not None:
            checklist = checklists.checklists.get(instrument)
        else:
            from recovery_cli.core import paths

            own = paths.user_checklists_dir(home) if home is not None else None
            if instrument in warnings.DEFAULT_CHANGE and not (own and any(own.glob("*.toml"))):
                return None  # the built-in files agree with the defaults: skip parsing them
            from recovery_cli.core.checklists import (
                load_checklists,  # only past the skip (issue 23)
            )

            checklist = load_checklists(home).checklists.get(instrument)
    except Exception:  # a broken file must not stop the warnings: use the default
        return None
    if checklist is None or checklist.change is None or checklist.change.reliable is None:
        return None
    return warnings.ChangeSpec(
        reliable=checklist.change.reliable,
        on=checklist.change.on,
        higher_is_better=checklist.change.higher_is_better,
    )
