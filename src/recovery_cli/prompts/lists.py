"""Lists asked one item at a time or ticked from options (the intake, goals and values
forms share them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from recovery_cli.prompts import (
    ask_checkbox,
    ask_text,
)

if TYPE_CHECKING:
    pass


def split_items(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def collect(question: str, cancelled: str, keep: Sequence[str] = (),
             again: str = "") -> list[str]:
    """Keep any of the current items, then add new ones one at a time (Enter when done);
    after the first, `again` is asked ("Another small step") instead of `question`."""
    items: list[str] = []
    if keep:
        items = ask_checkbox("Keep these?", [(k, k) for k in keep], checked=list(keep),
                             cancelled=cancelled, instruction="(Space to untick, Enter to go on)")
    while True:
        asked = again if again and items else question
        more = ask_text(f"{asked} (Enter when done)", cancelled=cancelled).strip()
        if not more:
            return items
        items.append(more)


def pick_many(
    question: str,
    options: Sequence[str],
    current: Sequence[str],
    suggested: Sequence[tuple[str, int]],
    cancelled: str,
) -> list[str]:
    """Tick from known options (current answers and ones the check-ins suggest are pre-ticked),
    then add anything else in your own words."""
    counts = dict(suggested)
    labels: list[str] = []
    for label in [*current, *(s for s, _ in suggested), *options]:
        if label.casefold() not in (x.casefold() for x in labels):
            labels.append(label)
    checked = list(current) if current else [s for s, _ in suggested]
    chosen: list[str] = []
    if labels:
        choices = [
            (f"{label} (in {counts[label]} check-in{'s' if counts[label] != 1 else ''})"
             if label in counts else label, label)
            for label in labels
        ]
        hint = " Ticked ones come from your check-ins." if suggested and not current else ""
        chosen = ask_checkbox(question, choices, checked=checked, cancelled=cancelled,
                              instruction=f"(Space to tick, Enter to go on.{hint})")
    extra = ask_text("Anything else? (separate with commas, Enter to skip)", cancelled=cancelled)
    return chosen + [e for e in split_items(extra) if e.casefold() not in (c.casefold() for c in chosen)]
