"""The stage evaluator: the profile (shares 0..1), the winner, the tie rule, the margin, the
evidence kept apart from the answers, and the shipped stage items."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_cli.assess import stage, stage_evidence, stage_text
from recovery_cli.assess.history import Trend
from recovery_cli.assess.scoring import compare
from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.models import Checklist
from recovery_cli.core.records import AssessmentRecord, CheckinDay


@pytest.fixture(scope="module")
def stages() -> Checklist:
    return load_checklists(None).get("stages")


def answers_by_stage(cl: Checklist, per_stage: dict[int, list[int]]) -> dict[str, float]:
    """Give each stage's items the listed values, in item order."""
    seen: dict[int, int] = {}
    out: dict[str, float] = {}
    for item in cl.items:
        assert item.stage is not None
        k = seen.get(item.stage, 0)
        out[item.id] = float(per_stage[item.stage][k])
        seen[item.stage] = k + 1
    return out


def test_shipped_stage_items(stages: Checklist) -> None:
    assert stages.kind == "stage"
    assert stages.scoring.method == "stage_profile"
    assert [int(o.value) for o in stages.scale] == [0, 1, 2, 3, 4, 5]
    for n in range(1, 6):
        assert sum(1 for i in stages.items if i.stage == n) >= 6
    texts = [i.text for i in stages.items]
    assert len(set(texts)) == len(texts)
    for text in texts:
        for word in ("diagnos", "detect", "treat", "cure", "you are in stage"):
            assert word not in text.lower()
    assert "own wording" in stages.attribution
    assert "not a validated instrument" in stages.attribution
    assert stages.version == 2


def test_items_that_measured_something_else_are_gone(stages: Checklist) -> None:
    """Issue 25: a statement about liking the tool, and one that someone no longer
    struggling can't answer, are not stage statements."""
    texts = " ".join(i.text for i in stages.items).lower()
    assert "answering questions like these" not in texts
    assert "admitted to myself" not in texts
    assert "i have contacted, or i am about to contact" not in texts
    assert "i keep the appointments" not in texts
    # version 1's item ids are not reused, so old answers never mix with the new statements
    assert not {"s1_writing", "s1_admitted", "s2_reached_out"} & {i.id for i in stages.items}


def test_profile_shares_winner_and_margin(stages: Checklist) -> None:
    answers = answers_by_stage(stages, {
        1: [1] * 6, 2: [2] * 6, 3: [5, 5, 5, 4, 4, 4], 4: [3] * 6, 5: [0] * 6,
    })
    p = stage.profile(stages, answers)
    assert p.scores == pytest.approx({1: 0.2, 2: 0.4, 3: 0.9, 4: 0.6, 5: 0.0})
    assert all(0.0 <= v <= 1.0 for v in p.scores.values())
    assert p.stage == 3
    assert p.name == "Skill-Building & Coping Strategies"
    assert p.tied == []
    assert p.runner_up == 4
    assert p.margin == pytest.approx(0.3)
    assert stage.certainty(p) == "a clear lead"
    assert p.scores_json() == {"1": 0.2, "2": 0.4, "3": 0.9, "4": 0.6, "5": 0.0}


def test_a_tie_names_no_stage(stages: Checklist) -> None:
    answers = answers_by_stage(stages, {
        1: [1] * 6, 2: [4] * 6, 3: [2] * 6, 4: [4] * 6, 5: [3] * 6,
    })
    p = stage.profile(stages, answers)
    assert p.stage is None and p.name is None
    assert p.tied == [2, 4]
    assert p.margin == 0
    assert stage.certainty(p) == "no single stage"
    assert stage_text.unclear_text(p) == (
        "Your answers don't point to one stage: they are about as close to stages 2 and 4.")
    assert stage.band_text(p) == "No single stage (near stages 2 and 4)"


