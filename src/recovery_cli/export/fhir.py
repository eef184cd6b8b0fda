"""The FHIR export: a FHIR R4 `Bundle` (type `collection`) with one `QuestionnaireResponse`
per questionnaire result and one `Observation` per total score, coded with LOINC where the
code is verified (export/fhir_codes.py, docs/FHIR.md).

Built and validated with `fhir.resources` (its R4B models match R4 for Bundle, Patient,
QuestionnaireResponse and Observation); imported only on this path (`export --format fhir`).
What is left out on purpose: the stage self-assessment (the project's own model, not a
clinical instrument), a person's own checklists (no published codes), check-ins and the
journal (never in FHIR).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from recovery_cli.export.fhir_codes import LOINC, LOINC_QUESTIONNAIRE, Codes, codes_for

if TYPE_CHECKING:
    from fhir.resources.R4B.bundle import Bundle

    from recovery_cli.core.checklists import ChecklistSet
    from recovery_cli.core.models import Checklist
    from recovery_cli.core.records import AssessmentRecord

RESULT_ID_SYSTEM = "urn:recovery-cli:result"  # QuestionnaireResponse.identifier: "<checklist>/<id>"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class Selection:
    """The results that go into the bundle and how many were left out (stage, own checklists)."""

    records: list[AssessmentRecord]
    stage_left_out: int
    own_left_out: int


def select(records: Sequence[AssessmentRecord], checklists: ChecklistSet) -> Selection:
    keep: list[AssessmentRecord] = []
    stage = own = 0
    for r in records:
        if r.kind == "stage":
            stage += 1
        elif codes_for(r.checklist) is None or r.checklist not in checklists.checklists:
            own += 1
        else:
            keep.append(r)
    return Selection(keep, stage, own)


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _dec(value: float) -> Decimal:
    return Decimal(str(_num(value)))


def build_bundle(records: Sequence[AssessmentRecord], checklists: ChecklistSet, *,
                 patient_id: str, name: str | None, now: datetime) -> Bundle:
    """The Bundle of these (already selected) results; ids are stable for the same home and
    result, so exporting twice gives the same resource ids."""
    from fhir.resources.R4B.bundle import Bundle, BundleEntry
    from fhir.resources.R4B.humanname import HumanName
    from fhir.resources.R4B.patient import Patient

    space = uuid.UUID(patient_id)
    patient_url = f"urn:uuid:{patient_id}"
    patient = Patient(id=patient_id, name=[HumanName(text=name)] if name else None)
    entries = [BundleEntry(fullUrl=patient_url, resource=patient)]
    for rec in records:
        checklist = checklists.checklists[rec.checklist]
        codes = codes_for(rec.checklist)
        assert codes is not None
        qr_id = str(uuid.uuid5(space, f"qr/{rec.checklist}/{rec.id}"))
        entries.append(BundleEntry(fullUrl=f"urn:uuid:{qr_id}", resource=_response(
            rec, checklist, codes, qr_id, patient_url)))
        if rec.score is not None:
            obs_id = str(uuid.uuid5(space, f"obs/{rec.checklist}/{rec.id}"))
            entries.append(BundleEntry(fullUrl=f"urn:uuid:{obs_id}", resource=_observation(
                rec, checklist, codes, obs_id, patient_url, f"urn:uuid:{qr_id}")))
    return Bundle(id=str(uuid.uuid5(space, f"bundle/{now.isoformat()}")), type="collection",
                  timestamp=now.replace(microsecond=0), entry=entries)


def _response(rec: AssessmentRecord, checklist: Checklist, codes: Codes, qr_id: str,
              patient_url: str) -> Any:
    from fhir.resources.R4B.coding import Coding
    from fhir.resources.R4B.identifier import Identifier
    from fhir.resources.R4B.questionnaireresponse import (
        QuestionnaireResponse,
        QuestionnaireResponseItem,
        QuestionnaireResponseItemAnswer,
    )
    from fhir.resources.R4B.reference import Reference

    items = []
    for item in checklist.items:
        if item.id not in rec.answers:
            continue
        value = rec.answers[item.id]
        code = codes.items.get(item.id)
        answer_code = codes.answers.get(int(value)) if code and float(value).is_integer() else None
        if code and answer_code:
            answer = QuestionnaireResponseItemAnswer(valueCoding=Coding(
                system=LOINC, code=answer_code[0], display=answer_code[1]))
        elif float(value).is_integer():
            answer = QuestionnaireResponseItemAnswer(valueInteger=int(value))
        else:
            answer = QuestionnaireResponseItemAnswer(valueDecimal=_dec(value))
        items.append(QuestionnaireResponseItem(
            linkId=code if code and answer_code else item.id, text=item.text, answer=[answer]))
    return QuestionnaireResponse(
        id=qr_id,
        identifier=Identifier(system=RESULT_ID_SYSTEM, value=f"{rec.checklist}/{rec.id}"),
        questionnaire=f"{LOINC_QUESTIONNAIRE}{codes.panel}" if codes.panel else None,
        status="completed", subject=Reference(reference=patient_url),
        author=Reference(reference=patient_url), source=Reference(reference=patient_url),
        authored=datetime.fromisoformat(rec.taken_at), item=items or None,
    )


def _observation(rec: AssessmentRecord, checklist: Checklist, codes: Codes, obs_id: str,
                 patient_url: str, qr_url: str) -> Any:
    from fhir.resources.R4B.annotation import Annotation
    from fhir.resources.R4B.codeableconcept import CodeableConcept
    from fhir.resources.R4B.coding import Coding
    from fhir.resources.R4B.observation import Observation, ObservationComponent
    from fhir.resources.R4B.quantity import Quantity
    from fhir.resources.R4B.reference import Reference

    assert rec.score is not None
    title = f"{checklist.title} total score"
    code = CodeableConcept(
        coding=[Coding(system=LOINC, code=codes.total, display=codes.total_display)]
        if codes.total else None, text=title)
    components = None
    if rec.percentage is not None:
        components = [ObservationComponent(
            code=CodeableConcept(text=f"{checklist.title} percentage score"),
            valueQuantity=Quantity(value=_dec(rec.percentage), unit="%", system=UCUM, code="%"))]
    notes = [Annotation(text=n) for n in _notes(rec, checklist)]
    return Observation(
        id=obs_id, status="final",
        category=[CodeableConcept(coding=[Coding(system=CATEGORY_SYSTEM, code="survey",
                                                 display="Survey")])],
        code=code, subject=Reference(reference=patient_url), effectiveDateTime=datetime.fromisoformat(rec.taken_at),
        performer=[Reference(reference=patient_url)],
        valueQuantity=Quantity(value=_dec(rec.score), unit="{score}", system=UCUM,
                               code="{score}"),
        interpretation=[CodeableConcept(text=rec.band)] if rec.band else None,
        component=components, note=notes or None,
        derivedFrom=[Reference(reference=qr_url)],
    )


def _notes(rec: AssessmentRecord, checklist: Checklist) -> list[str]:
    out = []
    if rec.band:
        out.append(f"Band (the published interpretation, to discuss together): {rec.band}.")
    if rec.safety_flag:
        for rule in checklist.safety:
            if rule.item in rec.answers:
                item = next(i for i in checklist.items if i.id == rule.item)
                label = _label(checklist, rule.item, rec.answers[rule.item])
                out.append(f"Safety: item '{item.text}' was answered '{label}'. This answer "
                           "asks for a conversation about safety.")
    out.append("Self-reported with the recovery app (not a clinician-administered result).")
    return out


def _label(checklist: Checklist, item_id: str, value: float) -> str:
    item = next(i for i in checklist.items if i.id == item_id)
    for opt in item.options or checklist.scale:
        if float(opt.value) == float(value):
            return f"{opt.label} ({_num(value)})"
    return str(_num(value))


def render(bundle: Bundle) -> str:
    return bundle.model_dump_json(indent=2, exclude_none=True) + "\n"


def read_answers(data: dict[str, Any]) -> list[tuple[str, str, dict[str, float]]]:
    """(checklist, authored, answers) of each QuestionnaireResponse in a bundle written by
    `build_bundle`, item ids and values as stored: the round trip the tests check, and how a
    receiving system can map codes back."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    bundle = Bundle.model_validate(data)
    out: list[tuple[str, str, dict[str, float]]] = []
    for entry in bundle.entry or []:
        res = entry.resource
        if not isinstance(res, QuestionnaireResponse) or res.identifier is None:
            continue
        checklist = str(res.identifier.value).split("/")[0]
        codes = codes_for(checklist)
        by_code = {v: k for k, v in (codes.items if codes else {}).items()}
        by_answer = {v[0]: k for k, v in (codes.answers if codes else {}).items()}
        answers: dict[str, float] = {}
        for item in res.item or []:
            ans = (item.answer or [])[0]
            if ans.valueCoding is not None:
                value = float(by_answer[str(ans.valueCoding.code)])
            elif ans.valueInteger is not None:
                value = float(ans.valueInteger)
            else:
                value = float(str(ans.valueDecimal))
            link = str(item.linkId)
            answers[by_code.get(link, link)] = value
        out.append((checklist, str(res.authored), answers))
    return out
