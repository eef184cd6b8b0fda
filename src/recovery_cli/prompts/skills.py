"""Questions while walking through a skill. Ctrl-C or EOF raises `Cancelled` (nothing is
saved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.prompts import (
    ask_number,
    ask_text,
    fmt_num,
)

if TYPE_CHECKING:
    from recovery_cli.tools.skills import SkillField

PRACTICE_CANCELLED = "Practice stopped; nothing was saved. That's okay, you can come back to it any time."


def next_step() -> None:
    """Wait for Enter before the next step."""
    ask_text("Enter for the next step", cancelled=PRACTICE_CANCELLED)


def ask_field(spec: SkillField, default: str = "") -> str:
    """One thing a practice records; empty skips unless the field is required."""
    if spec.type == "number":
        lo = spec.min if spec.min is not None else 0.0
        hi = spec.max if spec.max is not None else 100.0
        value = ask_number(spec.label, lo, hi, decimals=1, required=spec.required,
                           default=float(default) if default else None,
                           cancelled=PRACTICE_CANCELLED)
        if value is None:
            return ""
        return fmt_num(value)
    suffix = "" if spec.required else " (Enter to skip)"
    return ask_text(spec.label + suffix, default=default, required=spec.required,
                    cancelled=PRACTICE_CANCELLED).strip()


def ask_helpful() -> float | None:
    return ask_number("How helpful was it?", 0, 10, decimals=1, hint="0 not at all, 10 very",
                      cancelled=PRACTICE_CANCELLED)


def ask_note() -> str:
    return ask_text("A note for yourself (Enter to skip)", cancelled=PRACTICE_CANCELLED).strip()
