"""PDF with fpdf2 and the bundled DejaVu Sans (accented Latin, Greek, Cyrillic).

The sections of `document.compose` in their order (the summary, safety flags, charts drawn
with fpdf2's own lines and dots, questionnaire results, stage, warning signs, the timeline,
the check-ins table, the journal, the plan; the attributions and the disclaimer at the end),
each block drawn by `pdf_blocks.Writer`. Every page's footer has the period and the page
number.

Scripts DejaVu lacks (Chinese, Japanese, Korean ...) use a system font found through
fontconfig when one is installed; otherwise each such character is shown as a visible
placeholder and the footer says that the HTML export has the full text.
"""

from __future__ import annotations

from collections.abc import Callable

from recovery_cli.export.pdf_fonts import (  # find_system_font: re-exported
    _cmap,
    _texts,
    find_system_font,
    fonts_dir,
    import_fpdf,
    output,
)
from recovery_cli.export.pdf_text import PlainText
from recovery_cli.export.report import Report

PLACEHOLDER = "\u25a1"  # □
FAMILY = "DejaVu"
FALLBACK = "SystemFallback"
MISSING_NOTE = ("Some characters are not in this PDF's font and show as \u25a1; "
                "the HTML export has the full text.")


class _Doc:
    """The fpdf2 document plus the character coverage of its fonts."""

    def __init__(self, report: Report) -> None:
        import_fpdf()
        from fpdf import FPDF

        self.r = report
        self.missing = False
        self.fallback = False  # a system font for scripts DejaVu lacks is in use
        self._widths: dict[tuple[str, str, float], dict[str, float]] = {}
        period = report.period.label
        doc = self

        class _PDF(FPDF):
            def footer(self) -> None:
                self.set_y(-14)
                self.set_font(FAMILY, "", 7.5)
                self.set_text_color(110, 110, 110)
                doc.line(self.x, self.y, 0, 4, f"Recovery report · {period}")
                self.set_x(self.l_margin)
                self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")  # fpdf2's {nb}
                if doc.missing:
                    self.set_xy(self.l_margin, -10)
                    doc.line(self.x, self.y, 0, 4, MISSING_NOTE)

        pdf = _PDF(format="A4", unit="mm")
        pdf.set_title(f"Recovery report {period}")
        pdf.set_creator("recovery")
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_margins(16, 16, 16)
        folder = fonts_dir()
        pdf.add_font(FAMILY, "", str(folder / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.pdf = pdf
        self.plain = PlainText(pdf)
        self.covered: set[int] = _cmap(pdf, "dejavu") & _cmap(pdf, "dejavuB")
        self._shown = self._showable()
        self._check_coverage()

    def _showable(self) -> frozenset[str]:
        """The characters `t` keeps as they are (the fonts' own and newlines)."""
        return frozenset(map(chr, self.covered)) | {"\n"}

    def _check_coverage(self) -> None:
        used: set[str] = set()
        for text in _texts(self.r):
            used.update(text)
        lacking = {c for c in used - self._shown if c.isprintable() and not c.isspace()}
        if not lacking:
            return
        font = find_system_font("".join(sorted(lacking)))
        if font is not None:
            try:
                self.pdf.add_font(FALLBACK, "", str(font))
                self.pdf.set_fallback_fonts([FALLBACK], exact_match=False)
                self.fallback = True
                self.covered |= _cmap(self.pdf, FALLBACK.lower())
                self._shown = self._showable()
            except Exception:  # an unusable font file: placeholders instead
                pass
        self.missing = any(ord(c) not in self.covered for c in lacking)

    def line(self, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
        """One line of text where `cell(w, h, text, align)` at (x, y) would put it, drawn
        with fpdf2's plain `text` (about five times cheaper than a cell: no markdown, no
        text shaping, no page-break check). A document with a fallback font keeps `cell`,
        the only one of the two that switches fonts inside a line."""
        self.liner(align)(x, y, w, h, text)

    def liner(self, align: str = "L") -> Callable[[float, float, float, float, str], None]:
        """`line` for as long as the font, its size, the colours and the page stay as they
        are (the cells of one table row)."""
        pdf = self.pdf
        if self.fallback:
            def cell(x: float, y: float, w: float, h: float, text: str) -> None:
                pdf.set_xy(x, y)
                pdf.cell(w, h, text, align=align)
            return cell
        draw = self.plain.drawer()
        margin, lift = pdf.c_margin, 0.3 * pdf.font_size
        width = self.plain.measure()[0] if align != "L" else len

        def line(x: float, y: float, w: float, h: float, text: str) -> None:
            if align == "L":
                tx = x + margin
            else:
                sw = width(text)
                tx = x + (w - sw) / 2 if align == "C" else x + w - margin - sw
            draw(tx, y + 0.5 * h + lift, text)

        return line

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines no wider than `width` (mm) in the current font: greedy by words, long words
        split. Linear in the text (fpdf2's own multi_cell is quadratic on long paragraphs)."""
        return self.wrapper()(text, width)

    def wrapper(self) -> Callable[[str, float], list[str]]:
        """`wrap` for as long as the font and its size stay as they are (one table row)."""
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
        cache = self._widths.setdefault(key, {})
        measure, fits = self.plain.measure()

        def w(word: str) -> float:
            got = cache.get(word)
            if got is None:
                got = cache[word] = float(measure(word))
            return got

        space = w(" ")
        get = cache.get

        def wrap(text: str, width: float) -> list[str]:
            return _wrap(text, width, w, get, fits, space)

        return wrap


    def t(self, text: str) -> str:
        """Text the fonts can show: uncovered characters become a visible placeholder, and
        control characters other than newlines are dropped."""
        if self._shown.issuperset(text):
            return text
        out: list[str] = []
        for c in text:
            if c == "\n" or ord(c) in self.covered:
                out.append(c)
            elif c == "\t":
                out.append("    ")
            elif c.isprintable() and not c.isspace():
                out.append(PLACEHOLDER)
            elif c.isspace():
                out.append(" ")
        return "".join(out)


def _wrap(text: str, width: float, w: Callable[[str], float],
          get: Callable[[str], float | None], fits: Callable[[str, float], bool],
          space: float) -> list[str]:
    out: list[str] = []
    for raw in text.split("\n"):
        if fits(raw, width):  # what the greedy loop below would give, without the loop
            out.append(raw)
            continue
        words = raw.split(" ")
        vals = [c if (c := get(x)) is not None else w(x) for x in words]
        if max(vals) <= width:  # no word to cut: the loop's lines, found in C
            out += greedy_lines(words, vals, space, width)
            continue
        line: list[str] = []
        used = 0.0
        for word in words:
            ww = w(word)
            while ww > width and word:  # a word longer than the line: cut it
                if line:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                cut = len(word)
                while cut > 1 and w(word[:cut]) > width:
                    cut = max(1, int(cut * 0.8))
                out.append(word[:cut])
                word = word[cut:]
                ww = w(word)
            extra = ww + (space if line else 0.0)
            if line and used + extra > width:
                out.append(" ".join(line))
                line, used = [word], ww
            else:
                line.append(word)
                used += extra
        out.append(" ".join(line))
    return out


def greedy_lines(words: list[str], widths: list[float], space: float, room: float) -> list[str]:
    """The lines of `_Doc.wrap`'s greedy loop for words none wider than `room`: a line takes
    words while the running width (the first word's, then plus each next word's and a
    space's) stays within `room`. The running sums are the loop's own additions in its
    order (itertools.accumulate), so every break falls where the loop puts it."""
    from bisect import bisect_right
    from itertools import accumulate

    more = [v + space for v in widths]  # what each word adds after the first of a line
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        end = min(n, i + 33)
        while True:
            sums = list(accumulate(more[i + 1:end], initial=widths[i]))
            m = bisect_right(sums, room, 1)  # the first word that would go over, if any
            if m < len(sums) or end == n:
                break
            end = min(n, end + 64)
        out.append(" ".join(words[i:i + m]))
        i += m
    return out


def render(report: Report) -> bytes:
    """The report: a walker over `document.compose` (the blocks in `pdf_blocks`)."""
    from recovery_cli.export import document
    from recovery_cli.export.pdf_blocks import Writer

    doc = _Doc(report)
    pdf = doc.pdf
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 20)
    pdf.cell(pdf.epw, 10, doc.t(report.title), new_x="LMARGIN", new_y="NEXT")
    w = Writer(doc)
    w.para(document.period_line(report), 9.5, color=w.GREY)
    for sec in document.compose(report):
        if sec.id == "about":
            w.end_matter(sec)
        elif sec.id == "safety":
            w.framed(sec)
        else:
            w.section(sec)
    return output(pdf)
