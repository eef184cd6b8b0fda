"""HTML: one self-contained file (inline CSS, inline SVG charts), print-friendly: a walker
over `export.document.compose` (issue 22), like the Markdown and PDF ones.

Every text goes through `_e` (MarkupSafe's escape) on its way into the page, attributes included:
nothing the person wrote can become markup or script. The page's style is
`templates/report.css`; the Content-Security-Policy allows no script at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from markupsafe import escape

from recovery_cli.export import document as d
from recovery_cli.export.charts import Chart
from recovery_cli.export.report import Report, fmt_value

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: object) -> str:
    """Text made inert in HTML, text and attributes alike: MarkupSafe's escape, the one
    Jinja2's autoescape uses (&, <, >, " and ')."""
    return str(escape(str(text)))


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
        return [(self.x(r.day), self.y(r.high), self.y(r.low),
                 f"{r.day}: {fmt_value(r.low)}-{fmt_value(r.high)}") for r in self.c.ranges]

    def singles(self) -> list[tuple[float, float, str, str]]:
        return [(self.x(p.day), self.y(p.value), fmt_value(p.value), self.c.point_label(p))
                for p in self.c.singles]


def render(report: Report, out: IO[str]) -> None:
    out.write(render_text(report))


def render_text(report: Report) -> str:
    from recovery_cli.export import document

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="recovery">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           f"<title>{_e(report.title)}: {_e(report.period.label)}</title>",
           f"<style>\n{css}</style>", "</head>", "<body>", "<header>",
           f"  <h1>{_e(report.title)}</h1>",
           f'  <p class="meta">{_e(document.period_line(report))}</p>', "</header>"]
    for sec in document.compose(report):
        body = "\n".join(_block(b) for b in sec.blocks)
        if sec.id == "about":
            out.append(f"<footer>\n  <p><b>{_e(sec.title)}</b></p>\n{body}\n</footer>")
        elif sec.id == "safety":
            out.append(f'<div class="safety" role="note">\n  <b>{_e(sec.title)}</b>\n{body}\n'
                       "</div>")
        else:
            out.append(f'<section id="{_e(sec.id)}">\n  <h2>{_e(sec.title)}</h2>\n{body}\n'
                       "</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _rows(rows: list[list[str]], head: list[str] | None = None) -> str:
    if head is None:
        return "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>"
                       for row in rows)
    out = []
    for row in rows:  # the check-ins: each cell names its column (the phone layout shows it)
        cells = []
        for i, c in enumerate(row):
            cls = ' class="day"' if i == 0 else ' class="note"' if head[i] == "Note" else ""
            cells.append(f'<td data-label="{_e(head[i])}"{cls}>{_e(c)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out)


def _block(b: d.Block) -> str:
    if isinstance(b, d.Bullets):
        items = []
        for i, x in enumerate(b.items):
            notes = b.notes[i] if i < len(b.notes) else []
            sub = ('<ul class="muted">' + "".join(f"<li>{_e(n)}</li>" for n in notes)
                   + "</ul>") if notes else ""
            items.append(f"<li>{_e(x)}{sub}</li>")
        return "<ul>" + "".join(items) + "</ul>"
    if isinstance(b, d.Paragraph):
        if b.body:
            return f'<div class="body">{_e(b.text)}</div>'
        text = f"<strong>{_e(b.text)}</strong>" if b.strong else _e(b.text)
        return f'<p class="muted">{text}</p>' if b.muted else f"<p>{text}</p>"
    if isinstance(b, d.Heading):
        return f"<h3>{_e(b.text)}</h3>"
    if isinstance(b, d.Table):
        head = "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in b.head) + "</tr></thead>"
        if b.kind == "checkins":
            return (f'<div class="wide tall"><table class="checkins">{head}<tbody>\n'
                    f"{_rows(b.rows, b.head)}\n</tbody></table></div>")
        cls = f' class="{_e(b.kind)}"' if b.kind else ""
        return f'<div class="wide"><table{cls}>{head}<tbody>{_rows(b.rows)}</tbody></table></div>'
    if isinstance(b, d.ChartGroup):
        out = ['<div class="charts">' + "".join(
            _chart(Svg(c, height=190) if b.tall else Svg(c)) for c in b.charts) + "</div>"]
        out += [f'<p class="muted">{_e(x)}</p>' for x in (b.legend, b.note) if x]
        return "\n".join(out)
    if isinstance(b, d.LifeChart):
        from recovery_cli.export.moments import life_lines

        return f'<pre class="lifechart">{_e(chr(10).join(life_lines(b.points, b.events)))}</pre>'
    if isinstance(b, d.Profile):
        rows = []
        for row in b.rows:
            cls = f' class="{_e(row.mark.replace(" ", "-"))}"' if row.mark else ""
            rows.append(f"<tr{cls}><td>{row.number}</td><td>{_e(row.name)}</td>"
                        f'<td class="bar"><span style="width: {int(row.points)}%"></span></td>'
                        f'<td class="num">{int(row.points)}</td><td>{_e(row.mark)}</td></tr>')
        return (f'<table class="profile"><caption>{_e(b.heading)}</caption><tbody>'
                + "".join(rows) + "</tbody></table>")
    if isinstance(b, d.Entries):
        return "\n".join(
            f'<article class="entry"><h3>{_e(e.heading)}</h3>'
            + ("<p>" + " ".join(f'<span class="tag">{_e(t)}</span>' for t in e.tags) + "</p>"
               if e.tags else "")
            + f'<div class="body">{_e(e.body)}</div></article>' for e in b.entries)
    return ""


def _chart(g: Svg) -> str:
    c = g.c
    out = [f"<figure><figcaption>{_e(c.title)}</figcaption>",
           f'<svg viewBox="0 0 {g.width} {g.height}" preserveAspectRatio="xMidYMid meet" '
           f'role="img" aria-label="{_e(c.title)}" xmlns="http://www.w3.org/2000/svg">']
    for y, label in g.yticks:
        out.append(f'<line class="axis" x1="{g.left}" y1="{y}" x2="{g.right}" y2="{y}"/>'
                   f'<text x="{g.left - 6}" y="{y + 4}" text-anchor="end">{_e(label)}</text>')
    out += [f'<line class="tick" x1="{x}" y1="{g.bottom}" x2="{x}" y2="{g.bottom + 4}"/>'
            for x in (g.x(t.day) for t in c.ticks)]
    out += [f'<text class="date" x="{x}" y="{g.bottom + 18}" text-anchor="middle">{_e(label)}'
            "</text>" for x, label in g.tick_labels()]
    out += [f'<line class="range" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"><title>{_e(tip)}'
            "</title></line>" for x, y1, y2, tip in g.range_bars()]
    for band in c.bands:
        y = g.y(band.value)
        out.append(f'<g class="band"><line x1="{g.left}" y1="{y}" x2="{g.right}" y2="{y}"/>'
                   f'<text x="{g.right - 4}" y="{y - 4}" text-anchor="end">{_e(band.name)} '
                   f"({_e(fmt_value(band.value))}+)</text></g>")
    for m in c.markers:
        x = g.x(m.day)
        out.append(f'<g class="marker{" med" if m.medication else ""}"><line x1="{x}" '
                   f'y1="{g.top}" x2="{x}" y2="{g.bottom}"/><text x="{x}" y="{g.top - 4}" '
                   f'text-anchor="middle">{_e(m.label)}</text><title>{_e(m.day)}: '
                   f"{_e(m.text)}</title></g>")
    out += [f'<polyline class="line" points="{pts}"/>' for pts in g.polylines]
    out += [f'<circle class="dot" cx="{x}" cy="{y}" r="3"><title>{_e(tip)}</title></circle>'
            for x, y, tip in g.dots()]
    for x, y, value, tip in g.singles():
        anchor = "end" if x > g.right - 20 else "start" if x < g.left + 20 else "middle"
        out.append(f'<circle class="single" cx="{x}" cy="{y}" r="5"><title>{_e(tip)}</title>'
                   f'</circle><text class="single-value" x="{x}" y="{y - 9}" '
                   f'text-anchor="{anchor}">{_e(value)}</text>')
    return "".join(out) + "</svg></figure>"
