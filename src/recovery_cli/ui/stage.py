"""Rendering for `recovery stage`: the profile as bars, what the stage is about, three next
steps, and the behaviour evidence beside it. Always "most like", never "you are"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from recovery_cli.ui import HangingText, console

if TYPE_CHECKING:
    from rich.console import RenderableType

    from recovery_cli.assess.stage import Profile
    from recovery_cli.assess.stage_evidence import Evidence
    from recovery_cli.assess.stage_text import MovedBack
    from recovery_cli.core.records import AssessmentRecord

_BAR = 24


def _bar(share: float) -> str:
    filled = round(max(0.0, min(1.0, share)) * _BAR)
    return "█" * filled + "░" * (_BAR - filled)


def headline(p: Profile) -> str:
    from recovery_cli.assess.stage import STAGES, certainty
    from recovery_cli.assess.stage_text import unclear_text

    if p.stage is None:
        return unclear_text(p)
    runner = f" over stage {p.runner_up}" if p.runner_up else ""
    if p.runner_up is not None:
        runner += f" ({STAGES[p.runner_up].name})"
    return f"Your answers are most like stage {p.stage}: {p.name}, {certainty(p)}{runner}."


def profile_bars(p: Profile) -> RenderableType:
    """The five shares as a small bar chart. The named stage is marked ◀ and, when no stage
    is named, the near ones ≈, so the chart reads the same without colour."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from recovery_cli.assess.stage import MARGIN, STAGES

    bars = Table(show_header=False, box=None, pad_edge=False)
    bars.add_column(justify="right")
    bars.add_column()
    bars.add_column(no_wrap=True)
    bars.add_column(justify="right", no_wrap=True)
    bars.add_column(no_wrap=True)
    for number in sorted(STAGES):
        share = p.scores.get(number, 0.0)
        named = number == p.stage
        near = number in p.tied
        bars.add_row(str(number), Text(STAGES[number].name, style="bold green" if named else ""),
                     Text(_bar(share), style="green" if named else "yellow" if near else "cyan"),
                     f"{round(share * 100)}%", "◀" if named else "≈" if near else "")
    if p.stage is not None:
        return bars
    note = (f"≈ within {round(MARGIN * 100)} points of the highest. A stage is named when it "
            f"leads the next by {round(MARGIN * 100)} points or more.")
    return Group(bars, Text(note, style="dim"))


def moved_back_lines(mb: MovedBack | None) -> list[RenderableType]:
    if mb is None:
        return []
    lines = mb.lines()
    return [Text(lines[0], style="bold"), *(HangingText(x, rest=2) for x in lines[1:])]


