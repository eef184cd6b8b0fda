"""Stored text made safe for a terminal (issue 24, item 7).

Text from an imported Daylio or jrnl file, or from flags, may hold terminal control
sequences: OSC 52 writes the clipboard, OSC 0 sets the window title, CSI 2J clears the
screen, CSI 8m hides what follows. Printed raw, a file could do all of that. `terminal_safe`
removes ESC/CSI/OSC/DCS sequences (7- and 8-bit), every other C0 control but tab and newline,
DEL and C1; shows bidi overrides and isolates visibly (`<U+202E>`), since they reorder what is
read; and turns lone surrogates (bytes that were not UTF-8) into U+FFFD.

It is applied at the one place all printed text meets rich: the program's two consoles
(`ui.console()`, `ui.err_console()`) are `safe_console()`s, which run the text of every segment
through `terminal_safe` just before rich adds the escape codes of its styles. So every table
cell, panel and line is covered, whoever built it, and the project's own colours stay. rich
itself strips only BEL, BS, VT, FF and CR from every string a `Text` is given
(`rich.text.strip_control_codes`); making a safe console also puts `terminal_safe` there, so
a sequence is removed whole (with its BEL terminator still in place) before layout. Plain `print()` of stored text (a few one-line
confirmations, stderr messages quoting what was typed, exports written to a terminal) calls
`terminal_safe` itself. Markup: stored text is passed to rich as `Text` or escaped
(`rich.markup.escape`), so `[bold]` in an entry shows as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment

# ESC followed by: CSI (ESC [ params intermediates final), OSC / DCS / SOS / PM / APC strings up
# to BEL or ST (or the end of the text), or a two-character sequence; the 8-bit CSI (0x9b) and
# 8-bit string introducers (0x90 DCS, 0x98 SOS, 0x9d OSC, 0x9e PM, 0x9f APC) likewise.
# A string with no terminator (rich strips BEL from text before we see it, and a file may
# just stop) loses only its introducer: the ESC is what a terminal acts on, and what follows
# is shown as text rather than swallowed to the end of the line.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\]PX^_]\d*;?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|[\x90\x98\x9d\x9e\x9f]\d*;?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` without anything a terminal would act on; printable text kept exactly."""
    if text.isprintable():
        return text
    if "\x1b" in text or any("\x90" <= ch <= "\x9f" for ch in text):
        text = _SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    if not text.isprintable():  # still: bidi controls, surrogates (tab and newline are fine)
        text = _SURROGATE.sub("\ufffd", text)
        text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return text


def safe_console(**kwargs: Any) -> Console:
    """A rich Console whose every printed text segment goes through `terminal_safe`; the
    escape codes of its own styles are added after that, so the colours stay."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                seg if seg.control else Segment(terminal_safe(seg.text), seg.style)
                for seg in buffer)

    _guard_text()
    return SafeConsole(**kwargs)


def _rich_strip(text: str, _table: object = None) -> str:
    return terminal_safe(text)


def _guard_text() -> None:
    """rich's `Text` strips BEL, BS, VT, FF and CR from every string it is given
    (`rich.text.strip_control_codes`); doing `terminal_safe` there instead sees an OSC with its
    BEL terminator still in place, so the whole sequence goes, before layout counts widths.
    The segment filter above stays the net for text built before this ran."""
    import rich.text

    setattr(rich.text, "strip_control_codes", _rich_strip)  # noqa: B010 (a re-export)
