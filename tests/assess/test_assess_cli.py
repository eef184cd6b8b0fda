"""`recovery assess list|take|history` and `recovery stage` through the real CLI, against a
real SQLite file in a temporary home."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys

PHQ9_ZERO = "0,0,0,0,0,0,0,0,0"


def stage_answers(per_stage: dict[int, int]) -> str:
    """--answers for the shipped stage self-assessment: the same value for each stage's items."""
    from recovery_cli.core.checklists import load_checklists

    cl = load_checklists(None).get("stages")
    return ",".join(str(per_stage[i.stage or 0]) for i in cl.items)


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


# --- assess list -------------------------------------------------------------------------


def test_list_json(cli: Any) -> None:
    r = cli("assess", "list", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert isinstance(doc, list)
    by_id = {d["id"]: d for d in doc}
    assert set(by_id) == {"phq9", "phq2", "gad7", "gad2", "who5", "stages"}
    phq9 = by_id["phq9"]
    assert list(phq9) == ["id", "title", "kind", "frequency_days", "last_taken", "due", "items"]
    assert (phq9["kind"], phq9["frequency_days"], phq9["last_taken"], phq9["due"]) == (
        "instrument", 14, None, True)
    assert phq9["items"][8]["id"] == "q9"
    assert "stage" not in phq9["items"][0]
    st = by_id["stages"]
    assert st["kind"] == "stage"
    assert {i["stage"] for i in st["items"]} == {1, 2, 3, 4, 5}


def test_list_shows_last_taken_and_due(cli: Any) -> None:
    assert cli("assess", "take", "gad7", "--answers", "1,1,1,1,1,1,1").exit_code == 0
    doc = {d["id"]: d for d in cli("assess", "list", "--json").json()}
    assert doc["gad7"]["last_taken"] is not None
    assert doc["gad7"]["due"] is False
    assert doc["phq9"]["due"] is True
    text = cli("assess", "list").stdout
    assert "gad7" in text and "never" in text


# --- assess take -------------------------------------------------------------------------


def test_take_json_shape_and_storage(cli: Any, home: Path) -> None:
    r = cli("assess", "take", "phq9", "--answers", "1,2,1,0,0,1,0,0,0,1", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert list(doc) == ["checklist", "taken_at", "answers", "score", "band", "percentage",
                         "flags", "safety_flag", "change", "crisis"]
    assert doc["checklist"] == "phq9"
    assert doc["answers"] == {"q1": 1, "q2": 2, "q3": 1, "q4": 0, "q5": 0, "q6": 1, "q7": 0,
                              "q8": 0, "q9": 0, "difficulty": 1}
    assert (doc["score"], doc["band"], doc["percentage"]) == (5, "Mild", None)
    assert (doc["flags"], doc["safety_flag"], doc["change"]) == ([], False, None)
    assert "T" in doc["taken_at"] and ("+" in doc["taken_at"][10:] or "-" in doc["taken_at"][10:])
    assert "Need help now?" in r.stderr  # the crisis footer, off stdout with --json
    assert rows(home, "SELECT checklist, score, band, safety_flag FROM assessments") == [
        ("phq9", 5.0, "Mild", 0)]
    assert rows(home, "SELECT count(*) FROM assessment_answers") == [(10,)]


def test_item9_at_1_total_1_shows_the_crisis_block_first(cli: Any, home: Path) -> None:
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    crisis = out.index("988")
    assert "116 123" in out and "findahelpline.com" in out
    assert "talk to your clinician today" in out
    assert crisis < out.index("Score: 1 of 27")
    assert "Minimal / none" in out
    assert out.rstrip().splitlines()[-1].endswith("'recovery crisis'.")  # the footer, last
    assert rows(home, "SELECT score, safety_flag FROM assessments") == [(1.0, 1)]


def test_item9_json_keeps_stdout_clean_and_puts_the_block_on_stderr(cli: Any) -> None:
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--json")
    assert r.exit_code == 0
    doc = r.json()
    assert doc["safety_flag"] is True and doc["score"] == 1
    assert "988" in r.stderr and "emergency" in r.stderr


def test_a_flagged_json_result_carries_the_crisis_lines_on_stdout(cli: Any) -> None:
    """Issue 16: a wrapper reading stdout saw only "safety_flag": true; now the lines shown,
    the region and the emergency numbers are there too (stderr keeps the human text)."""
    assert cli("config", "set", "region", "nz").exit_code == 0
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,2", "--json")
    assert r.exit_code == 0, r.stderr
    crisis = r.json()["crisis"]
    assert list(crisis) == ["region", "lines", "emergency"]
    assert crisis["region"] == "NZ"
    nz = [ln for ln in crisis["lines"] if ln["region"] == "NZ"]
    assert nz and nz[0]["phone"] == "1737" and nz[0]["name"].startswith("1737")
    assert set(nz[0]) >= {"name", "phone", "text", "url", "email", "hours", "source",
                          "verified_on"}
    assert any(ln["url"] == "https://findahelpline.com" for ln in crisis["lines"])
    assert {"region": "NZ", "number": "111"} in crisis["emergency"]
    assert "1737" in r.stderr and "New Zealand 111" in r.stderr  # the full human text
    unflagged = cli("assess", "take", "gad7", "--answers", "0,0,0,0,0,0,0", "--json")
    assert unflagged.json()["crisis"] is None


def test_a_flagged_json_result_with_unreadable_crisis_data_still_says_where_to_go(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery_cli.core import checklists
    from recovery_cli.core.errors import ChecklistError

    def broken(path: Any = None) -> Any:
        raise ChecklistError("crisis.toml", "lines", "is missing")

    monkeypatch.setattr(checklists, "load_crisis", broken)
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--json")
    assert r.exit_code == 0
    assert "988" in r.json()["crisis"]["message"]


def test_item9_shows_the_safety_plan_after_the_crisis_block(cli: Any) -> None:
    added = cli("plan", "add", "safety.coping_alone", "Call my sister Ann")
    assert added.exit_code == 0, added.stderr
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,2")
    out = r.stdout
    assert out.index("988") < out.index("Call my sister Ann") < out.index("Score: 2")


def test_item9_without_a_plan_points_to_writing_one_as_crisis_does(cli: Any) -> None:
    flagged = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").stdout
    pointer = "'recovery plan edit safety' helps you write a safety"
    assert pointer in " ".join(flagged.split())
    assert pointer in " ".join(cli("crisis").stdout.split())


def test_region_setting_narrows_the_crisis_lines(cli: Any) -> None:
    assert cli("config", "set", "region", "GB").exit_code == 0
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert "116 123" in r.stdout
    assert "988 Suicide" not in r.stdout


def test_unreadable_crisis_data_still_shows_help_first(
    cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery_cli.core import checklists
    from recovery_cli.core.errors import ChecklistError

    def broken(path: Any = None) -> Any:
        raise ChecklistError("crisis.toml", "lines", "is missing")

    monkeypatch.setattr(checklists, "load_crisis", broken)
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert r.exit_code == 0
    assert "crisis.toml" in r.stderr
    out = r.stdout
    assert out.index("988") < out.index("116 123") < out.index("Score: 1 of 27")
    assert out.rstrip().endswith("findahelpline.com.")
    assert rows(home, "SELECT safety_flag FROM assessments") == [(1,)]


def test_every_result_has_the_crisis_footer(cli: Any) -> None:
    for cid, answers in (("gad7", "0,0,0,0,0,0,0"), ("who5", "5,5,5,5,5"), ("phq2", "0,0"),
                         ("stages", stage_answers({1: 1, 2: 2, 3: 3, 4: 4, 5: 5}))):
        r = cli("assess", "take", cid, "--answers", answers)
        assert r.exit_code == 0, r.stderr
        assert "Need help now?" in r.stdout and "recovery crisis" in r.stdout
        assert "988" not in r.stdout.split("Need help now?")[0]  # no crisis block above it


def test_the_footer_follows_the_region_with_a_number_to_call(cli: Any) -> None:
    """Issue 16: with region AU, NZ or CA the block had no phone number at all."""
    for region, line, danger in (("AU", "Lifeline: call 13 11 14", "In danger: 000."),
                                 ("NZ", "call 1737", "In danger: 111."),
                                 ("CA", "9-8-8 Suicide Crisis Helpline: call 988",
                                  "In danger: 911.")):
        assert cli("config", "set", "region", region).exit_code == 0
        out = " ".join(cli("assess", "take", "gad7", "--answers", "0,0,0,0,0,0,0").stdout.split())
        footer = out[out.index("Need help now?"):]
        assert line in footer and danger in footer, footer
        assert "112" not in footer


def test_text_result_frames_the_band(cli: Any) -> None:
    r = cli("assess", "take", "gad7", "--answers", "2,2,2,2,1,1,0")
    assert "Score: 10 of 21. Moderate" in r.stdout
    assert "published interpretation, to discuss with a clinician" in r.stdout
    assert "Developed by Drs. Robert L. Spitzer" in r.stdout


def test_who5_percentage_and_flag(cli: Any) -> None:
    """The scoring itself: tests/app/test_app_assess.py; here what a person reads of it."""
    text = cli("assess", "take", "who5", "--answers", "1,1,1,1,1").stdout
    assert "Score: 5 of 25 (20%)" in text
    assert "recovery assess take phq9" in text


def test_change_since_last_and_first(cli: Any) -> None:
    cli("assess", "take", "phq9", "--answers", "3,3,2,2,2,2,2,2,0")  # 18
    second = cli("assess", "take", "phq9", "--answers", "2,2,2,2,2,2,1,1,0", "--json").json()
    assert second["change"] == {"previous_score": 18, "delta": -4, "direction": "improved",
                                "meaningful": False, "reliable": False}
    third = cli("assess", "take", "phq9", "--answers", "1,1,1,1,1,1,1,1,0")  # 8
    out = " ".join(third.stdout.split())
    assert "Since last time" in out and "14 to 8" in out and "down 6 points" in out
    assert "clinically meaningful and reliable change" in out
    assert "Since your first" in out and "18 to 8" in out
    worse = cli("assess", "take", "phq9", "--answers", "2,2,2,2,2,2,2,0,0", "--json").json()
    assert worse["change"]["direction"] == "worse"
    assert worse["change"]["reliable"] is True
    text = " ".join(cli("assess", "take", "phq9", "--answers", "3,3,3,3,3,2,2,2,0").stdout.split())
    assert "reliable" in text and "talking to your clinician" in text
    assert "recovery plan show" in text


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("0,0,0,0,0,0,0,0", ["Answer 9 (item 'q9') is missing", "8 values"]),
        ("0,0,0,0,0,0,0,0,0,0,0", ["11 values", "only 10 items"]),
        ("0,0,0,0,0,5,0,0,0", ["Answer 6 (item 'q6') is 5", "0 to 3"]),
        ("0,0,0,0,0,0,0,0,-1", ["Answer 9 (item 'q9') is -1"]),
        ("a,0,0,0,0,0,0,0,0", ["Answer 1 (item 'q1') is 'a'"]),
    ],
)
def test_bad_answers_exit_2_naming_the_item_and_save_nothing(
    cli: Any, home: Path, answers: str, expected: list[str]
) -> None:
    r = cli("assess", "take", "phq9", "--answers", answers)
    assert r.exit_code == 2
    for part in expected:
        assert part in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    if (home / "recovery.db").exists():
        assert rows(home, "SELECT count(*) FROM assessments") == [(0,)]


def test_no_terminal_and_no_answers_exits_2_naming_the_flag(cli: Any) -> None:
    r = cli("assess", "take", "phq9")
    assert r.exit_code == 2
    assert "--answers" in r.stderr and "no terminal" in r.stderr


def test_unknown_questionnaire_exits_1(cli: Any) -> None:
    r = cli("assess", "take", "bdi", "--answers", "0")
    assert r.exit_code == 1
    assert "bdi" in r.stderr and "phq9" in r.stderr
    assert cli("assess", "take", "checkin", "--answers", "5").exit_code == 1
    assert cli("assess", "history", "bdi").exit_code == 1


def test_a_broken_user_checklist_is_named_and_the_rest_work(cli: Any, home: Path) -> None:
    folder = home / "checklists"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('id = "broken"\ntitle = "B"\nkind = "instrument"\n')
    r = cli("assess", "take", "gad2", "--answers", "1,1", "--json")
    assert r.exit_code == 0
    assert "broken.toml" in r.stderr
    assert r.json()["score"] == 2


# --- interactive -------------------------------------------------------------------------


def test_interactive_phq9_with_item9(cli: Any, keys: Any, home: Path) -> None:
    keys(Keys.ENTER * 8 + Keys.DOWN + Keys.ENTER + Keys.DOWN + Keys.ENTER)
    r = cli("assess", "take", "phq9")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.index("988") < r.stdout.index("Score: 1 of 27")
    assert rows(home, "SELECT score, safety_flag FROM assessments") == [(1.0, 1)]
    assert rows(home, "SELECT value FROM assessment_answers WHERE item = 'difficulty'") == [
        (1.0,)]


def test_interactive_who5_lists_all_of_the_time_first(cli: Any, keys: Any) -> None:
    keys(Keys.ENTER * 4 + Keys.DOWN * 5 + Keys.ENTER)
    doc = cli("assess", "take", "who5", "--json").json()
    assert doc["answers"] == {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 0}
    assert doc["flags"] == ["who5_low_item"]


def test_item9_shows_crisis_lines_at_once_even_if_stopped_there(
    cli: Any, keys: Any, home: Path
) -> None:
    keys(Keys.ENTER * 8 + Keys.DOWN + Keys.ENTER + Keys.CONTROLC)
    r = cli("assess", "take", "phq9")
    assert r.exit_code == 130
    assert "Help is here, right now" in r.stdout
    assert "988" in r.stdout and "116 123" in r.stdout
    assert "Score" not in r.stdout
    assert "nothing was saved" in r.stderr
    if (home / "recovery.db").exists():
        assert rows(home, "SELECT count(*) FROM assessments") == [(0,)]


def test_ctrl_c_saves_nothing(cli: Any, keys: Any, home: Path) -> None:
    keys(Keys.ENTER * 3 + Keys.CONTROLC)
    r = cli("assess", "take", "phq9")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    if (home / "recovery.db").exists():
        assert rows(home, "SELECT count(*) FROM assessments") == [(0,)]


# --- assess history ----------------------------------------------------------------------


def test_history_json_and_sparkline(cli: Any) -> None:
    assert cli("assess", "history", "--json").json() == []
    assert "No results yet" in cli("assess", "history").stderr
    for answers in ("3,3,3,3,2,2,2,2,0", "2,2,2,2,1,1,1,1,0", "1,1,1,1,0,0,0,0,1"):
        cli("assess", "take", "phq9", "--answers", answers)
    cli("assess", "take", "gad7", "--answers", "1,1,1,1,1,1,1")
    doc = cli("assess", "history", "phq9", "--json").json()
    assert [d["score"] for d in doc] == [20, 12, 5]
    assert [d["band"] for d in doc] == ["Severe", "Moderate", "Mild"]
    assert doc[1]["change"]["reliable"] is True and doc[1]["change"]["direction"] == "improved"
    assert doc[2]["change_since_first"]["delta"] == -15
    assert [d["safety_flag"] for d in doc] == [False, False, True]
    everything = cli("assess", "history", "--json").json()
    assert {d["checklist"] for d in everything} == {"phq9", "gad7"}
    text = cli("assess", "history").stdout
    assert "PHQ-9 (phq9)" in text and "GAD-7 (gad7)" in text
    assert any(ch in text for ch in "▁▂▃▄▅▆▇█")
    assert "▼8 better (reliable)" in text
    assert "safety flag" in text


# --- stage -------------------------------------------------------------------------------


def test_stage_without_an_assessment_explains_how(cli: Any) -> None:
    r = cli("stage", "--json")
    assert r.exit_code == 0
    doc = r.json()
    assert doc["stage"] is None and doc["scores"] == {}
    assert "recovery assess take stages" in r.stderr
    text = cli("stage")
    assert text.exit_code == 0
    assert "recovery assess take stages" in text.stdout


def test_stage_after_a_self_assessment(cli: Any) -> None:
    cli("checkin", "--mood", "6", "--set", "coping=walk,breathing")
    cli("plan", "add", "toolbox", "Walk by the river")
    cli("assess", "take", "phq9", "--answers", "2,2,2,2,1,1,1,1,0")
    taken = cli("assess", "take", "stages", "--answers",
                stage_answers({1: 2, 2: 3, 3: 5, 4: 3, 5: 1}))
    assert taken.exit_code == 0, taken.stderr
    assert "most like stage 3" in taken.stdout
    doc = cli("stage", "--json").json()
    assert list(doc) == ["stage", "name", "scores", "margin", "tied", "assessed_at", "evidence"]
    assert doc["stage"] == 3 and doc["tied"] == []
    assert doc["name"] == "Skill-Building & Coping Strategies"
    assert doc["scores"] == {"1": 0.4, "2": 0.6, "3": 1.0, "4": 0.6, "5": 0.2}
    assert doc["margin"] == 0.4
    ev = doc["evidence"]
    assert ev["checkins"] == {"days": 14, "days_with_checkin": 1}
    assert ev["coping_skills"]["used"] == {"breathing": 1, "walk": 1}
    assert ev["plan"]["exists"] is True
    assert ev["questionnaires"][0]["checklist"] == "phq9"
    panel = cli("stage").stdout
    assert "Your answers are most like stage 3: Skill-Building & Coping Strategies" in panel
    for n in range(1, 6):
        assert f"{n}  " in panel
    assert "100%" in panel and "20%" in panel
    assert "What this stage is about" in panel
    assert "1. " in panel and "2. " in panel and "3. " in panel
    assert "Beside your answers (not part of the scores)" in panel
    assert "you are in stage" not in panel.lower()


def test_a_stage_tie_names_no_stage_and_shows_the_profile(cli: Any, home: Path) -> None:
    """Issue 25: a tie used to name the earlier stage ('equally like stage 4')."""
    taken = cli("assess", "take", "stages", "--answers",
                stage_answers({1: 1, 2: 4, 3: 2, 4: 4, 5: 0}))
    assert "don't point to one stage" in taken.stdout
    assert "most like stage" not in taken.stdout.lower()
    doc = cli("stage", "--json").json()
    assert (doc["stage"], doc["name"], doc["margin"], doc["tied"]) == (None, None, 0, [2, 4])
    assert doc["scores"] == {"1": 0.2, "2": 0.8, "3": 0.4, "4": 0.8, "5": 0.0}
    panel = cli("stage").stdout
    assert ("Your answers don't point to one stage: they are about as close to stages 2 "
            "and 4.") in " ".join(panel.replace("│", " ").split())
    assert "80%" in panel and "≈" in panel and "◀" not in panel
    assert "What this stage is about" not in panel
    assert rows(home, "SELECT stage, band FROM assessments") == [
        (None, "No single stage (near stages 2 and 4)")]


@pytest.mark.parametrize("value", ["0", "5"])
def test_answering_every_statement_the_same_is_never_stage_1(cli: Any, value: str) -> None:
    """Issue 25: all 0 (or all 4) gave 'most like stage 1 (equally like stage 2, 3, 4, 5)'."""
    taken = cli("assess", "take", "stages", "--answers", ",".join([value] * 30), "--json")
    assert taken.exit_code == 0, taken.stderr
    assert taken.json()["reading"]["stage"] is None
    assert taken.json()["reading"]["tied"] == [1, 2, 3, 4, 5]
    assert not taken.json()["band"].startswith("Most like")
    text = cli("assess", "take", "stages", "--answers", ",".join([value] * 30)).stdout
    assert "most like stage 1" not in text.lower()
    assert "don't point to one stage" in text
    doc = cli("stage", "--json").json()
    assert doc["stage"] is None and doc["tied"] == [1, 2, 3, 4, 5]


def test_stage_history(cli: Any) -> None:
    assert cli("stage", "--history", "--json").json() == []
    cli("assess", "take", "stages", "--answers", stage_answers({1: 5, 2: 1, 3: 1, 4: 1, 5: 1}))
    cli("assess", "take", "stages", "--answers", stage_answers({1: 2, 2: 5, 3: 1, 4: 1, 5: 1}))
    doc = cli("stage", "--history", "--json").json()
    assert [d["stage"] for d in doc] == [1, 2]
    assert list(doc[0]) == ["stage", "name", "scores", "margin", "tied", "assessed_at",
                            "checklist_version"]
    text = cli("stage", "--history").stdout
    assert "1: Acknowledgment" in text and "2: Engagement" in text
    from recovery_cli.store import open_db
    from recovery_cli.store.assessments import last_taken, latest_stage_number

    conn = open_db(Path(__import__("os").environ["RECOVERY_HOME"]))
    try:
        assert latest_stage_number(conn) == 2
        assert set(last_taken(conn)) == {"stages"}
    finally:
        conn.close()
