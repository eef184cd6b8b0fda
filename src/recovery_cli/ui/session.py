"""`recovery session prep` in the terminal: the page's sections in one screen (~40 lines at
100 columns) with rich; the six-week strip as sparklines (one character a day, '·' a day
without a check-in, '|' under a day with an event). Plain text when piped (rich drops the
styles when stdout is not a terminal)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from recovery_cli.export import document as d
from recovery_cli.export.charts import fit_ticks

if TYPE_CHECKING:
    from recovery_cli.export.session import SessionData

SCREEN_LIMITS = (3, 2, 1)
SCREEN_LINES = 40


def strip_lines(c: Any) -> tuple[str, str]:
    """A chart of the strip as a sparkline and its marker row (one character a day)."""
    from recovery_cli.ui.trends import GAP, sparkline

    by_day = {p.day: p.value for run in c.runs for p in run} | {p.day: p.value
                                                                for p in c.singles}
    days = [(c.start + timedelta(days=i)).isoformat() for i in range(c.span + 1)]
    line = sparkline([by_day.get(x) for x in days], c.lo, c.hi)
    marked: dict[str, str] = {}
    for m in c.markers:
        marked[m.day] = "m" if m.medication or marked.get(m.day) == "m" else "|"
    return line.replace(" ", GAP), "".join(marked.get(x, " ") for x in days).rstrip()


def range_line(c: Any) -> str:
    """The day's mood range as a sparkline of its spread (high - low), one character a day,
    blank on a day without several moments."""
    from recovery_cli.ui.trends import block

    spread = {x.day: x.high - x.low for x in c.ranges}
    days = [(c.start + timedelta(days=i)).isoformat() for i in range(c.span + 1)]
    return "".join(" " if x not in spread else block(spread[x], 0.0, c.hi - c.lo)
                   for x in days).rstrip()


def date_line(c: Any) -> str:
    """The date labels under the one-character-a-day strip, as many as fit with a space
    between them (each label starts at its day)."""
    xs = [(t.day - c.start).days + len(t.label) / 2 for t in c.ticks]
    row = [" "] * (c.span + 12)
    for t in fit_ticks(c.ticks, xs, len, 1):
        at = (t.day - c.start).days
        row[at:at + len(t.label)] = t.label
    return "".join(row).rstrip()


def render(data: SessionData, lines: int = SCREEN_LINES) -> None:
    """The page at the terminal's width (100 columns when piped), with the largest row limit
    whose output fits `lines` lines."""
    import io
    import sys

    from recovery_cli.ui import console
    from recovery_cli.ui.safe import safe_console

    out = console()
    width = min(out.width, 120) if out.is_terminal else 100
    text = ""
    for limit in SCREEN_LIMITS:
        buf = io.StringIO()
        screen = safe_console(file=buf, width=width, force_terminal=out.is_terminal,
                              color_system=out.color_system, highlight=False, soft_wrap=False)
        _page(screen, data, limit, width)
        text = buf.getvalue()
        if text.count("\n") <= lines:
            break
    sys.stdout.write(text)
    sys.stdout.flush()


def _page(out: Any, data: SessionData, limit: int, width: int) -> None:
    from rich.text import Text

    from recovery_cli.export.session import TITLE, compose_session, period_line

    out.print(Text(TITLE, style="bold"))
    out.print(Text(period_line(data), style="dim"))
    for sec in compose_session(data, limit):
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
        from rich import box
        from rich.table import Table

        keep = [j for j in range(len(b.head)) if any(r[j] for r in b.rows)]
        table = Table(*[b.head[j] for j in keep], box=box.SIMPLE_HEAD, padding=(0, 1),
                      show_edge=False, header_style="bold")
        for row in b.rows:
            table.add_row(*[Text(row[j]) for j in keep])
        out.print(table, width=width)
    elif isinstance(b, d.ChartGroup):
        label_w = max(len(c.title) for c in b.charts) + 3
        for c in b.charts:
            line, _ = strip_lines(c)
            out.print(Text(f"  {c.title:<{label_w}}{line}"), width=width)
            if c.ranges:
                out.print(Text(f"  {'Mood range':<{label_w}}" + range_line(c), style="cyan"),
                          width=width)
        if any(c.markers for c in b.charts):
            out.print(Text(f"  {'Events':<{label_w}}"
                           + strip_lines(b.charts[0])[1], style="yellow"), width=width)
        out.print(Text(f"  {'':<{label_w}}" + date_line(b.charts[0]), style="dim"),
                  width=width)
        if b.legend:
            out.print(Text("  | an event, m a medication change. " + b.legend, style="dim"),
                      width=width, overflow="ellipsis", no_wrap=True)
