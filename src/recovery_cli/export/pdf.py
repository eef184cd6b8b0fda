"""PDF with fpdf2 and the bundled DejaVu Sans (accented Latin, Greek, Cyrillic).

Page 1: the period, a summary, safety flags, charts drawn with fpdf2's own lines and dots,
questionnaire results, stage and warning signs. Then the check-ins table and the journal
entries; the attributions and the disclaimer at the end. Every page's footer has the period
and the page number.

Scripts DejaVu lacks (Chinese, Japanese, Korean ...) use a system font found through
fontconfig when one is installed; otherwise each such character is shown as a visible
placeholder and the footer says that the HTML export has the full text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recovery_cli.export.pdf_fonts import (  # find_system_font: re-exported
    _cmap,
    _texts,
    find_system_font,
    fonts_dir,
)
from recovery_cli.export.report import SCORE_COLUMNS, Report, plan_lines

if TYPE_CHECKING:
    from recovery_cli.events import Period as TimelinePeriod

PLACEHOLDER = "\u25a1"  # □
FAMILY = "DejaVu"
FALLBACK = "SystemFallback"
SHORT_LABELS = {"sleep_hours": "Sleep h", "sleep_quality": "Sleep q", "medication": "Med",
                "anxiety": "Anxiety", "energy": "Energy", "mood": "Mood"}
MISSING_NOTE = ("Some characters are not in this PDF's font and show as \u25a1; "
                "the HTML export has the full text.")


class _Doc:
    """The fpdf2 document plus the character coverage of its fonts."""

    def __init__(self, report: Report) -> None:
        from fpdf import FPDF

        self.r = report
        self.missing = False
        self._widths: dict[tuple[str, str, float], dict[str, float]] = {}
        period = report.period.label
        doc = self

        class _PDF(FPDF):
            def footer(self) -> None:
                self.set_y(-14)
                self.set_font(FAMILY, "", 7.5)
                self.set_text_color(110, 110, 110)
                self.cell(0, 4, f"Recovery report · {period}", align="L")
                self.set_x(self.l_margin)
                self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
                if doc.missing:
                    self.set_xy(self.l_margin, -10)
                    self.cell(0, 4, MISSING_NOTE, align="L")

        pdf = _PDF(format="A4", unit="mm")
        pdf.set_title(f"Recovery report {period}")
        pdf.set_creator("recovery")
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_margins(16, 16, 16)
        folder = fonts_dir()
        pdf.add_font(FAMILY, "", str(folder / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.pdf = pdf
        self.covered: set[int] = _cmap(pdf, "dejavu") & _cmap(pdf, "dejavuB")
        self._check_coverage()

    def _check_coverage(self) -> None:
        lacking = {c for text in _texts(self.r) for c in text
                   if ord(c) not in self.covered and c.isprintable() and not c.isspace()}
        if not lacking:
            return
        font = find_system_font("".join(sorted(lacking)))
        if font is not None:
            try:
                self.pdf.add_font(FALLBACK, "", str(font))
                self.pdf.set_fallback_fonts([FALLBACK], exact_match=False)
                self.covered |= _cmap(self.pdf, FALLBACK.lower())
            except Exception:  # an unusable font file: placeholders instead
                pass
        self.missing = any(ord(c) not in self.covered for c in lacking)

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines no wider than `width` (mm) in the current font: greedy by words, long words
        split. Linear in the text (fpdf2's own multi_cell is quadratic on long paragraphs)."""
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
        cache = self._widths.setdefault(key, {})

        def w(word: str) -> float:
            got = cache.get(word)
            if got is None:
                got = cache[word] = float(pdf.get_string_width(word))
            return got

        space = w(" ")
        out: list[str] = []
        for raw in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in raw.split(" "):
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

    def t(self, text: str) -> str:
        """Text the fonts can show: uncovered characters become a visible placeholder, and
        control characters other than newlines are dropped."""
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


