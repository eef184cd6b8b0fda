"""Goals, their small steps and weekly reviews, and the values they may serve.

Pure: records read back from the database and small helpers. No clock, database, prompt or print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recovery_cli.core.errors import InputError

# Offered when naming values (anyone can add their own words instead).
SUGGESTED_VALUES: tuple[str, ...] = (
    "Family", "Friendship", "Health", "Learning", "Creativity", "Nature", "Kindness",
    "Honesty", "Independence", "Community", "Work that matters", "Fun and play",
    "Faith or spirituality", "Calm",
)


@dataclass(frozen=True, slots=True)
class LifeValue:
    id: int
    text: str
    created_at: str
    goal_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "created_at": self.created_at,
                "goals": list(self.goal_ids)}


@dataclass(frozen=True, slots=True)
class GoalStep:
    number: int  # 1-based, as `goals list` shows it
    text: str
    done_at: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"number": self.number, "text": self.text, "done_at": self.done_at}


@dataclass(frozen=True, slots=True)
class GoalReview:
    id: int
    goal_id: int
    reviewed_at: str
    progress: float | None
    helped: str | None
    next: str | None

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "goal_id": self.goal_id, "reviewed_at": self.reviewed_at,
                "progress": self.progress, "helped": self.helped, "next": self.next}


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    text: str
    why: str | None
    by_day: str | None
    value: LifeValue | None
    created_at: str
    done_at: str | None
    steps: list[GoalStep] = field(default_factory=list)
    reviews: list[GoalReview] = field(default_factory=list)  # oldest first

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def last_review(self) -> GoalReview | None:
        return self.reviews[-1] if self.reviews else None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "text": self.text,
            "why": self.why,
            "by": self.by_day,
            "value": None if self.value is None else {"id": self.value.id, "text": self.value.text},
            "created_at": self.created_at,
            "done_at": self.done_at,
            "steps": [s.to_json() for s in self.steps],
            "reviews": [r.to_json() for r in self.reviews],
        }


def clean_text(text: str, what: str = "The goal") -> str:
    t = " ".join(text.split())
    if not t:
        raise InputError(f"{what} is empty; please write a few words.")
    return t


def check_progress(progress: float | None) -> float | None:
    """0-10 with at most one decimal, the rule for every typed scale."""
    if progress is not None and not (0 <= progress <= 10 and round(progress, 1) == progress):
        raise InputError(f"--progress takes a number from 0 to 10 (at most one decimal), "
                         f"not {progress:g}.")
    return progress


def by_note(goal: Goal, today: date) -> str:
    """A gentle line about a goal's hoped-for date (never 'overdue')."""
    if goal.by_day is None or goal.done:
        return ""
    by = date.fromisoformat(goal.by_day)
    left = (by - today).days
    if left > 1:
        return f"hoped for by {goal.by_day} ({left} days)"
    if left == 1:
        return f"hoped for by tomorrow ({goal.by_day})"
    if left == 0:
        return "hoped for by today"
    return f"hoped for by {goal.by_day}; a new date is fine if you need one"


def big_goal_hint(goal_text: str, steps: int) -> str | None:
    """Encourage small steps for a goal that has none."""
    if steps:
        return None
    return ("Small steps make goals kinder to reach. Add one with "
            "'recovery goals step ID TEXT', e.g. something you could do in ten minutes.")
