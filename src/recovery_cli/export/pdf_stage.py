"""The stage profile in the PDF: five labelled bars drawn with fpdf2 primitives (the named
stage dark, near stages amber, the others light), each with its points and mark as text, so
the chart also reads in greyscale and in the PDF's text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from recovery_cli.export.report import StageRow

ROW_H = 5.2
BAR_W = 60.0


def profile_bars(pdf: Any, t: Callable[[str], str], rows: Sequence[StageRow],
                 width: float) -> None:
    from recovery_cli.export.pdf import FAMILY

    if pdf.get_y() + ROW_H * len(rows) + 4 > pdf.h - 18:
        pdf.add_page()
    label_w = min(70.0, width - BAR_W - 30)
    left = pdf.l_margin
    pdf.ln(1)
    for row in rows:
        y = pdf.get_y()
        pdf.set_font(FAMILY, "B" if row.mark == "most like" else "", 8.5)
        pdf.set_text_color(30, 35, 48)
        pdf.set_xy(left, y)
        pdf.cell(label_w, ROW_H, t(f"{row.number}  {row.name}"))
        x = left + label_w
        pdf.set_draw_color(200, 205, 215)
        pdf.set_fill_color(240, 242, 246)
        pdf.rect(x, y + 1.1, BAR_W, ROW_H - 2.2, style="DF")
        if row.points > 0:
            colour = {"most like": (47, 111, 143), "near": (183, 121, 31)}.get(
                row.mark, (150, 170, 190))
            pdf.set_fill_color(*colour)
            pdf.rect(x, y + 1.1, BAR_W * min(row.points, 100) / 100, ROW_H - 2.2, style="F")
        pdf.set_xy(x + BAR_W + 2, y)
        pdf.cell(10, ROW_H, str(row.points), align="R")
        pdf.cell(22, ROW_H, t(f"  {row.mark}" if row.mark else ""))
        pdf.set_xy(left, y + ROW_H)
    pdf.ln(1.5)
