"""The scoring engine against the shipped instruments: every band edge, WHO-5's percentage and
item flag, PHQ-9 item 9, change thresholds both ways, and bad answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from recovery_cli.assess import history as scoring_history
from recovery_cli.assess import scoring
from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.errors import InputError
from recovery_cli.core.models import Checklist
from recovery_cli.core.records import AssessmentRecord


@pytest.fixture(scope="module")
def shipped() -> dict[str, Checklist]:
    result = load_checklists(None)
    assert result.errors == []
    return result.checklists


def spread(cl: Checklist, total: int, *, avoid: tuple[str, ...] = ()) -> list[float]:
    """Answers in item order summing to `total` over the scored items (filled from the
    first item), keeping `avoid` items at their lowest value."""
    values: list[float] = []
    left = total
    for item in cl.items:
        if not item.scored:
            continue
        opts = sorted(float(o.value) for o in cl.options_for(item))
        top = opts[-1]
        v = 0.0 if item.id in avoid else min(top, float(left))
        values.append(v)
        left -= int(v)
    assert left == 0, f"{total} is out of reach"
    return values


def score_of(cl: Checklist, values: Sequence[float]) -> scoring.Score:
    return scoring.score(cl, scoring.check_answers(cl, values))


# --- band edges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal / none"),
        (4, "Minimal / none"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (24, "Severe"),
    ],
)
def test_phq9_band_edges(shipped: dict[str, Checklist], total: int, band: str) -> None:
    cl = shipped["phq9"]
    result = score_of(cl, spread(cl, total, avoid=("q9",)))
    assert result.score == total
    assert result.band == band
    assert result.safety_flag is False
    assert result.percentage is None


def test_phq9_top_of_range(shipped: dict[str, Checklist]) -> None:
    cl = shipped["phq9"]
    result = score_of(cl, [3] * 9)
    assert (result.score, result.band, result.max_score) == (27, "Severe", 27)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "Minimal"), (4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"),
     (14, "Moderate"), (15, "Severe"), (21, "Severe")],
)
def test_gad7_band_edges(shipped: dict[str, Checklist], total: int, band: str) -> None:
    cl = shipped["gad7"]
    result = score_of(cl, spread(cl, total))
    assert result.score == total
    assert result.band == band


@pytest.mark.parametrize("cid", ["phq2", "gad2"])
@pytest.mark.parametrize(
    ("total", "positive"), [(0, False), (2, False), (3, True), (6, True)]
)
def test_two_item_screeners_cut_off_at_3(
    shipped: dict[str, Checklist], cid: str, total: int, positive: bool
) -> None:
    cl = shipped[cid]
    result = score_of(cl, spread(cl, total))
    assert result.score == total
    assert result.band is not None
    assert result.band.startswith("At or above") is positive
    if positive:
        full = "phq9" if cid == "phq2" else "gad7"
        assert f"recovery assess take {full}" in result.band_note
    else:
        assert result.band_note == ""


@pytest.mark.parametrize(
    ("values", "raw", "pct", "band"),
    [
        ([3, 3, 2, 2, 2], 12, 48, "Poor well-being (raw score below 13)"),
        ([3, 3, 3, 2, 2], 13, 52, "Not in the poor well-being range"),
        ([2, 2, 2, 1, 0], 7, 28, "Poor well-being (28% or less)"),
        ([2, 2, 2, 2, 0], 8, 32, "Poor well-being (raw score below 13)"),
        ([5, 5, 5, 5, 5], 25, 100, "Not in the poor well-being range"),
    ],
)
def test_who5_raw_percentage_and_bands(
    shipped: dict[str, Checklist], values: list[float], raw: int, pct: int, band: str
) -> None:
    result = score_of(shipped["who5"], values)
    assert result.score == raw
    assert result.percentage == pct
    assert result.band == band


def test_who5_low_band_suggests_phq9(shipped: dict[str, Checklist]) -> None:
    result = score_of(shipped["who5"], [1, 1, 1, 1, 1])
    assert "PHQ-9" in result.band_note


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ([5, 5, 5, 5, 1], True),  # one item at 1, total 21: still flagged
        ([5, 5, 0, 5, 5], True),
        ([2, 2, 2, 2, 2], False),  # total 10 (poor) but no single item at 1 or below
        ([5, 5, 5, 5, 2], False),
    ],
)
def test_who5_item_flag(
    shipped: dict[str, Checklist], values: list[float], flagged: bool
) -> None:
    result = score_of(shipped["who5"], values)
    assert ([f.id for f in result.flags] == ["who5_low_item"]) is flagged


# --- PHQ-9 item 9 ------------------------------------------------------------------------


def test_item9_at_1_with_total_1_sets_the_safety_flag(shipped: dict[str, Checklist]) -> None:
    result = score_of(shipped["phq9"], [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.score == 1
    assert result.band == "Minimal / none"
    assert result.safety_flag is True
    assert result.safety_items == ["q9"]


@pytest.mark.parametrize("value", [1, 2, 3])
def test_item9_any_nonzero_answer_sets_the_flag(shipped: dict[str, Checklist], value: int) -> None:
    assert score_of(shipped["phq9"], [0] * 8 + [value]).safety_flag is True


def test_item9_at_0_never_sets_the_flag_whatever_the_total(shipped: dict[str, Checklist]) -> None:
    result = score_of(shipped["phq9"], [3] * 8 + [0])
    assert result.score == 24
    assert result.safety_flag is False


def test_difficulty_item_is_optional_and_unscored(shipped: dict[str, Checklist]) -> None:
    cl = shipped["phq9"]
    answers = scoring.check_answers(cl, [1] * 9 + [3])
    assert answers["difficulty"] == 3
    assert scoring.score(cl, answers).score == 9
    assert "difficulty" not in scoring.parse_answers(cl, "1,1,1,1,1,1,1,1,1")
    assert "difficulty" not in scoring.parse_answers(cl, "1,1,1,1,1,1,1,1,1,")


# --- change ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cid", "prev", "now", "direction", "meaningful", "reliable"),
    [
        # PHQ-9: clinically meaningful at 5, reliable at 6, both ways
        ("phq9", 15, 11, "improved", False, False),
        ("phq9", 15, 10, "improved", True, False),
        ("phq9", 15, 9, "improved", True, True),
        ("phq9", 9, 13, "worse", False, False),
        ("phq9", 9, 14, "worse", True, False),
        ("phq9", 9, 15, "worse", True, True),
        ("phq9", 9, 9, "same", False, False),
        # GAD-7: 4 for both
        ("gad7", 12, 9, "improved", False, False),
        ("gad7", 12, 8, "improved", True, True),
        ("gad7", 8, 11, "worse", False, False),
        ("gad7", 8, 12, "worse", True, True),
        # WHO-5: higher is better; 10 percentage points (raw x 4) is meaningful
        ("who5", 10, 12, "improved", False, False),  # +8 points
        ("who5", 10, 13, "improved", True, False),  # +12 points
        ("who5", 13, 11, "worse", False, False),
        ("who5", 13, 10, "worse", True, False),
        # PHQ-2: no published thresholds, direction only
        ("phq2", 4, 1, "improved", False, False),
    ],
)
def test_change_thresholds_both_ways(
    shipped: dict[str, Checklist],
    cid: str,
    prev: int,
    now: int,
    direction: str,
    meaningful: bool,
    reliable: bool,
) -> None:
    cl = shipped[cid]
    ch = scoring.compare(cl.change, cl.scoring.transform, prev, now)
    assert ch.direction == direction
    assert ch.meaningful is meaningful
    assert ch.reliable is reliable
    assert ch.delta == now - prev
    assert ch.to_json() == {
        "previous_score": prev, "delta": now - prev, "direction": direction,
        "meaningful": meaningful, "reliable": reliable,
    }


def _rec(i: int, cid: str, score: float, day: str) -> AssessmentRecord:
    return AssessmentRecord(i, cid, "instrument", f"{day}T20:00:00+00:00", day, score, None,
                            None, False)


def test_history_rows_compare_with_previous_and_first(shipped: dict[str, Checklist]) -> None:
    recs = [
        _rec(1, "phq9", 18, "2026-09-01"),
        _rec(2, "gad7", 10, "2026-09-02"),
        _rec(3, "phq9", 14, "2026-09-15"),
        _rec(4, "phq9", 11, "2026-09-29"),
    ]
    rows = scoring_history.history_rows(recs, shipped)
    assert [r.record.id for r in rows] == [1, 2, 3, 4]
    assert rows[0].change is None and rows[0].since_first is None
    assert rows[1].change is None  # gad7 compares only with gad7
    assert rows[2].change is not None and rows[2].change.delta == -4
    assert rows[2].since_first is None  # the previous one is the first
    assert rows[3].change is not None and rows[3].change.delta == -3
    assert not rows[3].change.meaningful
    assert rows[3].since_first is not None
    assert rows[3].since_first.delta == -7 and rows[3].since_first.reliable
    trends = scoring_history.trends(recs, shipped)
    assert [(t.checklist, t.results) for t in trends] == [("gad7", 1), ("phq9", 3)]


# --- answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,0,0,0,0,0,0,0", ["8 values", "needs 9", "answer 9", "'q9'"]),
        ("0,0,0,0,0,0,0,0,0,0,0", ["11 values", "only 10"]),
        ("0,0,4,0,0,0,0,0,0", ["answer 3", "'q3'", "is 4", "0 to 3"]),
        ("0,0,0,0,0,0,0,0,-1", ["answer 9", "'q9'", "is -1"]),
        ("0,0,0,0,0,0,0,0,0.5", ["answer 9", "'q9'", "0.5"]),
        ("0,0,x,0,0,0,0,0,0", ["answer 3", "'q3'", "'x'", "not a number"]),
        ("0,,0,0,0,0,0,0,0", ["answer 2", "'q2'", "empty"]),
        ("0,0,0,0,0,0,0,0,0,7", ["answer 10", "'difficulty'", "is 7"]),
        ("", ["needs 9"]),
    ],
)
def test_bad_answers_name_the_item(shipped: dict[str, Checklist], text: str, expected: list[str]) -> None:
    with pytest.raises(InputError) as err:
        scoring.parse_answers(shipped["phq9"], text)
    assert err.value.exit_code == 2
    for part in expected:
        assert part.lower() in err.value.message.lower()


def test_who5_takes_0_to_5(shipped: dict[str, Checklist]) -> None:
    cl = shipped["who5"]
    assert scoring.parse_answers(cl, "5,4,3,2,1") == {"q1": 5, "q2": 4, "q3": 3, "q4": 2, "q5": 1}
    with pytest.raises(InputError, match=r"Answer 1 \(item 'q1'\) is 6"):
        scoring.parse_answers(cl, "6,0,0,0,0")


def test_result_json_has_exactly_the_designed_keys(shipped: dict[str, Checklist]) -> None:
    cl = shipped["who5"]
    answers = scoring.parse_answers(cl, "3,3,3,3,1")
    result = scoring.score(cl, answers)
    doc = scoring_history.result_json("who5", "2026-11-26T21:04:00+01:00",
                              scoring_history.answers_json(cl, answers), result, None)
    assert list(doc) == ["checklist", "taken_at", "answers", "score", "band", "percentage",
                         "flags", "safety_flag", "change"]
    assert doc["answers"] == {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 1}
    assert (doc["score"], doc["percentage"], doc["flags"]) == (13, 52, ["who5_low_item"])


def test_mean_scoring_and_bands_between_edges() -> None:
    cl = Checklist.model_validate({
        "id": "mine", "title": "Mine", "kind": "instrument",
        "scale": [{"value": v, "label": str(v)} for v in range(1, 6)],
        "items": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
        "scoring": {"method": "mean", "bands": [
            {"min": 1, "max": 2, "label": "low"}, {"min": 3, "max": 5, "label": "high"}]},
    })
    assert scoring.score(cl, {"a": 2, "b": 3}).band == "low"  # 2.5 sits between the bands
    assert scoring.score(cl, {"a": 3, "b": 3}).band == "high"
    assert scoring.score(cl, {"a": 1, "b": 2}).score == 1.5


@pytest.mark.parametrize(
    ("last", "freq", "due"),
    [(None, 14, True), (date(2026, 11, 13), 14, True), (date(2026, 11, 14), 14, False),
     (date(2026, 11, 26), None, False)],
)
def test_is_due(last: date | None, freq: int | None, due: bool) -> None:
    assert scoring_history.is_due(last, freq, date(2026, 11, 27)) is due