@pytest.mark.parametrize("value", [0.0, 3.0, 5.0])
def test_answering_everything_the_same_names_no_stage(stages: Checklist, value: float) -> None:
    """Issue 25: all 0 (or all the same) used to be 'most like stage 1'."""
    p = stage.profile(stages, {i.id: value for i in stages.items})
    assert p.stage is None
    assert p.tied == [1, 2, 3, 4, 5]
    assert p.low is (value == 0.0)


def test_three_way_tie_at_the_top_names_none() -> None:
    p = stage.decide({1: 0.1, 2: 0.2, 3: 0.7, 4: 0.7, 5: 0.7})
    assert (p.stage, p.tied, p.margin) == (None, [3, 4, 5], 0)


def test_the_issue_near_tie_between_stage_2_and_5_is_not_called_stage_2() -> None:
    """Issue 25's maintenance respondent on the old statements: shares {1: .60, 2: .90,
    3: .80, 4: .73, 5: .83} were read 'most like stage 2 ... very close over stage 5'."""
    p = stage.decide({1: 0.6, 2: 0.9, 3: 0.8, 4: 0.7333, 5: 0.8333})
    assert p.stage is None
    assert p.tied == [2, 3, 5]
    assert p.margin == pytest.approx(0.0667, abs=1e-4)


def test_the_margin_and_the_lowest_share_decide_a_named_stage() -> None:
    assert stage.decide({1: 0.2, 2: 0.65, 3: 0.5}).stage == 2  # leads by exactly 0.15
    assert stage.decide({1: 0.2, 2: 0.64, 3: 0.5}).stage is None  # 0.14: not enough
    low = stage.decide({1: 0.35, 2: 0.0, 3: 0.0})  # leads, but not even "somewhat true"
    assert low.stage is None and low.low and low.tied == [1]
    assert stage.decide({1: 0.4, 2: 0.0}).stage == 1


def test_a_lower_reading_is_moving_back() -> None:
    five = stage.decide({4: 0.5, 5: 0.9})
    three = stage.decide({3: 0.9, 4: 0.5})
    near = stage.decide({2: 0.7, 3: 0.7, 5: 0.1})
    assert stage_text.moved_back(three, five)
    assert not stage_text.moved_back(five, three)
    assert stage_text.moved_back(near, five)
    assert not stage_text.moved_back(three, None)
    assert not stage_text.moved_back(three, stage.decide({1: 0.0, 2: 0.0}))  # nothing before


@pytest.mark.parametrize(
    ("scores", "words"),
    [({1: 0.5, 2: 0.45}, "no single stage"), ({1: 0.5, 2: 0.35}, "a lead"),
     ({1: 0.9, 2: 0.3}, "a clear lead")],
)
def test_certainty_words_follow_the_margin(scores: dict[int, float], words: str) -> None:
    assert stage.certainty(stage.decide(scores)) == words


def test_stored_subscales_give_the_same_profile(stages: Checklist) -> None:
    answers = answers_by_stage(stages, {
        1: [0] * 6, 2: [1] * 6, 3: [2] * 6, 4: [5] * 6, 5: [3] * 6,
    })
    p = stage.profile(stages, answers)
    again = stage.profile_from_stored(p.scores_json())
    assert again.stage == p.stage
    assert again.margin == pytest.approx(p.margin)


def test_every_stage_has_a_name_an_about_and_three_next_steps() -> None:
    assert sorted(stage.STAGES) == [1, 2, 3, 4, 5]
    for info in stage.STAGES.values():
        assert info.name and info.about
        assert len(info.next_steps) == 3
        for text in (info.about, *info.next_steps):
            low = text.lower()
            for word in ("diagnos", "detect", " treat", "cure", "you are in"):
                assert word not in low


def _trend() -> Trend:
    rec = AssessmentRecord(3, "phq9", "instrument", "2026-11-20T20:00:00+00:00", "2026-11-20",
                           8, "Mild", None, False)
    first = compare(None, 1, 15, 8, "2026-10-01T20:00:00+00:00")
    return Trend("phq9", "PHQ-9", 3, rec, None, first)


