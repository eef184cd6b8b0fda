"""A text question drawn ahead of prompt_toolkit, while it loads (issue 23).

Importing questionary and prompt_toolkit costs more than everything else before the first
question of an interactive check-in. So `shown` draws that question at once, exactly as
questionary's text prompt will draw it (the same "?", words, wrapping and colours; the answer
filled in), and holds what is typed meanwhile: the terminal stops echoing and stops cooking
lines, so every key reaches the prompt as the very key it was (Ctrl-U, Enter, arrows ...)
once prompt_toolkit reads it. Ctrl-C still interrupts at once (the signal stays on). Just
before prompt_toolkit draws, `hand_over` puts the cursor back where the question starts, and
prompt_toolkit draws the same question over it; when the question ends the terminal is set
back as it was.

Nothing is drawn ahead (the question simply waits for prompt_toolkit, as before) when it could
differ: no terminal on stdin and stdout, no termios (Windows), a dumb terminal, a colour depth
not known here, a question that would not fit the terminal's rows as fitted, text the output
can't encode, or prompt_toolkit already loaded (nothing to win).
"""

from __future__ import annotations

import contextlib
import os
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

from recovery_cli.core.errors import Cancelled

# (qmark, question, answer, aborted) SGR parameters per prompt_toolkit colour depth, for
# questionary's default style (qmark #5f819d, question bold, answer #FF9D00 bold) and
# prompt_toolkit's "aborting" grey (#888888); tests/cli/test_checkin_ahead.py compares them
# with what prompt_toolkit draws.
_SGR = {
    "DEPTH_1_BIT": ("0", "0;1", "0;1", "0"),
    "DEPTH_4_BIT": ("0;90", "0;1", "0;33;1", "0;90"),
    "DEPTH_8_BIT": ("0;38;5;67", "0;1", "0;38;5;214;1", "0;38;5;102"),
    "DEPTH_24_BIT": ("0;38;2;95;129;157", "0;1", "0;38;2;255;157;0;1", "0;38;2;136;136;136"),
}
_DUMB = ("dumb", "unknown")

_drawn: _Drawn | None = None  # the question on screen, until prompt_toolkit takes it over


class _Drawn:
    def __init__(self, lines: list[str], answer: str, sgr: tuple[str, str, str, str]) -> None:
        self.lines, self.answer, self.sgr = lines, answer, sgr
        self.pending = True  # still ours on the screen (prompt_toolkit has not drawn it)

    def text(self, aborted: bool = False) -> str:
        qmark, question, answer, grey = self.sgr
        if aborted:
            qmark, question, answer = grey, f"{grey};1", f"{grey};1"
        out = [f"\x1b[{qmark}m?"]
        for n, line in enumerate(self.lines):
            words = (" " if n == 0 else "") + line
            out.append(("\x1b[0m\n" if n else "") + f"\x1b[{question}m{words}")
        out.append(f" \x1b[{answer}m{self.answer}\x1b[0m")
        return "".join(out)

    def back_to_start(self) -> str:
        up = len(self.lines) - 1
        return "\r" + (f"\x1b[{up}A" if up else "")


def depth() -> str | None:
    """prompt_toolkit's colour depth for this terminal (output/color_depth.py and
    Vt100_Output.get_default_color_depth); None for a dumb terminal."""
    term = os.environ.get("TERM")
    if term is not None and term.lower() in _DUMB:
        return None
    if os.environ.get("NO_COLOR"):
        return "DEPTH_1_BIT"
    forced = os.environ.get("PROMPT_TOOLKIT_COLOR_DEPTH")
    if forced in _SGR:
        return forced
    if term in ("linux", "eterm-color"):
        return "DEPTH_4_BIT"
    return "DEPTH_8_BIT"


