"""The questions of a questionnaire or the stage self-assessment, one select per item.

Each item is a select of its published answer options, in the order the checklist lists them
(WHO-5: "All of the time" first). An unscored item (PHQ-9's difficulty question) has a "Skip"
choice. Ctrl-C or EOF at any question raises `Cancelled`: nothing has been written yet.
"""

from __future__ import annotations

from recovery_cli.models import Checklist
from recovery_cli.prompts import ask_number, ask_select

CANCELLED = "Questionnaire cancelled; nothing was saved."
_SKIP = -1.0


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def ask_answers(checklist: Checklist) -> list[float | None]:
    """Ask every item in order; returns values in item order (None = skipped)."""
    items = checklist.items
    out: list[float | None] = []
    for pos, item in enumerate(items, start=1):
        message = f"{pos}/{len(items)}  {item.text}"
        if item.type == "number":
            assert item.min is not None and item.max is not None
            out.append(
                ask_number(message, item.min, item.max, decimals=item.decimals,
                           required=item.scored, cancelled=CANCELLED)
            )
            continue
        if item.type == "yes_no":
            choices: list[tuple[str, float]] = [("No", 0.0), ("Yes", 1.0)]
        else:
            choices = [
                (f"{opt.label}  ({_fmt(float(opt.value))})", float(opt.value))
                for opt in checklist.options_for(item)
            ]
        if not item.scored:
            choices.append(("Skip this one", _SKIP))
        value = ask_select(message, choices, cancelled=CANCELLED)
        out.append(None if value == _SKIP and not item.scored else float(value))
    return out
