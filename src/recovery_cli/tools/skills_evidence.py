"""The stage tools as plain sentences beside the stage self-assessment.

Its own module so `recovery stage` does not import the skills library's pydantic models
(issue 23); `skills.evidence_lines` re-exports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def evidence_lines(evidence: Mapping[str, Any]) -> list[str]:
    """Plain sentences about the stage tools, each naming the stage it relates to (shown
    beside the self-assessment, never mixed into it). Takes `store.skills.evidence`'s dict."""
    days = evidence.get("window_days", 14)

    def n(count: int, word: str, plural: str = "") -> str:
        return f"{count} {word if count == 1 else (plural or word + 's')}"

    lines: list[str] = []
    if evidence.get("intake_completed"):
        lines.append(f"Intake: prepared for an appointment, updated {evidence.get('intake_updated')} "
                     "(stage 1).")
    else:
        lines.append("Intake: not filled in yet (stage 1; recovery intake).")
    goals_set = int(evidence.get("goals_set", 0))
    if goals_set:
        done = int(evidence.get("goals_done", 0))
        text = f"Goals: {goals_set} set, {done or 'none'} done{'' if done else ' yet'}"
        reviewed = int(evidence.get("goal_reviews_recent", 0))
        if reviewed:
            text += f", reviewed on {n(reviewed, 'day')} in the last {days} days"
        lines.append(text + " (stage 2).")
    else:
        lines.append("Goals: none set yet (stage 2; recovery goals add).")
    if "sessions_recent" in evidence:
        seen = int(evidence["sessions_recent"])
        span = evidence.get("sessions_days", 90)
        lines.append(f"Therapy sessions: {n(seen, 'session')} attended in the last {span} days"
                     + (f", the last on {evidence.get('last_session')}" if seen else "")
                     + " (stage 2; recovery session log).")
    count = int(evidence.get("skills_practised", 0))
    if count:
        lines.append(f"Skills practised: {n(count, 'time')} in the last {days} days, "
                     f"{n(int(evidence.get('skill_variety', 0)), 'different skill')} (stage 3).")
    else:
        lines.append(f"Skills practised: none logged in the last {days} days "
                     "(stage 3; recovery skills list).")
    named = int(evidence.get("values_named", 0))
    acts = int(evidence.get("meaningful_activities", 0))
    if named or acts:
        did = (n(acts, "meaningful activity", "meaningful activities") if acts
               else "no meaningful activity logged")  # never a bare "0 ..." count
        lines.append(f"Values and meaning: {n(named, 'value')} named, {did} in the last "
                     f"{days} days (stage 4).")
    else:
        lines.append("Values: none named yet (stage 4; recovery values add).")
    return lines
