"""Plain text on the PDF's pages: what fpdf2's `get_string_width` returns and what its
`text(x, y, text)` writes, byte for byte, without its per-call cost.

For the report's case (a TrueType font, filled text, no underline, strike-through, text
shaping, fallback fonts, stretching or letter spacing) a width is the sum of the font's
character widths, and a string's codes in the font subset come from a table filled once per
character (in the order fpdf2 would number them) instead of once per character shown.
Anything else goes through fpdf2's own methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FILL = 0  # fpdf2's TextMode.FILL (an int enum): text drawn filled, the default


class PlainText:
    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        # Per font: the characters seen and their codes in its subset (a translate table),
        # and each string drawn as its show-text operator.
        self._codes: dict[str, tuple[set[str], dict[int, str | None], dict[str, str]]] = {}
        self._color: tuple[Any, str] = (None, "")  # the last text colour, serialised

    def _plain_widths(self) -> bool:
        pdf = self.pdf
        return bool(pdf.is_ttf_font and not pdf.text_shaping and not pdf._fallback_font_ids
                    and pdf.font_stretching == 100 and pdf.char_spacing == 0
                    and not getattr(pdf.current_font, "is_symbol", True))

    def measure(self) -> tuple[Callable[[str], float], Callable[[str, float], bool]]:
        """For the current font: `width(text)`, what `pdf.get_string_width(text)` returns,
        and `fits(text, room)`, is `text` certainly narrower than `room` (so a greedy wrap
        by words, adding up the width of each word and space in floats, keeps it on one
        line; the margin covers the rounding of that sum)."""
        pdf = self.pdf
        if not self._plain_widths():
            return (lambda text: float(pdf.get_string_width(text))), (lambda text, room: False)
        font = pdf.current_font
        size, k, alias = pdf.font_size_pt, pdf.k, pdf.str_alias_nb_pages
        if size > font.biggest_size_pt:  # as fpdf2's get_text_width keeps it
            font.biggest_size_pt = size
        cw = font.cw.__getitem__

        def width(text: str) -> float:
            if alias and alias in text:  # the page count: fpdf2's own placeholder width
                return float(pdf.get_string_width(text))
            # The operations of fpdf2's Fragment.get_width, in its order: the same float.
            return float(sum(map(cw, map(ord, text))) * size * 0.001 / k)

        # A text with more characters than the room holds at a fifth of an em each is not
        # measured: it would hardly ever fit, and the wrap loop finds the same lines anyway.
        per_unit = 5 * k / size  # characters per unit of room at a fifth of an em

        def fits(text: str, room: float) -> bool:
            return (len(text) <= room * per_unit and not (alias and alias in text)
                    and width(text) < room * (1 - 1e-9))

        return width, fits

    def width(self, text: str) -> float:
        """`pdf.get_string_width(text)` in the current font."""
        return self.measure()[0](text)

    def drawer(self) -> Callable[[float, float, str], None]:
        """`pdf.text` for as long as the font, its size, the colours and the page stay as
        they are (the lines of one table row)."""
        pdf = self.pdf
        font = pdf.current_font
        if (not pdf.page or not pdf.is_ttf_font or pdf.text_mode != _FILL or pdf.underline
                or pdf.strikethrough or pdf._record_text_quad_points
                or getattr(font, "is_symbol", True) or font.color_font is not None):
            return pdf.text  # type: ignore[no-any-return]
        known, codes, shown = self._codes.setdefault(font.fontkey, (set(), {}, {}))
        k, h, out = pdf.k, pdf.h, pdf._out
        color = pdf.text_color
        if pdf.fill_color != color:
            if self._color[0] is not color:  # the object is kept, so `is` can't be fooled
                self._color = (color, color.serialize().lower())
            before, after = f"q {self._color[1]} BT ", " ET Q"
        else:
            before, after = "BT ", " ET"

        def draw(x: float, y: float, text: str) -> None:
            show = shown.get(text)
            if show is None:
                if not known.issuperset(text):
                    pick = font.subset.pick
                    for c in text:  # in order: the subset numbers characters as they appear
                        if c not in known:
                            known.add(c)
                            code = pick(ord(c))
                            codes[ord(c)] = None if code is None else chr(code)
                show = shown[text] = f"({font.escape_text(text.translate(codes))}) Tj"
            if not pdf.current_font_is_set_on_page:
                out(pdf._set_font_for_page(font, pdf.font_size_pt))
            out(f"{before}{x * k:.2f} {(h - y) * k:.2f} Td {show}{after}")

        return draw

    def draw(self, x: float, y: float, text: str) -> None:
        """`pdf.text(x, y, text)`."""
        self.drawer()(x, y, text)
