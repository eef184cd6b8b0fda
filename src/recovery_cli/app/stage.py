"""Use cases of the stage self-assessment: how a stored result reads with today's rule, the
reading before it and what helped before (for a retake that points lower), the evidence the
records show beside it, and the `recovery stage` view. Read-only: no transaction. A source that
can't be read is named through `session.note` and left out, never a failure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.app.session import Session

if TYPE_CHECKING:
    from recovery_cli.assess.stage import Profile
    from recovery_cli.assess.stage_evidence import Evidence
    from recovery_cli.assess.stage_text import MovedBack
    from recovery_cli.core.records import AssessmentRecord

EVIDENCE_DAYS = 14


def current_version(session: Session, checklist_id: str = "stages") -> int | None:
    """The version of the stage statements this home uses (None without them)."""
    cl = session.checklists().checklists.get(checklist_id)
    return None if cl is None else cl.version


def profile_of(session: Session, rec: AssessmentRecord) -> Profile | None:
    """A stored result read with today's rule: from its stored shares, else from its answers
    when they fit the current statements; None when neither can be read."""
    from recovery_cli.assess import stage as stage_logic

    if rec.subscales:
        return stage_logic.profile_from_stored(rec.subscales)
    cl = session.checklists().checklists.get(rec.checklist)
    if cl is not None and rec.answers:
        try:
            return stage_logic.profile(cl, rec.answers)
        except Exception:
            return None
    return None


def reread(session: Session, records: Sequence[AssessmentRecord]) -> list[AssessmentRecord]:
    """Stage results as every view shows them: the stage and band from today's rule (from the
    stored shares), "(earlier statements)" on a result of an earlier version. Questionnaire
    results pass through unchanged; nothing stored is rewritten."""
    from recovery_cli.assess import stage as stage_logic

    version = current_version(session)
    out: list[AssessmentRecord] = []
    for rec in records:
        if rec.kind != "stage" or not rec.subscales:
            out.append(rec)
            continue
        p = stage_logic.profile_from_stored(rec.subscales)
        band = stage_logic.band_text(p)
        if version is not None and rec.checklist_version != version:
            band += " (earlier statements)"
        out.append(rec._replace(stage=p.stage, band=band))
    return out


def helped_before(session: Session) -> list[str]:
    """Up to three skills practised most and up to three steps from the plan's toolbox and
    daily list, as lines."""
    conn = session.db()
    out: list[str] = []
    try:
        from recovery_cli.store import skills as store_skills
        from recovery_cli.tools.skills import load_skills

        counts = store_skills.counts(conn)
        if counts:
            titles = {s.id: s.title for s in load_skills(session.home).skills.values()}
            top = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:3]
            for skill, (times, last) in top:
                title = titles.get(skill, skill.replace("_", " "))
                out.append(f"{title}: practised {'once' if times == 1 else f'{times} times'}, "
                           f"last on {last}")
    except Exception as exc:
        session.note(f"(The skills practice log could not be read: {exc}.)")
    try:
        from recovery_cli.store import plan as store_plan

        steps = (store_plan.section_texts(conn, "toolbox")
                 + store_plan.section_texts(conn, "daily"))
        out += [f"From your plan: {step}" for step in steps[:3]]
    except Exception as exc:
        session.note(f"(The plan could not be read: {exc}.)")
    return out


def moved_back(session: Session, current: Profile,
               earlier: Sequence[AssessmentRecord]) -> MovedBack | None:
    """The kind word for a reading lower than the last one (of the same statements' version),
    or None. `earlier`: stage results before the current one, newest first."""
    from recovery_cli.assess import stage_text

    version = current_version(session)
    previous = next((r for r in earlier if r.checklist_version == version), None)
    if previous is None:
        return None
    before = profile_of(session, previous)
    if before is None or not stage_text.moved_back(current, before):
        return None
    return stage_text.MovedBack(before, previous.day, helped_before(session))


def evidence(session: Session, today: date | None = None) -> Evidence:
    """Behaviour beside the answers, over the last EVIDENCE_DAYS days."""
    from recovery_cli.assess import history as scoring_history
    from recovery_cli.assess.stage_evidence import build_evidence
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import plan as store_plan

    conn = session.db()
    today = session.today() if today is None else today
    start = today - timedelta(days=EVIDENCE_DAYS - 1)
    try:
        days: Any = store_checkins.days_between(conn, start.isoformat(), today.isoformat())
    except Exception as exc:
        session.note(f"(Check-ins could not be read for the evidence: {exc}.)")
        days = None
    plan_known = True
    reviewed: str | None = None
    try:
        reviewed = store_plan.last_reviewed(conn)
    except Exception as exc:
        session.note(f"(The plan could not be read for the evidence: {exc}.)")
        plan_known = False
    from recovery_cli.store.score_trends import first_previous_latest

    scored, counts = first_previous_latest(conn)  # three results each, not all (issue 23)
    trends = scoring_history.trends(scored, session.checklists().checklists, counts)
    tools: dict[str, Any] | None
    try:
        from recovery_cli.store import events as store_events
        from recovery_cli.store import skills as store_skills

        tools = store_skills.evidence(conn, today, days=EVIDENCE_DAYS)
        tools.update(store_events.session_evidence(conn, today))
    except Exception as exc:
        session.note(f"(The intake, goals and skills could not be read for the evidence: {exc}.)")
        tools = None
    return build_evidence(
        today, window_days=EVIDENCE_DAYS, checkins=days, plan_known=plan_known,
        plan_last_reviewed=reviewed, trends=trends, tools=tools,
    )


class StageView(NamedTuple):
    """What `recovery stage` shows: the latest reading (None without one), when it was taken,
    the evidence beside it, a kind word when it points lower than the last one, and whether it
    was of an earlier version of the statements."""

    profile: Profile | None
    taken_at: str | None
    evidence: Evidence
    went_back: MovedBack | None = None
    earlier_version: bool = False


def view(session: Session) -> StageView:
    from recovery_cli.store import assessments as store

    ev = evidence(session)
    recent = store.latest_stages(session.db(), 6)
    latest = recent[0] if recent else None
    p = profile_of(session, latest) if latest is not None else None
    if latest is None or p is None:
        return StageView(None, None, ev)
    version = current_version(session)
    return StageView(p, latest.taken_at, ev, moved_back(session, p, recent[1:]),
                     version is not None and latest.checklist_version != version)


def history(session: Session) -> list[tuple[AssessmentRecord, Profile | None]]:
    """Every stage self-assessment, oldest first as stored, with its reading by today's rule."""
    from recovery_cli.store import assessments as store

    return [(rec, profile_of(session, rec))
            for rec in store.history(session.db(), kind="stage")]
