"""How things look: the consoles and every rich renderable (one module per area).

Only `ui` and `cli` import rich. Functions here take data and return renderables or print
them; they never fetch data, prompt or exit. `NO_COLOR` and a non-terminal stdout give plain
text (rich handles both).
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


@functools.cache
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@functools.cache
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def say(message: str) -> None:
    """A plain line on stderr (status and kind words), without rich markup."""
    print(message, file=sys.stderr)


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