def stage_panel(p: Profile, assessed_at: str, evidence: Evidence, *,
                moved_back: MovedBack | None = None,
                earlier_version: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel

    from recovery_cli.assess.stage import MODEL_NOTE, STAGES
    from recovery_cli.assess.stage_evidence import evidence_lines

    parts: list[RenderableType] = [Text(headline(p), style="bold"), Text(""), profile_bars(p)]
    if moved_back is not None:
        parts += [Text(""), *moved_back_lines(moved_back)]
    if p.stage is not None:
        info = STAGES[p.stage]
        parts += [
            Text(""),
            Text("What this stage is about", style="bold"),
            Text(info.about),
            Text(""),
            Text("Three next steps you could try", style="bold"),
        ]
        parts += [HangingText(f"{n}. {step}", rest=3)
                  for n, step in enumerate(info.next_steps, start=1)]
    else:
        near = [STAGES[n] for n in (p.tied if not p.low and len(p.tied) < len(STAGES) else [])]
        parts += [Text("")]
        if near:
            parts.append(Text("Next steps from the stages your answers are near", style="bold"))
            parts += [HangingText(f"{n}. Stage {info.number}: {info.next_steps[0]}", rest=3)
                      for n, info in enumerate(near, start=1)]
        else:
            parts.append(Text(
                "That is all right: the statements may not fit how things are for you right "
                "now. Taking it again another day, or going through the statements with "
                "someone you trust, can give a clearer picture."))
    parts += [
        Text(""),
        Text("Beside your answers (not part of the scores)", style="bold"),
    ]
    parts += [HangingText(f"- {line}", rest=2) for line in evidence_lines(evidence)]
    older = (" Those answers were to an earlier version of the statements, which leaned "
             "towards the early stages; a retake uses the current ones." if earlier_version
             else "")
    parts += [
        Text(""),
        Text(
            f"From your stage self-assessment of {assessed_at[:10]}.{older} The stages are "
            f"{MODEL_NOTE}. Recovery is not a straight line: moving back and forth between "
            "stages is normal. Retake it any time: recovery assess take stages",
            style="dim",
        ),
    ]
    return Panel(Group(*parts), title="Recovery stage", expand=False)


def print_stage(p: Profile, assessed_at: str, evidence: Evidence, *,
                moved_back: MovedBack | None = None, earlier_version: bool = False) -> None:
    console().print(stage_panel(p, assessed_at, evidence, moved_back=moved_back,
                                earlier_version=earlier_version))


def print_take_reading(p: Profile, moved_back: MovedBack | None) -> None:
    """Under an `assess take stages` result: the profile and, when lower, the kind word."""
    c = console()
    c.print(profile_bars(p))
    for part in moved_back_lines(moved_back):
        c.print(part)
    c.print(Text("The whole picture, with next steps: recovery stage", style="dim"))


def print_no_stage(evidence: Evidence) -> None:
    from rich.text import Text

    from recovery_cli.assess.stage_evidence import evidence_lines

    c = console()
    c.print(Text("There is no stage self-assessment yet.", style="bold"))
    c.print(
        "Take one to see which of the five recovery stages your answers are most like "
        "(30 short statements, about 5 minutes): recovery assess take stages",
        markup=False,
    )
    lines = evidence_lines(evidence)
    if lines:
        c.print()
        c.print(Text("What your records show so far", style="bold"))
        for line in lines:
            c.print(HangingText(f"- {line}", rest=2))


def print_stage_history(records: Sequence[AssessmentRecord], version: int | None) -> None:
    from rich.table import Table

    from recovery_cli.assess.stage import certainty, profile_from_stored, stage_name
    from recovery_cli.assess.stage_text import stage_list

    c = console()
    if not records:
        c.print("No stage self-assessments yet. Take one with: recovery assess take stages",
                markup=False)
        return
    t = Table(show_header=True, box=None, pad_edge=False)
    t.add_column("taken")
    t.add_column("most like")
    t.add_column("how clear")
    for n in range(1, 6):
        t.add_column(str(n), justify="right")
    older = False
    for r in records:
        mark = ""
        if version is not None and r.checklist_version != version:
            mark, older = " *", True
        if r.subscales:
            p = profile_from_stored(r.subscales)
            clear = certainty(p)
            shares = [f"{round(p.scores.get(n, 0.0) * 100)}%" for n in range(1, 6)]
            like = (f"{p.stage}: {p.name}" if p.stage is not None
                    else "no single stage" if p.low or len(p.tied) == 5
                    else f"near {stage_list(p.tied).removeprefix('stages ')}")
        else:
            clear, shares = "", ["-"] * 5
            like = f"{r.stage}: {stage_name(r.stage)}" if r.stage else "-"
        t.add_row(r.taken_at[:16].replace("T", " ") + mark, like, clear, *shares)
    c.print(t)
    c.print("Columns 1-5: each stage's share of its highest possible score. "
            "Recovery is not linear; changes between stages are normal.", markup=False,
            style="dim")
    if older:
        c.print("* Answered to an earlier version of the statements (read with today's "
                "rule; that version leaned towards the early stages).", markup=False,
                style="dim")
