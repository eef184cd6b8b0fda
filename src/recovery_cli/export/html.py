"""HTML: one self-contained file (inline CSS, inline SVG charts), print-friendly.

Rendered with Jinja2 and autoescaping on for everything: nothing the person wrote can become
markup or script. The charts are drawn in the template from numbers computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from recovery_cli.export.report import Report, Series, fmt_value, plan_lines
from recovery_cli.export.timeline import Marker

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    points: str  # "x,y x,y ..." for the polyline
    dots: list[tuple[float, float, str]]  # x, y, tooltip
    yticks: list[tuple[float, str]]
    xlabels: list[tuple[float, str]]
    markers: tuple[tuple[float, str, str], ...] = ()  # x, number, the event (issue 17)


def chart(series: Series, start: str, end: str, width: int = 640, height: int = 180,
          marks: Sequence[Marker] = ()) -> Chart:
    from datetime import date

    left, top, right, bottom = 40, 12, width - 12, height - 28
    d0, d1 = date.fromisoformat(start), date.fromisoformat(end)
    span = max((d1 - d0).days, 1)
    lo, hi = series.lo, series.hi if series.hi > series.lo else series.lo + 1

    def xy(day: str, value: float) -> tuple[float, float]:
        x = left + (date.fromisoformat(day) - d0).days / span * (right - left)
        y = bottom - (value - lo) / (hi - lo) * (bottom - top)
        return round(x, 1), round(y, 1)

    pts = [xy(p.day, p.value) for p in series.points]
    ticks = [(round(bottom - f * (bottom - top), 1), fmt_value(round(lo + f * (hi - lo), 1)))
             for f in (0, 0.5, 1)]
    labels = [(float(left), start), (float(right), end)]
    return Chart(
        title=series.label, width=width, height=height, left=left, top=top, right=right,
        bottom=bottom, points=" ".join(f"{x},{y}" for x, y in pts),
        dots=[(x, y, f"{p.day}: {fmt_value(p.value)}") for (x, y), p in
              zip(pts, series.points, strict=True)],
        yticks=ticks, xlabels=labels,
        markers=tuple((xy(m.day, lo)[0], m.label, f"{m.day}: {m.text}") for m in marks
                      if start <= m.day <= end),
    )


def render(report: Report, out: IO[str]) -> None:
    out.write(render_text(report))


def render_text(report: Report) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value is escaped, whatever the template name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from recovery_cli.export import timeline as tl

    start, end = report.period.start.isoformat(), report.period.end.isoformat()
    marks = tl.markers(report.timeline.events) if report.timeline is not None else []
    charts = [chart(s, start, end, marks=marks) for s in report.series
              if s.key in ("mood", "sleep_hours")]
    score_charts = [chart(s, start, end, height=150, marks=marks) for s in report.score_series]
    template = env.get_template("report.html.j2")
    return template.render(
        r=report, s=report.summary, charts=charts, score_charts=score_charts,
        fmt=fmt_value, plan_lines=plan_lines(report.plan) if report.plan else [],
        tl=tl, marks=marks, life_lines=_life_lines(report),
    )


def _life_lines(report: Report) -> list[str]:
    if not report.life_chart:
        return []
    from recovery_cli.export.moments import life_lines

    return life_lines(report.life_chart, report.timeline.events if report.timeline else [])
