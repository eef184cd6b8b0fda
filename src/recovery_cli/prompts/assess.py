"""The questions of a questionnaire or the stage self-assessment, one select per item.

Each item is a select of its published answer options, in the order the checklist lists them
(WHO-5: "All of the time" first). An unscored item (PHQ-9's difficulty question) has a "Skip"
choice. Ctrl-C or EOF at any question raises `Cancelled`: nothing has been written yet.
"""

from __future__ import annotations

from collections.abc import Callable

from recovery_cli.core.models import Checklist, Item
from recovery_cli.prompts import ask_number, ask_select, fmt_num

CANCELLED = "Questionnaire cancelled; nothing was saved."
_SKIP = -1.0


def ask_answers(
    checklist: Checklist, on_answer: Callable[[Item, float | None], None] | None = None
) -> list[float | None]:
    """Ask every item in order; returns values in item order (None = skipped).
    `on_answer` runs after each answer (the crisis block shows at once after PHQ-9 item 9)."""
    items = checklist.items
    out: list[float | None] = []
    for pos, item in enumerate(items, start=1):
        message = f"{pos}/{len(items)}  {item.text}"
        if item.type == "number":
            assert item.min is not None and item.max is not None
            number = ask_number(message, item.min, item.max, decimals=item.decimals,
                                required=item.scored, cancelled=CANCELLED)
            out.append(number)
            if on_answer is not None:
                on_answer(item, number)
            continue
        if item.type == "yes_no":
            choices: list[tuple[str, float]] = [("No", 0.0), ("Yes", 1.0)]
        else:
            choices = [
                (f"{opt.label}  ({fmt_num(float(opt.value))})", float(opt.value))
                for opt in checklist.options_for(item)
            ]
        if not item.scored:
            choices.append(("Skip this one", _SKIP))
        value = ask_select(message, choices, cancelled=CANCELLED)
        answer = None if value == _SKIP and not item.scored else float(value)
        out.append(answer)
        if on_answer is not None:
            on_answer(item, answer)
    return out
