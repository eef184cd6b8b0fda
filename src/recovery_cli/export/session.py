"""`recovery session prep`: one page for the period since the last logged session (else the
last four weeks), composed as `export.document` sections so every format walks the same blocks.

`build_session` reads what the page needs (the period's `Report`, a six-week `Report` of the
check-ins for the strip, the first result of each questionnaire, missed medication days,
skills and goals); `compose_session` turns it into sections, in this order: safety first, the
questionnaires now vs the start of the period vs the first ever, the six-week strip, the
medications, what went along with mood, skills and goals, and the bring-list. Every list is
cut to `limit` rows with "and N more", so a renderer that must fit one page or one screen
composes again with a smaller limit instead of overflowing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from recovery_cli.export.document import (
    Block,
    Bullets,
    ChartGroup,
    Paragraph,
    Section,
    Table,
    compose_associations,
    compose_warnings,
    human_date,
)
from recovery_cli.export.report import Options, Report, fmt_value

if TYPE_CHECKING:
    from recovery_cli.core.checklists import ChecklistSet

DEFAULT_DAYS = 28
STRIP_DAYS = 42
STRIP_CHARTS = ("mood", "sleep_hours", "anxiety")
TITLE = "Since the last session"
NO_DATA = "No data in this period: no check-ins, questionnaires or events were recorded."


@dataclass(frozen=True)
class QuestionnaireRow:
    title: str
    now: str  # "12 Moderate (2026-11-30)"
    start: str
    first: str
    change: str  # now vs the start of the period (Change.marker), "" when one result


@dataclass
class SessionData:
    report: Report  # the period
    strip: Report  # the six weeks up to the period's end, check-ins only
    since_session: str | None  # the day of the last logged session, None: the default weeks
    questionnaires: list[QuestionnaireRow] = field(default_factory=list)
    missed_days: int = 0
    med_days: int = 0  # days with an answer to the medication question
    skills: list[tuple[str, int]] = field(default_factory=list)  # (title, days practised)
    goals: list[str] = field(default_factory=list)
    journal: list[str] = field(default_factory=list)  # titles of the period's entries shown

    @property
    def empty(self) -> bool:
        r = self.report
        return not (r.checkins or r.scores or r.warnings or self.journal or self.skills
                    or (r.timeline is not None and r.timeline.events))


def period_for(conn: sqlite3.Connection, since: date | None, today: date) -> tuple[date, str | None]:
    """The first day: --since, else the day after the last logged session (up to today),
    else four weeks ago."""
    from recovery_cli.store import events as store_events

    if since is not None:
        return since, None
    last = store_events.last_session_day(conn, today.isoformat())
    if last is not None:
        day = min(date.fromisoformat(last) + timedelta(days=1), today)
        return day, last
    return today - timedelta(days=DEFAULT_DAYS - 1), None


def build_session(conn: sqlite3.Connection, checklists: ChecklistSet, start: date, end: date,
                  now: datetime, *, since_session: str | None = None,
                  include_private: bool = False,
                  skill_titles: dict[str, str] | None = None) -> SessionData:
    from recovery_cli.export.report_build import build_report

    sections = ("checkins", "journal", "assessments", "warnings")
    options = Options(start, end, sections, include_private=include_private,
                      skill_titles=skill_titles or {})
    report = build_report(conn, checklists, options, now)
    strip = build_report(conn, checklists, replace(
        options, start=end - timedelta(days=STRIP_DAYS - 1), sections=("checkins",)), now)
    data = SessionData(report, strip, since_session)
    data.questionnaires = _questionnaires(conn, checklists, report)
    _medication_days(conn, data, start, end)
    _skills_and_goals(conn, data, start, end, skill_titles or {})
    data.journal = [e.title or human_date(date.fromisoformat(e.day)) for e in report.entries]
    return data


def _score_text(score: float | None, band: str | None, day: str) -> str:
    return " ".join(x for x in (fmt_value(score), band or "", f"({day})") if x)


def _questionnaires(conn: sqlite3.Connection, checklists: ChecklistSet,
                    r: Report) -> list[QuestionnaireRow]:
    from recovery_cli.assess.rescore import rescored
    from recovery_cli.export.report_build import change_between
    from recovery_cli.store import assessments as store_assessments

    rows: list[QuestionnaireRow] = []
    for cid in dict.fromkeys(s.checklist for s in r.scores):
        scored = [s for s in r.scores if s.checklist == cid and s.score is not None]
        if not scored:
            continue
        cl = checklists.checklists.get(cid)
        first_s, last_s = scored[0], scored[-1]
        _, first = store_assessments.previous_and_first(conn, cid)
        ever = rescored(first, cl) if first is not None else None
        # The start of the period: the last result before it, else the period's first one.
        before = store_assessments.result_before(conn, cid, first_s.taken_at, -1)
        at_start: tuple[float | None, str | None, str] | None = None
        if before is not None:
            b = rescored(before, cl)
            at_start = (b.score, b.band, b.day)
        elif len(scored) > 1:
            at_start = (first_s.score, first_s.band, first_s.day)
        change = change_between(cl, at_start[0], last_s.score) if at_start else None
        rows.append(QuestionnaireRow(
            last_s.title, _score_text(last_s.score, last_s.band, last_s.day),
            _score_text(*at_start) if at_start else "",
            _score_text(ever.score, ever.band, ever.day)
            if ever is not None and at_start and ever.day < at_start[2] else "",
            change.marker if change else ""))
    return rows


def _medication_days(conn: sqlite3.Connection, data: SessionData, start: date,
                     end: date) -> None:
    from recovery_cli.store import meds as store_meds

    days = store_meds.days_between(conn, start.isoformat(), end.isoformat())
    answered = [d for d in days.values() if d.taken is not None]
    data.med_days = len(answered)
    data.missed_days = sum(1 for d in answered if d.taken != "all")


def _skills_and_goals(conn: sqlite3.Connection, data: SessionData, start: date, end: date,
                      titles: dict[str, str]) -> None:
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import skills as store_skills

    counts: dict[str, int] = {}
    for skills in store_skills.days_practised(conn, start.isoformat(), end.isoformat()).values():
        for s in skills:
            counts[s] = counts.get(s, 0) + 1
    data.skills = sorted(((titles.get(k, k.replace("_", " ")), n) for k, n in counts.items()),
                         key=lambda x: (-x[1], x[0]))
    s, e = start.isoformat(), end.isoformat()

    def within(at: str | None) -> bool:
        return at is not None and s <= at[:10] <= e

    for g in store_goals.list_goals(conn, include_done=True):
        moved: list[str] = []
        if within(g.done_at):
            moved.append("done")
        steps = [st for st in g.steps if within(st.done_at)]
        if steps:
            moved.append(f"{len(steps)} step{'s' if len(steps) > 1 else ''} done")
        reviews = [rv for rv in g.reviews if within(rv.reviewed_at)]
        if reviews and reviews[-1].progress is not None:
            moved.append(f"progress {reviews[-1].progress}/10")
        elif reviews:
            moved.append("reviewed")
        if moved:
            data.goals.append(f"{g.text}: {', '.join(moved)}")


def limited(items: list[str], limit: int) -> list[str]:
    """At most `limit` items; the rest said as 'and N more'."""
    if len(items) <= limit:
        return items
    return [*items[:limit], f"and {len(items) - limit} more"]


def period_line(d: SessionData) -> str:
    p = d.report.period
    since = (f"since the session on {human_date(date.fromisoformat(d.since_session))}"
             if d.since_session else "")
    return (f"{human_date(p.start)} to {human_date(p.end)} ({p.days} days"
            + (f", {since}" if since else "") + f") · generated {d.report.generated_on}")


def compose_session(d: SessionData, limit: int = 4) -> list[Section]:
    """The page's sections in their order (see the module docstring)."""
    r = d.report
    out: list[Section] = [_safety(r, limit)]
    warnings = compose_warnings(r)
    if warnings is not None and r.warnings:
        bullets = warnings.blocks[0]
        assert isinstance(bullets, Bullets)
        cut = limited(bullets.items, limit)
        out.append(replace(warnings, blocks=[Bullets(cut, bullets.notes[:min(limit, 2)])]))
    if d.empty:
        out.append(Section("nodata", "This period", [Paragraph(NO_DATA)]))
    if d.questionnaires:
        out.append(Section("questionnaires", "Questionnaires", [
            Table(["Questionnaire", "Now", "Start of period", "First ever", "Change"],
                  [[q.title, q.now, q.start, q.first, q.change] for q in d.questionnaires]),
            Paragraph("Change: from the start of the period to now, by each questionnaire's "
                      "reliable and meaningful change points.", muted=True)]))
    strip = [c for key in STRIP_CHARTS for c in d.strip.charts if c.key == key]
    if strip:
        from recovery_cli.export import charts

        blocks: list[Block] = [ChartGroup(
            strip, _legend(charts.legend(d.strip.chart_marks), limit), columns=3)]
        if any(c.ranges for c in strip):
            blocks.append(Paragraph(charts.RANGE_NOTE, muted=True))
        out.append(Section("strip", f"The last {STRIP_DAYS // 7} weeks", blocks))
    meds = _medications(d, limit)
    if meds is not None:
        out.append(meds)
    assoc = compose_associations(replace(r, associations=r.associations[:min(limit, 3)]))
    if assoc is not None:
        out.append(assoc)
    practice = _practice(d, limit)
    if practice is not None:
        out.append(practice)
    out.append(_bring(d, limit))
    return out


