"""The PDF's walker over `export.document` blocks: headings that move to a new page rather
than stand alone at the bottom, paragraphs wrapped in linear time, bullets, wrapped tables
that repeat their header, chart rows kept whole (`pdf_charts`), the life chart, the stage
profile, journal entries, the framed safety flags and the end matter kept on one page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recovery_cli.export import document as d

if TYPE_CHECKING:
    from recovery_cli.export.pdf import _Doc

FAMILY = "DejaVu"
INK = (30, 35, 48)
BOTTOM = 18.0  # the page's bottom margin (the footer lives there)


class Writer:
    GREY = (90, 98, 115)
    ALERT = (154, 52, 18)

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.pdf: Any = doc.pdf

    def heading(self, text: str, size: float = 13, need: float = 40) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - BOTTOM - need:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", size)
        pdf.set_text_color(*INK)
        for line in self.doc.wrap(self.doc.t(text), pdf.epw):
            pdf.cell(pdf.epw, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(200, 205, 215)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + pdf.epw, pdf.get_y() + 0.5)
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 9.5)

    def para(self, text: str, size: float = 9.5, bold: bool = False,
             color: tuple[int, int, int] = INK) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_text_color(*color)
        x = pdf.get_x()
        room = pdf.l_margin + pdf.epw - x
        h = size * 0.48
        put = self.doc.liner()
        for line in self.doc.wrap(self.doc.t(text), room):
            y = pdf.get_y()
            if y + h > pdf.page_break_trigger:
                pdf.add_page()
                pdf.set_font(FAMILY, "B" if bold else "", size)
                pdf.set_text_color(*color)
                y = pdf.get_y()
                put = self.doc.liner()
            put(x, y, room, h, line)
            pdf.set_y(y + h)

    def _need(self, sec: d.Section) -> float:
        from recovery_cli.export.pdf_charts import chart_height

        first = sec.blocks[0] if sec.blocks else None
        if isinstance(first, d.ChartGroup):
            return chart_height(28 if first.tall else 26) + 12
        return 50 if isinstance(first, d.Entries) else 30

    def section(self, sec: d.Section) -> None:
        self.heading(sec.title, need=self._need(sec))
        for b in sec.blocks:
            self.block(b)

    def block(self, b: d.Block) -> None:
        pdf = self.pdf
        if isinstance(b, d.Bullets):
            for i, item in enumerate(b.items):
                self.para("•  " + item)
                for note in b.notes[i] if i < len(b.notes) else []:
                    pdf.set_x(pdf.l_margin + 6)
                    self.para(note, 8.5, color=self.GREY)
        elif isinstance(b, d.Paragraph):
            if b.muted:
                self.para(b.text, 8.5, color=self.GREY)
            else:
                self.para(b.text, 9.5, bold=b.strong)
        elif isinstance(b, d.Heading):
            pdf.ln(1)
            self.para(b.text, 10, bold=True)
        elif isinstance(b, d.Table):
            self.table(b)
        elif isinstance(b, d.ChartGroup):
            from recovery_cli.export.pdf_charts import chart_rows

            chart_rows(pdf, self.doc.t, b.charts, b.columns, 28 if b.tall else 26, BOTTOM)
            for line in (b.legend, b.note):
                if line:
                    self.para(line, 7.5, color=self.GREY)
        elif isinstance(b, d.LifeChart):
            from recovery_cli.export import timeline as tl
            from recovery_cli.export.pdf_life import draw_life_chart

            draw_life_chart(pdf, b.points, tl.markers(b.events), pdf.epw)  # type: ignore[arg-type]
        elif isinstance(b, d.Profile):
            from recovery_cli.export.pdf_stage import profile_bars

            self.para(b.heading, 8.5, color=self.GREY)
            profile_bars(pdf, self.doc.t, b.rows, pdf.epw)
        elif isinstance(b, d.Entries):
            for e in b.entries:
                if pdf.get_y() > pdf.h - 36:
                    pdf.add_page()
                pdf.ln(1.5)
                self.para(e.heading, 10.5, bold=True)
                if e.tags:
                    self.para("Tags: " + ", ".join(e.tags), 8, color=self.GREY)
                self.para(e.body or "(no text)", 9.5)
                pdf.ln(1)

    def table(self, b: d.Table) -> None:
        epw = self.pdf.epw
        weights = b.widths or tuple(1.0 for _ in b.head)
        fixed = sum(weights)
        free = [w for w in weights if not w]
        fill = max((epw - fixed) / len(free), 14.0) if free else 0.0
        widths = tuple(w or fill for w in weights)
        widths = tuple(w * epw / sum(widths) for w in widths)
        head = b.short_head or b.head
        table(self.doc, head, b.rows, widths, 7 if b.kind == "checkins" and len(head) > 7
              else 8)

    def framed(self, sec: d.Section) -> None:
        """A section drawn inside a frame in the alert colour (the safety flags)."""
        pdf = self.pdf
        pdf.ln(2)
        y0 = pdf.get_y()
        pdf.set_x(pdf.l_margin + 3)
        self.para(sec.title, 10, bold=True, color=self.ALERT)
        for b in sec.blocks:
            for item in b.items if isinstance(b, d.Bullets) else []:
                pdf.set_x(pdf.l_margin + 3)
                self.para(item, 9.5, color=self.ALERT)
        pdf.set_draw_color(*self.ALERT)
        pdf.rect(pdf.l_margin, y0 - 1, pdf.epw, pdf.get_y() - y0 + 2)
        pdf.ln(2)

    def end_matter(self, sec: d.Section) -> None:
        """The last section as one block (never split over two pages); the rest of a last
        page that would stay mostly empty becomes a ruled space for notes from the
        appointment."""
        from recovery_cli.export.pdf import MISSING_NOTE

        pdf, doc = self.pdf, self.doc
        texts: list[tuple[str, bool]] = []
        for b in sec.blocks:
            if isinstance(b, d.Bullets):
                texts += [(f"•  {x}", False) for x in b.items]
            elif isinstance(b, d.Paragraph):
                texts.append((b.text, b.strong))
        if doc.missing:
            texts.append((MISSING_NOTE, False))
        need = 12.0
        for text, bold in texts:
            pdf.set_font(FAMILY, "B" if bold else "", 8.5)
            need += len(doc.wrap(doc.t(text), pdf.epw)) * 8.5 * 0.48
        if pdf.get_y() + need > pdf.h - BOTTOM:
            pdf.add_page()
        self.heading(sec.title, need=0)
        for text, bold in texts:
            self.para(text, 8.5, bold=bold)
        body = pdf.h - BOTTOM - pdf.t_margin
        if pdf.h - BOTTOM - pdf.get_y() > body * 0.5:
            self.heading("Notes from the appointment", need=0)
            pdf.set_draw_color(215, 220, 228)
            y = pdf.get_y() + 8
            while y < pdf.h - 20:
                pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
                y += 8


def table(doc: _Doc, head: list[str], rows: list[list[str]], widths: tuple[float, ...],
          size: float) -> None:
    """A simple wrapped table that repeats its header on a new page."""
    pdf = doc.pdf
    line_h = size * 0.45

    def draw_row(cells: list[str], bold: bool) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        wrap, t = doc.wrapper(), doc.t
        wrapped = [wrap(t(c), w - 1) for w, c in zip(widths, cells, strict=True)]
        h = max(len(lines) for lines in wrapped) * line_h + 1
        if pdf.get_y() + h > pdf.h - BOTTOM:
            pdf.add_page()
            if not bold:
                draw_row(head, True)
                pdf.set_font(FAMILY, "", size)
        y = pdf.get_y()
        x = pdf.l_margin
        if bold:
            pdf.set_fill_color(240, 242, 246)
            pdf.rect(x, y, sum(widths), h, style="F")
        put = doc.liner()
        for w, lines in zip(widths, wrapped, strict=True):
            for i, line in enumerate(lines):
                if line:
                    put(x + 0.5, y + 0.5 + i * line_h, w - 1, line_h, line)
            x += w
        pdf.set_draw_color(215, 220, 228)
        pdf.line(pdf.l_margin, y + h, pdf.l_margin + sum(widths), y + h)
        pdf.set_xy(pdf.l_margin, y + h)

    pdf.set_text_color(*INK)
    draw_row(head, True)
    for row in rows:
        draw_row(row, False)
    pdf.ln(2)
