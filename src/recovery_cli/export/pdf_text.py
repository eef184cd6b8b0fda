"""Plain text on the PDF's pages: what fpdf2's `get_string_width` returns and what its
`text(x, y, text)` writes, byte for byte, without its per-call cost.

For the report's case (a TrueType font, filled text, no underline, strike-through, text
shaping, fallback fonts, stretching or letter spacing) a width is the sum of the font's
character widths, and a string's codes in the font subset come from a table filled once per
character (in the order fpdf2 would number them) instead of once per character shown.
Anything else goes through fpdf2's own methods.
"""

from __future__ import annotations

from typing import Any

_FILL = 0  # fpdf2's TextMode.FILL (an int enum): text drawn filled, the default


class PlainText:
    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        # Per font: the characters seen and their codes in its subset (a translate table),
        # and each string drawn as its show-text operator.
        self._codes: dict[str, tuple[set[str], dict[int, str | None], dict[str, str]]] = {}
        self._color: tuple[Any, str] = (None, "")  # the last text colour, serialised

    def width(self, text: str) -> float:
        """`pdf.get_string_width(text)` in the current font."""
        pdf = self.pdf
        font = pdf.current_font
        alias = pdf.str_alias_nb_pages
        if (not pdf.is_ttf_font or pdf.text_shaping or pdf._fallback_font_ids
                or pdf.font_stretching != 100 or pdf.char_spacing != 0
                or getattr(font, "is_symbol", True) or (alias and alias in text)):
            return float(pdf.get_string_width(text))
        size = pdf.font_size_pt
        if size > font.biggest_size_pt:  # as fpdf2's get_text_width keeps it
            font.biggest_size_pt = size
        # The same operations in the same order as fpdf2 (Fragment.get_width): same float.
        return float(sum(map(font.cw.__getitem__, map(ord, text))) * size * 0.001 / pdf.k)

    def fits(self, text: str, width: float) -> bool:
        """Is `text` certainly narrower than `width` (so a greedy wrap by words, adding up
        `width` of each word and space in floats, keeps it on one line)? The margin covers
        the rounding of that sum; False when unsure or when `width` would go to fpdf2."""
        pdf = self.pdf
        font = pdf.current_font
        alias = pdf.str_alias_nb_pages
        if (not pdf.is_ttf_font or pdf.text_shaping or pdf._fallback_font_ids
                or pdf.font_stretching != 100 or pdf.char_spacing != 0
                or getattr(font, "is_symbol", True) or (alias and alias in text)):
            return False
        return self.width(text) < width * (1 - 1e-9)

    def draw(self, x: float, y: float, text: str) -> None:
        """`pdf.text(x, y, text)`."""
        pdf = self.pdf
        font = pdf.current_font
        if (not pdf.page or not pdf.is_ttf_font or pdf.text_mode != _FILL or pdf.underline
                or pdf.strikethrough or pdf._record_text_quad_points
                or getattr(font, "is_symbol", True) or font.color_font is not None):
            pdf.text(x, y, text)
            return
        known, codes, shown = self._codes.setdefault(font.fontkey, (set(), {}, {}))
        show = shown.get(text)
        if show is None:
            if not known.issuperset(text):
                pick = font.subset.pick
                for c in text:  # in order: the subset numbers characters as they first appear
                    if c not in known:
                        known.add(c)
                        code = pick(ord(c))
                        codes[ord(c)] = None if code is None else chr(code)
            show = shown[text] = f"({font.escape_text(text.translate(codes))}) Tj"
        if not pdf.current_font_is_set_on_page:
            pdf._out(pdf._set_font_for_page(font, pdf.font_size_pt))
        k = pdf.k
        out = f"BT {x * k:.2f} {(pdf.h - y) * k:.2f} Td {show} ET"
        color = pdf.text_color
        if pdf.fill_color != color:
            if self._color[0] is not color:  # the object is kept, so `is` can't be fooled
                self._color = (color, color.serialize().lower())
            out = f"q {self._color[1]} {out} Q"
        pdf._out(out)
