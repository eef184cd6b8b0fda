"""The report's content, built ONCE as a model; every format (md, html, pdf, csv) renders it.

This module holds the model (plain dataclasses: the period, a summary, the check-ins, the
series, questionnaire results with their bands, change markers and safety flags, the warning
signs that matched, the chosen journal entries, the attributions and the disclaimer) and the
small text helpers. `report_build.build_report` reads the period from the store into it,
`report_stage` holds the stage result, `report_extra` the charts and the comparison with the
previous period, and `document` composes sections from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from recovery_cli.core import messages
from recovery_cli.core.records import CheckinDay, Entry, WarningMatch
from recovery_cli.export.report_sections import (  # re-exported: the formats import them here
    IntakeLine,
    IntakeSection,
    plan_lines,
)
from recovery_cli.export.report_stage import (  # re-exported: the formats import them here
    StageResult,
    StageRow,
)

if TYPE_CHECKING:
    from recovery_cli.assess.safety_rules import SafetyAnswer
    from recovery_cli.export.charts import Chart, ChartMarker
    from recovery_cli.timeline.events import Period as TimelinePeriod
    from recovery_cli.trends.window import Association, ItemAverage

__all__ = ["IntakeLine", "IntakeSection", "StageResult", "StageRow", "plan_lines"]

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
    # Skill id -> who developed it, for the skills practised in the period (end matter).
    skill_credits: dict[str, str] = field(default_factory=dict)


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
    # The answers that met a safety rule (item, its text, the answer given).
    safety_answers: list[SafetyAnswer] = field(default_factory=list)

    @property
    def safety_sentence(self) -> str:
        """The one sentence every format shows for a flagged result, naming the item, its
        text and the answer given."""
        head = (f"{self.day}: {self.title} (score {fmt_value(self.score)}) has an answer that "
                "asks for a conversation about safety")
        if not self.safety_answers:
            return head + " (which item is not known from what is stored)."
        return head + ": " + "; ".join(a.words for a in self.safety_answers) + "."

    def cells(self, safety: str = "safety flag") -> list[str]:
        """The row of the questionnaire table (`SCORE_COLUMNS`) as text; `safety` names the
        safety flag in the flags column."""
        return [self.day, self.title, fmt_value(self.score),
                "" if self.percentage is None else f"{fmt_value(self.percentage)}%",
                self.band or "", self.change.marker if self.change else "",
                ", ".join(([safety] if self.safety_flag else []) + self.flags)]


SCORE_COLUMNS = ["Date", "Questionnaire", "Score", "%", "Band", "Change", "Flags"]




@dataclass(frozen=True)
class Attribution:
    title: str
    text: str
    license: str
    url: str

    @property
    def line(self) -> str:
        """The notice and the licence as one text (without the title or the address)."""
        return sentences(self.text, self.license)


def sentences(*parts: str) -> str:
    """Join sentences with one space, adding a full stop only where one is missing (never
    'distribute.. Released')."""
    out = []
    for part in (p.strip() for p in parts):
        if part:
            out.append(part if part.endswith((".", "!", "?", "…")) else part + ".")
    return " ".join(out)


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
    skill_credits: list[tuple[str, str]] = field(default_factory=list)  # (skill title, credit)
    timeline: TimelinePeriod | None = None  # medications, events, sessions, bring-list
    snaps: list[Any] = field(default_factory=list)  # the period's quick moments (issue 19)
    life_chart: list[dict[str, Any]] | None = None  # per day, with elevation answers only
    disclaimer: str = messages.DISCLAIMER
    clinician_note: str = CLINICIAN_NOTE
    generated_on: str = ""  # the day and time in the reader's locale format
    previous: Period | None = None  # the period of the same length just before
    averages: list[ItemAverage] = field(default_factory=list)  # this period vs the previous
    associations: list[Association] = field(default_factory=list)  # what went along with mood
    charts: list[Chart] = field(default_factory=list)  # mood, sleep, anxiety, energy
    score_charts: list[Chart] = field(default_factory=list)  # one per questionnaire
    chart_marks: list[ChartMarker] = field(default_factory=list)

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
