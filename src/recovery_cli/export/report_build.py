"""`build_report`: the period's data read through `store.export_reads` (windowed: only the
period is read) into the `Report` model of report.py."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from recovery_cli.export.report import (
    CHECKIN_LABELS,
    CHECKIN_ORDER,
    QUIET_WHEN_EMPTY,
    Attribution,
    Change,
    Options,
    Period,
    Point,
    Report,
    Score,
    Series,
    StageResult,
    Summary,
)
from recovery_cli.export.report_sections import load_intake_section, load_plan
from recovery_cli.export.report_stage import STAGE_ATTRIBUTION_TITLE, stage_result

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet
    from recovery_cli.core.models import Checklist
    from recovery_cli.core.records import AssessmentRecord, CheckinDay
    from recovery_cli.timeline.events import Period as TimelinePeriod


def compute_change(checklist: Checklist | None, current: AssessmentRecord,
                   previous: AssessmentRecord | None) -> Change | None:
    """The change since the previous result of the same questionnaire, judged by the
    checklist's own meaningful and reliable change points (the same rule `assess` uses)."""
    if previous is None:
        return None
    return change_between(checklist, previous.score, current.score)


def change_between(checklist: Checklist | None, before: float | None,
                   now: float | None) -> Change | None:
    """The change from one score to another by the checklist's own change points."""
    from recovery_cli.assess import scoring

    if before is None or now is None:
        return None
    result = scoring.compare(
        checklist.change if checklist else None,
        checklist.scoring.transform if checklist else 1.0,
        before, now,
    )
    return Change(previous=result.previous_score, delta=round(result.delta, 2),
                  direction=result.direction, meaningful=result.meaningful,
                  reliable=result.reliable)


