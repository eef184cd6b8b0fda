"""Sentences about a stage reading (pure): the stage lists, the "don't point to one stage"
sentence every view and report uses, and the kind word when a retake points lower than the
last one (`MovedBack`). The rule itself is in stage.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recovery_cli.assess.stage import STAGES, Profile


def stage_list(stages: Sequence[int]) -> str:
    """[2, 3, 5] -> 'stages 2, 3 and 5'; [4] -> 'stage 4'."""
    nums = [str(s) for s in stages]
    if len(nums) == 1:
        return f"stage {nums[0]}"
    return f"stages {', '.join(nums[:-1])} and {nums[-1]}"


def unclear_text(p: Profile) -> str:
    """The sentence for a reading that names no stage (one for every view and report)."""
    if p.low:
        return ("Your answers don't point to one stage: none of the five stages' statements "
                "came out as more than a little true for you right now.")
    if len(p.tied) == len(STAGES):
        return ("Your answers don't point to one stage: all five stages came out about the "
                "same.")
    return (f"Your answers don't point to one stage: they are about as close to "
            f"{stage_list(p.tied)}.")


def moved_back(current: Profile, previous: Profile | None) -> bool:
    """True when the new reading points lower than the last one did (a kind word is due)."""
    if previous is None:
        return False
    if not previous.clear and previous.low:
        return False
    return current.top_stage < previous.top_stage


@dataclass(frozen=True)
class MovedBack:
    """A retake that points lower than the last one: the earlier reading, its day, and what
    the record holds that helped before (skills practised, plan steps), as lines."""

    before: Profile
    day: str
    helped: list[str]

    def lines(self) -> list[str]:
        was = (f"stage {self.before.stage}" if self.before.stage is not None
               else f"near {stage_list(self.before.tied)}")
        first = (f"Your answers point to an earlier stage than last time ({was} on "
                 f"{self.day}). Moving back is part of recovery, not a failure")
        if not self.helped:
            return [first + ". When you're ready, 'recovery skills list' has skills to try "
                    "and 'recovery plan edit' can keep what helps you."]
        return [first + "; here is what helped you before:"] + [f"- {h}" for h in self.helped]
