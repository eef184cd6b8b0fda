"""`recovery session prep` in the terminal: the page's sections in one screen (~40 lines at
100 columns) with rich; the six-week strip as sparklines (one character a day, '·' a day
without a check-in, '|' under a day with an event). Plain text when piped (rich drops the
styles when stdout is not a terminal)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from recovery_cli.export import document as d

if TYPE_CHECKING:
    from recovery_cli.export.session import SessionData

SCREEN_LIMIT = 3


def strip_lines(c: Any) -> tuple[str, str]:
    """A chart of the strip as a sparkline and its marker row (one character a day)."""
    from recovery_cli.ui.trends import GAP, sparkline

    by_day = {p.day: p.value for run in c.runs for p in run} | {p.day: p.value
                                                                for p in c.singles}
    days = [(c.start + timedelta(days=i)).isoformat() for i in range(c.span + 1)]
    line = sparkline([by_day.get(x) for x in days], c.lo, c.hi)
    marked = {m.day: "m" if m.medication else "|" for m in c.markers}
    return line.replace(" ", GAP), "".join(marked.get(x, " ") for x in days).rstrip()


def render(data: SessionData, width: int = 100) -> None:
    from rich.text import Text

    from recovery_cli.export.session import TITLE, compose_session, period_line
    from recovery_cli.ui import console

    out = console()
    out.print(Text(TITLE, style="bold"))
    out.print(Text(period_line(data), style="dim"))
    for sec in compose_session(data, SCREEN_LIMIT):
        out.print(Text(sec.title, style="bold cyan"))
        for b in sec.blocks:
            _block(out, b, width)


def _block(out: Any, b: d.Block, width: int) -> None:
    from rich.text import Text

    if isinstance(b, d.Paragraph):
        out.print(Text("  " + b.text, style="dim" if b.muted else ""), width=width)
    elif isinstance(b, d.Bullets):
        for i, x in enumerate(b.items):
            out.print(Text(f"  • {x}"), width=width)
            for n in (b.notes[i] if i < len(b.notes) else [])[:1]:
                out.print(Text(f"      {n}", style="dim"), width=width)
    elif isinstance(b, d.Table):
        keep = [j for j in range(len(b.head)) if any(r[j] for r in b.rows)]
        for row in b.rows:
            cells = [f"{b.head[j]} {row[j]}" if j else row[j] for j in keep if row[j]]
            out.print(Text("  " + " · ".join(cells)), width=width)
    elif isinstance(b, d.ChartGroup):
        label_w = max(len(c.title) for c in b.charts) + 3
        for c in b.charts:
            line, _ = strip_lines(c)
            out.print(Text(f"  {c.title:<{label_w}}{line}"), width=width)
        if any(c.markers for c in b.charts):
            out.print(Text(f"  {'events (m: medication)':<{label_w}}"
                           + strip_lines(b.charts[0])[1], style="yellow"), width=width)
        if b.legend:
            out.print(Text("  " + b.legend, style="dim"), width=width, overflow="ellipsis",
                       no_wrap=True)
