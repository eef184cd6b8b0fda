"""The stage evaluator (pure): which of the five stages a stage self-assessment's answers are
most like, and the behaviour evidence shown beside it.

How the answers are scored (a profile, as the published stage instruments do):
- Every stage item belongs to one stage (1-5). A stage's score is its share of the maximum:
  (sum of its answers - lowest possible) / (highest possible - lowest possible), 0..1.
- The stage with the highest share is the one the answers are most like.
- **Tie rule**: when two or more stages share the highest score, the EARLIEST of them is
  named, and the others are reported as equally like (the margin is 0). The earlier stage's
  next steps lay ground the later ones build on, so they are never wasted, and the result
  never overstates where someone is. Answers of all 0 are therefore most like stage 1.
- **Margin**: the winner's share minus the runner-up's (0..1); it says how clear the
  result is ("a tie", "very close", "a small lead", "a clear lead").

Evidence from behaviour (check-in regularity, coping skills used, the relapse plan and its
review, questionnaire trends) is shown BESIDE the answers and never changes the scores.
Recovery is not linear: the wording is always "your answers are most like", never "you are".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from recovery_cli.models import Checklist

if TYPE_CHECKING:
    from recovery_cli.records import CheckinDay
    from recovery_cli.scoring import Trend

_EPS = 1e-9


@dataclass(frozen=True)
class StageInfo:
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


@dataclass(frozen=True)
class Profile:
    scores: dict[int, float]  # stage -> share of its maximum, 0..1
    stage: int  # the stage the answers are most like (tie rule applied)
    tied: list[int]  # every stage sharing the top score (just [stage] when there is no tie)
    runner_up: int | None
    margin: float  # top share - runner-up share

    @property
    def name(self) -> str:
        return STAGES[self.stage].name

    def scores_json(self) -> dict[str, float]:
        return {str(s): round(v, 4) for s, v in sorted(self.scores.items())}


def decide(scores: dict[int, float]) -> Profile:
    """Winner, tie rule (earliest of the tied stages) and margin from stage shares."""
    if not scores:
        raise ValueError("a stage profile needs at least one stage score")
    top = max(scores.values())
    tied = sorted(s for s, v in scores.items() if abs(v - top) <= _EPS)
    stage = tied[0]
    others = [(v, s) for s, v in scores.items() if s != stage]
    if not others:
        return Profile(dict(scores), stage, tied, None, 1.0)
    runner_value, runner = max(others, key=lambda vs: (vs[0], -vs[1]))
    margin = max(0.0, top - runner_value)
    if margin <= _EPS:
        margin = 0.0
    return Profile(dict(scores), stage, tied, runner, round(margin, 6))


def profile(checklist: Checklist, answers: dict[str, float]) -> Profile:
    """Score a stage self-assessment's answers as a profile (see the module docstring)."""
    from recovery_cli.scoring import allowed

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


def profile_from_stored(subscales: dict[str, float]) -> Profile:
    return decide({int(k): float(v) for k, v in subscales.items()})


def certainty(p: Profile) -> str:
    """How clear the result is, in words (from the margin to the runner-up)."""
    if len(p.tied) > 1:
        return "a tie"
    if p.margin < 0.1:
        return "very close"
    if p.margin < 0.2:
        return "a small lead"
    return "a clear lead"


def band_text(p: Profile) -> str:
    """The label stored with a stage result (the `band` of the questionnaire result)."""
    return f"Most like stage {p.stage}: {p.name}"


# --- evidence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Behaviour beside the answers. None in a field = that source was not available."""

    window_days: int
    checkin_days: int | None = None
    coping: dict[str, int] | None = None
    plan_exists: bool | None = None
    plan_last_reviewed: str | None = None
    plan_days_since_review: int | None = None
    questionnaires: list[Trend] = field(default_factory=list)
    tools: dict[str, Any] | None = None  # store.skills.evidence(): intake, goals, skills, values


def build_evidence(
    today: date,
    *,
    window_days: int = 14,
    checkins: Sequence[CheckinDay] | None,
    plan_known: bool,
    plan_last_reviewed: str | None,
    trends: Sequence[Trend] = (),
    tools: dict[str, Any] | None = None,
) -> Evidence:
    """Evidence from the last `window_days` days of check-ins (None: unavailable), the plan
    (`plan_known` False: unavailable; `plan_last_reviewed` None: no plan) and questionnaire
    trends."""
    checkin_days: int | None = None
    coping: dict[str, int] | None = None
    if checkins is not None:
        days = {c.day for c in checkins}
        checkin_days = len(days)
        coping = {}
        for c in checkins:
            for skill in c.choices.get("coping", []):
                coping[skill] = coping.get(skill, 0) + 1
        coping = dict(sorted(coping.items(), key=lambda kv: (-kv[1], kv[0])))
    plan_exists: bool | None = None
    since: int | None = None
    if plan_known:
        plan_exists = plan_last_reviewed is not None
        if plan_last_reviewed:
            try:
                since = (today - date.fromisoformat(plan_last_reviewed[:10])).days
            except ValueError:
                since = None
    return Evidence(
        window_days=window_days,
        checkin_days=checkin_days,
        coping=coping,
        plan_exists=plan_exists,
        plan_last_reviewed=plan_last_reviewed if plan_known else None,
        plan_days_since_review=since,
        questionnaires=list(trends),
        tools=tools,
    )


