"""What `recovery stage` and `assess take stages` read beside the answers: a stored result's
reading (today's rule, every version), the reading before it, and what helped before (the
skills practised and the plan's steps, read through the store) for a retake that points lower.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from recovery_cli.cli._common import report, state

if TYPE_CHECKING:
    from recovery_cli.records import AssessmentRecord
    from recovery_cli.stage import Profile
    from recovery_cli.stage_text import MovedBack


def profile_of(rec: AssessmentRecord) -> Profile | None:
    """A stored result read with today's rule: from its stored shares, else from its answers
    when they fit the current statements; None when neither can be read."""
    from recovery_cli import stage as stage_logic

    if rec.subscales:
        return stage_logic.profile_from_stored(rec.subscales)
    cl = state().checklists().checklists.get(rec.checklist)
    if cl is not None and rec.answers:
        try:
            return stage_logic.profile(cl, rec.answers)
        except Exception:
            return None
    return None


def reread(records: Sequence[AssessmentRecord]) -> list[AssessmentRecord]:
    """Stage results as every view shows them: the stage and band from today's rule (from the
    stored shares), "(earlier statements)" on a result of an earlier version. Questionnaire
    results pass through unchanged; nothing stored is rewritten."""
    from dataclasses import replace

    from recovery_cli import stage as stage_logic

    version = current_version()
    out: list[AssessmentRecord] = []
    for rec in records:
        if rec.kind != "stage" or not rec.subscales:
            out.append(rec)
            continue
        p = stage_logic.profile_from_stored(rec.subscales)
        band = stage_logic.band_text(p)
        if version is not None and rec.checklist_version != version:
            band += " (earlier statements)"
        out.append(replace(rec, stage=p.stage, band=band))
    return out


def current_version(checklist_id: str = "stages") -> int | None:
    cl = state().checklists().checklists.get(checklist_id)
    return None if cl is None else cl.version


def helped_before(conn: sqlite3.Connection) -> list[str]:
    """Up to three skills practised most and up to three steps from the plan's toolbox and
    daily list, as lines. A source that can't be read is named on stderr and left out."""
    out: list[str] = []
    try:
        from recovery_cli.skills import load_skills
        from recovery_cli.store import skills as store_skills

        counts = store_skills.counts(conn)
        if counts:
            titles = {s.id: s.title for s in load_skills(state().home).skills.values()}
            top = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:3]
            for skill, (times, last) in top:
                title = titles.get(skill, skill.replace("_", " "))
                out.append(f"{title}: practised {'once' if times == 1 else f'{times} times'}, "
                           f"last on {last}")
    except Exception as exc:
        report(f"(The skills practice log could not be read: {exc}.)")
    try:
        from recovery_cli.store import plan as store_plan

        steps = (store_plan.section_texts(conn, "toolbox")
                 + store_plan.section_texts(conn, "daily"))
        out += [f"From your plan: {step}" for step in steps[:3]]
    except Exception as exc:
        report(f"(The plan could not be read: {exc}.)")
    return out


def moved_back(conn: sqlite3.Connection, current: Profile,
               earlier: Sequence[AssessmentRecord]) -> MovedBack | None:
    """The kind word for a reading lower than the last one (of the same statements' version),
    or None. `earlier`: stage results before the current one, newest first."""
    from recovery_cli import stage_text

    version = current_version()
    previous = next((r for r in earlier if r.checklist_version == version), None)
    if previous is None:
        return None
    before = profile_of(previous)
    if before is None or not stage_text.moved_back(current, before):
        return None
    return stage_text.MovedBack(before, previous.day, helped_before(conn))