def test_evidence_from_checkins_plan_and_trends() -> None:
    checkins = [
        CheckinDay("2026-11-20", {"mood": 6}, {"coping": ["walk", "breathing"]}),
        CheckinDay("2026-11-21", {"mood": 5}, {"coping": ["walk"]}),
        CheckinDay("2026-11-25", {"mood": 7}, {}),
    ]
    ev = stage_evidence.build_evidence(
        date(2026, 11, 26), window_days=14, checkins=checkins, plan_known=True,
        plan_last_reviewed="2026-11-06", trends=[_trend()],
    )
    assert ev.checkin_days == 3
    assert ev.coping == {"walk": 2, "breathing": 1}
    assert (ev.plan_exists, ev.plan_days_since_review) == (True, 20)
    doc = stage_evidence.evidence_json(ev)
    assert doc["checkins"] == {"days": 14, "days_with_checkin": 3}
    assert doc["coping_skills"] == {"days": 14, "used": {"walk": 2, "breathing": 1}}
    assert doc["plan"] == {"exists": True, "last_reviewed": "2026-11-06", "days_since_review": 20}
    q = doc["questionnaires"][0]
    assert (q["checklist"], q["latest_score"], q["change_since_first"]["direction"]) == (
        "phq9", 8, "improved")
    lines = stage_evidence.evidence_lines(ev)
    assert any("3 of the last 14 days" in line for line in lines)
    assert any("walk (2x)" in line for line in lines)
    assert any("better since your first" in line for line in lines)


def test_evidence_sources_not_available_are_null_not_guessed() -> None:
    ev = stage_evidence.build_evidence(date(2026, 11, 26), checkins=None, plan_known=False,
                              plan_last_reviewed=None)
    doc = stage_evidence.evidence_json(ev)
    assert doc["checkins"] is None and doc["coping_skills"] is None and doc["plan"] is None
    no_plan = stage_evidence.build_evidence(date(2026, 11, 26), checkins=[], plan_known=True,
                                   plan_last_reviewed=None)
    assert stage_evidence.evidence_json(no_plan)["plan"] == {
        "exists": False, "last_reviewed": None, "days_since_review": None}


def test_evidence_never_changes_the_scores(stages: Checklist) -> None:
    answers = answers_by_stage(stages, {
        1: [4] * 6, 2: [1] * 6, 3: [1] * 6, 4: [1] * 6, 5: [1] * 6,
    })
    p = stage.profile(stages, answers)
    busy = stage_evidence.build_evidence(
        date(2026, 11, 26),
        checkins=[CheckinDay(f"2026-11-{d:02d}", {}, {"coping": ["walk"]}) for d in range(13, 27)],
        plan_known=True, plan_last_reviewed="2026-11-25", trends=[_trend()],
    )
    empty = stage_evidence.build_evidence(date(2026, 11, 26), checkins=[], plan_known=True,
                                 plan_last_reviewed=None)
    a = stage_evidence.view_json(p, "2026-11-26T20:00:00+00:00", busy)
    b = stage_evidence.view_json(p, "2026-11-26T20:00:00+00:00", empty)
    for key in ("stage", "name", "scores", "margin"):
        assert a[key] == b[key]
    assert a["stage"] == 1
    assert list(a) == ["stage", "name", "scores", "margin", "tied", "assessed_at", "evidence"]


def test_view_json_without_an_assessment() -> None:
    ev = stage_evidence.build_evidence(date(2026, 11, 26), checkins=[], plan_known=True,
                              plan_last_reviewed=None)
    doc = stage_evidence.view_json(None, None, ev)
    assert doc["stage"] is None and doc["name"] is None and doc["assessed_at"] is None
    assert doc["scores"] == {} and doc["margin"] is None and doc["tied"] == []
