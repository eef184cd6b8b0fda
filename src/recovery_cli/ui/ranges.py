"""The day's mood range in `trends` (issue 19): a low-high bar per day under the sparklines,
and the count of days with big swings. Only drawn when the window has snaps."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from recovery_cli.checkin.snaps import BIG_SWING, DayRecord

if TYPE_CHECKING:
    from rich.text import Text

# Rows of the bar, top first: the mood band each row stands for.
# The same bands as the mood calendar's legend: [lo, top).
BANDS = ((7.0, 11.0, "7-10"), (5.0, 7.0, "5-6"), (3.0, 5.0, "3-4"), (0.0, 3.0, "0-2"))
BAR = "┃"


def day_ranges(days: Sequence[str], recs: Mapping[str, DayRecord], per: int
               ) -> list[tuple[float, float] | None]:
    """The (low, high) of each day, or of each bucket of `per` days (lowest low, highest
    high); None where no day has moments."""
    out: list[tuple[float, float] | None] = []
    for i in range(0, len(days), per):
        found = [r for d in days[i:i + per] if (rec := recs.get(d)) and (r := rec.mood_range())]
        out.append((min(r[0] for r in found), max(r[1] for r in found)) if found else None)
    return out


def bar_rows(ranges: Sequence[tuple[float, float] | None]) -> list[str]:
    """One text row per band: the bar where the day's range reaches into the band."""
    rows = []
    for lo, top, _ in BANDS:
        cells = []
        for r in ranges:
            if r is None:
                cells.append(" ")
            else:
                low, high = r
                cells.append(BAR if low < top and high >= lo else " ")
        rows.append("".join(cells))
    return rows


def range_block(days: Sequence[str], recs: Mapping[str, DayRecord], label_w: int, room: int
                ) -> Text:
    from rich.text import Text

    per = math.ceil(len(days) / room) if len(days) > room else 1
    rows = bar_rows(day_ranges(days, recs, per))
    out = Text()
    for n, (row, (_, _, name)) in enumerate(zip(rows, BANDS, strict=True)):
        label = "Range" if n == 0 else ""
        out.append(f"{label:<{label_w}}", style="bold")
        out.append(row.rstrip().ljust(len(row)))
        out.append(f"  {name}\n", style="dim")
    return out


def swing_words(recs: Mapping[str, DayRecord]) -> str | None:
    """"Days with big swings (mood range 4 or more): 3 of 12 days with moments." or None."""
    with_moments = [r for r in recs.values() if r.moments]
    if not with_moments:
        return None
    big = sum(1 for r in with_moments if (w := r.swing()) is not None and w >= BIG_SWING)
    n = len(with_moments)
    return (f"Days with big swings (mood range {BIG_SWING} or more): {big} of the {n} "
            f"day{'s' if n != 1 else ''} with moments.")
