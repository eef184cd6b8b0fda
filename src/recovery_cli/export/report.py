"""The report's content, built ONCE as a model; every format (md, html, pdf, csv) renders it.

`build_report` reads the period's data through `store.export_reads` (windowed: only the
period is read) and returns plain dataclasses: the period, a summary, the check-ins, the mood
and sleep series, questionnaire results with their bands, change markers and safety flags, the
stage, the warning signs that matched, the chosen journal entries, how many private entries
were left out, the latest intake (as it is now, like the plan), the attributions and the
disclaimer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from recovery_cli import messages
from recovery_cli.records import CheckinDay, Entry, WarningMatch

if TYPE_CHECKING:
    from recovery_cli.checklists import ChecklistSet
    from recovery_cli.events import Period as TimelinePeriod
    from recovery_cli.models import Checklist
    from recovery_cli.records import AssessmentRecord

SECTIONS: tuple[str, ...] = ("checkins", "journal", "assessments", "stage", "plan", "warnings",
                             "intake")
DEFAULT_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "plan")
# Default sections left out (not shown as "nothing yet") when there is nothing in them.
QUIET_WHEN_EMPTY = frozenset({"intake"})
DEFAULT_DAYS = 30


# Check-in items in the order the report shows them (others follow, sorted).
CHECKIN_ORDER = ("mood", "energy", "sleep_hours", "sleep_quality", "anxiety", "symptoms",
                 "triggers", "coping", "medication", "note")
CHECKIN_LABELS: dict[str, str] = {
    "mood": "Mood", "energy": "Energy", "sleep_hours": "Sleep (h)",
    "sleep_quality": "Sleep quality", "anxiety": "Anxiety", "symptoms": "Noticed",
    "triggers": "Triggers", "coping": "Coping", "medication": "Medication", "note": "Note",
}

CLINICIAN_NOTE = (
    "Questionnaire bands are " + messages.BAND_FRAMING + ". Stages describe which stage the "
    "answers are most like; recovery is not linear."
)


@dataclass(frozen=True)
class Options:
    """What to export (the cli resolves defaults before building)."""

    start: date | None
    end: date | None
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    tags: tuple[str, ...] = ()
    include_private: bool = False
    # True when `sections` are the defaults (no --section): an empty intake is then left out.
    default_sections: bool = False
    # Skill id -> title, so practised skills ticked under coping read as their titles.
    skill_titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}_to_{self.end.isoformat()}"


@dataclass(frozen=True)
class Point:
    day: str
    value: float


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    lo: float
    hi: float
    points: list[Point]

    def mean(self) -> float | None:
        return sum(p.value for p in self.points) / len(self.points) if self.points else None


@dataclass(frozen=True)
class Change:
    previous: float
    delta: float
    direction: str  # improved | worse | same
    meaningful: bool
    reliable: bool

    @property
    def marker(self) -> str:
        """A short marker for tables: the delta, its direction and how sure the change is."""
        sign = "+" if self.delta > 0 else ""
        note = "reliable" if self.reliable else "meaningful" if self.meaningful else ""
        word = {"improved": "better", "worse": "worse", "same": "no change"}[self.direction]
        return f"{sign}{_num(self.delta)} ({word}{', ' + note if note else ''})"


@dataclass(frozen=True)
class Score:
    checklist: str
    title: str
    taken_at: str
    day: str
    score: float | None
    band: str | None
    percentage: float | None
    safety_flag: bool
    flags: list[str]
    change: Change | None

    def cells(self, safety: str = "safety flag") -> list[str]:
        """The row of the questionnaire table (`SCORE_COLUMNS`) as text; `safety` names the
        safety flag in the flags column."""
        return [self.day, self.title, fmt_value(self.score),
                "" if self.percentage is None else f"{fmt_value(self.percentage)}%",
                self.band or "", self.change.marker if self.change else "",
                ", ".join(([safety] if self.safety_flag else []) + self.flags)]


SCORE_COLUMNS = ["Date", "Questionnaire", "Score", "%", "Band", "Change", "Flags"]


@dataclass(frozen=True)
class StageRow:
    """One row of the stage profile: the stage, its name, its share in points (0-100) and its
    mark: "most like" (the named stage), "near" (no stage named, within the margin) or ""."""

    number: int
    name: str
    points: int
    mark: str


@dataclass(frozen=True)
class StageResult:
    """The latest stage self-assessment of the period, read with today's rule (stage.py).
    Every sentence the formats print is here, once."""

    stage: int | None  # None: the answers don't point to one stage
    name: str
    assessed_at: str
    earlier: list[tuple[str, int | None]] = field(default_factory=list)  # (day, stage or None)
    scores: dict[int, float] = field(default_factory=dict)
    tied: list[int] = field(default_factory=list)
    margin: float | None = None
    unclear: str = ""  # the "don't point to one stage" sentence when no stage is named
    earlier_version: bool = False  # answered to an earlier version of the statements

    @property
    def sentence(self) -> str:
        when = f"The latest stage self-assessment ({self.assessed_at[:10]})"
        if self.stage is not None:
            lead = (f", leading the next stage by {round(self.margin * 100)} points"
                    if self.margin is not None and self.margin < 1 else "")
            return f"{when} is most like stage {self.stage}: {self.name}{lead}."
        rest = self.unclear.removeprefix("Your answers don't point to one stage")
        rest = rest.replace(": they are", ": the answers are", 1)
        return f"{when} does not point to one stage{rest}"

    @property
    def summary(self) -> str:
        """The one line of the report's summary."""
        if self.stage is not None:
            return f"Stage self-assessment: answers most like stage {self.stage}, {self.name}"
        return "Stage self-assessment: the answers don't point to one stage"

    @property
    def badge(self) -> str:
        return f"Stage {self.stage}" if self.stage is not None else "No single stage"

    @property
    def profile(self) -> list[StageRow]:
        from recovery_cli.stage import STAGES

        if not self.scores:
            return []
        return [StageRow(n, STAGES[n].name, round(self.scores.get(n, 0.0) * 100),
                         "most like" if n == self.stage else "near" if n in self.tied else "")
                for n in sorted(STAGES)]

    @property
    def profile_heading(self) -> str:
        return "Each stage's share of its highest possible score (points of 100):"

    @property
    def model_note(self) -> str:
        from recovery_cli.stage import MARGIN, MODEL_NOTE

        older = (" These answers were to an earlier version of the statements, which leaned "
                 "towards the early stages." if self.earlier_version else "")
        return (f"The stages are {MODEL_NOTE}: a self-report profile to talk over, not a "
                f"clinical stage. A stage is named only when it leads the next by "
                f"{round(MARGIN * 100)} points or more; otherwise none is.{older}")

    @property
    def earlier_sentence(self) -> str:
        """'Earlier in the period: ...' ('' when there was none)."""
        if not self.earlier:
            return ""
        return "Earlier in the period: " + ", ".join(
            f"{d} stage {n}" if n is not None else f"{d} no single stage"
            for d, n in self.earlier) + "."


