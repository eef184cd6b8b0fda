"""Questions for goals, their review and values. Every question can be skipped with Enter
unless it says otherwise; Ctrl-C or EOF raises `Cancelled` with the caller's message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recovery_cli.prompts import (
    ask_checkbox,
    ask_confirm,
    ask_number,
    ask_select,
    ask_text,
    run,
    text_question,
)
from recovery_cli.prompts.lists import collect, split_items

if TYPE_CHECKING:
    from recovery_cli.tools.goals import Goal, LifeValue

GOAL_CANCELLED = "Cancelled; no goal was saved."
REVIEW_CANCELLED = "Review cancelled; nothing was saved."
VALUES_CANCELLED = "Cancelled; no value was saved."


def _day_check(text: str) -> bool | str:
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError

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
    steps = collect("A first small step", GOAL_CANCELLED, again="Another small step")
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
    return chosen + split_items(own)
