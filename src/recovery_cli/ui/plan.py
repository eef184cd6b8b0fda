"""Rendering for the relapse-prevention and safety plan, and for `plan check`.

Everything the person wrote goes through `rich.text.Text` (never markup), so brackets in
their words are shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from recovery_cli.plan import document as plan_model
from recovery_cli.ui import console, line

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from recovery_cli.core.records import WarningMatch


def _text() -> Text:
    from rich.text import Text

    return Text()


def _short_title(spec: plan_model.Section) -> str:
    """'Safety plan 2: things I can do on my own' -> 'Things I can do on my own'."""
    short = spec.title.split(": ", 1)[-1]
    return short[:1].upper() + short[1:]


def _append_leaf(body: Text, spec: plan_model.Section, value: Any, *, numbered: bool = True,
                 indent: str = "") -> None:
    if spec.kind == "text":
        if value:
            body.append(f"{indent}{value}\n")
        else:
            body.append(f"{indent}(nothing yet)\n", style="dim")
        return
    if not value:
        body.append(f"{indent}(nothing yet)\n", style="dim")
        return
    for n, item in enumerate(value, start=1):
        mark = f"{n}. " if numbered else "• "
        if spec.kind == "contacts":
            body.append(f"{indent}{mark}{item['name']}", style="bold")
            for field in ("role", "phone", "email"):
                if item.get(field):
                    body.append(f" · {item[field]}")
            body.append("\n")
            if item.get("notes"):
                body.append(f"{indent}   {item['notes']}\n", style="dim")
        elif spec.kind == "pairs":
            body.append(f"{indent}{mark}{item['text']}\n")
            if item.get("response"):
                body.append(f"{indent}   what I'll do: {item['response']}\n")
            if item.get("rule"):
                body.append(f"{indent}   rule: {item['rule']}\n", style="dim")
        else:
            body.append(f"{indent}{mark}{item}\n")


def section_panel(spec: plan_model.Section, value: Any, *, explain: bool = False) -> RenderableType:
    """One leaf section, numbered as `plan remove` counts."""
    from rich.panel import Panel

    body = _text()
    title = f"{spec.title}  ({spec.key})"
    if len(title) > 64:  # a long key goes inside, so a narrow terminal never cuts it
        title = spec.title
        body.append(f"({spec.key})\n", style="dim")
    if explain:
        body.append(spec.explain + "\n\n", style="italic")
    _append_leaf(body, spec, value)
    body.rstrip()
    return Panel(body, title=title, title_align="left", expand=False)


def group_panel(group: str, doc: dict[str, Any]) -> RenderableType:
    from rich.panel import Panel

    body = _text()
    for sub in plan_model.GROUPS[group]:
        spec = plan_model.BY_KEY[f"{group}.{sub}"]
        title = _short_title(spec)
        body.append(f"{title}  ({spec.key})\n", style="bold")
        _append_leaf(body, spec, plan_model.get(doc, spec.key), indent="  ")
    body.rstrip()
    return Panel(body, title=plan_model.GROUP_TITLES[group], title_align="left", expand=False)


def print_plan(doc: dict[str, Any], key: str | None = None) -> None:
    """The whole plan (or one section): a panel per section, items numbered."""
    out = console()
    if key is None:
        reviewed = doc.get("last_reviewed")
        out.print(f"Your plan. Last reviewed: {reviewed or 'not yet'}.", highlight=False)
    keys = [key] if key else [k for k in plan_model.TOP_KEYS if k != "last_reviewed"]
    for k in keys:
        if k == "last_reviewed":
            out.print(f"Last reviewed: {doc.get('last_reviewed') or 'not yet'}")
        elif k in plan_model.GROUPS:
            out.print(group_panel(k, doc))
        elif k not in plan_model.BY_KEY:  # a part with parts: crisis.treatment_preferences
            for spec in plan_model.parts_of(k):
                out.print(section_panel(spec, plan_model.get(doc, spec.key)))
        else:
            spec = plan_model.BY_KEY[k]
            out.print(section_panel(spec, plan_model.get(doc, k)))
    if key is None and plan_model.is_empty(doc):
        out.print("Your plan is empty. 'recovery plan edit' walks you through it, one "
                  "section at a time; you can skip anything.")


def print_no_plan() -> None:
    console().print(
        "You don't have a plan yet. When you're ready, 'recovery plan edit' walks you "
        "through it one section at a time, and you can skip anything."
    )


def print_safety_plan(plan: dict[str, Any] | None) -> None:
    """The safety plan after a crisis block (`recovery crisis` and a PHQ-9 item 9 answer alike):
    a reason for living, things to do alone, people and places, people to ask, professionals
    and contacts, safer surroundings, then the warning signs. A gentle pointer when empty."""
    out = console()
    sections = plan_model.crisis_sections(plan) if plan else []
    if not sections:
        out.print("When you feel ready, 'recovery plan edit safety' helps you write a safety "
                  "plan, ideally together with your clinician.")
        return
    from rich.panel import Panel

    body = _text()
    for spec, value in sections:
        body.append(_short_title(spec) + "\n", style="bold")
        _append_leaf(body, spec, value, numbered=False, indent="  ")
    body.rstrip()
    out.print(Panel(body, title="From your safety plan", title_align="left", border_style="cyan",
                    expand=False))


def print_intro(leaves: Sequence[plan_model.Section]) -> None:
    """The first-run path: each section in one line."""
    out = console()
    out.print("Your plan has these parts. Fill in what feels useful and skip the rest; you can "
              "come back any time.\n")
    shown_groups: set[str] = set()
    for spec in leaves:
        group = spec.group
        if group is not None:
            if group in shown_groups:
                continue
            shown_groups.add(group)
            line = _text()
            line.append(f"  {plan_model.GROUP_TITLES[group]}: ", style="bold")
            line.append(plan_model.GROUP_EXPLAIN[group])
            out.print(line)
            continue
        line = _text()
        line.append(f"  {spec.title}: ", style="bold")
        line.append(spec.explain)
        out.print(line)
    out.print()


def print_section(spec: plan_model.Section, value: Any, *, explain: bool) -> None:
    console().print(section_panel(spec, value, explain=explain))


def print_matches(matches: Sequence[WarningMatch], *, rules: int) -> None:
    """`plan check`: which early warning signs match now, since when, and what to do."""
    if rules == 0:
        line("Your plan has no early warning rules yet. Add one with, for example:\n"
             "  recovery plan add warning_signs \"Several low days\" "
             "--response \"Call Sam\" --rule \"mood <= 3 for 3 days\"")
        return
    if not matches:
        line(f"None of your {rules} early warning "
             f"{'rule matches' if rules == 1 else 'rules match'} your recent check-ins.")
        return
    from rich.panel import Panel

    out = console()

    out.print("Some early warning signs from your plan match your recent check-ins. This is "
              "a nudge to use your plan, not a judgement.")
    for m in matches:
        body = _text()
        body.append(f"Since {m.since}" if m.since else "Now", style="bold")
        body.append(f"  (rule: {m.rule})\n", style="dim")
        if m.responses:
            body.append("Your plan says:\n")
            for r in m.responses:
                body.append(f"  • {r}\n")
        else:
            body.append("Your plan has no response for this sign yet: "
                        "'recovery plan edit warning_signs' can add one.\n")
        body.rstrip()
        from rich.text import Text

        out.print(Panel(body, title=Text(m.sign), title_align="left", border_style="yellow",
                        expand=False))