STAGE_ATTRIBUTION_TITLE = "Recovery stage self-assessment"


@dataclass(frozen=True)
class Attribution:
    title: str
    text: str
    license: str
    url: str


@dataclass(frozen=True)
class IntakeLine:
    """One answered intake field: its label (`recovery_cli.intake.FIELDS`) and the answer,
    `text` for a text field, `items` for a list field."""

    id: str
    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IntakeSection:
    """The latest intake: answered fields only, in the form's order."""

    created_at: str
    updated_at: str
    lines: list[IntakeLine]

    @property
    def dated(self) -> str:
        """'updated 2026-11-20' (and when it was started, if on another day)."""
        updated, created = self.updated_at[:10], self.created_at[:10]
        return f"updated {updated}" + (f", started {created}" if created != updated else "")


@dataclass(frozen=True)
class Summary:
    days: int
    checkin_days: int
    mood_mean: float | None
    mood_low: float | None
    mood_high: float | None
    sleep_mean: float | None
    entries_shown: int
    private_left_out: int
    results: int
    safety_flags: int
    warnings: int


@dataclass
class Report:
    title: str
    generated_at: str
    period: Period
    sections: tuple[str, ...]
    tags: tuple[str, ...]
    include_private: bool
    summary: Summary
    checkins: list[CheckinDay]
    checkin_columns: list[tuple[str, str]]  # (item id, label)
    choice_labels: dict[str, dict[str, str]]  # item id -> option value -> label
    series: list[Series]  # mood, sleep, and others with data
    scores: list[Score]
    score_series: list[Series]  # one per questionnaire with results
    stage: StageResult | None
    warnings: list[WarningMatch]
    entries: list[Entry]
    private_left_out: int
    plan: dict[str, Any] | None
    attributions: list[Attribution]
    intake: IntakeSection | None = None
    timeline: TimelinePeriod | None = None  # medications, events, sessions, bring-list
    snaps: list[Any] = field(default_factory=list)  # the period's quick moments (issue 19)
    life_chart: list[dict[str, Any]] | None = None  # per day, with elevation answers only
    disclaimer: str = messages.DISCLAIMER
    clinician_note: str = CLINICIAN_NOTE

    def has(self, section: str) -> bool:
        return section in self.sections

    def cell(self, day: CheckinDay, item: str) -> str:
        """A check-in answer as a person reads it (option labels, not ids)."""
        return cell(day, item, self.choice_labels)

    @property
    def safety_scores(self) -> list[Score]:
        return [s for s in self.scores if s.safety_flag]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def fmt_value(value: float | str | None) -> str:
    """A check-in or score value as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return _num(float(value))
    return str(value)


def cell(day: CheckinDay, item: str, labels: dict[str, dict[str, str]] | None = None) -> str:
    """One check-in answer as text (choices joined with ', '); with `labels`, option values
    are shown as their labels (work_stress -> Work or study stress)."""
    names = (labels or {}).get(item, {})
    if item in day.choices:
        return ", ".join(names.get(c, c) for c in day.choices[item])
    value = day.values.get(item)
    if isinstance(value, str):
        return names.get(value, value)
    return fmt_value(value)


def resolve_period(
    start: date | None, end: date | None, today: date, *, all_time: bool
) -> tuple[date | None, date | None]:
    """Defaults: all time for JSON, otherwise the last 30 days (ending --to, or today)."""
    if all_time:
        return start, end
    end = end or today
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    return start, end


def compute_change(checklist: Checklist | None, current: AssessmentRecord,
                   previous: AssessmentRecord | None) -> Change | None:
    """The change since the previous result of the same questionnaire, judged by the
    checklist's own meaningful and reliable change points (the same rule `assess` uses)."""
    from recovery_cli import scoring

    if previous is None or previous.score is None or current.score is None:
        return None
    result = scoring.compare(
        checklist.change if checklist else None,
        checklist.scoring.transform if checklist else 1.0,
        previous.score, current.score,
    )
    return Change(previous=result.previous_score, delta=round(result.delta, 2),
                  direction=result.direction, meaningful=result.meaningful,
                  reliable=result.reliable)