def _cells(text: str) -> int:
    """Terminal columns of `text` (wide characters two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _layout(message: str, answer: str, columns: int) -> list[str] | None:
    """The lines of `message` as questionary shows them ("? " first, the answer after the
    last), or None when one would not fit the row (prompt_toolkit would wrap it itself)."""
    from recovery_cli.prompts import fit

    lines = fit.message(message).split("\n")
    for n, line in enumerate(lines):
        used = _cells(line) + (2 if n == 0 else 0) + (1 + _cells(answer) if n == len(lines) - 1
                                                      else 0)
        if used >= columns or not line.isprintable():
            return None
    return lines


@contextlib.contextmanager
def shown(message: str, answer: str, cancelled: str) -> Iterator[None]:
    """Around asking one text question (questionary.text(fit.message(message), default=answer)):
    the question is on screen from now. Ctrl-C before prompt_toolkit has it raises
    `Cancelled(cancelled)`, the question greyed as prompt_toolkit greys it."""
    global _drawn
    ready = _ready(message, answer)
    if ready is None:
        yield
        return
    fd, before, held, drawn = ready
    try:
        import termios

        termios.tcsetattr(fd, termios.TCSANOW, held)
        _drawn = drawn
        sys.stdout.write(drawn.text())
        sys.stdout.flush()
        yield
    except KeyboardInterrupt:
        _end(aborted=True)
        raise Cancelled(cancelled) from None
    except BaseException:
        _end(aborted=False)
        raise
    finally:
        _drawn = None
        _restore(fd, before)


def hand_over() -> None:
    """prompt_toolkit is about to draw: the cursor back to where the question starts (it draws
    from there, over ours). Nothing when no question was drawn ahead."""
    if _drawn is not None and _drawn.pending:
        _drawn.pending = False
        sys.stdout.write(_drawn.back_to_start())
        sys.stdout.flush()


def _end(aborted: bool) -> None:
    """The question never reached prompt_toolkit: leave it on screen (greyed when aborted)
    and go to the next line, for what is said next."""
    if _drawn is None or not _drawn.pending:
        return
    _drawn.pending = False
    with contextlib.suppress(Exception):
        grey = (_drawn.back_to_start() + "\x1b[J" + _drawn.text(aborted=True)) if aborted else ""
        sys.stdout.write(grey + "\n")
        sys.stdout.flush()


def _ready(message: str, answer: str) -> tuple[int, Any, Any, _Drawn] | None:
    """(stdin's fd, its terminal settings now, the settings holding the keys, the question to
    draw), or None when it is not to be drawn ahead. Changes nothing yet."""
    if "prompt_toolkit" in sys.modules:
        return None
    level = depth()
    if level is None:
        return None
    try:
        import termios

        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return None
        fd = sys.stdin.fileno()
        columns = os.get_terminal_size(sys.stdout.fileno()).columns
        lines = _layout(message, answer, columns)
        if lines is None:
            return None
        drawn = _Drawn(lines, answer, _SGR[level])
        drawn.text().encode(sys.stdout.encoding or "utf-8")
        before = termios.tcgetattr(fd)
        held = termios.tcgetattr(fd)
    except (ImportError, AttributeError, ValueError, OSError, UnicodeError):
        return None
    # prompt_toolkit's raw mode (input/vt100.py), but with Ctrl-C's signal on: it interrupts.
    # Ctrl-Z and Ctrl-\ stay keys, as at the prompt.
    held[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    held[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)
    held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
    off = _disabled(fd)
    for key in ("VSUSP", "VQUIT", "VDSUSP"):
        if hasattr(termios, key):
            held[6][getattr(termios, key)] = off
    return fd, before, held, drawn


def _disabled(fd: int) -> bytes:
    """The value that turns a terminal's special key off (_POSIX_VDISABLE)."""
    try:
        value = os.fpathconf(fd, "PC_VDISABLE")
    except (OSError, ValueError):
        value = 0
    return bytes([value if 0 <= value < 256 else 0])


def _restore(fd: int, attrs: Any) -> None:
    import termios

    with contextlib.suppress(OSError, ValueError):
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