def _legend(text: str, limit: int) -> str:
    """The markers' legend cut to `limit` * 2 markers."""
    parts = text.rstrip(".").split(" · ")
    if len(parts) <= limit * 2:
        return text
    return " · ".join(parts[:limit * 2]) + f" · and {len(parts) - limit * 2} more."


def _safety(r: Report, limit: int) -> Section:
    flagged = [s.safety_sentence for s in r.safety_scores]
    blocks: list[Block] = []
    if flagged:
        blocks.append(Bullets(limited(flagged, limit)))
    else:
        blocks.append(Paragraph("No questionnaire answer in this period asked for a "
                                "conversation about safety.", muted=True))
    return Section("safety", "Safety first", blocks)


def _medications(d: SessionData, limit: int) -> Section | None:
    from recovery_cli.export import timeline as tl

    p = d.report.timeline
    if p is None or not p.medications:
        return None
    rows = [[*row[:2], _recent_changes(row[2], limit), *row[3:]] for row in tl.med_rows(p)]
    blocks: list[Block] = [Table(tl.MED_HEAD, rows[:limit])]
    if len(rows) > limit:
        blocks.append(Paragraph(f"and {len(rows) - limit} more medications", muted=True))
    if d.med_days:
        blocks.append(Paragraph(
            f"Days not taken as planned: {d.missed_days} of the {d.med_days} days answered."
            if d.missed_days else f"Taken as planned on all {d.med_days} days answered."))
    return Section("medications", "Medications", blocks)


