"""Use cases of the questionnaires: find one by id (`find`), and take one (`take`: score the
checked answers, read the stage profile for the stage self-assessment, compare with the last
and the first result, save, all in one transaction). `record` is the scoring-and-saving core
that the demo shares, on its own connection, so a demo result is made exactly as a real one.
The answers are collected (prompts/) and the result is shown (ui/) by the cli."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from recovery_cli.app.session import Session

if TYPE_CHECKING:
    from recovery_cli.assess.history import HistoryRow
    from recovery_cli.assess.scoring import ChangeResult, Score
    from recovery_cli.assess.stage import Profile
    from recovery_cli.assess.stage_text import MovedBack
    from recovery_cli.core.models import Checklist


def questionnaires(session: Session) -> list[Checklist]:
    """Everything `assess` can take: instruments first, then the stage self-assessment."""
    cls = session.checklists().checklists.values()
    order = {"instrument": 0, "stage": 1}
    return sorted((c for c in cls if c.kind in order), key=lambda c: (order[c.kind], c.id))


def unknown(session: Session, checklist_id: str) -> str:
    """There is no questionnaire 'phq-10'. Did you mean phq9? Known: ..."""
    from recovery_cli.core import names

    known = {c.id: (c.title,) for c in questionnaires(session)}
    return (f"There is no questionnaire '{checklist_id}'.{names.did_you_mean(checklist_id, known)}"
            f" Known: {', '.join(known) or 'none'}.")


def find(session: Session, checklist_id: str) -> Checklist:
    """The questionnaire `checklist_id` names (an alias or a close spelling resolves); an
    unknown id or a check-in checklist is a NotFoundError (exit 1) naming what there is."""
    from recovery_cli.core.errors import NotFoundError

    checklists = session.checklists()
    found = checklists.resolve(checklist_id)
    if found is None:
        raise NotFoundError(unknown(session, checklist_id))
    cl = checklists.get(found)
    if cl.kind in ("checkin", "checkin_extra"):
        raise NotFoundError(f"'{cl.id}' is part of the daily check-in: use 'recovery checkin'.")
    return cl


def listing(session: Session) -> list[dict[str, Any]]:
    """Every questionnaire with its items, when it was last taken and whether it is due
    (`assess list`, and its --json document)."""
    from recovery_cli.assess import history as scoring_history
    from recovery_cli.store import assessments as store

    today = session.today()
    last = store.last_taken(session.db())
    rows: list[dict[str, Any]] = []
    for cl in questionnaires(session):
        taken = last.get(cl.id)
        last_day = date.fromisoformat(taken[:10]) if taken else None
        items = []
        for item in cl.items:
            # `scored`: counts towards the score (PHQ-9's and GAD-7's difficulty questions
            # don't, and may be left unanswered).
            entry: dict[str, Any] = {"id": item.id, "text": item.text, "scored": item.scored}
            if item.stage is not None:
                entry["stage"] = item.stage
            items.append(entry)
        rows.append({"id": cl.id, "title": cl.title, "kind": cl.kind,
                     "frequency_days": cl.frequency_days, "last_taken": taken,
                     "due": scoring_history.is_due(last_day, cl.frequency_days, today),
                     "items": items})
    return rows


def history(session: Session, checklist_id: str | None = None) -> list[HistoryRow]:
    """Every result (of `checklist_id` only, when given: an alias resolves), oldest first,
    with its band and the change since the one before; stage results read by today's rule.
    An id that is neither a questionnaire nor in the results is a NotFoundError."""
    from recovery_cli.app.stage import reread
    from recovery_cli.assess import history as scoring_history
    from recovery_cli.core.errors import NotFoundError
    from recovery_cli.store import assessments as store

    checklists = session.checklists()
    if checklist_id is not None:
        checklist_id = checklists.resolve(checklist_id) or checklist_id
    records = store.history(session.db(), checklist_id)
    if checklist_id is not None and checklist_id not in checklists.checklists and not records:
        raise NotFoundError(unknown(session, checklist_id))
    return scoring_history.history_rows(reread(session, records), checklists.checklists)


def record(conn: sqlite3.Connection, cl: Checklist, answers: dict[str, float], *,
           taken_at: str, day: str) -> tuple[Score, Profile | None]:
    """Score checked answers and save the result (joining the caller's open transaction, else
    in one of its own): the score, and the stage profile for a stage self-assessment."""
    from recovery_cli.assess import scoring
    from recovery_cli.assess import stage as stage_logic
    from recovery_cli.store import assessments as store

    result = scoring.score(cl, answers)
    profile = None
    if cl.kind == "stage" or cl.scoring.method == "stage_profile":
        profile = stage_logic.profile(cl, answers)
        result = result._replace(band=stage_logic.band_text(profile))
    store.save_result(
        conn, checklist=cl.id, checklist_version=cl.version,
        kind="stage" if profile is not None else cl.kind, taken_at=taken_at, day=day,
        answers=[(i.id, answers[i.id]) for i in cl.items if i.id in answers],
        score=result.score, band=result.band, percentage=result.percentage,
        safety_flag=result.safety_flag, flags=[f.id for f in result.flags],
        stage=profile.stage if profile else None,
        subscales=profile.scores_json() if profile else None)
    return result, profile


@dataclass(frozen=True)
class Taken:
    """A saved result as `assess take` shows it."""

    checklist: Checklist
    answers: dict[str, float]
    taken_at: str
    result: Score
    change: ChangeResult | None  # since the last result
    since_first: ChangeResult | None  # since the first, when that is another one
    profile: Profile | None = None  # the stage self-assessment's reading
    went_back: MovedBack | None = None  # a reading lower than the last one


def take(session: Session, cl: Checklist, answers: dict[str, float]) -> Taken:
    """Take `cl` with checked answers (scoring.check_answers / parse_answers) now: compare
    with the last and first result and save, in one transaction."""
    from recovery_cli.app import stage as app_stage
    from recovery_cli.assess import scoring
    from recovery_cli.core import clock
    from recovery_cli.store import assessments as store
    from recovery_cli.store.db import transaction

    now = session.now()
    taken_at = clock.iso(now)
    conn = session.db()
    stage = cl.kind == "stage" or cl.scoring.method == "stage_profile"
    with transaction(conn):
        earlier = store.latest_stages(conn, 5) if stage else []
        prev, first = store.previous_and_first(conn, cl.id)
        result, profile = record(conn, cl, answers, taken_at=taken_at,
                                 day=now.date().isoformat())
    change = scoring.change_between(cl, prev, result.score)
    since_first = (
        scoring.change_between(cl, first, result.score)
        if first is not None and prev is not None and first.id != prev.id
        else None
    )
    went_back = (app_stage.moved_back(session, profile, earlier)
                 if profile is not None else None)
    return Taken(cl, answers, taken_at, result, change, since_first, profile, went_back)
