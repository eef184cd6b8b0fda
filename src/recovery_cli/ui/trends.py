"""Rendering for `recovery trends`: sparklines, a calendar heatmap of mood, associations and
questionnaire score lines. Plain Unicode blocks, no extra dependency.

Every picture is made of characters that carry the meaning on their own (block heights, shade
characters), so NO_COLOR and a non-terminal stdout lose nothing; colour only adds to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recovery_cli.core import messages
from recovery_cli.trends.window import MAX_DAYS, SERIES, WEEKDAYS, Trends, fmt

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from recovery_cli.checkin.snaps import DayRecord
    from recovery_cli.timeline.events import Event

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a day (or a span of days) without a value
OUTSIDE = " "  # a heatmap cell outside the window

# Heatmap levels for mood 0-10: (lowest mood in the level, shade character, colour).
LEVELS: tuple[tuple[float, str, str], ...] = (
    (0.0, "░", "#9e4a5a"),
    (3.0, "▒", "#c98b4f"),
    (5.0, "▓", "#7fae6a"),
    (7.0, "█", "#3f9f5f"),
)
LEGEND = f"{GAP} no check-in  ░ mood 0-2  ▒ 3-4  ▓ 5-6  █ 7-10"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def block(value: float, lo: float, hi: float) -> str:
    """The block character for `value` on the scale lo..hi (clamped)."""
    if hi <= lo:
        return BLOCKS[0]
    share = (min(max(value, lo), hi) - lo) / (hi - lo)
    return BLOCKS[min(len(BLOCKS) - 1, round(share * (len(BLOCKS) - 1)))]


def buckets(values: Sequence[float | None], width: int) -> list[float | None]:
    """Shrink a series to at most `width` points: each point averages ceil(n / width) days
    (None when none of them has a value)."""
    if width < 1 or len(values) <= width:
        return list(values)
    size = math.ceil(len(values) / width)
    out: list[float | None] = []
    for i in range(0, len(values), size):
        chunk = [v for v in values[i:i + size] if v is not None]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def sparkline(values: Sequence[float | None], lo: float, hi: float, width: int = 0) -> str:
    """One character per day (or per bucket of days when wider than `width`); gaps as '·'."""
    points = buckets(values, width) if width else list(values)
    return "".join(GAP if v is None else block(v, lo, hi) for v in points)


def level(mood: float) -> tuple[str, str]:
    """(shade character, colour) for a mood 0-10."""
    chosen = LEVELS[0]
    for lvl in LEVELS:
        if mood >= lvl[0]:
            chosen = lvl
    return chosen[1], chosen[2]


def heatmap(t: Trends, width: int = 100) -> Text:
    """Mood by day like a contribution graph: weeks as columns (oldest left), weekdays as
    rows (Monday on top), month names above the week each month starts in."""
    from rich.text import Text

    start, end = date.fromisoformat(t.start), date.fromisoformat(t.end)
    first_monday = start - timedelta(days=start.weekday())
    weeks = (end - first_monday).days // 7 + 1
    label_w = 4
    cell = 2 if label_w + weeks * 2 <= width else 1
    fits = max(1, width - label_w)
    shortened = weeks > fits
    if shortened:  # the most recent weeks that fit; the sparklines cover the whole window
        first_monday += timedelta(days=7 * (weeks - fits))
        weeks = fits
        start = first_monday
    moods = {day: d.number("mood") if d is not None else None for day, d in t.daily}
    logged = {day for day, d in t.daily if d is not None}

    header = [" "] * (label_w + weeks * cell + 4)
    free_from = 0
    last_month = 0
    for w in range(weeks):
        monday = first_monday + timedelta(days=7 * w)
        shown = [d for d in (monday + timedelta(days=i) for i in range(7)) if start <= d <= end]
        if not shown:
            continue
        # a month is named above the first week that starts in it; the last week also names
        # a month whose 1st it holds (a window ending Tuesday 1 December: "Dec" above the
        # week of Monday 30 November)
        pending = shown[0].month
        firsts = [d for d in shown if d.day == 1]
        if pending == last_month and w == weeks - 1 and firsts:
            pending = firsts[-1].month
        if pending == last_month:
            continue
        col = label_w + w * cell
        if col < free_from:  # no room yet: name the month at the next column with room
            continue
        if col + 3 > width:  # no room left on the line: leave it off
            break
        month = last_month = pending
        name = _MONTHS[month - 1]
        header[col:col + len(name)] = list(name)
        free_from = col + len(name) + 1
    out = Text("".join(header).rstrip() + "\n")
    for row in range(7):
        out.append(f"{WEEKDAYS[row][:3]} ")
        for w in range(weeks):
            d = first_monday + timedelta(days=7 * w + row)
            key = d.isoformat()
            if d < start or d > end or (t.since is not None and key < t.since):
                ch, style = OUTSIDE, ""
            else:
                mood = moods.get(key)
                if mood is None:
                    ch, style = GAP, "dim" if key not in logged else ""
                else:
                    ch, style = level(mood)
            out.append(ch, style=style)
            if cell == 2 and w < weeks - 1:
                out.append(" ")
        out.append("\n")
    out.append(LEGEND, style="dim")
    if shortened:
        out.append(f"\nThe last {weeks} weeks (all that fit).", style="dim")
    return out


def sparklines(t: Trends, width: int = 100) -> Text:
    """The four sparklines with their window average and the change against the window
    before (signed: for anxiety a minus is the easier direction)."""
    from rich.text import Text

    label_w = max(len(name) for name, _, _ in SERIES.values()) + 2
    tail_w = 32  # "  avg 10.0  (+10.0 vs before)"
    room = max(10, width - label_w - tail_w)
    averages = {a.item: a for a in t.items}
    out = Text()
    shown = False
    for item, (name, lo, hi) in SERIES.items():
        values = t.series(item)
        avg = averages.get(item)
        if avg is None or avg.n == 0:
            continue
        shown = True
        line = sparkline(values, lo, hi, room)
        if t.since is not None:  # days before the first check-in we can see: not started
            per = math.ceil(len(values) / room) if len(values) > room else 1
            lead = _index(t, t.since) // per  # whole marks that lie before it
            line = " " * lead + line[lead:]
        out.append(f"{name:<{label_w}}", style="bold")
        out.append(line)
        out.append(f"  avg {fmt(avg.average):>4}")
        if avg.change is not None:
            out.append(f"  ({change_words(avg.change)})", style="dim")
        out.append("\n")
    if shown:
        per = math.ceil(t.days / room) if t.days > room else 1
        note = "one mark per day" if per == 1 else f"one mark per {per} days"
        out.append(f"{'':<{label_w}}{note}, oldest left; {GAP} = no check-in", style="dim")
    return out


def event_markers(t: Trends, events: Sequence[Event], width: int = 100) -> Text:
    """A marker row under the sparklines (aligned with them, bucketed the same way) and a
    legend line per event in the window, medication changes included."""
    from rich.text import Text

    from recovery_cli.timeline.events import marker_row

    label_w = max(len(name) for name, _, _ in SERIES.values()) + 2
    room = max(10, width - label_w - 32)
    days = [d for d, _ in t.daily]
    row, legend = marker_row(events, days)
    per = math.ceil(len(days) / room) if len(days) > room else 1
    if per > 1:  # one mark per bucket: the first event's marker in it
        row = "".join(next((c for c in row[i:i + per] if c != "·"), "·")
                      for i in range(0, len(row), per))
    out = Text()
    out.append(f"{'Events':<{label_w}}", style="bold")
    out.append(row.replace("·", " ") + "\n")
    for mark, e in legend:
        who = f" with {e.with_whom}" if e.with_whom else ""
        out.append(f"{'':<{label_w}}{mark} {e.day}  {e.text}{who}\n")
    return out


def _index(t: Trends, day: str) -> int:
    return (date.fromisoformat(day) - date.fromisoformat(t.start)).days


def change_words(change: float) -> str:
    """The change against the window before, signed (no judgement: for anxiety a minus is
    the easier direction)."""
    if change == 0:
        return "same as before"
    return f"{'+' if change > 0 else ''}{fmt(change)} vs before"


def _labelled(counts: Mapping[str, int], labels: Mapping[str, str], n: int = 3) -> str:
    parts = []
    for choice, k in list(counts.items())[:n]:
        parts.append(f"{labels.get(choice) or choice.replace('_', ' ').capitalize()} ({k})")
    return ", ".join(parts)


def associations(t: Trends) -> Table:
    """The strongest associations, one bullet each (wrapped lines stay indented)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for a in t.top_associations():
        line = Text(a.text)
        line.append(f" ({a.with_n} days with, {a.without_n} without)", style="dim")
        grid.add_row("•", line)
    return grid


