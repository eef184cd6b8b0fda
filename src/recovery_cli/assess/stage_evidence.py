"""What the records show beside a stage self-assessment (pure): check-in regularity, the plan and
its review, questionnaire trends and the tools, shown BESIDE the answers and never changing the
scores; and the `recovery stage --json` document that holds both (split from stage.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.assess.stage import profile_json

if TYPE_CHECKING:
    from recovery_cli.assess.history import Trend
    from recovery_cli.assess.stage import Profile
    from recovery_cli.core.records import CheckinDay


class Evidence(NamedTuple):
    """Behaviour beside the answers. None in a field = that source was not available."""

    window_days: int
    checkin_days: int | None = None
    coping: dict[str, int] | None = None
    plan_exists: bool | None = None
    plan_last_reviewed: str | None = None
    plan_days_since_review: int | None = None
    questionnaires: Sequence[Trend] = []
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
    from recovery_cli.assess.scoring import num

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
                "results": t.results,
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
        from recovery_cli.assess.scoring import num

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
        from recovery_cli.tools.skills_evidence import evidence_lines as tool_lines

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
    doc: dict[str, Any] = (
        {"stage": None, "name": None, "scores": {}, "margin": None, "tied": []}
        if p is None else profile_json(p)
    )
    doc["assessed_at"] = assessed_at
    doc["evidence"] = evidence_json(ev)
    return doc
