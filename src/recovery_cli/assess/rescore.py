"""Stored questionnaire results checked against their answers (pure).

A result's score, percentage, band and safety flag are stored with it, but they follow from
the answers and the checklist. An imported file, an old database or a hand edit may hold values
that disagree (a PHQ-9 with item 9 answered 2 and `safety_flag` 0 would reach the therapist
report without its flag), so `import` and every export recompute them here and use the
recomputed values. Item-level flags (WHO-5's low item) are kept as stored.

- A result of a checklist that is not loaded, or a stage self-assessment, is left as stored.
- When every scored item has an answer, the score, percentage, band and safety flag are
  recomputed. When some are missing (an older form), only the safety flag is: it is raised
  when an answer meets a safety rule, and a stored flag is never dropped.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from recovery_cli.core.records import AssessmentRecord

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=1e-6)


def rescored(record: AssessmentRecord, checklist: Checklist | None) -> AssessmentRecord:
    """The record with the values its answers give (the record itself when nothing differs
    or nothing can be recomputed)."""
    from recovery_cli.assess import scoring

    if (checklist is None or record.kind != "instrument" or checklist.kind != "instrument"
            or checklist.scoring.method == "stage_profile" or not record.answers):
        return record
    answers = {k: v for k, v in record.answers.items() if checklist.item(k) is not None}
    result = scoring.score(checklist, answers)
    complete = all(i.id in answers for i in checklist.items if i.scored)
    if complete:
        fixed = dataclasses.replace(record, score=result.score, percentage=result.percentage,
                                    band=result.band, safety_flag=result.safety_flag)
    else:
        fixed = dataclasses.replace(record, safety_flag=record.safety_flag or result.safety_flag)
    return record if agrees(record, fixed) else fixed


def agrees(a: AssessmentRecord, b: AssessmentRecord) -> bool:
    """Do two records hold the same score, percentage, band and safety flag?"""
    return (_same(a.score, b.score) and _same(a.percentage, b.percentage) and a.band == b.band
            and a.safety_flag == b.safety_flag)


def rescore_all(
    records: list[AssessmentRecord], checklists: Mapping[str, Checklist]
) -> list[AssessmentRecord]:
    return [rescored(r, checklists.get(r.checklist)) for r in records]
