"""The check-in's questions, built from its checklist items.

Numbers are typed into validated prompts that show the range (so `5` + Enter answers any of
them; Enter alone skips an optional one); choices are a select with "Skip" first;
multi-selects are checkboxes; text is one line. Defaults are today's existing answers. Ctrl-C or
EOF at any question raises `Cancelled`, before anything is written. The first question, when
it is a number or text, is on screen before prompt_toolkit has loaded (prompts/ahead.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from recovery_cli.checkin.logic import Answer, ItemSpec, fmt_value
from recovery_cli.core import messages
from recovery_cli.prompts import (
    ask_checkbox,
    ask_confirm,
    ask_number,
    ask_select,
    ask_text,
    fmt_num,
    number_message,
)

CANCELLED = messages.CHECKIN_CANCELLED
_SKIP = -1


def _hint(spec: ItemSpec) -> str:
    parts = []
    if spec.min_label and spec.lo is not None:
        parts.append(f"{fmt_value(float(spec.lo))} {spec.min_label}")
    if spec.max_label and spec.hi is not None:
        parts.append(f"{fmt_value(float(spec.hi))} {spec.max_label}")
    return ", ".join(parts)


def _message(spec: ItemSpec) -> str:
    return spec.text if not spec.help else f"{spec.text} ({spec.help})"


def _range(spec: ItemSpec) -> tuple[float, float]:
    return (spec.lo if spec.lo is not None else 0, spec.hi if spec.hi is not None else 0)


def typed_words(spec: ItemSpec, default: Answer) -> tuple[str, str] | None:
    """(the question, the answer filled in) of a number or text item, as `ask_item` asks it
    with a text prompt; None for the other types."""
    if spec.type == "number":
        lo, hi = _range(spec)
        shown = fmt_num(default) if isinstance(default, float) else ""
        return number_message(_message(spec), lo, hi, required=spec.required,
                              hint=_hint(spec)), shown
    if spec.type == "text":
        return (_message(spec) + (" (Enter to skip)" if not spec.required else ""),
                default if isinstance(default, str) else "")
    return None


def ask_item(spec: ItemSpec, default: Answer) -> Answer:
    """Ask one item; returns the answer (None when skipped)."""
    message = _message(spec)
    if spec.type == "number":
        return ask_number(
            message,
            *_range(spec),
            decimals=spec.decimals,
            required=spec.required,
            default=default if isinstance(default, float) else None,
            hint=_hint(spec),
            cancelled=CANCELLED,
        )
    if spec.type == "multi":
        options = list(spec.options)
        checked = [str(v) for v in default] if isinstance(default, list) else []
        known = {str(v) for v, _ in options}
        options += [(c, c) for c in checked if c not in known]  # keep answers no longer listed
        picked = ask_checkbox(
            message,
            [(label, str(value)) for value, label in options],
            checked=checked,
            cancelled=CANCELLED,
        )
        return list(picked)
    if spec.type == "text":
        text = ask_text(
            message + (" (Enter to skip)" if not spec.required else ""),
            default=default if isinstance(default, str) else "",
            required=spec.required,
            cancelled=CANCELLED,
        )
        return text.strip() or None
    # choice, yes_no, scale: one of the options
    choices: list[tuple[str, int]] = []
    if not spec.required:
        choices.append(("Skip", _SKIP))
    current: int | None = None
    for i, (value, label) in enumerate(spec.options):
        shown = label if spec.type != "scale" else f"{fmt_value(value)}  {label}"
        choices.append((shown, i))
        if default is not None and (value == default or str(value) == str(default)):
            current = i
    index = ask_select(message, choices, default=current, cancelled=CANCELLED)
    if index == _SKIP:
        return None
    return spec.options[index][0]


def ask_checkin(
    specs: Sequence[ItemSpec],
    defaults: Mapping[str, Answer],
    *,
    skip: Collection[str] = (),
    instead: Mapping[str, Callable[[], None]] | None = None,
) -> dict[str, Answer] | None:
    """Ask every item not in `skip`, then "Save?". Returns the answers given (None for a
    skipped item), or None when the person chose not to save. An item in `instead` is asked
    by its function, in its place (the medication questions when medications are listed)."""
    answers: dict[str, Answer] = {}
    first = True
    for spec in specs:
        if instead and spec.id in instead:
            instead[spec.id]()
            first = False
            continue
        if spec.id in skip:
            continue
        default = defaults.get(spec.id)
        words = typed_words(spec, default) if first else None
        first = False
        if words is None:
            answers[spec.id] = ask_item(spec, default)
            continue
        from recovery_cli.prompts import ahead

        with ahead.shown(*words, cancelled=CANCELLED):  # on screen while prompt_toolkit loads
            answers[spec.id] = ask_item(spec, default)
    if not ask_confirm("Save?", default=True, cancelled=CANCELLED):
        return None
    return answers
