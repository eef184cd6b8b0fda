"""Spawning `python -m recovery_cli ARGS...` in a real pseudo-terminal (pexpect) for the
end-to-end tests, the way a person's terminal runs it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def pty_env(home: Path, *, unset: Iterable[str] = ("NO_COLOR",), **extra: str) -> dict[str, str]:
    """The test run's environment as a terminal's: xterm colours, UTF-8, no cursor-position
    requests (prompt_toolkit's CPR would wait on them), `home` as RECOVERY_HOME, plus `extra`.
    `unset` names variables to drop unless `extra` sets them (the `home` fixture sets NO_COLOR
    and COLUMNS for in-process runs)."""
    env = dict(os.environ, TERM="xterm-256color", PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1", RECOVERY_HOME=str(home), **extra)
    for var in unset:
        if var not in extra:
            env.pop(var, None)
    return env


def spawn_recovery(home: Path, *args: str, size: tuple[int, int] = (40, 120),
                   timeout: float = 60, unset: Iterable[str] = ("NO_COLOR",),
                   **extra: str) -> Any:
    """A pexpect child running `recovery ARGS...` in a `size` (rows, columns) terminal."""
    import pexpect

    return pexpect.spawn(sys.executable, ["-m", "recovery_cli", *args],
                         env=pty_env(home, unset=unset, **extra), dimensions=size,
                         encoding="utf-8", timeout=timeout)


# prompt_toolkit switches the terminal to raw mode and attaches its input before it draws a
# prompt, and ends every drawing by turning autowrap back on: after that, the prompt is on the
# screen and reading keys. A key sent earlier (a Ctrl-C while one prompt hands over to the
# next, when the terminal is briefly back in cooked mode) can be lost under load, and the test
# then waits for a prompt that never ends.
PROMPT_READY = "\x1b[?7h"


def expect_prompt(child: Any, text: str) -> None:
    """Wait for the prompt showing `text` to be drawn and ready for keys (an event, never a
    sleep)."""
    child.expect_exact(text)
    child.expect_exact(PROMPT_READY)
