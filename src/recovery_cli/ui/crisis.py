"""The crisis block: shown by `recovery crisis`, first after a PHQ-9 item 9 answer above 0,
and (short form) at the foot of every assessment result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.ui import console

if TYPE_CHECKING:
    from rich.console import RenderableType

    from recovery_cli.plan.crisis import CrisisView

def _emails(view: CrisisView, index: int) -> str | None:
    """One email, or each region's own when they differ (Samaritans: .org for the UK, .ie for
    Ireland), so no region's address is hidden by showing the line once."""
    found: list[tuple[str, str]] = []
    for ln in view.variants_of(index):
        if ln.email and ln.email not in (e for _, e in found):
            found.append((ln.region, ln.email))
    if not found:
        return None
    if len(found) == 1:
        return found[0][1]
    return " or ".join(f"{email} ({view.name_of(region)})" for region, email in found)


def crisis_text(view: CrisisView) -> str:
    """Plain text of the block (also used where rich is not wanted)."""
    out: list[str] = []
    for index, ln in enumerate(view.lines):
        ways = []
        if ln.phone:
            ways.append(f"call {ln.phone}")
        if ln.text:
            ways.append(f"text {ln.text}")
        if ln.url:
            ways.append(ln.url)
        email = _emails(view, index)
        if email:
            ways.append(f"email {email}")
        where = " & ".join(view.name_of(r) for r in view.regions_of(index))
        out.append(f"{where}: {ln.name}: {', '.join(ways)}" + (f" ({ln.hours})" if ln.hours else ""))
        if ln.description:
            out.append(f"    {ln.description}")
    regional = [f"{view.name_of(r)} {n}" for r, n in view.emergency if r != "INTL"]
    anywhere = [n for r, n in view.emergency if r == "INTL"]
    if regional:
        numbers = ", ".join(regional + [f"elsewhere {n}" for n in anywhere])
        out.append(f"In immediate danger, call emergency services: {numbers}.")
    else:
        out.append(f"In immediate danger, call {' or '.join(anywhere) or 'your local emergency number'}.")
    return "\n".join(out)


def crisis_panel(view: CrisisView, *, title: str = "If you need help now") -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from recovery_cli.ui import HangingText

    parts: list[RenderableType] = [
        Text("You deserve support right now. These services are free and confidential.\n")]
    for line in crisis_text(view).splitlines():  # wrapped lines stay under their own line
        first = len(line) - len(line.lstrip(" "))
        parts.append(HangingText(line.strip(), first=first, rest=4,
                                 style="" if first else "bold"))
    parts.append(Text("\nPlease also talk to your clinician today if you can."))
    return Panel(Group(*parts), title=title, border_style="red", expand=False)


def print_crisis(view: CrisisView, *, title: str = "If you need help now") -> None:
    console().print(crisis_panel(view, title=title))


def crisis_footer(view: CrisisView) -> str:
    """One line for the foot of every assessment result: each line's first way to reach it,
    then the region's emergency number."""
    firsts = []
    for ln in view.lines:
        if ln.phone:
            way = f"call {ln.phone}"
        elif ln.text:
            way = f"text {ln.text}"
        else:
            way = ln.url or f"email {ln.email}"
        firsts.append(f"{ln.name}: {way}")
    regional = [n for r, n in view.emergency if r != "INTL"]
    danger = f" In danger: {regional[0]}." if len(regional) == 1 else ""
    return ("Need help now? " + "; ".join(firsts) + "." + danger
            + " Or run 'recovery crisis'.")
