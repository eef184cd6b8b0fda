"""The stage evaluator (pure): which of the five stages a stage self-assessment's answers are
most like and how clear that is (the behaviour evidence shown beside it: stage_evidence.py).

How the answers are scored (a profile, as the published stage instruments do):
- Every stage item belongs to one stage (1-5). A stage's score is its share of the maximum:
  (sum of its answers - lowest possible) / (highest possible - lowest possible), 0..1.
- **The rule** (docs/STAGES.md): a stage is named only when its share is the highest, leads
  the runner-up by at least `MARGIN` (0.15, i.e. 15 points of 100) and is at least `MIN_SHARE`
  (0.4: its statements are, on average, at least "somewhat true"). Otherwise the answers don't
  point to one stage: `stage` is None and `tied` lists the stages within `MARGIN` of the top,
  in stage order. No stage is ever preferred by default: a tie names no stage (answers of all
  0 or all 5 name none).
- **Margin**: the top share minus the runner-up's (0..1); it says how clear the result is.

Evidence from behaviour (check-in regularity, coping skills used, the relapse plan and its
review, questionnaire trends) is shown BESIDE the answers and never changes the scores.
Recovery is not linear: the wording is always "your answers are most like", never "you are".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist

_EPS = 1e-9

# The lead over the runner-up a stage needs to be named (shares 0..1), and the share it needs
# at least. Chosen in docs/STAGES.md; tests/data/stage_profiles.toml holds the written
# profiles the rule is checked against.
MARGIN = 0.15
MIN_SHARE = 0.4
# Attribution shown wherever a reading is reported (stage view, reports' "About this report").
MODEL_NOTE = "the project's own five-stage model, not a validated instrument"


class StageInfo(NamedTuple):
    number: int
    name: str
    about: str
    next_steps: tuple[str, str, str]


STAGES: dict[int, StageInfo] = {
    1: StageInfo(
        1,
        "Acknowledgment & Awareness",
        "Noticing what has been happening and recognising that help could make a difference. "
        "Writing things down and short self-checks make patterns easier to see.",
        (
            "Write a few lines in your journal on most days: recovery journal write",
            "Take a self-check questionnaire such as the PHQ-9 or GAD-7 and keep the result "
            "to discuss with a professional: recovery assess take phq9",
            "Tell one person you trust how things have been, or write down what you would "
            "want to say to them.",
        ),
    ),
    2: StageInfo(
        2,
        "Engagement & Trust-Building",
        "Reaching out for support, building a working relationship with people who can help, "
        "and setting goals that feel realistic.",
        (
            "Look for a therapist or support service (your doctor, a local service, or "
            "findahelpline.com) and book a first conversation.",
            "Prepare for the appointment: note what you want to talk about, and bring your "
            "notes with: recovery export --format pdf",
            "Set one small, realistic goal for the next few weeks: recovery goals add",
        ),
    ),
    3: StageInfo(
        3,
        "Skill-Building & Coping Strategies",
        "Learning and practising ways to handle hard moments: CBT, DBT and mindfulness skills, "
        "steady routines and ways to regulate strong emotions.",
        (
            "Choose one CBT, DBT or mindfulness skill and practise it every day this week: "
            "recovery skills list",
            "Keep a steady daily routine for sleep, meals and movement.",
            "Use the evening check-in to notice which skills helped: recovery checkin",
        ),
    ),
    4: StageInfo(
        4,
        "Integration & Meaning-Making",
        "Weaving recovery into a life that feels like your own: identity, purpose, "
        "relationships, meaningful activity and self-compassion.",
        (
            "Plan one activity this week that matters to you, however small.",
            "Reach out to reconnect with someone you have lost touch with.",
            "Write down what you value and link a goal to it: recovery values add",
        ),
    ),
    5: StageInfo(
        5,
        "Maintenance & Relapse Prevention",
        "Keeping well: a personal relapse-prevention plan, knowing your early warning signs and "
        "checking in regularly. Setbacks can happen and are part of recovery, not a failure.",
        (
            "Review your relapse-prevention plan and update what has changed: recovery plan show",
            "Check your early warning signs, and give one a rule so you notice it early: "
            "recovery plan add warning_signs",
            "Keep regular check-ins going with a gentle reminder: recovery remind cron --install",
        ),
    ),
}


def stage_name(number: int | None) -> str | None:
    return STAGES[number].name if number in STAGES else None


class Profile(NamedTuple):
    scores: dict[int, float]  # stage -> share of its maximum, 0..1
    stage: int | None  # the stage the answers are most like; None: no single stage
    tied: list[int]  # no single stage: the stages within MARGIN of the top (else [])
    runner_up: int | None
    margin: float  # top share - runner-up share
    leader: int = 0  # the highest share (the earlier stage on exact equality), never shown

    @property
    def name(self) -> str | None:
        return None if self.stage is None else STAGES[self.stage].name

    @property
    def clear(self) -> bool:
        return self.stage is not None

    @property
    def low(self) -> bool:
        """No stage's statements were, on average, at least "somewhat true"."""
        return max(self.scores.values(), default=0.0) < MIN_SHARE - _EPS

    @property
    def top_stage(self) -> int:
        """The highest stage the reading points to (the named one, or the last tied one);
        what a retake is compared by."""
        if self.stage is not None:
            return self.stage
        return max(self.tied) if self.tied else self.leader

    def scores_json(self) -> dict[str, float]:
        return {str(s): round(v, 4) for s, v in sorted(self.scores.items())}


