"""Questions and their messages fitted to the terminal (issue 20, finding 4).

prompt_toolkit cuts what does not fit: the text before a multi-line prompt's input and the
validation message (a one-row toolbar) end at the right edge ("(mood <="), and a text
prompt reserves eight rows for a completion menu we never show, so a validation message
lands on the bottom row of the screen, far from its question. Here a question's message is
wrapped at word boundaries to the terminal's width before it is asked, and the validation
toolbar of every text prompt wraps and sits right under the answer."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any

QMARK = 2  # questionary's "? " in front of the message


def width() -> int:
    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def message(text: str, after: str = "") -> str:
    """`text` wrapped to the terminal (its own line breaks kept); room is left for `after`
    (an answer or an instruction questionary shows on the last line)."""
    cols = width() - 1
    out: list[str] = []
    lines = text.split("\n")
    for n, line in enumerate(lines):
        lead = QMARK if n == 0 else 0
        indent = line[: len(line) - len(line.lstrip())]
        wrapped = textwrap.wrap(line, width=max(cols - lead, 10), subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False) or [""]
        out.extend(wrapped)
    if after and len(out[-1]) + (QMARK if len(out) == 1 else 0) + 1 + len(after) > cols:
        out.append("")  # the instruction goes on a line of its own
    return "\n".join(out)


def wrapped_validator(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """`check`, its messages wrapped at word boundaries to the terminal."""

    def validate(text: str) -> Any:
        verdict = check(text)
        if isinstance(verdict, str):
            return "\n".join(textwrap.wrap(verdict, width=width() - 1, break_long_words=False,
                                            break_on_hyphens=False))
        return verdict

    return validate


def wrap_validation(question: Any) -> Any:
    """Let the validation toolbar of a questionary text prompt wrap over several rows."""
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    app = getattr(question, "application", None)
    if app is None:
        return question
    for node in app.layout.walk():
        if isinstance(node, Window) and isinstance(node.content, FormattedTextControl):
            text = node.content.text
            owner = getattr(text, "__qualname__", "")
            if owner.startswith("ValidationToolbar."):
                node.height = None
                node.wrap_lines = to_filter(True)
    return question
