"""The stage self-assessment in the report: the latest result of the period read with today's
rule (stage.py), with every sentence the formats print, once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist
    from recovery_cli.core.records import AssessmentRecord

STAGE_ATTRIBUTION_TITLE = "Recovery stage self-assessment"


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
            return f"{self.badge} in the stage self-assessment: answers most like {self.name}"
        return ("Stage self-assessment: the answers don't point to one stage. "
                f"{self.badge} is named.")

    @property
    def badge(self) -> str:
        return f"Stage {self.stage}" if self.stage is not None else "No single stage"

    @property
    def profile(self) -> list[StageRow]:
        from recovery_cli.assess.stage import STAGES

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
        from recovery_cli.assess.stage import MARGIN, MODEL_NOTE

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


def stage_result(last: AssessmentRecord, earlier: list[AssessmentRecord],
                  checklist: Checklist | None) -> StageResult:
    """The latest stage result read with today's rule from its stored shares (the stored
    `stage` only for a result without shares)."""
    from recovery_cli.assess import stage
    from recovery_cli.assess.stage_text import unclear_text

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