def score_lines(t: Trends) -> list[str]:
    """One line per questionnaire: its results in the window, oldest first, the latest band,
    and the change since the first result shown."""
    lines = []
    for line in t.scores:
        pct = line.in_percent
        steps = " → ".join(
            (f"{fmt(p.percentage)}%" if pct and p.percentage is not None else fmt(p.score))
            for p in line.points
        )
        latest = line.latest
        text = f"{line.title}: {steps}  (latest {latest.day}"
        if latest.band:
            text += f", {latest.band}"
        text += ")"
        if line.change is not None:
            unit = "percentage points" if pct else "points"
            if line.change == 0:
                text += f"; no change since {line.points[0].day}"
            else:
                sign = "+" if line.change > 0 else ""
                text += f"; {sign}{fmt(line.change)} {unit} since {line.points[0].day}"
        lines.append(text)
    return lines


def print_trends(
    t: Trends,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    out: Console | None = None,
    events: Sequence[Event] = (),
    moments: Mapping[str, DayRecord] | None = None,
) -> None:
    """Everything `recovery trends` shows, in reading order."""
    from recovery_cli.ui import HangingText, console

    con = out or console()
    labels = labels or {}
    width = con.width
    con.print(f"[bold]Your last {t.days} days[/] ({t.start} to {t.end}): "
              f"{t.checkins} check-in{'s' if t.checkins != 1 else ''}")
    if t.streak is not None:
        con.print(f"Days logged in the last {t.streak[1]}: {t.streak[0]}.")
    con.print()
    if t.checkins:
        con.print(sparklines(t, width))
        if events:
            con.print(event_markers(t, events, width), end="")
        if moments:  # the day's low-high range from its snaps (issue 19)
            from recovery_cli.ui.ranges import range_block, swing_words

            label_w = max(len(name) for name, _, _ in SERIES.values()) + 2
            con.print(range_block([d for d, _ in t.daily], moments, label_w,
                                  max(10, width - label_w - 32)), end="")
            words = swing_words(moments)
            if words:
                con.print(HangingText(words, rest=2))
        others = [a for a in t.items if a.item not in SERIES and a.n]
        for a in others:
            change = f" ({change_words(a.change)})" if a.change is not None else ""
            con.print(f"{a.name}: avg {fmt(a.average)}{change}", markup=False)
        con.print()
        con.print("[bold]Mood by day[/]")
        con.print(heatmap(t, width))
        con.print()
        week = [f"{w.weekday[:3]} {fmt(w.average)}" for w in t.weekdays if w.n]
        if week:
            con.print("[bold]Mood by weekday[/]: " + " · ".join(week))
        for item, words in (("coping", "Coping you used most"), ("triggers", "Triggers met most"),
                            ("symptoms", "Noticed most")):
            if t.counts.get(item):
                con.print(HangingText(
                    f"{words}: {_labelled(t.counts[item], labels.get(item, {}))}", rest=2))
        if t.gaps:
            shown = ", ".join(
                f"{g.days} day{'s' if g.days != 1 else ''} ({_span(g.start, g.end)})"
                for g in t.gaps)
            con.print(HangingText(f"Longest breaks between check-ins: {shown}", rest=2))
        con.print()
        con.print("[bold]What went along with your mood[/] "
                  "[dim](associations in your own data, not causes)[/]")
        top = t.top_associations()
        if top:
            con.print(associations(t))
        else:
            con.print(HangingText("Not enough days yet: a factor shows here once there are at "
                                  "least 3 days with it and 3 without.", first=2, rest=2))
    lines = score_lines(t)
    if lines:
        con.print()
        con.print("[bold]Questionnaires[/]")
        for line in lines:
            con.print(HangingText(line, first=2, rest=4))
        con.print(HangingText(f"Bands are {messages.BAND_FRAMING}.", first=2, rest=2,
                              style="dim"))


