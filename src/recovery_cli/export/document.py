"""The report as a document: sections of blocks, every sentence written once here, and each
format (Markdown, HTML, PDF) a small walker over the blocks.

Blocks: `Paragraph` (muted for notes, strong, or the person's own text), `Heading`, `Bullets`,
`Table` (header and rows of text, with a kind for a format's layout), `ChartGroup` (charts of
`export.charts` with the markers' legend), `LifeChart`, `Profile` (the stage profile) and
`Entries` (journal entries). A composer is a function `(Report) -> Section | None`; this module
holds the report's beginning (`compose_summary`, `compose_safety`, `compose_associations`,
`compose_warnings`), `report_compose` the rest; `compose` returns them all in order. The
one-page `session prep` reuses them section by section and adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from recovery_cli.export.report import fmt_value

if TYPE_CHECKING:
    from recovery_cli.export.charts import Chart
    from recovery_cli.export.report import Report
    from recovery_cli.export.report_stage import StageRow


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False
    strong: bool = False
    body: bool = False  # the person's own multi-line text (line breaks kept)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (an intake question, a plan part)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    notes: list[list[str]] = field(default_factory=list)  # per item: lines shown under it


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]
    kind: str = ""  # "checkins", "scores", ... : a format's own layout hints (class, widths)
    short_head: list[str] = field(default_factory=list)  # compact header for narrow pages
    widths: tuple[float, ...] = ()  # relative column widths (PDF)


@dataclass(frozen=True)
class ChartGroup:
    charts: list[Chart]
    legend: str = ""
    columns: int = 1  # charts side by side (PDF and wide screens)
    tall: bool = False  # questionnaire charts: a little taller
    note: str = ""  # a line under the charts and their legend (how to read them)


@dataclass(frozen=True)
class LifeChart:
    """The life chart (issue 19): drawn in the PDF, as text lines in Markdown and HTML."""

    points: list[dict[str, object]]
    events: list[object]


@dataclass(frozen=True)
class Profile:
    """The stage profile: one row a stage, drawn as bars."""

    heading: str
    rows: list[StageRow]


@dataclass(frozen=True)
class Entry:
    heading: str
    tags: list[str]
    body: str


@dataclass(frozen=True)
class Entries:
    entries: list[Entry]


Block = Paragraph | Heading | Bullets | Table | ChartGroup | LifeChart | Profile | Entries


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def human_date(d: date | datetime) -> str:
    """A date in the reader's locale format (LC_TIME; '1 December 2026' without a locale)."""
    import locale

    try:
        saved = locale.setlocale(locale.LC_TIME)
        name = locale.setlocale(locale.LC_TIME, "")
    except locale.Error:
        return f"{d.day} {d:%B %Y}"
    try:
        if name in ("C", "POSIX") or name.startswith(("C.", "POSIX.")):
            return f"{d.day} {d:%B %Y}"
        return d.strftime("%x")
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def period_line(r: Report) -> str:
    s = r.summary
    line = (f"Period: {human_date(r.period.start)} to {human_date(r.period.end)} "
            f"({s.days} days) · generated {r.generated_on}")
    return line + (" · journal entries tagged " + ", ".join(r.tags) if r.tags else "")


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    delta = round(now - before, 1)
    sign = "+" if delta > 0 else ""
    return f" (previous {fmt_value(before)}, {sign}{fmt_value(delta)})" if delta else \
        f" (previous {fmt_value(before)}, no change)"


def compose_summary(r: Report) -> Section:
    """The summary: counts, averages against the previous period of the same length,
    safety flags, stage, warnings, journal and intake."""
    s = r.summary
    items: list[str] = []
    if r.has("checkins"):
        items.append(f"Days with a check-in: {s.checkin_days} of {s.days}")
        before = {a.item: a.previous_average for a in r.averages}
        if s.mood_mean is not None:
            items.append(f"Mood (0-10): average {fmt_value(round(s.mood_mean, 1))}"
                         f"{_change(round(s.mood_mean, 1), before.get('mood'))}, lowest "
                         f"{fmt_value(s.mood_low)}, highest {fmt_value(s.mood_high)}")
        by_item = {a.item: a for a in r.averages}
        for key, name, unit in (("sleep_hours", "Sleep", " hours"),
                                ("anxiety", "Anxiety (0-10)", ""), ("energy", "Energy (0-10)", "")):
            a = by_item.get(key)
            if a is not None and a.average is not None:
                items.append(f"{name}: average {fmt_value(a.average)}{unit}"
                             f"{_change(a.average, a.previous_average)}")
    if r.has("assessments"):
        items.append(f"Questionnaire results: {s.results}"
                     + (f", {s.safety_flags} with a safety flag (below)" if s.safety_flags else ""))
    if r.has("stage") and r.stage:
        items.append(r.stage.summary)
    if r.has("warnings"):
        items.append(f"Warning signs that matched: {s.warnings}")
    if r.has("journal"):
        items.append(f"Journal entries shared: {s.entries_shown}"
                     + (f"; private entries left out: {s.private_left_out}"
                        if s.private_left_out else ""))
    if r.has("intake") and r.intake:
        items.append(f"Intake for an appointment: {r.intake.dated}")
    blocks: list[Block] = [Bullets(items)]
    if r.previous is not None and r.has("checkins") and any(
            a.previous_average is not None for a in r.averages):
        blocks.append(Paragraph(f"Previous: the {r.previous.days} days before, "
                                f"{r.previous.label}.", muted=True))
    return Section("summary", "Summary", blocks)


def compose_associations(r: Report) -> Section | None:
    """What went along with mood in the period (from `trends`), worded as associations."""
    if not r.has("checkins") or not r.associations:
        return None
    return Section("associations", "What went along with mood", [
        Bullets([a.text for a in r.associations]),
        Paragraph("These are associations in this period's check-ins, not causes.", muted=True),
    ])


def compose_warnings(r: Report) -> Section | None:
    """The plan's warning signs that matched in the period, each with the plan's response."""
    if not r.has("warnings"):
        return None
    if not r.warnings:
        return Section("warnings", "Warning signs", [
            Paragraph("No warning sign from the plan matched in this period.", muted=True)])
    return Section("warnings", "Warning signs", [Bullets(
        [f"{w.sign} ({w.rule}" + (f", since {w.since})" if w.since else ")") for w in r.warnings],
        [[f"plan: {x}" for x in w.responses] for w in r.warnings])])


def compose_safety(r: Report) -> Section | None:
    """The results with a safety flag, right after the summary (shown as a framed note)."""
    if not r.safety_scores:
        return None
    return Section("safety", "Safety flags", [Bullets([s.safety_sentence
                                                       for s in r.safety_scores])])


def compose(r: Report) -> list[Section]:
    """Every section of the report in its order: the summary, safety flags, what went along
    with mood, then `report_compose.compose_rest` (intake, charts, questionnaires, stage,
    warnings, timeline, check-ins, journal, plan, about)."""
    from recovery_cli.export.report_compose import compose_rest

    head = [compose_summary(r), compose_safety(r), compose_associations(r)]
    return [x for x in head if x is not None] + compose_rest(r)
