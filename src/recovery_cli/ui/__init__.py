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