def render(report: Report) -> bytes:
    doc = _Doc(report)
    pdf = doc.pdf
    t = doc.t
    r = report
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: float = 13, need: float = 40) -> None:
        if pdf.get_y() > pdf.h - 18 - need:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", size)
        pdf.set_text_color(30, 35, 48)
        for line in doc.wrap(t(text), width):
            pdf.cell(width, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(200, 205, 215)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + width, pdf.get_y() + 0.5)
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 9.5)

    def para(text: str, size: float = 9.5, bold: bool = False,
             color: tuple[int, int, int] = (30, 35, 48)) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_text_color(*color)
        x = pdf.get_x()
        room = pdf.l_margin + width - x
        for line in doc.wrap(t(text), room):
            pdf.set_x(x)
            pdf.cell(room, size * 0.48, line, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font(FAMILY, "B", 20)
    pdf.cell(width, 10, t(r.title), new_x="LMARGIN", new_y="NEXT")
    from recovery_cli.export import document

    para(document.period_line(r), 9.5, color=(90, 98, 115))
    sections = document.compose(r)
    _section(doc, heading, para, sections[0])
    if r.safety_scores:
        pdf.ln(2)
        y0 = pdf.get_y()
        pdf.set_x(pdf.l_margin + 3)
        para("Safety flags", 10, bold=True, color=(154, 52, 18))
        for sc in r.safety_scores:
            pdf.set_x(pdf.l_margin + 3)
            para(sc.safety_sentence, 9.5, color=(154, 52, 18))
        pdf.set_draw_color(154, 52, 18)
        pdf.rect(pdf.l_margin, y0 - 1, width, pdf.get_y() - y0 + 2)
        pdf.ln(2)

    if r.has("intake"):
        heading("Intake")
        if r.intake:
            para(f"Prepared for an appointment, {r.intake.dated}.", 8.5, color=(90, 98, 115))
            for answer in r.intake.lines:
                pdf.ln(1)
                para(answer.label, 10, bold=True)
                if answer.items:
                    for x in answer.items:
                        para("•  " + x)
                else:
                    para(answer.text)
        else:
            para("No intake filled in yet.", color=(90, 98, 115))
    for sec in sections[1:]:
        _section(doc, heading, para, sec)
    from recovery_cli.export import charts as ch
    from recovery_cli.export.pdf_charts import chart_height, chart_rows

    legend = ch.legend(r.chart_marks)
    if r.has("checkins") and r.charts:
        heading("Check-ins over the period", need=chart_height(26) + 12)
        chart_rows(pdf, t, r.charts, 2, 26, 18)
        if legend and not r.score_charts:
            para(legend, 7.5, color=(90, 98, 115))
    if r.has("assessments"):
        heading("Questionnaires", need=chart_height(28) + 12 if r.score_charts else 30)
        chart_rows(pdf, t, r.score_charts, 2, 28, 18)
        if legend and r.score_charts:
            para(legend, 7.5, color=(90, 98, 115))
        if r.scores:
            _table(doc, SCORE_COLUMNS, [sc.cells("SAFETY FLAG") for sc in r.scores],
                   (20, 30, 12, 10, 34, 36, 36), 8)
            para(r.clinician_note, 8, color=(90, 98, 115))
        else:
            para("No questionnaire results in this period.", color=(90, 98, 115))
    if r.has("stage"):
        heading("Stage")
        if r.stage:
            para(r.stage.sentence)
            if r.stage.profile:
                from recovery_cli.export.pdf_stage import profile_bars

                para(r.stage.profile_heading, 8.5, color=(90, 98, 115))
                profile_bars(pdf, t, r.stage.profile, width)
            para(r.stage.model_note, 8.5, color=(90, 98, 115))
            if r.stage.earlier:
                para(r.stage.earlier_sentence, 8.5, color=(90, 98, 115))
        else:
            para("No stage self-assessment in this period.", color=(90, 98, 115))
    warnings = document.compose_warnings(r)
    if warnings is not None:
        _section(doc, heading, para, warnings)

    if r.timeline is not None:
        _timeline(doc, heading, para, r.timeline, width)
    if r.has("checkins") and r.checkins:
        heading("Check-ins")
        head = ["Day"] + [SHORT_LABELS.get(item, label) for item, label in r.checkin_columns]
        n = len(r.checkin_columns)
        narrow = {"mood": 9.5, "energy": 11.5, "sleep_hours": 11.0, "sleep_quality": 11.0,
                  "anxiety": 12.5, "medication": 8.5}
        fixed = [16.5] + [narrow.get(item, 0.0)
                          for item, _ in r.checkin_columns]
        free = width - sum(fixed)
        wide_count = sum(1 for w in fixed if w == 0) or 1
        widths = tuple(w or max(free / wide_count, 14.0) for w in fixed)
        if sum(widths) > width:
            widths = tuple(w * width / sum(widths) for w in widths)
        rows = [[d.day] + [r.cell(d, item) for item, _ in r.checkin_columns] for d in r.checkins]
        _table(doc, head, rows, widths, 7 if n > 6 else 8)
    elif r.has("checkins"):
        heading("Check-ins")
        para("No check-ins in this period.", color=(90, 98, 115))

    if r.has("journal"):
        heading("Journal", 15, need=50)
        if not r.entries:
            para("No journal entries shared for this period.", color=(90, 98, 115))
        for e in r.entries:
            if pdf.get_y() > pdf.h - 36:
                pdf.add_page()
            when = e.created_at[:16].replace("T", " ")
            title = f" — {e.title}" if e.title else ""
            star = " ★" if e.starred else ""
            private = " (private)" if e.private else ""
            pdf.ln(1.5)
            para(f"{when}{title}{star}{private}", 10.5, bold=True)
            if e.tags:
                para("Tags: " + ", ".join(e.tags), 8, color=(90, 98, 115))
            para(e.body or "(no text)", 9.5)
            pdf.ln(1)
        if r.private_left_out:
            pdf.ln(2)
            n_left = r.private_left_out
            para(f"{n_left} private journal {'entry was' if n_left == 1 else 'entries were'} "
                 "left out.", 8.5, color=(90, 98, 115))

    if r.has("plan"):
        heading("Relapse-prevention plan")
        if r.plan:
            for h, items in plan_lines(r.plan):
                para(h, 10, bold=True)
                for x in items:
                    para("•  " + x)
        else:
            para("No plan yet.", color=(90, 98, 115))

    _end_matter(doc, heading, para)
    return bytes(pdf.output())


def _timeline(doc: _Doc, heading: Any, para: Any, p: TimelinePeriod, width: float) -> None:
    """Medications with their changes in the period, events by date (numbered as the chart
    markers are), and the next session's bring-list."""
    from recovery_cli.export import timeline as tl

    def fit(*ws: float) -> tuple[float, ...]:
        return tuple(w * width / sum(ws) for w in ws)

    if p.medications:
        heading("Medications")
        _table(doc, tl.MED_HEAD, tl.med_rows(p), fit(34, 40, 66, 40), 8)
    if p.events:
        heading("Events")
        para("The numbers are the markers on the charts above.", 8, color=(90, 98, 115))
        rows = [[m.label, *row] for m, row in zip(tl.markers(p.events), tl.event_rows(p.events),
                                                  strict=True)]
        _table(doc, ["#", *tl.EVENT_HEAD], rows, fit(7, 20, 22, 110, 12), 8)
    bring, nxt = tl.bring_rows(p), tl.next_text(p)
    if bring or nxt:
        heading("For the next session")
        if nxt:
            para(nxt, 9.5, bold=True)
        for b in bring:
            para("•  " + b)


def _section(doc: _Doc, heading: Any, para: Any, sec: Any) -> None:
    """One section of `export.document` (its paragraphs, bullets and tables)."""
    from recovery_cli.export import document as d

    heading(sec.title, need=30)
    for block in sec.blocks:
        if isinstance(block, d.Bullets):
            for i, item in enumerate(block.items):
                para("•  " + item)
                for note in block.notes[i] if i < len(block.notes) else []:
                    doc.pdf.set_x(doc.pdf.l_margin + 6)
                    para(note, 8.5, color=(90, 98, 115))
        elif isinstance(block, d.Paragraph):
            para(block.text, 8.5 if block.muted else 9.5,
                 color=(90, 98, 115) if block.muted else (30, 35, 48))
        elif isinstance(block, d.Table):
            w = doc.pdf.epw / max(len(block.head), 1)
            _table(doc, block.head, block.rows, tuple(w for _ in block.head), 8)


def _end_matter(doc: _Doc, heading: Any, para: Any) -> None:
    """Attributions, credits and the disclaimer as one block (never split over two pages);
    the rest of a last page that would stay mostly empty becomes a ruled space for notes
    from the appointment."""
    pdf, r = doc.pdf, doc.r
    texts: list[tuple[str, float, bool]] = [
        (f"{a.title}: " + " ".join(x for x in (a.line, a.url) if x), 8.5, False)
        for a in r.attributions]
    if r.skill_credits:
        texts.append(("Skills practised in this period (our own wording) and where they come "
                      "from:", 8.5, False))
        texts += [(f"•  {title}: {credit}", 8.5, False) for title, credit in r.skill_credits]
    texts += [(r.clinician_note, 8.5, False), (r.disclaimer, 8.5, True)]
    if doc.missing:
        texts.append((MISSING_NOTE, 8.5, False))
    need = 12.0
    for text, size, bold in texts:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        need += len(doc.wrap(doc.t(text), pdf.epw)) * size * 0.48
    if pdf.get_y() + need > pdf.h - 18:
        pdf.add_page()
    heading("About this report", need=0)
    for text, size, bold in texts:
        para(text, size, bold=bold)
    body = pdf.h - 18 - pdf.t_margin
    room = pdf.h - 18 - pdf.get_y()
    if room > body * 0.5:
        heading("Notes from the appointment", need=0)
        pdf.set_draw_color(215, 220, 228)
        y = pdf.get_y() + 8
        while y < pdf.h - 20:
            pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
            y += 8


def _table(doc: _Doc, head: list[str], rows: list[list[str]],
           widths: tuple[float, ...], size: float) -> None:
    """A simple wrapped table that repeats its header on a new page."""
    pdf = doc.pdf
    line_h = size * 0.45

    def draw_row(cells: list[str], bold: bool) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        wrapped = [doc.wrap(doc.t(c), w - 1) for w, c in zip(widths, cells, strict=True)]
        h = max(len(lines) for lines in wrapped) * line_h + 1
        if pdf.get_y() + h > pdf.h - 18:
            pdf.add_page()
            if not bold:
                draw_row(head, True)
                pdf.set_font(FAMILY, "", size)
        y = pdf.get_y()
        x = pdf.l_margin
        if bold:
            pdf.set_fill_color(240, 242, 246)
            pdf.rect(x, y, sum(widths), h, style="F")
        for w, lines in zip(widths, wrapped, strict=True):
            for i, line in enumerate(lines):
                if line:
                    pdf.set_xy(x + 0.5, y + 0.5 + i * line_h)
                    pdf.cell(w - 1, line_h, line)
            x += w
        pdf.set_draw_color(215, 220, 228)
        pdf.line(pdf.l_margin, y + h, pdf.l_margin + sum(widths), y + h)
        pdf.set_xy(pdf.l_margin, y + h)

    pdf.set_text_color(30, 35, 48)
    draw_row(head, True)
    for row in rows:
        draw_row(row, False)
    pdf.ln(2)
