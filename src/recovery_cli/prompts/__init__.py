"""Every questionary question lives under this package (the only importer of questionary).

Each function returns plain values. Ctrl-C or EOF at any prompt raises `Cancelled` with the
caller's message, so the command writes nothing and exits 130. Never call these without a
terminal: the cli layer checks `interactive()` first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from recovery_cli.core.errors import Cancelled

T = TypeVar("T")

CHECKBOX_HINT = "(Space to tick, Enter when done)"


def run(question: Any, cancelled: str) -> Any:
    """Ask one questionary question (like `unsafe_ask()`, with every Ctrl-C answered:
    prompts/interrupts.py), mapping Ctrl-C/EOF to `Cancelled`."""
    from recovery_cli.prompts.interrupts import ask

    try:
        return ask(question)
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(cancelled) from None


def text_question(message: str, **options: Any) -> Any:
    """questionary.text with its message fitted to the terminal and its validation message
    wrapped right under the answer (prompts/fit.py)."""
    import questionary

    from recovery_cli.prompts import fit

    check = options.pop("validate", None)
    if callable(check):
        options["validate"] = fit.wrapped_validator(check)
    q = questionary.text(fit.message(message), reserve_space_for_menu=0, **options)
    return fit.wrap_validation(q)


def number_validator(lo: float, hi: float, decimals: int, required: bool,
                     keep: str = "") -> Callable[[str], bool | str]:
    """`keep`: the pre-filled answer already saved, accepted as it is (Enter on a Daylio mean
    of 6.25 keeps it, though a typed answer takes at most `decimals` decimals)."""

    def check(text: str) -> bool | str:
        t = text.strip()
        if keep and t == keep:
            return True
        if t == "":
            return True if not required else "This one is needed; type a number."
        try:
            value = float(t.replace(",", "."))
        except ValueError:
            return f"Type a number from {fmt_num(lo)} to {fmt_num(hi)}."
        if not lo <= value <= hi:
            return f"Type a number from {fmt_num(lo)} to {fmt_num(hi)}."
        if decimals == 0 and value != int(value):
            return "Type a whole number."
        if round(value, decimals) != value:
            return f"Type a number with at most {decimals} decimal{'s' if decimals > 1 else ''}."
        return True

    return check


def fmt_num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def number_message(message: str, lo: float, hi: float, *, required: bool = False,
                   hint: str = "") -> str:
    """`ask_number`'s question: the message with the range (and the hint, and how to skip)."""
    rng = f"{fmt_num(lo)}-{fmt_num(hi)}"
    return message + f" ({rng}{', ' + hint if hint else ''}{'' if required else ', Enter to skip'})"


def ask_number(
    message: str,
    lo: float,
    hi: float,
    *,
    decimals: int = 0,
    required: bool = False,
    default: float | None = None,
    hint: str = "",
    cancelled: str = "Cancelled; nothing was saved.",
) -> float | None:
    """A typed number in [lo, hi]; empty skips (unless required). Shows the range."""
    shown = "" if default is None else fmt_num(default)
    q = text_question(
        number_message(message, lo, hi, required=required, hint=hint),
        default=shown,
        validate=number_validator(lo, hi, decimals, required, keep=shown),
    )
    text = str(run(q, cancelled)).strip()
    if text == "":
        return None
    if shown and text == shown and default is not None:
        return default  # the saved answer, exactly as it was
    return round(float(text.replace(",", ".")), decimals)


def ask_text(
    message: str,
    *,
    default: str = "",
    multiline: bool = False,
    required: bool = False,
    cancelled: str = "Cancelled; nothing was saved.",
) -> str:
    validate = (lambda t: bool(t.strip()) or "Please type something.") if required else None
    # a multi-line prompt's own hint is in our message ("Esc then Enter to save"): questionary's
    # second one ("Finish with 'Alt+Enter'...") is left out
    q = text_question(message, default=default, multiline=multiline, validate=validate,
                      instruction="" if multiline else None)
    return str(run(q, cancelled))


def ask_select(
    message: str,
    choices: Sequence[tuple[str, T]],
    *,
    default: T | None = None,
    cancelled: str = "Cancelled; nothing was saved.",
) -> T:
    """Pick one of (label, value) pairs."""
    import questionary

    options = [questionary.Choice(title=label, value=value) for label, value in choices]
    chosen = next((c for c in options if default is not None and c.value == default), None)
    from recovery_cli.prompts import fit

    q = questionary.select(fit.message(message), choices=options, default=chosen)
    return run(q, cancelled)  # type: ignore[no-any-return]


def ask_checkbox(
    message: str,
    choices: Sequence[tuple[str, T]],
    *,
    checked: Sequence[T] = (),
    cancelled: str = "Cancelled; nothing was saved.",
    instruction: str = CHECKBOX_HINT,
) -> list[T]:
    """Tick any of (label, value) pairs; Enter with none ticked is an empty answer. The
    `instruction` (how to tick and go on) is shown once, after the question."""
    import questionary

    options = [
        questionary.Choice(title=label, value=value, checked=value in checked)
        for label, value in choices
    ]
    # questionary's own hint ("Use arrow keys to move, <space> to select, <a> to toggle, <i>
    # to invert") wraps at 80 columns and never says how to finish.
    from recovery_cli.prompts import fit

    q = questionary.checkbox(fit.message(message, after=instruction), choices=options,
                             instruction=instruction)
    return list(run(q, cancelled))


def ask_confirm(
    message: str, *, default: bool = True, cancelled: str = "Cancelled; nothing was saved."
) -> bool:
    import questionary

    from recovery_cli.prompts import fit

    q = questionary.confirm(fit.message(message, after="(Y/n)"), default=default)
    return bool(run(q, cancelled))
