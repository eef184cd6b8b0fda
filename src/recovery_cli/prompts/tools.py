"""Questions for the stage tools: the intake form, goals and their review, values, and walking
through a skill. Every question can be skipped with Enter unless it says otherwise; Ctrl-C or
EOF raises `Cancelled` with the caller's message (nothing is saved)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recovery_cli.prompts import (
    ask_checkbox,
    ask_confirm,
    ask_number,
    ask_select,
    ask_text,
    fmt_num,
    run,
    text_question,
)

if TYPE_CHECKING:
    from recovery_cli.goals import Goal, LifeValue
    from recovery_cli.skills import SkillField

INTAKE_CANCELLED = "Intake cancelled; nothing was saved."
GOAL_CANCELLED = "Cancelled; no goal was saved."
REVIEW_CANCELLED = "Review cancelled; nothing was saved."
VALUES_CANCELLED = "Cancelled; no value was saved."
PRACTICE_CANCELLED = "Practice stopped; nothing was saved. That's okay, you can come back to it any time."


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _collect(question: str, cancelled: str, keep: Sequence[str] = (),
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


def _pick_many(
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
    return chosen + [e for e in _split(extra) if e.casefold() not in (c.casefold() for c in chosen)]


def intake_form(
    current: Mapping[str, str | list[str]],
    options: Mapping[str, Sequence[str]],
    suggested: Mapping[str, Sequence[tuple[str, int]]],
) -> dict[str, str | list[str]] | None:
    """Walk every intake field (current answers as defaults). None when the person chooses not
    to save at the end."""
    from recovery_cli.intake import FIELDS

    answers: dict[str, str | list[str]] = {}
    for spec in FIELDS:
        now = current.get(spec.id)
        if spec.kind == "text":
            answers[spec.id] = ask_text(
                f"{spec.question} (Enter to skip)",
                default=now if isinstance(now, str) else "",
                cancelled=INTAKE_CANCELLED,
            ).strip()
        elif spec.id in ("symptoms", "triggers"):
            answers[spec.id] = _pick_many(
                spec.question, options.get(spec.id, ()),
                now if isinstance(now, list) else [], suggested.get(spec.id, ()), INTAKE_CANCELLED,
            )
        else:
            answers[spec.id] = _collect(spec.question, INTAKE_CANCELLED,
                                        keep=now if isinstance(now, list) else [])
    if not ask_confirm("Save this intake?", default=True, cancelled=INTAKE_CANCELLED):
        return None
    return answers


def choose_intake_action(updated: str) -> str:
    """'edit' the latest intake or start a 'new' one."""
    return ask_select(
        "You already have an intake. What would you like to do?",
        [(f"Update the one from {updated[:10]}", "edit"),
         ("Start a fresh one (for a new appointment)", "new")],
        default="edit",
        cancelled=INTAKE_CANCELLED,
    )


def _day_check(text: str) -> bool | str:
    from recovery_cli import clock
    from recovery_cli.errors import InputError

    if not text.strip():
        return True
    try:
        clock.hoped_for_day(text)
    except InputError as exc:
        if "passed" in exc.message:
            return "That day has already passed; give today or a later day, or leave it empty."
        return "Try a date like 2026-12-01, 'in 2 weeks' or 'next friday', or leave it empty."
    return True


@dataclass
class GoalAnswers:
    text: str
    why: str = ""
    by: str = ""
    steps: list[str] = field(default_factory=list)
    value: str | int | None = None  # an existing value's id, new words, or None


def goal_form(values: Sequence[LifeValue], text: str = "") -> GoalAnswers | None:
    if not text:
        text = ask_text("What would you like to work toward? (small and realistic is best)",
                        required=True, cancelled=GOAL_CANCELLED).strip()
    why = ask_text("Why does it matter to you? (Enter to skip)", cancelled=GOAL_CANCELLED).strip()
    by = str(run(text_question("By when, roughly? (Enter for no date)", validate=_day_check),
                 GOAL_CANCELLED)).strip()
    steps = _collect("A first small step", GOAL_CANCELLED, again="Another small step")
    choices: list[tuple[str, str | int | None]] = [("No value for now", None)]
    choices += [(v.text, v.id) for v in values]
    choices.append(("A value in my own words...", "__new__"))
    value = ask_select("Which of your values does it serve?", choices, default=None,
                       cancelled=GOAL_CANCELLED)
    if value == "__new__":
        words = ask_text("The value, in your own words (Enter to skip)",
                         cancelled=GOAL_CANCELLED).strip()
        value = words or None
    if not ask_confirm("Save this goal?", default=True, cancelled=GOAL_CANCELLED):
        return None
    return GoalAnswers(text=text, why=why, by=by, steps=steps, value=value)


@dataclass
class ReviewAnswers:
    goal_id: int
    progress: float | None
    helped: str
    next: str
    steps_done: list[int] = field(default_factory=list)
    done: bool = False


def review_goal(goal: Goal) -> ReviewAnswers | None:
    """One goal's reflection; None when skipped (Enter at the progress question)."""
    progress = ask_number(
        f"Goal {goal.id}: {goal.text}\n  How far along does it feel?", 0, 10, decimals=1,
        hint="0 not started, 10 done", cancelled=REVIEW_CANCELLED,
    )
    if progress is None:
        return None
    helped = ask_text("What helped, even a little? (Enter to skip)", cancelled=REVIEW_CANCELLED)
    nxt = ask_text("What's a next small step? (Enter to skip)", cancelled=REVIEW_CANCELLED)
    open_steps = [s for s in goal.steps if s.done_at is None]
    steps_done: list[int] = []
    if open_steps:
        steps_done = ask_checkbox(
            "Any steps done?",
            [(f"{s.number}. {s.text}", s.number) for s in open_steps], cancelled=REVIEW_CANCELLED,
        )
    done = False
    if progress == 10:
        done = ask_confirm("Mark this goal as done?", default=True, cancelled=REVIEW_CANCELLED)
    return ReviewAnswers(goal.id, progress, helped.strip(), nxt.strip(), steps_done, done)


def confirm_review(count: int) -> bool:
    return ask_confirm(f"Save {'this review' if count == 1 else f'these {count} reviews'}?",
                       default=True, cancelled=REVIEW_CANCELLED)


def pick_values(existing: Sequence[str], suggestions: Sequence[str]) -> list[str]:
    have = {e.casefold() for e in existing}
    offered = [s for s in suggestions if s.casefold() not in have]
    chosen: list[str] = []
    if offered:
        chosen = ask_checkbox(
            "What matters to you? Tick any that fit",
            [(s, s) for s in offered], cancelled=VALUES_CANCELLED,
        )
    own = ask_text("Any in your own words? (separate with commas, Enter to skip)",
                   cancelled=VALUES_CANCELLED)
    return chosen + _split(own)


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