def _recent_changes(text: str, limit: int) -> str:
    """The newest `limit` changes of a medication row's 'changes in the period' cell."""
    changes = text.split("; ")
    if len(changes) <= limit:
        return text
    return f"{len(changes) - limit} earlier; " + "; ".join(changes[-limit:])


def _practice(d: SessionData, limit: int) -> Section | None:
    items = limited([f"{t}: {n} day{'s' if n > 1 else ''}" for t, n in d.skills], limit)
    lines: list[Block] = []
    if items:
        lines.append(Paragraph("Skills practised: " + "; ".join(items)))
    if d.goals:
        lines.append(Paragraph("Goals moved: " + "; ".join(limited(d.goals, limit))))
    if d.journal:
        r = d.report
        left = (f" (private entries left out: {r.private_left_out})"
                if r.private_left_out else "")
        lines.append(Paragraph(f"Journal entries shared{left}: "
                               + "; ".join(limited(list(reversed(d.journal)), min(limit, 3)))))
    elif d.report.private_left_out:
        lines.append(Paragraph(f"Private journal entries left out: {d.report.private_left_out}",
                               muted=True))
    return Section("practice", "Skills, goals and journal", lines) if lines else None


def _bring(d: SessionData, limit: int) -> Section:
    from recovery_cli.export import timeline as tl

    p = d.report.timeline
    blocks: list[Block] = []
    nxt = tl.next_text(p) if p is not None else None
    if nxt:
        blocks.append(Paragraph(nxt))
    bring = tl.bring_rows(p) if p is not None else []
    if bring:
        blocks.append(Bullets(limited(bring, limit + 1)))
    else:
        blocks.append(Paragraph("Nothing on the list yet: 'recovery session bring TEXT' adds "
                                "a question or a topic.", muted=True))
    return Section("bring", "To bring and to ask", blocks)
