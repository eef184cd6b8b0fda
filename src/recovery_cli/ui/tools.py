"""Rendering for the stage tools: intake, goals, values, skills and the practice log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from recovery_cli.ui import console, err_console, hanging

if TYPE_CHECKING:
    from rich.console import Console

    from recovery_cli.goals import Goal, LifeValue
    from recovery_cli.skills import Skill
    from recovery_cli.store.skills import Practice


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_intake(intake: Mapping[str, Any]) -> None:
    from recovery_cli.intake import FIELDS

    out = console()
    answers = intake.get("answers", {})
    out.print(f"[bold]Intake[/] (started {str(intake['created_at'])[:10]}, "
              f"last updated {str(intake['updated_at'])[:10]})")
    for spec in FIELDS:
        value = answers.get(spec.id)
        out.print(f"\n[bold]{_esc(spec.label)}[/]")
        if not value:
            out.print("  [dim](not answered)[/]")
        elif isinstance(value, list):
            for item in value:
                out.print(f"  - {_esc(item)}")
        else:
            out.print(f"  {_esc(value)}")


def no_intake() -> None:
    console().print("You haven't filled in an intake yet. 'recovery intake' walks you through it, "
                    "one skippable question at a time.")


def print_goals(goals: Sequence[Goal], today: date, include_done: bool) -> None:
    from recovery_cli.goals import by_note

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


def print_skills(skills: Sequence[Skill], counts: Mapping[str, tuple[int, str]]) -> None:
    from rich.table import Table

    out = console()
    # The id is what people type, so it is never cut; below 100 columns the kind makes room
    # for the title (`--category` still filters by it).
    with_kind = out.width >= 100
    t = Table(box=None, show_header=True, pad_edge=False)
    t.add_column("id", style="bold", no_wrap=True)
    t.add_column("skill")
    if with_kind:
        t.add_column("kind", no_wrap=True)
    t.add_column("stage", justify="right", no_wrap=True)
    t.add_column("practised", justify="right")
    for skill in skills:
        n, last = counts.get(skill.id, (0, ""))
        kind = [skill.category_name] if with_kind else []
        t.add_row(skill.id, _esc(skill.title), *kind, str(skill.stage),
                  f"{n} (last {last})" if n else "-")
    out.print(t)
    console().print("\n'recovery skills show ID' explains one; 'recovery skills practice ID' walks "
                    "you through it.")


def print_skill(skill: Skill, count: tuple[int, str] | None) -> None:
    from recovery_cli.skills import STAGE_NAMES

    out = console()
    out.print(f"[bold]{_esc(skill.title)}[/]  [dim]({skill.id}; {skill.category_name}; "
              f"stage {skill.stage}: {STAGE_NAMES[skill.stage]}"
              f"{f'; about {skill.minutes} min' if skill.minutes else ''})[/]")
    out.print(_esc(skill.summary))
    out.print()
    out.print(hanging([(f"{n}.", step.text) for n, step in enumerate(skill.steps, 1)],
                      indent=2))
    if skill.fields:
        out.print("\nWhat a practice can record (--field NAME=VALUE):")
        for f in skill.fields:
            extra = f" (number {f.min:g}-{f.max:g})" if f.type == "number" and f.min is not None \
                and f.max is not None else ""
            req = ", needed" if f.required else ""
            out.print(f"  {f.id}: {_esc(f.label)}{extra}{req}")
    if count:
        out.print(f"\nPractised {count[0]} time{'s' if count[0] != 1 else ''}, last on {count[1]}.")
    if skill.credit:
        out.print(f"\nWhere it comes from: {_esc(skill.credit)} (the steps here are in our "
                  "own words).")


def walk_console(to_stderr: bool) -> Console:
    return err_console() if to_stderr else console()


def print_practice_intro(skill: Skill, out: Console) -> None:
    out.print(f"[bold]{_esc(skill.title)}[/]")
    out.print(_esc(skill.summary))
    out.print("Take your time. Ctrl-C stops at any point without saving.\n")


def print_step(number: int, total: int, text: str, out: Console) -> None:
    out.print(f"[bold]Step {number} of {total}.[/] {_esc(text)}")


def print_log(
    practices: Sequence[Practice], titles: Mapping[str, str],
    orders: Mapping[str, Sequence[str]] | None = None,
) -> None:
    out = console()
    if not practices:
        out.print("No practice logged yet. 'recovery skills practice box_breathing' is a gentle "
                  "place to start.")
        return
    for p in practices:
        helpful = f", helpful {p.helpful:g}/10" if p.helpful is not None else ""
        out.print(f"[bold]{p.practiced_at[:16].replace('T', ' ')}[/]  "
                  f"{_esc(titles.get(p.skill, p.skill))}{helpful}")
        order = list((orders or {}).get(p.skill, ()))
        names = sorted(p.fields, key=lambda k: order.index(k) if k in order else len(order))
        for name in names:
            value = p.fields[name]
            out.print(f"   {name.replace('_', ' ')}: {_esc(value)}")
        if p.note:
            out.print(f"   note: {_esc(p.note)}")
