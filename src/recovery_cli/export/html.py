"""HTML: one self-contained file (inline CSS, inline SVG charts), print-friendly.

Rendered with Jinja2 and autoescaping on for everything: nothing the person wrote can become
markup or script. The charts are drawn in the template from numbers computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from recovery_cli.export.charts import Chart
from recovery_cli.export.document import LifeChart
from recovery_cli.export.report import Report, fmt_value

TEMPLATES = Path(__file__).resolve().parent / "templates"


def label_width(text: str, font_size: float) -> float:
    """A generous width of `text` in a sans-serif font (0.62 em a character: wider than
    DejaVu Sans' and the common system fonts' digits and lower case)."""
    return len(text) * font_size * 0.62


@dataclass(frozen=True)
class Svg:
    """A chart of `export.charts` in SVG coordinates (the viewBox scales to the page width)."""

    c: Chart
    width: int = 720
    height: int = 170
    left: int = 44
    top: int = 16
    right_pad: int = 12
    bottom_pad: int = 28

    @property
    def right(self) -> int:
        return self.width - self.right_pad

    @property
    def bottom(self) -> int:
        return self.height - self.bottom_pad

    def x(self, day: str | date) -> float:
        return round(self.left + self.c.x(day) * (self.right - self.left), 1)

    def y(self, value: float) -> float:
        return round(self.bottom - self.c.y(value) * (self.bottom - self.top), 1)

    @property
    def yticks(self) -> list[tuple[float, str]]:
        return [(round(self.bottom - f * (self.bottom - self.top), 1), label)
                for f, label in self.c.value_ticks]

    @property
    def polylines(self) -> list[str]:
        return [" ".join(f"{self.x(p.day)},{self.y(p.value)}" for p in run) for run in self.c.runs]

    def dots(self) -> list[tuple[float, float, str]]:
        return [(self.x(p.day), self.y(p.value), self.c.point_label(p))
                for run in self.c.runs for p in run]

    def tick_labels(self, font_size: float = 11.0) -> list[tuple[float, str]]:
        """The date labels that fit the plot's width (x, label), at `font_size` in viewBox
        units: a narrow chart labels fewer weeks."""
        return [(self.x(t.day), t.label) for t in self.c.fitted_ticks(
            self.right - self.left, lambda s: label_width(s, font_size), font_size * 0.6)]

    def range_bars(self) -> list[tuple[float, float, float, str]]:
        """(x, y of the high, y of the low, tooltip) of the days with a mood range."""
        return [(self.x(d.day), self.y(d.high), self.y(d.low),
                 f"{d.day}: {fmt_value(d.low)}-{fmt_value(d.high)}") for d in self.c.ranges]

    def singles(self) -> list[tuple[float, float, str, str]]:
        return [(self.x(p.day), self.y(p.value), fmt_value(p.value), self.c.point_label(p))
                for p in self.c.singles]


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
    env.tests["instance_of"] = isinstance
    from recovery_cli.export import document

    template = env.get_template("report.html.j2")
    return template.render(
        r=report, sections=document.compose(report), period_line=document.period_line(report),
        d=document, fmt=fmt_value, svg=_svg, life_lines=_life_lines,
    )


def _svg(chart: Chart, tall: bool) -> Svg:
    return Svg(chart, height=190) if tall else Svg(chart)


def _life_lines(b: LifeChart) -> list[str]:
    from recovery_cli.export.moments import life_lines

    return life_lines(b.points, b.events)