def _stage_result(last: AssessmentRecord, earlier: list[AssessmentRecord],
                  checklist: Checklist | None) -> StageResult:
    """The latest stage result read with today's rule from its stored shares (the stored
    `stage` only for a result without shares)."""
    from recovery_cli import stage
    from recovery_cli.stage_text import unclear_text

    def reading(row: AssessmentRecord) -> tuple[stage.Profile | None, int | None]:
        if row.subscales:
            p = stage.profile_from_stored(row.subscales)
            return p, p.stage
        return None, row.stage if stage.stage_name(row.stage) else None

    p, _ = reading(last)
    version = checklist.version if checklist is not None else None
    earlier_rows = [(r.day, reading(r)[1]) for r in earlier]
    if p is None:
        n = last.stage if stage.stage_name(last.stage) else None
        return StageResult(stage=n, name=stage.stage_name(n) or (last.band or ""),
                           assessed_at=last.taken_at, earlier=earlier_rows,
                           earlier_version=version is not None
                           and last.checklist_version != version)
    return StageResult(
        stage=p.stage, name=p.name or "", assessed_at=last.taken_at, earlier=earlier_rows,
        scores=dict(p.scores), tied=list(p.tied), margin=p.margin,
        unclear="" if p.stage is not None else unclear_text(p),
        earlier_version=version is not None and last.checklist_version != version,
    )


def _warnings(conn: sqlite3.Connection, period: Period) -> list[WarningMatch]:
    """Warning rules that matched on any day of the period (weekly steps past ~a year)."""
    from recovery_cli import early_warnings

    step = 1 if period.days <= 400 else 7
    seen: dict[tuple[str, str], WarningMatch] = {}
    day = period.end
    while day >= period.start:
        for w in early_warnings.current_warnings(conn, day):
            key = (w.sign, w.rule)
            earlier = seen.get(key)
            if earlier is None or (w.since or "9") < (earlier.since or "9"):
                seen[key] = w
        day -= timedelta(days=step)
    return sorted(seen.values(), key=lambda w: (w.since or "", w.sign))


def _plan(conn: sqlite3.Connection) -> dict[str, Any] | None:
    from recovery_cli.store import plan as store_plan

    return store_plan.load_plan(conn)


def _intake(conn: sqlite3.Connection) -> IntakeSection | None:
    """The latest intake with at least one answer, or None."""
    from recovery_cli.intake import FIELDS
    from recovery_cli.store.tools import load_intake

    doc = load_intake(conn)
    if doc is None:
        return None
    answers = doc.get("answers") or {}
    lines: list[IntakeLine] = []
    for spec in FIELDS:
        value = answers.get(spec.id)
        if isinstance(value, list):
            items = [str(x) for x in value if str(x).strip()]
            if items:
                lines.append(IntakeLine(spec.id, spec.label, items=items))
        elif isinstance(value, str) and value.strip():
            lines.append(IntakeLine(spec.id, spec.label, text=value.strip()))
    if not lines:
        return None
    return IntakeSection(str(doc["created_at"]), str(doc["updated_at"]), lines)