def decide(scores: dict[int, float]) -> Profile:
    """The reading from stage shares: the named stage (or none), the near ones and the margin."""
    if not scores:
        raise ValueError("a stage profile needs at least one stage score")
    top = max(scores.values())
    leader = min(s for s, v in scores.items() if abs(v - top) <= _EPS)
    others = [(v, s) for s, v in scores.items() if s != leader]
    if not others:
        return Profile(dict(scores), leader if top >= MIN_SHARE - _EPS else None,
                       [] if top >= MIN_SHARE - _EPS else [leader], None, 1.0, leader)
    runner_value, runner = max(others, key=lambda vs: (vs[0], -vs[1]))
    margin = max(0.0, top - runner_value)
    if margin <= _EPS:
        margin = 0.0
    margin = round(margin, 6)
    if margin >= MARGIN - _EPS and top >= MIN_SHARE - _EPS:
        return Profile(dict(scores), leader, [], runner, margin, leader)
    near = sorted(s for s, v in scores.items() if top - v < MARGIN - _EPS)
    return Profile(dict(scores), None, near, runner, margin, leader)


def profile(checklist: Checklist, answers: Mapping[str, float]) -> Profile:
    """Score a stage self-assessment's answers as a profile (see the module docstring)."""
    from recovery_cli.assess.scoring import allowed

    lo: dict[int, float] = {}
    hi: dict[int, float] = {}
    got: dict[int, float] = {}
    for item in checklist.items:
        if item.stage is None or item.id not in answers:
            continue
        rule = allowed(checklist, item)
        if rule.values is not None:
            low, high = min(rule.values), max(rule.values)
        else:
            assert rule.lo is not None and rule.hi is not None
            low, high = rule.lo, rule.hi
        lo[item.stage] = lo.get(item.stage, 0.0) + low
        hi[item.stage] = hi.get(item.stage, 0.0) + high
        got[item.stage] = got.get(item.stage, 0.0) + answers[item.id]
    shares = {
        s: (got[s] - lo[s]) / (hi[s] - lo[s]) if hi[s] > lo[s] else 0.0 for s in sorted(got)
    }
    return decide(shares)


def profile_from_stored(subscales: Mapping[str, float]) -> Profile:
    """A stored result read with today's rule (results of every version, from their shares)."""
    return decide({int(k): float(v) for k, v in subscales.items()})


def certainty(p: Profile) -> str:
    """How clear the result is, in words (from the margin to the runner-up)."""
    if not p.clear:
        return "no single stage"
    if p.margin < 0.25:
        return "a lead"
    return "a clear lead"


def band_text(p: Profile) -> str:
    """The label stored with a stage result (the `band` of the questionnaire result)."""
    from recovery_cli.assess.stage_text import stage_list

    if p.stage is None:
        return "No single stage" + (f" (near {stage_list(p.tied)})" if p.tied and not p.low
                                    and len(p.tied) < len(STAGES) else "")
    return f"Most like stage {p.stage}: {p.name}"


def profile_json(p: Profile) -> dict[str, Any]:
    """The reading's keys shared by `stage --json`, its history and the questionnaire result."""
    return {
        "stage": p.stage,
        "name": p.name,
        "scores": p.scores_json(),
        "margin": round(p.margin, 4),
        "tied": list(p.tied),
    }
