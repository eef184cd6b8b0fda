"""Rendering for `recovery stage`: the profile as bars, what the stage is about, three next
steps, and the behaviour evidence beside it. Always "most like", never "you are"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from recovery_cli.ui import HangingText, console

if TYPE_CHECKING:
    from rich.console import RenderableType

    from recovery_cli.records import AssessmentRecord
    from recovery_cli.stage import Evidence, Profile

_BAR = 24


def _bar(share: float) -> str:
    filled = round(max(0.0, min(1.0, share)) * _BAR)
    return "█" * filled + "░" * (_BAR - filled)


def headline(p: Profile) -> str:
    from recovery_cli.stage import STAGES, certainty

    if len(p.tied) > 1:
        others = ", ".join(str(s) for s in p.tied[1:])
        return (
            f"Your answers are most like stage {p.stage}: {p.name} "
            f"(equally like stage {others}; the earlier stage is named first)."
        )
    runner = f" over stage {p.runner_up}" if p.runner_up else ""
    if p.runner_up is not None:
        runner += f" ({STAGES[p.runner_up].name})"
    return f"Your answers are most like stage {p.stage}: {p.name}, {certainty(p)}{runner}."


def stage_panel(p: Profile, assessed_at: str, evidence: Evidence) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from recovery_cli.stage import STAGES, evidence_lines

    info = STAGES[p.stage]
    bars = Table(show_header=False, box=None, pad_edge=False)
    bars.add_column(justify="right")
    bars.add_column()
    bars.add_column()
    bars.add_column(justify="right")
    for number in sorted(STAGES):
        share = p.scores.get(number, 0.0)
        style = "bold green" if number == p.stage else ""
        bars.add_row(str(number), Text(STAGES[number].name, style=style),
                     Text(_bar(share), style="green" if number == p.stage else "cyan"),
                     f"{round(share * 100)}%")
    parts: list[RenderableType] = [
        Text(headline(p), style="bold"),
        Text(""),
        bars,
        Text(""),
        Text("What this stage is about", style="bold"),
        Text(info.about),
        Text(""),
        Text("Three next steps you could try", style="bold"),
    ]
    parts += [HangingText(f"{n}. {step}", rest=3)
              for n, step in enumerate(info.next_steps, start=1)]
    parts += [
        Text(""),
        Text("Beside your answers (not part of the scores)", style="bold"),
    ]
    parts += [HangingText(f"- {line}", rest=2) for line in evidence_lines(evidence)]
    parts += [
        Text(""),
        Text(
            f"From your stage self-assessment of {assessed_at[:10]}. Recovery is not a "
            "straight line: moving back and forth between stages is normal. "
            "Retake it any time: recovery assess take stages",
            style="dim",
        ),
    ]
    return Panel(Group(*parts), title="Recovery stage", expand=False)


def print_stage(p: Profile, assessed_at: str, evidence: Evidence) -> None:
    console().print(stage_panel(p, assessed_at, evidence))


def print_no_stage(evidence: Evidence) -> None:
    from rich.text import Text

    from recovery_cli.stage import evidence_lines

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


def print_stage_history(records: Sequence[AssessmentRecord]) -> None:
    from rich.table import Table

    from recovery_cli.stage import certainty, profile_from_stored, stage_name

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
    for r in records:
        if r.subscales:
            p = profile_from_stored(r.subscales)
            clear = certainty(p)
            shares = [f"{round(p.scores.get(n, 0.0) * 100)}%" for n in range(1, 6)]
        else:
            clear, shares = "", ["-"] * 5
        t.add_row(r.taken_at[:16].replace("T", " "), f"{r.stage}: {stage_name(r.stage)}",
                  clear, *shares)
    c.print(t)
    c.print("Columns 1-5: each stage's share of its highest possible score. "
            "Recovery is not linear; changes between stages are normal.", markup=False,
            style="dim")
