"""The life chart in the PDF report (issue 19), drawn with rectangles: one column per day,
elevation as bars above the baseline, low mood below it, event numbers on the line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from recovery_cli.trends.lifechart import ROWS, depth, height

STEP = 3.0  # mm per step above or below the line
UP = (181, 106, 52)
DOWN = (79, 109, 158)


def draw_life_chart(pdf: Any, points: Sequence[Mapping[str, Any]], marks: Sequence[Any],
                    width: float) -> None:
    n = max(1, len(points))
    left = pdf.l_margin
    col = width / n
    base = pdf.get_y() + ROWS * STEP + 1
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left, base, left + width, base)
    index = {str(p["date"]): i for i, p in enumerate(points)}
    for i, p in enumerate(points):
        x = left + i * col
        up, down = height(p["elevation"]), depth(p["low_mood"])
        if up:
            pdf.set_fill_color(*UP)
            pdf.rect(x, base - up * STEP, max(col * 0.8, 0.3), up * STEP, style="F")
        if down:
            pdf.set_fill_color(*DOWN)
            pdf.rect(x, base, max(col * 0.8, 0.3), down * STEP, style="F")
    pdf.set_font_size(6)
    pdf.set_text_color(40, 40, 40)
    for m in marks:
        at = index.get(m.day)
        if at is not None:
            pdf.text(left + at * col, base - 0.4, str(m.label))
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(base + ROWS * STEP + 3)
