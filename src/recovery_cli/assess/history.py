"""Questionnaire results as commands show them (pure): a result's JSON, the history with bands and
change markers, the trend of each instrument and whether one is due (split from scoring.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.assess.scoring import ChangeResult, Score, change_between, num
from recovery_cli.core.records import AssessmentRecord

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist


def answers_json(checklist: Checklist | None, answers: dict[str, float]) -> dict[str, Any]:
    order = [i.id for i in checklist.items] if checklist else []
    keys = [k for k in order if k in answers] + [k for k in answers if k not in order]
    return {k: num(answers[k]) for k in keys}


def result_json(
    checklist_id: str,
    taken_at: str,
    answers: dict[str, Any],
    result: Score,
    change: ChangeResult | None,
) -> dict[str, Any]:
    """A questionnaire result, exactly as DESIGN.md pins it."""
    return {
        "checklist": checklist_id,
        "taken_at": taken_at,
        "answers": answers,
        "score": None if result.score is None else num(result.score),
        "band": result.band,
        "percentage": None if result.percentage is None else num(result.percentage),
        "flags": [f.id for f in result.flags],
        "safety_flag": result.safety_flag,
        "change": None if change is None else change.to_json(),
    }


class HistoryRow(NamedTuple):
    record: AssessmentRecord
    change: ChangeResult | None  # since the previous result of the same checklist
    since_first: ChangeResult | None  # since the first result of the same checklist


def history_rows(
    records: Sequence[AssessmentRecord], checklists: Mapping[str, Checklist]
) -> list[HistoryRow]:
    """Each record (oldest first) with its change since the previous and the first result of
    the same checklist."""
    ordered = sorted(records, key=lambda r: (r.taken_at, r.id))
    first: dict[str, AssessmentRecord] = {}
    prev: dict[str, AssessmentRecord] = {}
    rows = []
    for rec in ordered:
        cl = checklists.get(rec.checklist)
        p = prev.get(rec.checklist)
        f = first.get(rec.checklist)
        rows.append(
            HistoryRow(
                rec,
                change_between(cl, p, rec.score),
                change_between(cl, f, rec.score) if f is not None and f is not p else None,
            )
        )
        if rec.score is not None:
            prev[rec.checklist] = rec
            first.setdefault(rec.checklist, rec)
    return rows


def history_json(row: HistoryRow) -> dict[str, Any]:
    r = row.record
    doc: dict[str, Any] = {
        "id": r.id,
        "checklist": r.checklist,
        "kind": r.kind,
        "taken_at": r.taken_at,
        "answers": {k: num(v) for k, v in r.answers.items()},
        "score": None if r.score is None else num(r.score),
        "band": r.band,
        "percentage": None if r.percentage is None else num(r.percentage),
        "flags": list(r.flags),
        "safety_flag": r.safety_flag,
        "change": None if row.change is None else row.change.to_json(),
        "change_since_first": None if row.since_first is None else row.since_first.to_json(),
    }
    if r.kind == "stage":
        doc["stage"] = r.stage
        doc["scores"] = dict(r.subscales)
    return doc


class Trend(NamedTuple):
    """A questionnaire's course, for the stage evidence and summaries."""

    checklist: str
    title: str
    results: int  # how many results there are in all
    latest: AssessmentRecord
    change: ChangeResult | None
    since_first: ChangeResult | None


def trends(
    records: Sequence[AssessmentRecord], checklists: Mapping[str, Checklist],
    counts: dict[str, int] | None = None,
) -> list[Trend]:
    """The latest result of each scored questionnaire with its changes (instruments only).
    `records` may be just the first, previous and latest scored results of each
    (store.score_trends) with `counts` giving how many there are in all."""
    rows = [r for r in history_rows(records, checklists) if r.record.kind == "instrument"]
    latest: dict[str, HistoryRow] = {}
    seen: dict[str, int] = {}
    for row in rows:
        if row.record.score is None:
            continue
        latest[row.record.checklist] = row
        seen[row.record.checklist] = seen.get(row.record.checklist, 0) + 1
    out = []
    for cid in sorted(latest):
        row = latest[cid]
        cl = checklists.get(cid)
        out.append(
            Trend(cid, cl.title if cl else cid, (counts or seen)[cid], row.record, row.change,
                  row.since_first)
        )
    return out


def is_due(last_day: date | None, frequency_days: int | None, today: date) -> bool:
    """Never taken: due. Otherwise due once `frequency_days` have passed since it was taken."""
    if last_day is None:
        return True
    if frequency_days is None:
        return False
    return (today - last_day).days >= frequency_days