def build_report(
    conn: sqlite3.Connection, checklists: ChecklistSet, options: Options, now: datetime
) -> Report:
    from recovery_cli.assess.rescore import rescored
    from recovery_cli.assess.safety_rules import safety_answers
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.store import export_reads as reads

    today = now.date()
    if options.start is None or options.end is None:
        first_day, last_day = reads.first_and_last_day(conn)
        start = options.start or (date.fromisoformat(first_day) if first_day else today)
        end = options.end or (date.fromisoformat(last_day) if last_day and
                              last_day > today.isoformat() else today)
    else:
        start, end = options.start, options.end
    period = Period(start, end)
    window = reads.Window(start.isoformat(), end.isoformat(), options.include_private,
                          options.tags)
    sections = options.sections

    checkins = list(reads.iter_checkin_days(conn, window)) if "checkins" in sections else []
    present: set[str] = set()
    for d in checkins:
        present.update(d.values)
        present.update(d.choices)
    order = [i for i in CHECKIN_ORDER if i in present] + sorted(present - set(CHECKIN_ORDER))
    checkin_item_labels = dict(CHECKIN_LABELS)
    choice_labels: dict[str, dict[str, str]] = {}
    for form in checklists.of_kind("checkin"):
        for item in form.items:
            checkin_item_labels.setdefault(item.id, item.text)
            for opt in item.options or []:
                choice_labels.setdefault(item.id, {})[str(opt.value)] = opt.label
    for skill, title in options.skill_titles.items():
        choice_labels.setdefault("coping", {}).setdefault(skill, title)
    columns = [(i, checkin_item_labels.get(i, i.replace("_", " ").capitalize())) for i in order]
    snaps: list[Any] = []
    if "checkins" in sections:  # the day's range from its moments (issue 19)
        from recovery_cli.export import moments

        checkins, snaps = moments.with_ranges(conn, checkins, window.start or "",
                                              window.end or "9999-12-31")
        if snaps:
            columns = moments.columns_with_range(columns)

    series: list[Series] = []
    for key, label, lo, hi in (("mood", "Mood (0-10)", 0.0, 10.0),
                               ("sleep_hours", "Sleep (hours)", 0.0, 12.0),
                               ("anxiety", "Anxiety (0-10)", 0.0, 10.0),
                               ("energy", "Energy (0-10)", 0.0, 10.0)):
        pts = [Point(d.day, v) for d in checkins if (v := d.number(key)) is not None]
        if pts:
            top = max(hi, max(p.value for p in pts))
            series.append(Series(key, label, lo, top, pts))

    # Score, band and safety flag are recomputed from the answers (`rescore`): a stored value
    # that disagrees (an old row, an edited import) is never what the therapist reads.
    pairs = [(rescored(r, checklists.checklists.get(r.checklist)), p) for r, p in
             (store_assessments.history_with_previous(conn, start.isoformat(), end.isoformat())
              if {"assessments", "stage"} & set(sections) else [])]
    rows = [r for r, _ in pairs]
    scores: list[Score] = []
    used: list[str] = []
    for row, previous in pairs:
        if row.kind == "stage":
            continue
        checklist = checklists.checklists.get(row.checklist)
        if previous is not None:
            previous = rescored(previous, checklist)
        scores.append(Score(
            checklist=row.checklist,
            title=checklist.title if checklist else row.checklist,
            taken_at=row.taken_at, day=row.day, score=row.score, band=row.band,
            percentage=row.percentage, safety_flag=row.safety_flag,
            flags=[flag_words(checklist, f) for f in row.flags],
            change=compute_change(checklist, row, previous),
            safety_answers=(safety_answers(checklist, row.answers)
                            if row.safety_flag and checklist else []),
        ))
        if row.checklist not in used:
            used.append(row.checklist)
    if "assessments" not in sections:
        scores = []
    score_series: list[Series] = []
    for cid in used:
        pts = [Point(s.day, s.score) for s in scores if s.checklist == cid and s.score is not None]
        if pts:
            cl = checklists.checklists.get(cid)
            hi = _max_score(cl) or max(p.value for p in pts)
            score_series.append(Series(cid, cl.title if cl else cid, 0.0, hi, pts))

    stage: StageResult | None = None
    stage_rows = [r for r in rows if r.kind == "stage"]
    if "stage" in sections and stage_rows:
        last = stage_rows[-1]
        stage = stage_result(last, stage_rows[:-1], checklists.checklists.get(last.checklist))

    from recovery_cli.plan.early_warnings import warnings_over

    warnings = warnings_over(conn, start, end, checklists) if "warnings" in sections else []
    entries = list(reads.iter_entries(conn, window)) if "journal" in sections else []
    left_out = reads.count_private_left_out(conn, window) if "journal" in sections else 0
    plan = load_plan(conn) if "plan" in sections else None
    intake = load_intake_section(conn) if "intake" in sections else None
    if intake is None and options.default_sections:
        sections = tuple(s for s in sections if s not in QUIET_WHEN_EMPTY)

    attributions: list[Attribution] = []
    for cid in used if "assessments" in sections else []:
        cl = checklists.checklists.get(cid)
        if cl and (cl.attribution or cl.license):
            attributions.append(Attribution(cl.title, cl.attribution, cl.license, cl.source_url))

    if stage is not None:
        from recovery_cli.assess.stage import MODEL_NOTE

        attributions.append(Attribution(
            STAGE_ATTRIBUTION_TITLE,
            f"The five stages are {MODEL_NOTE}; the statements are the project's own wording.",
            "", ""))

    mood = next((s for s in series if s.key == "mood"), None)
    sleep = next((s for s in series if s.key == "sleep_hours"), None)
    summary = Summary(
        days=period.days,
        checkin_days=len(checkins),
        mood_mean=mood.mean() if mood else None,
        mood_low=min(p.value for p in mood.points) if mood else None,
        mood_high=max(p.value for p in mood.points) if mood else None,
        sleep_mean=sleep.mean() if sleep else None,
        entries_shown=len(entries),
        private_left_out=left_out,
        results=len(scores),
        safety_flags=sum(1 for s in scores if s.safety_flag),
        warnings=len(warnings),
    )
    from recovery_cli.core import clock
    from recovery_cli.export.report_extra import charts_and_trends

    report = Report(
        title="Recovery report",
        generated_at=clock.iso(now),
        period=period,
        sections=sections,
        tags=options.tags,
        include_private=options.include_private,
        summary=summary,
        checkins=checkins,
        checkin_columns=columns,
        choice_labels=choice_labels,
        series=series,
        scores=scores,
        score_series=score_series,
        stage=stage,
        warnings=warnings,
        entries=entries,
        private_left_out=left_out,
        plan=plan,
        attributions=attributions,
        intake=intake,
        skill_credits=[(options.skill_titles.get(k, k), v)
                       for k, v in sorted(options.skill_credits.items()) if v],
        timeline=_timeline(conn, period) if "checkins" in sections else None,
        snaps=snaps,
        life_chart=_life(checkins, snaps, period) if "checkins" in sections else None,
    )
    charts_and_trends(conn, report, checklists, window, now)
    return report


def flag_words(checklist: Checklist | None, flag: str) -> str:
    """An item-level flag as words: the first clause of the checklist's message for it
    ('who5_low_item' -> "At least one answer was 'Some of the time' or 'At no time'")."""
    for f in checklist.flags if checklist is not None else []:
        if f.id == flag and f.message:
            return f.message.split(";")[0].rstrip(".")
    return flag.replace("_", " ")


def _life(checkins: list[CheckinDay], snaps: list[Any], period: Period) -> Any:
    from recovery_cli.export.moments import life_points

    return life_points(checkins, snaps, period.start.isoformat(), period.end.isoformat())


def _timeline(conn: sqlite3.Connection, period: Period) -> TimelinePeriod:
    from recovery_cli.store import events as store_events

    return store_events.period(conn, period.start.isoformat(), period.end.isoformat())


def _max_score(checklist: Checklist | None) -> float | None:
    """The highest possible score, when knowable (the chart's top)."""
    from recovery_cli.assess import scoring

    return scoring.max_score(checklist) if checklist is not None else None
