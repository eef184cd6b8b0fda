"""The report's charts in the PDF, drawn with fpdf2's own lines and dots from `export.charts`.

A chart is one block: its title, the plot and the date axis below it are measured together
(`chart_height`) and a row of charts moves to the next page as a whole, so a chart is never
split across pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from recovery_cli.export.charts import Chart
from recovery_cli.export.report import fmt_value

FAMILY = "DejaVu"
TITLE_H = 5.0
AXIS_H = 5.0
GAP = 3.0
INK = (47, 111, 143)
EVENT = (196, 120, 24)
MEDICATION = (122, 72, 160)
GRID = (215, 220, 228)
MUTED = (110, 110, 110)
RANGE = (150, 190, 210)
TICK_GAP = 1.5  # mm between two date labels


def chart_height(plot: float) -> float:
    """Title, plot and axis labels: the space a chart takes on the page."""
    return TITLE_H + 1 + plot + AXIS_H + GAP


def chart_rows(pdf: Any, t: Callable[[str], str], charts: Sequence[Chart], columns: int,
               plot: float, bottom_margin: float) -> None:
    """Charts in rows of `columns`; a row that does not fit moves to a new page."""
    gutter = 6.0
    width = (pdf.epw - gutter * (columns - 1)) / columns
    for i in range(0, len(charts), columns):
        if pdf.get_y() + chart_height(plot) > pdf.h - bottom_margin:
            pdf.add_page()
        y = pdf.get_y()
        for j, c in enumerate(charts[i:i + columns]):
            draw(pdf, t, c, pdf.l_margin + j * (width + gutter), y, width, plot)
        pdf.set_xy(pdf.l_margin, y + chart_height(plot))


def draw(pdf: Any, t: Callable[[str], str], c: Chart, x0: float, y0: float, width: float,
         plot: float) -> None:
    pdf.set_font(FAMILY, "B", 9)
    pdf.set_text_color(30, 35, 48)
    pdf.set_xy(x0, y0)
    pdf.cell(width, TITLE_H, t(c.title))
    left, right = x0 + 8, x0 + width - 1
    top = y0 + TITLE_H + 1
    bottom = top + plot

    def px(day: str | Any) -> float:
        return left + c.x(day) * (right - left)

    def py(value: float) -> float:
        return bottom - c.y(value) * (bottom - top)

    pdf.set_line_width(0.2)
    pdf.set_font(FAMILY, "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_draw_color(*GRID)
    for f, label in c.value_ticks:
        y = bottom - f * (bottom - top)
        pdf.line(left, y, right, y)
        pdf.set_xy(x0, y - 2)
        pdf.cell(7, 4, label, align="R")
    for tick in c.ticks:  # weekly (or monthly) date ticks; labels as many as fit
        x = px(tick.day)
        pdf.line(x, bottom, x, bottom + 1)
    for tick in c.fitted_ticks(right - left, pdf.get_string_width, TICK_GAP):
        x = px(tick.day)
        pdf.set_xy(x - 8, bottom + 1)
        pdf.cell(16, 3.5, tick.label, align="C")
    pdf.set_font(FAMILY, "", 5.5)
    for band in c.bands:  # questionnaire band edges with the band's name
        y = py(band.value)
        pdf.set_draw_color(190, 160, 160)
        pdf.set_dash_pattern(dash=1, gap=1)
        pdf.line(left, y, right, y)
        pdf.set_dash_pattern()
        pdf.set_text_color(140, 100, 100)
        pdf.set_fill_color(255, 255, 255)
        label = t(f"{band.name} ({fmt_value(band.value)}+)")
        w = pdf.get_string_width(label) + 1
        pdf.set_xy(right - w, y - 3)
        pdf.cell(w, 2.8, label, align="R", fill=True)
    pdf.set_font(FAMILY, "B", 5.5)
    last_x = -99.0
    for m in c.markers:
        x = px(m.day)
        color = MEDICATION if m.medication else EVENT
        pdf.set_draw_color(*color)
        pdf.set_text_color(*color)
        pdf.set_line_width(0.25)
        pdf.line(x, top + 2, x, bottom)
        if x - last_x >= 2.5:  # labels of events days apart don't overlap
            pdf.set_xy(x - 3, top - 1.2)
            pdf.cell(6, 3, m.label, align="C")
            last_x = x
    pdf.set_draw_color(*RANGE)
    pdf.set_line_width(0.9)
    for d in c.ranges:  # the day's lowest to highest mood over its moments
        pdf.line(px(d.day), py(d.low), px(d.day), py(d.high))
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(*INK)
    pdf.set_line_width(0.5)
    for run in c.runs:  # a day without a check-in is a gap
        pts = [(px(p.day), py(p.value)) for p in run]
        pdf.polyline(pts)
        for x, y in pts:
            pdf.circle(x, y, 0.6, style="F")
    pdf.set_font(FAMILY, "B", 6)
    pdf.set_text_color(*INK)
    for p in c.singles:  # a lone point: a bigger dot with its value
        x, y = px(p.day), py(p.value)
        pdf.circle(x, y, 1.0, style="F")
        pdf.set_xy(x - 5 if x < right - 6 else x - 9, y - 4.2)
        pdf.cell(10, 3, fmt_value(p.value), align="C")
    pdf.set_line_width(0.2)
