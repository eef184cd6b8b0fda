"""`recovery learn`: the page (data/learn.toml), then where to go (the region's lines), then
the sources. Plain wrapped text, at most 80 columns wide so it reads like a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.ui import console

if TYPE_CHECKING:
    from recovery_cli.plan.crisis import CrisisView
    from recovery_cli.plan.learn import Page

MAX_WIDTH = 80


def print_page(page: Page, view: CrisisView | None) -> None:
    from rich.text import Text

    from recovery_cli.core import messages
    from recovery_cli.ui import HangingText
    from recovery_cli.ui.crisis import crisis_panel

    out = console()
    width = min(out.width, MAX_WIDTH)

    def para(text: str, *, first: int = 0, rest: int = 0, style: str = "") -> None:
        out.print(HangingText(" ".join(text.split()), first=first, rest=rest, style=style),
                  width=width)

    out.print(Text(page.title, style="bold"), width=width)
    out.print()
    if page.urgent:
        para(page.urgent, style="bold")
        out.print()
    para(page.intro)
    for section in page.sections:
        out.print()
        out.print(Text(section.title, style="bold"), width=width)
        if section.text:
            para(section.text)
        for item in section.items:
            para(f"• {item}", first=2, rest=4)
        if section.after:
            para(section.after)
    out.print()
    out.print(Text("Where to go", style="bold"), width=width)
    if view is None:
        para(messages.HELP_EPILOG)
    else:
        out.print(crisis_panel(view, title="Free, confidential, and there now"), width=width)
    para("'recovery crisis' shows these lines and your own safety plan at any time.")
    out.print()
    out.print(Text("Written in our own words from:", style="bold"), width=width)
    for source in page.sources:
        para(f"• {source.name}", first=2, rest=4)
        # an address on its own line, never cut: a terminal narrower than it wraps it whole
        out.print(Text(f"    {source.url}"), soft_wrap=True)