def _span(start: str, end: str) -> str:
    return start if start == end else f"{start} to {end}"


def print_nothing_yet(t: Trends, last_day: str | None, out: Console | None = None) -> None:
    """The kind words for a window without anything in it."""
    from recovery_cli.ui import console

    con = out or console()
    if last_day is None:
        con.print("Nothing to show yet. Trends appear after a few evening check-ins:\n"
                  "  recovery checkin        (a minute each evening)\n"
                  "  recovery assess take phq9   (a short questionnaire every two weeks)\n"
                  "To see what trends look like first, try a demo home:\n"
                  "  RECOVERY_HOME=$(mktemp -d) recovery demo", highlight=False, markup=False)
        return
    days_back = (date.fromisoformat(t.end) - date.fromisoformat(last_day)).days + 1
    if days_back > MAX_DAYS or days_back < 1:
        con.print(f"No check-ins between {t.start} and {t.end}. Your last one was on "
                  f"{last_day}.", highlight=False, markup=False)
    else:
        con.print(f"No check-ins between {t.start} and {t.end}. Your last one was on "
                  f"{last_day}; to include it:", highlight=False, markup=False)
        con.print(f"  recovery trends --days {days_back}", highlight=False, markup=False)
    con.print("'recovery checkin' adds today whenever you are ready.", highlight=False,
              markup=False)