def build_report(
    conn: sqlite3.Connection, checklists: ChecklistSet, options: Options, now: datetime
) -> Report:
    from recovery_cli.clock import day_of
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.store import export_reads as reads

    today = day_of(now)  # the day's end (04:00) as everywhere
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

    rows = (store_assessments.history(conn, start=window.start, end=window.end)
            if {"assessments", "stage"} & set(sections) else [])
    scores: list[Score] = []
    used: list[str] = []
    for row in rows:
        if row.kind == "stage":
            continue
        checklist = checklists.checklists.get(row.checklist)
        previous = store_assessments.result_before(conn, row.checklist, row.taken_at, row.id)
        scores.append(Score(
            checklist=row.checklist,
            title=checklist.title if checklist else row.checklist,
            taken_at=row.taken_at, day=row.day, score=row.score, band=row.band,
            percentage=row.percentage, safety_flag=row.safety_flag, flags=row.flags,
            change=compute_change(checklist, row, previous),
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
        stage = _stage_result(last, stage_rows[:-1], checklists.checklists.get(last.checklist))

    warnings = _warnings(conn, period) if "warnings" in sections else []
    entries = list(reads.iter_entries(conn, window)) if "journal" in sections else []
    left_out = reads.count_private_left_out(conn, window) if "journal" in sections else 0
    plan = _plan(conn) if "plan" in sections else None
    intake = _intake(conn) if "intake" in sections else None
    if intake is None and options.default_sections:
        sections = tuple(s for s in sections if s not in QUIET_WHEN_EMPTY)

    attributions: list[Attribution] = []
    for cid in used if "assessments" in sections else []:
        cl = checklists.checklists.get(cid)
        if cl and (cl.attribution or cl.license):
            attributions.append(Attribution(cl.title, cl.attribution, cl.license, cl.source_url))

    if stage is not None:
        from recovery_cli.stage import MODEL_NOTE

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
    from recovery_cli import clock

    return Report(
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
        timeline=_timeline(conn, period) if "checkins" in sections else None,
        snaps=snaps,
        life_chart=_life(checkins, snaps, period) if "checkins" in sections else None,
    )


def _life(checkins: list[CheckinDay], snaps: list[Any], period: Period) -> Any:
    from recovery_cli.export.moments import life_points

    return life_points(checkins, snaps, period.start.isoformat(), period.end.isoformat())


def _timeline(conn: sqlite3.Connection, period: Period) -> TimelinePeriod:
    from recovery_cli.store import events as store_events

    return store_events.period(conn, period.start.isoformat(), period.end.isoformat())


def _max_score(checklist: Checklist | None) -> float | None:
    """The highest possible score, when knowable (the chart's top)."""
    from recovery_cli import scoring

    return scoring.max_score(checklist) if checklist is not None else None


def plan_lines(plan: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The plan as (section heading, lines) for text formats, empty sections left out."""
    out: list[tuple[str, list[str]]] = []
    for key, value in plan.items():
        heading = key.replace("_", " ").replace(".", ": ").capitalize()
        lines: list[str] = []
        if isinstance(value, str):
            if value.strip():
                lines.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    text = " — ".join(
                        str(v) for k, v in item.items() if v not in (None, "") and k != "rule")
                    if item.get("rule"):
                        text += f" (rule: {item['rule']})"
                    if text:
                        lines.append(text)
                elif str(item).strip():
                    lines.append(str(item))
        elif isinstance(value, dict):
            lines += _group_lines(key, value)
        if lines:
            out.append((heading, lines))
    return out


def _group_lines(prefix: str, value: dict[str, Any]) -> list[str]:
    """A plan group's parts as 'Title: a; b' lines, titled as `plan show` titles them, nested
    parts (crisis.treatment_preferences.preferred) included."""
    from recovery_cli import plan as plan_model

    lines: list[str] = []
    for k, v in value.items():
        key = f"{prefix}.{k}"
        if isinstance(v, dict):
            lines += _group_lines(key, v)
            continue
        spec = plan_model.BY_KEY.get(key)
        label = (spec.title.split(": ", 1)[-1] if spec else k.replace("_", " "))
        label = label[:1].upper() + label[1:]
        if isinstance(v, list):
            joined = "; ".join(str(x.get("text", x) if isinstance(x, dict) else x)
                               for x in v if x)
            if joined:
                lines.append(f"{label}: {joined}")
        elif v not in (None, ""):
            lines.append(f"{label}: {v}")
    return lines
