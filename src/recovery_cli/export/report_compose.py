"""The report after its beginning, as `export.document` sections (issue 22): intake, the
check-in charts, questionnaires, stage, warning signs, medications, events, the next session,
the check-in table, the journal, the plan and "About this report". Every sentence of these
sections is written here once; Markdown, HTML and PDF only walk the blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.export.document import (
    Block,
    Bullets,
    ChartGroup,
    Entries,
    Entry,
    Heading,
    LifeChart,
    Paragraph,
    Profile,
    Section,
    Table,
    compose_warnings,
)
from recovery_cli.export.report import SCORE_COLUMNS, plan_lines

if TYPE_CHECKING:
    from recovery_cli.export.report import Report

# Compact check-in headers for a narrow page, and the fixed widths (mm on A4) of the short
# columns; the others share what is left.
SHORT_LABELS = {"sleep_hours": "Sleep h", "sleep_quality": "Sleep q", "medication": "Meds",
                "anxiety": "Anxiety", "energy": "Energy", "mood": "Mood", "mood_range": "Range"}
NARROW = {"mood": 9.5, "energy": 11.5, "sleep_hours": 11.0, "sleep_quality": 11.0,
          "anxiety": 12.5, "medication": 8.5, "mood_range": 11.5}


def _none(text: str) -> Paragraph:
    return Paragraph(text, muted=True)


def compose_rest(r: Report) -> list[Section]:
    parts = (_intake(r), _checkin_charts(r), _questionnaires(r), _stage(r), compose_warnings(r),
             *_timeline(r), _checkins(r), _journal(r), _plan(r), _about(r))
    return [x for x in parts if x is not None]


def _intake(r: Report) -> Section | None:
    if not r.has("intake"):
        return None
    if not r.intake:
        return Section("intake", "Intake", [_none("No intake filled in yet.")])
    blocks: list[Block] = [_none(f"Prepared for an appointment, {r.intake.dated}.")]
    for line in r.intake.lines:
        blocks.append(Heading(line.label))
        blocks.append(Bullets(line.items) if line.items else Paragraph(line.text, body=True))
    return Section("intake", "Intake", blocks)


def _legend(r: Report) -> str:
    from recovery_cli.export import charts

    return charts.legend(r.chart_marks)


def _checkin_charts(r: Report) -> Section | None:
    if not r.has("checkins") or not (r.charts or r.life_chart):
        return None
    from recovery_cli.export import charts

    blocks: list[Block] = []
    if r.charts:
        blocks.append(ChartGroup(r.charts, "" if r.score_charts else _legend(r), columns=2,
                                 note=charts.RANGE_NOTE if any(c.ranges for c in r.charts)
                                 else ""))
    if r.life_chart:
        blocks += [Heading("Life chart"),
                   _none("Elevation above the line, low mood below it; events numbered as on "
                         "the charts."),
                   LifeChart(r.life_chart, list(r.timeline.events) if r.timeline else [])]
    return Section("charts", "Check-ins over the period", blocks)


def _questionnaires(r: Report) -> Section | None:
    if not r.has("assessments"):
        return None
    blocks: list[Block] = []
    if r.score_charts:
        blocks.append(ChartGroup(r.score_charts, _legend(r), columns=2, tall=True))
    if r.scores:
        blocks += [Table(SCORE_COLUMNS, [sc.cells() for sc in r.scores], kind="scores",
                         widths=(20, 30, 12, 10, 34, 36, 36)),
                   _none(r.clinician_note)]
    else:
        blocks.append(_none("No questionnaire results in this period."))
    return Section("questionnaires", "Questionnaires", blocks)


def _stage(r: Report) -> Section | None:
    if not r.has("stage"):
        return None
    s = r.stage
    if not s:
        return Section("stage", "Stage", [_none("No stage self-assessment in this period.")])
    blocks: list[Block] = [Paragraph(s.sentence)]
    if s.profile:
        blocks.append(Profile(s.profile_heading, list(s.profile)))
    blocks.append(_none(s.model_note))
    if s.earlier:
        blocks.append(_none(s.earlier_sentence))
    return Section("stage", "Stage", blocks)


def _timeline(r: Report) -> list[Section | None]:
    """Medications with their changes in the period, events by date (numbered as the chart
    markers are), and the next session's bring-list."""
    from recovery_cli.export import timeline as tl

    p = r.timeline
    if p is None:
        return []
    out: list[Section | None] = []
    if p.medications:
        out.append(Section("medications", "Medications", [Table(
            tl.MED_HEAD, tl.med_rows(p), kind="medications", widths=(34, 40, 66, 40))]))
    if p.events:
        rows = [[m.label, *row] for m, row in zip(tl.markers(p.events), tl.event_rows(p.events),
                                                  strict=True)]
        out.append(Section("events", "Events", [
            _none("The numbers are the markers on the charts."),
            Table(["#", *tl.EVENT_HEAD], rows, kind="events", widths=(7, 20, 22, 110, 12))]))
    bring, nxt = tl.bring_rows(p), tl.next_text(p)
    if bring or nxt:
        blocks: list[Block] = [Paragraph(nxt, strong=True)] if nxt else []
        if bring:
            blocks.append(Bullets(bring))
        out.append(Section("next", "For the next session", blocks))
    return out


def _checkins(r: Report) -> Section | None:
    if not r.has("checkins"):
        return None
    if not r.checkins:
        return Section("checkins", "Check-ins", [_none("No check-ins in this period.")])
    cols = r.checkin_columns
    return Section("checkins", "Check-ins", [Table(
        ["Day", *(label for _, label in cols)],
        [[d.day, *(r.cell(d, item) for item, _ in cols)] for d in r.checkins],
        kind="checkins", short_head=["Day", *(SHORT_LABELS.get(i, lb) for i, lb in cols)],
        widths=(16.5, *(NARROW.get(item, 0.0) for item, _ in cols)))])


def _journal(r: Report) -> Section | None:
    if not r.has("journal"):
        return None
    blocks: list[Block] = []
    if r.entries:
        blocks.append(Entries([Entry(
            e.created_at[:16].replace("T", " ") + (f" — {e.title}" if e.title else "")
            + (" ★" if e.starred else "") + (" (private)" if e.private else ""),
            list(e.tags), e.body) for e in r.entries]))
    else:
        blocks.append(_none("No journal entries shared for this period."))
    n = r.private_left_out
    if n:
        blocks.append(_none(f"{n} private journal {'entry was' if n == 1 else 'entries were'} "
                            "left out."))
    return Section("journal", "Journal", blocks)


def _plan(r: Report) -> Section | None:
    if not r.has("plan"):
        return None
    if not r.plan:
        return Section("plan", "Relapse-prevention plan", [_none("No plan yet.")])
    blocks: list[Block] = []
    for heading, items in plan_lines(r.plan):
        blocks += [Heading(heading), Bullets(items)]
    return Section("plan", "Relapse-prevention plan", blocks)


def _about(r: Report) -> Section:
    blocks: list[Block] = []
    if r.attributions:
        blocks.append(Bullets([f"{a.title}: {a.line}" + (f" ({a.url})" if a.url else "")
                               for a in r.attributions]))
    if r.skill_credits:
        blocks += [Paragraph("Skills practised in this period (our own wording) and where "
                             "they come from:"),
                   Bullets([f"{title}: {credit}" for title, credit in r.skill_credits])]
    blocks.append(Paragraph(r.disclaimer, strong=True))
    return Section("about", "About this report", blocks)