def _change(ch: Any) -> dict[str, Any] | None:
    return None if ch is None else dict(ch.to_json())


def evidence_json(ev: Evidence) -> dict[str, Any]:
    from recovery_cli.scoring import num

    return {
        "note": "Shown beside your answers; never mixed into the stage scores.",
        "checkins": None
        if ev.checkin_days is None
        else {"days": ev.window_days, "days_with_checkin": ev.checkin_days},
        "coping_skills": None
        if ev.coping is None
        else {"days": ev.window_days, "used": dict(ev.coping)},
        "plan": None
        if ev.plan_exists is None
        else {
            "exists": ev.plan_exists,
            "last_reviewed": ev.plan_last_reviewed,
            "days_since_review": ev.plan_days_since_review,
        },
        "questionnaires": [
            {
                "checklist": t.checklist,
                "title": t.title,
                "results": t.count,
                "latest_score": None if t.latest.score is None else num(t.latest.score),
                "latest_band": t.latest.band,
                "taken_at": t.latest.taken_at,
                "change": _change(t.change),
                "change_since_first": _change(t.since_first),
            }
            for t in ev.questionnaires
        ],
        "tools": ev.tools,
    }


def evidence_lines(ev: Evidence) -> list[str]:
    """Plain sentences for the panel, each naming the stage it relates to where it does."""
    out: list[str] = []
    if ev.checkin_days is None:
        out.append("Check-ins: not available yet.")
    else:
        out.append(
            f"Check-ins: {ev.checkin_days} of the last {ev.window_days} days "
            "(regular check-ins are part of stage 5)."
        )
    if ev.coping is not None:
        if ev.coping:
            used = ", ".join(
                f"{k.replace('_', ' ')} ({v}x)" for k, v in list(ev.coping.items())[:6]
            )
            out.append(f"Coping skills used in the last {ev.window_days} days: {used} (stage 3).")
        else:
            out.append(
                f"Coping skills: none noted in check-ins in the last {ev.window_days} days."
            )
    if ev.plan_exists is None:
        out.append("Relapse-prevention plan: not available yet.")
    elif not ev.plan_exists:
        out.append("Relapse-prevention plan: not written yet (stage 5; recovery plan edit).")
    else:
        when = ev.plan_last_reviewed or "unknown"
        ago = (
            f", {ev.plan_days_since_review} days ago"
            if ev.plan_days_since_review is not None
            else ""
        )
        out.append(f"Relapse-prevention plan: last reviewed {when[:10]}{ago} (stage 5).")
    if not ev.questionnaires:
        out.append("Questionnaires: none taken yet (stage 1; recovery assess list).")
    for t in ev.questionnaires:
        from recovery_cli.scoring import num

        score = "" if t.latest.score is None else f" {num(t.latest.score)}"
        if score and t.latest.percentage is not None:  # WHO-5: as `assess history` shows it
            score += f" ({num(t.latest.percentage)}%)"
        text = f"{t.title}: latest{score} on {t.latest.taken_at[:10]}"
        if t.since_first is not None:
            text += f", {_direction_words(t.since_first.direction)} since your first"
        elif t.change is not None:
            text += f", {_direction_words(t.change.direction)} since last time"
        out.append(text + ".")
    if ev.tools is not None:
        from recovery_cli.skills import evidence_lines as tool_lines

        out.extend(tool_lines(ev.tools))
    return out


def _direction_words(direction: str) -> str:
    return {"improved": "better", "worse": "harder", "same": "about the same"}.get(
        direction, direction
    )


def view_json(
    p: Profile | None, assessed_at: str | None, ev: Evidence
) -> dict[str, Any]:
    """`recovery stage --json`, as DESIGN.md pins it."""
    return {
        "stage": None if p is None else p.stage,
        "name": None if p is None else p.name,
        "scores": {} if p is None else p.scores_json(),
        "margin": None if p is None else round(p.margin, 4),
        "assessed_at": assessed_at,
        "evidence": evidence_json(ev),
    }
