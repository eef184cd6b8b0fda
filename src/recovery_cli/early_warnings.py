"""Which of the plan's early warning rules match now.

Application glue shared by `checkin` (its summary), `plan check` and `remind`: reads only the
window the rules need from the store, then asks the pure `warnings` module.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from recovery_cli import warnings
from recovery_cli.errors import InputError
from recovery_cli.records import CheckinDay, WarningMatch


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


def current_warnings(conn: sqlite3.Connection, today: date) -> list[WarningMatch]:
    """The matching rules as of `today` (empty when there is no plan or no rule matches)."""
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import plan as store_plan

    signs = plan_signs(conn)
    if not signs:
        return []
    rules = [s.rule for s in signs]
    span = warnings.window_days(rules)
    days: list[CheckinDay] = []
    last: str | None = None
    if span:
        start = (today - timedelta(days=span - 1)).isoformat()
        days = store_checkins.days_between(conn, start, today.isoformat())
        if any(r.kind == "no_checkin" for r in rules):
            last = store_checkins.last_checkin_day(conn)
    scores: dict[str, list[warnings.ScorePoint]] = {}
    changes: dict[str, warnings.ChangeSpec] = {}
    for inst in {r.instrument for r in rules if r.instrument}:
        scores[inst] = [
            warnings.ScorePoint(day, score, pct)
            for day, score, pct in store_plan.instrument_scores(conn, inst)
        ]
        spec = _change_spec(conn, inst)
        if spec is not None:
            changes[inst] = spec
    missed: set[str] = set()
    last_session: str | None = None
    if any(r.kind == "missed_meds" for r in rules):
        from recovery_cli.store import meds as store_meds

        start = (today - timedelta(days=span - 1)).isoformat()
        missed = {d for d, m in store_meds.days_between(conn, start, today.isoformat()).items()
                  if m.missed}
    if any(r.kind == "no_session" for r in rules):
        from recovery_cli.store import events as store_events

        last_session = store_events.last_session_day(conn, today.isoformat())
    moment_days: list[CheckinDay] | None = None
    if any(r.item in warnings.MOMENT_ITEMS for r in rules):
        moment_days = _moment_days(conn, days, (today - timedelta(days=span - 1)).isoformat(),
                                   today.isoformat())
    return warnings.check(signs, days, today, last_checkin=last, scores=scores, changes=changes,
                          missed=missed, last_session=last_session, moment_days=moment_days)


def _moment_days(conn: sqlite3.Connection, days: list[CheckinDay], start: str, end: str
                 ) -> list[CheckinDay]:
    """Each day with a check-in or snaps as a day holding mood_low, mood_high and (with
    snaps) mood_range, for the rules on the day's moments."""
    from recovery_cli.snaps import records_for
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


def _change_spec(conn: sqlite3.Connection, instrument: str) -> warnings.ChangeSpec | None:
    """The instrument's reliable change from its checklist file (the person's own copy wins),
    or None to use the built-in default."""
    try:
        from pathlib import Path

        from recovery_cli import paths
        from recovery_cli.checklists import load_checklists

        row = conn.execute("PRAGMA database_list").fetchone()
        home = Path(row[2]).parent if row and row[2] else None
        own = paths.user_checklists_dir(home) if home is not None else None
        if instrument in warnings.DEFAULT_CHANGE and not (own and any(own.glob("*.toml"))):
            return None  # the built-in files agree with the defaults: skip parsing them all
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
