"""Rendering for the skills library and the practice log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from recovery_cli.ui import console, err_console, hanging

if TYPE_CHECKING:
    from rich.console import Console

    from recovery_cli.tools.practice import Practice
    from recovery_cli.tools.skills import Skill


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
    from recovery_cli.tools.skills import STAGE_NAMES

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
