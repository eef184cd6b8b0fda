"""The LOINC codes the FHIR export uses, each checked against loinc.org (sources in
docs/FHIR.md). Only codes we could verify are here: an instrument, item or answer without a
verified code is exported without one (its own id and text) rather than with a guessed code.
Published prototypes often put a panel code where the total-score code belongs; the panel
code identifies the questionnaire, the total-score code the Observation of its score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOINC = "http://loinc.org"
# LOINC's own FHIR Questionnaires are published under this canonical (loinc.org/<panel>
# pages link "Questionnaire definition ... ?url=http://loinc.org/q/<panel>").
LOINC_QUESTIONNAIRE = "http://loinc.org/q/"

# LOINC answer list LL358-3 (https://loinc.org/LL358-3): the PHQ-9 / GAD-7 frequency scale.
FREQUENCY_ANSWERS: dict[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}


@dataclass(frozen=True)
class Codes:
    """LOINC codes of one instrument: the panel (the questionnaire), the total score, each
    item (checklist item id -> LOINC code) and the answers of those items."""

    panel: str | None
    panel_display: str | None
    total: str | None
    total_display: str | None
    items: dict[str, str] = field(default_factory=dict)
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)


_PHQ9_ITEMS = {
    "q1": "44250-9", "q2": "44255-8", "q3": "44259-0", "q4": "44254-1", "q5": "44251-7",
    "q6": "44258-2", "q7": "44252-5", "q8": "44253-3", "q9": "44260-8",
}
_GAD7_ITEMS = {
    "q1": "69725-0", "q2": "68509-9", "q3": "69733-4", "q4": "69734-2", "q5": "69735-9",
    "q6": "69689-8", "q7": "69736-7",
}

INSTRUMENTS: dict[str, Codes] = {
    "phq9": Codes("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]",
                  "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
                  _PHQ9_ITEMS, FREQUENCY_ANSWERS),
    "phq2": Codes("55757-9", "Patient Health Questionnaire 2 item (PHQ-2) [Reported]",
                  "55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]",
                  {"q1": "44250-9", "q2": "44255-8"}, FREQUENCY_ANSWERS),
    "gad7": Codes("69737-5", "Generalized anxiety disorder 7 item (GAD-7)",
                  "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score "
                  "[Reported.PHQ]", _GAD7_ITEMS, FREQUENCY_ANSWERS),
    # GAD-2: its two items are the GAD-7's first two (same LOINC item and answer codes); no
    # GAD-2 panel or total-score code could be verified on loinc.org, so none is sent.
    # (70272-0, sometimes given for it, is the PHQ-4 total score.)
    "gad2": Codes(None, None, None, None,
                  {"q1": "69725-0", "q2": "68509-9"}, FREQUENCY_ANSWERS),
    # WHO-5: no LOINC panel, total or item code could be verified; exported uncoded (item ids,
    # item text, the 0-5 answer as an integer, the raw score and the percentage).
    "who5": Codes(None, None, None, None),
}


def codes_for(checklist_id: str) -> Codes | None:
    """The codes of a published instrument, or None (the stage self-assessment and a user's
    own checklists are not exported to FHIR)."""
    return INSTRUMENTS.get(checklist_id)
