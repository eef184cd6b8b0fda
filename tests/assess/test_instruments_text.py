"""Each shipped instrument's wording matches the published text exactly.

The expected strings below are copied from the reference (`reference/domain.md` §0, §1.1-1.5)
and, for the corrections of issue 16 (the GAD-7's stem and difficulty question, the WHO-5's
instruction and flag), from the issue and the published forms (Pfizer's GAD-7; the WHO-5 1998
form of Psychiatric Centre North Zealand), not from our data files, so an accidental edit to an
item, a label or a notice fails here.
"""

from __future__ import annotations

import pytest

from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.models import Checklist

PFIZER_NOTICE = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)
PHQ_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
# The GAD-7 form says "the following problems", without the PHQ-9's "any of".
GAD_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
PHQ_SCALE = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]
PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
PHQ9_DIFFICULTY = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
PHQ9_DIFFICULTY_OPTIONS = [
    "Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"
]
GAD7_DIFFICULTY = (
    "If you checked any problems, how difficult have these made it for you to do your work, "
    "take care of things at home, or get along with other people?"
)
GAD7_ITEMS = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]
WHO5_ITEMS = [
    "I have felt cheerful and in good spirits.",
    "I have felt calm and relaxed.",
    "I have felt active and vigorous.",
    "I woke up feeling fresh and rested.",
    "My daily life has been filled with things that interest me.",
]
WHO5_SCALE = [
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
]
WHO5_INSTRUCTION = (
    "Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks. Notice that higher numbers mean better well-being."
)
WHO5_FLAG = (
    "At least one answer was 'Some of the time' or 'At no time'; the published guidance flags "
    "this for a closer look, even when the raw score is 13 or more."
)
WHO5_SOURCE = "Psychiatric Centre North Zealand"
WHO5_LICENSE = "Public domain. The source must be mentioned (Psychiatric Center North Zealand)."


@pytest.fixture(scope="module")
def shipped() -> dict[str, Checklist]:
    result = load_checklists(None)
    assert result.errors == []
    return result.checklists


def scored_texts(cl: Checklist) -> list[str]:
    return [i.text for i in cl.items if i.scored]


def scale(cl: Checklist) -> list[tuple[int, str]]:
    return [(int(o.value), o.label) for o in cl.scale]


@pytest.mark.parametrize(
    ("cid", "items", "stem"),
    [("phq9", PHQ9_ITEMS, PHQ_STEM), ("phq2", PHQ9_ITEMS[:2], PHQ_STEM),
     ("gad7", GAD7_ITEMS, GAD_STEM), ("gad2", GAD7_ITEMS[:2], GAD_STEM)],
)
def test_pfizer_instruments_are_verbatim(
    shipped: dict[str, Checklist], cid: str, items: list[str], stem: str
) -> None:
    cl = shipped[cid]
    assert cl.kind == "instrument"
    assert scored_texts(cl) == items
    assert scale(cl) == PHQ_SCALE
    assert cl.stem == stem
    assert cl.attribution == PFIZER_NOTICE
    assert cl.frequency_days == 14
    assert "PRIME-MD" not in cl.title + cl.attribution + cl.license


def test_phq9_difficulty_question_is_verbatim_and_unscored(shipped: dict[str, Checklist]) -> None:
    item = shipped["phq9"].item("difficulty")
    assert item is not None
    assert item.text == PHQ9_DIFFICULTY
    assert item.scored is False
    assert [o.label for o in item.options or []] == PHQ9_DIFFICULTY_OPTIONS


def test_gad7_difficulty_question_is_verbatim_and_unscored(
    shipped: dict[str, Checklist],
) -> None:
    cl = shipped["gad7"]
    assert [i.id for i in cl.items] == [f"q{n}" for n in range(1, 8)] + ["difficulty"]
    item = cl.item("difficulty")
    assert item is not None
    assert item.text == GAD7_DIFFICULTY
    assert item.scored is False and item.type == "choice"
    assert [(o.value, o.label) for o in item.options or []] == list(
        enumerate(PHQ9_DIFFICULTY_OPTIONS))
    assert shipped["gad2"].item("difficulty") is None  # the GAD-2 is items 1 and 2 only


def test_phq9_item9_safety_rule(shipped: dict[str, Checklist]) -> None:
    cl = shipped["phq9"]
    [rule] = cl.safety
    item = cl.item(rule.item)
    assert item is not None and item.text == PHQ9_ITEMS[8]
    assert (rule.operator, rule.value, rule.action) == (">=", 1, "crisis")


def test_who5_is_verbatim_with_its_source(shipped: dict[str, Checklist]) -> None:
    cl = shipped["who5"]
    assert scored_texts(cl) == WHO5_ITEMS
    assert scale(cl) == WHO5_SCALE
    assert cl.stem == "Over the last two weeks…"
    assert cl.instruction == WHO5_INSTRUCTION
    [flag] = cl.flags
    assert (flag.when, flag.operator, flag.value, flag.message) == ("any_item", "<=", 1, WHO5_FLAG)
    # The published rule: raw below 13 is poor well-being (the flag is for any item at 0-1).
    assert [(b.min, b.max) for b in cl.scoring.bands] == [(0, 7), (8, 12), (13, 25)]
    assert WHO5_SOURCE in cl.attribution
    assert cl.license == WHO5_LICENSE
    assert cl.scoring.transform == 4


def test_published_bands_and_change_points(shipped: dict[str, Checklist]) -> None:
    def bands(cid: str) -> list[tuple[float, float, str]]:
        return [(b.min, b.max, b.label) for b in shipped[cid].scoring.bands]

    assert bands("phq9") == [(0, 4, "Minimal / none"), (5, 9, "Mild"), (10, 14, "Moderate"),
                             (15, 19, "Moderately severe"), (20, 27, "Severe")]
    assert bands("gad7") == [(0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"),
                             (15, 21, "Severe")]
    phq9, gad7, who5 = (shipped[c].change for c in ("phq9", "gad7", "who5"))
    assert phq9 is not None and (phq9.meaningful, phq9.reliable) == (5, 6)
    assert gad7 is not None and (gad7.meaningful, gad7.reliable) == (4, 4)
    assert who5 is not None and (who5.meaningful, who5.on, who5.higher_is_better) == (
        10, "percentage", True)


def test_no_product_claims_in_shipped_wording(shipped: dict[str, Checklist]) -> None:
    for cl in shipped.values():
        words = " ".join([cl.title, cl.stem, *(b.label + " " + b.note for b in cl.scoring.bands),
                          *(f.message for f in cl.flags)]).lower()
        for banned in ("diagnos", "detect", "treat", "cure"):
            assert banned not in words, (cl.id, banned)
