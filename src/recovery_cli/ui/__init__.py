"""How things look: the consoles and every rich renderable (one module per area).

Only `ui` and `cli` import rich. Functions here take data and return renderables or print
them; they never fetch data, prompt or exit. `NO_COLOR` and a non-terminal stdout give plain
text (rich handles both).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text


@functools.cache
def console() -> Console:
    """stdout. Stored text printed through it can't drive the terminal (`ui.safe`)."""
    from recovery_cli.ui.safe import safe_console

    return safe_console(highlight=False, soft_wrap=False)


@functools.cache
def err_console() -> Console:
    from recovery_cli.ui.safe import safe_console

    return safe_console(stderr=True, highlight=False)


def say(message: str) -> None:
    """A plain line on stderr (status and kind words), without rich markup. In a terminal it
    is wrapped at word boundaries to its width (a word is never cut at the edge); piped, it
    stays one line. Anything from stored or typed text in it can't drive the terminal."""
    from recovery_cli.ui.safe import terminal_safe

    print(fit_to_terminal(terminal_safe(message), sys.stderr), file=sys.stderr)


def line(message: str) -> None:
    """A plain line of our own words on stdout, wrapped as `say` wraps: what rich would
    print for it, without importing rich (~40 ms of CPU) for a command that draws nothing
    else (issue 23)."""
    print(fit_to_terminal(message, sys.stdout))


def fit_to_terminal(message: str, stream: object) -> str:
    """`message` wrapped to the terminal's width when `stream` is one; each line keeps its
    indentation for the lines it wraps onto."""
    try:
        if not stream.isatty():  # type: ignore[attr-defined]
            return message
    except (AttributeError, ValueError):
        return message
    import shutil
    import textwrap

    cols = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
    out = []
    for line in message.split("\n"):
        if len(line) <= cols:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()))
        out.extend(textwrap.wrap(line, width=cols, subsequent_indent=indent + "  " * bool(
            line.lstrip().startswith(("- ", "* ", "• "))), break_long_words=False,
            break_on_hyphens=False) or [line])
    return "\n".join(out)


def hanging(rows: list[tuple[str, str]], *, indent: int = 0, markup: bool = False) -> Table:
    """Lines like "  1. text" whose text wraps under itself, not under the "1." (a numbered
    step, a bullet, "Note:" ...). With `markup`, the text may hold rich markup."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for lead, text in rows:
        grid.add_row(Text(" " * indent + lead), Text.from_markup(text) if markup else Text(text))
    return grid


class HangingText:
    """Plain text wrapped to the width it is given, continuation lines indented by `rest`
    ("- Coping skills used ... (stage" / "  3)."). Long words such as URLs stay whole."""

    def __init__(self, text: str, *, first: int = 0, rest: int = 2, style: str = "") -> None:
        self.text = text
        self.first = first
        self.rest = rest
        self.style = style

    def _lines(self, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(self.text, width=max(width, self.rest + 10),
                             initial_indent=" " * self.first, subsequent_indent=" " * self.rest,
                             break_long_words=False, break_on_hyphens=False) or [""]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text

        for line in self._lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        longest = max((len(w) for w in self.text.split()), default=0)
        return Measurement(min(self.rest + longest, options.max_width),
                           min(self.first + len(self.text), options.max_width))
