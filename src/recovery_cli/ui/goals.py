"""Rendering for goals and values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from recovery_cli.ui import console

if TYPE_CHECKING:

    from recovery_cli.tools.goals import Goal, LifeValue


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_goals(goals: Sequence[Goal], today: date, include_done: bool) -> None:
    from recovery_cli.tools.goals import by_note

    out = console()
    if not goals:
        if include_done:
            out.print("No goals yet. 'recovery goals add \"a small goal\"' adds one.")
        else:
            out.print("No open goals. 'recovery goals add \"a small goal\"' adds one "
                      "('--all' shows finished ones).")
        return
    for goal in goals:
        mark = "[green]done[/]" if goal.done else "open"
        out.print(f"[bold]{goal.id}.[/] {_esc(goal.text)}  [dim]({mark}[dim])[/]")
        if goal.why:
            out.print(f"   why: {_esc(goal.why)}")
        if goal.value is not None:
            out.print(f"   serves: {_esc(goal.value.text)}")
        note = by_note(goal, today)
        if note:
            out.print(f"   {note}")
        for step in goal.steps:
            box = "[x]" if step.done_at else "[ ]"
            out.print(f"   {_esc(box)} {step.number}. {_esc(step.text)}")
        last = goal.last_review
        if last is not None:
            bits = [f"last review {last.reviewed_at[:10]}"]
            if last.progress is not None:
                bits.append(f"progress {last.progress:g}/10")
            if last.next:
                bits.append(f"next: {_esc(last.next)}")
            out.print("   " + ", ".join(bits))


def print_values(values: Sequence[LifeValue]) -> None:
    out = console()
    if not values:
        out.print("No values named yet. 'recovery values add' helps you name what matters to you.")
        return
    for value in values:
        goals = ""
        if value.goal_ids:
            n = len(value.goal_ids)
            goals = f"  [dim]({n} goal{'s' if n != 1 else ''}: {', '.join(map(str, value.goal_ids))})[/]"
        out.print(f"[bold]{value.id}.[/] {_esc(value.text)}{goals}")
