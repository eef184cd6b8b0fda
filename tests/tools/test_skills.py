"""The skills library (data files validated like checklists) and the practice log."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from recovery_cli.tools.skills import load_skills

ENTER = "\r"
CTRL_C = "\x03"
REQUIRED = {
    "thought_record", "behavioural_activation", "cognitive_distortions", "stop", "tipp",
    "opposite_action", "check_the_facts", "dear_man", "box_breathing", "grounding_54321",
    "body_scan",
}


def _db(home: Path):  # type: ignore[no-untyped-def]
    from recovery_cli.store import open_db

    return open_db(home)


def test_library_has_the_skills_the_issue_names() -> None:
    lib = load_skills(None)
    assert lib.errors == []
    assert len(lib.skills) >= 12
    assert set(lib.skills) >= REQUIRED
    categories = {s.category for s in lib.skills.values()}
    assert {"cbt", "dbt", "mindfulness"} <= categories
    for skill in lib.skills.values():
        assert 2 <= len(skill.steps) <= 6, skill.id
        assert 1 <= skill.stage <= 5
        assert skill.summary


def test_thought_record_records_its_fields() -> None:
    tr = load_skills(None).get("thought_record")
    ids = [f.id for f in tr.fields]
    assert ids == ["situation", "automatic_thought", "emotion", "emotion_intensity",
                   "evidence_for", "evidence_against", "balanced_thought", "emotion_after"]
    intensity = tr.field("emotion_intensity")
    assert intensity is not None and intensity.type == "number"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
id = "{id}"
title = "{title}"
category = "mindfulness"
stage = 3
summary = "A walk, noticing."
steps = ["Walk slowly.", "Notice five sounds."]
"""


def test_broken_skill_file_is_named_and_skipped(cli, home: Path) -> None:
    _write(home / "skills", "broken.toml", 'id = "broken"\ntitle = "x"\ncategory = "cbt"\n'
           'stage = 9\nsummary = "s"\nsteps = ["one", "two"]\n')
    _write(home / "skills", "syntax.toml", "id = = nope")
    _write(home / "skills", "walk.toml", GOOD.format(id="mindful_walk", title="Mindful walk"))
    r = cli("skills", "list", "--json")
    assert r.exit_code == 0
    ids = [s["id"] for s in r.json()]
    assert "mindful_walk" in ids and "box_breathing" in ids and "broken" not in ids
    assert "broken.toml" in r.stderr and "stage" in r.stderr
    assert "syntax.toml" in r.stderr


@pytest.mark.parametrize(
    "body, expected",
    [
        ('steps = ["only one"]', "steps"),
        ('steps = ["1", "2", "3", "4", "5", "6", "7"]', "steps"),
        ('steps = [{text = "a", fields = ["nope"]}, "b"]', "unknown field 'nope'"),
    ],
)
def test_schema_rejects_bad_steps(home: Path, body: str, expected: str) -> None:
    _write(home / "skills", "bad.toml",
           f'id = "bad"\ntitle = "t"\ncategory = "cbt"\nstage = 3\nsummary = "s"\n{body}\n')
    lib = load_skills(home)
    assert "bad" not in lib.skills
    assert len(lib.errors) == 1
    assert "bad.toml" in lib.errors[0].message and expected in lib.errors[0].message


def test_own_skill_overrides_builtin_by_id(cli, home: Path) -> None:
    _write(home / "skills", "box.toml", GOOD.format(id="box_breathing", title="My box"))
    r = cli("skills", "show", "box_breathing", "--json")
    assert r.exit_code == 0
    assert r.json()["title"] == "My box"


def test_list_filters_and_show(cli) -> None:
    r = cli("skills", "list", "--stage", "4", "--json")
    assert r.exit_code == 0
    assert {s["stage"] for s in r.json()} == {4}
    r = cli("skills", "list", "--category", "dbt", "--json")
    assert {s["id"] for s in r.json()} >= {"stop", "tipp", "dear_man"}
    r = cli("skills", "show", "tipp")
    assert r.exit_code == 0 and "Temperature" in r.stdout
    r = cli("skills", "list")
    assert r.exit_code == 0 and "box_breathing" in r.stdout


def test_show_unknown_skill_is_exit_1(cli) -> None:
    r = cli("skills", "show", "juggling")
    assert r.exit_code == 1
    assert "No skill 'juggling'" in r.stderr and "box_breathing" in r.stderr


def test_thought_record_with_flags(cli) -> None:
    r = cli("skills", "practice", "thought_record",
            "--field", "situation=Meeting ran late",
            "--field", "automatic_thought=They think I'm useless",
            "--field", "emotion=anxious", "--field", "emotion_intensity=80",
            "--field", "evidence_for=Nobody replied",
            "--field", "evidence_against=My manager thanked me",
            "--field", "balanced_thought=People were busy",
            "--field", "emotion_after=40",
            "--helpful", "7", "--note", "worth it", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["skill"] == "thought_record" and doc["helpful"] == 7 and doc["note"] == "worth it"
    assert doc["fields"]["emotion_intensity"] == "80"
    assert doc["fields"]["balanced_thought"] == "People were busy"
    log = cli("skills", "log", "--json").json()
    assert len(log) == 1 and log[0]["fields"] == doc["fields"]
    assert log[0]["title"] == "Thought record"


def test_missing_required_field_without_terminal_names_the_flag(cli) -> None:
    r = cli("skills", "practice", "thought_record", "--helpful", "5")
    assert r.exit_code == 2
    assert "--field situation=" in r.stderr
    assert cli("skills", "log", "--json").json() == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--field", "mood=5"], "no field 'mood'"),
        (["--field", "peak=11"], "from 0 to 10"),
        (["--field", "peak=lots"], "from 0 to 10"),
        (["--field", "peak"], "NAME=VALUE"),
        (["--helpful", "11"], "0 to 10"),
        (["--date", "the other day maybe"], "Can't read the date"),
    ],
)
def test_bad_practice_input_is_exit_2(cli, args: list[str], message: str) -> None:
    r = cli("skills", "practice", "urge_surfing", *args)
    assert r.exit_code == 2, r.stderr
    assert message in r.stderr
    assert cli("skills", "log", "--json").json() == []


def test_practice_without_terminal_logs_with_what_flags_give(cli) -> None:
    r = cli("skills", "practice", "box_breathing", "--date", "yesterday")
    assert r.exit_code == 0, r.stderr
    log = cli("skills", "log", "--json").json()
    assert log[0]["skill"] == "box_breathing" and log[0]["helpful"] is None
    assert log[0]["day"] == (date.today() - timedelta(days=1)).isoformat()


def test_box_breathing_walk_with_keys(cli, keys) -> None:
    keys(ENTER * 4)  # four steps
    keys("8" + ENTER)  # helpful
    keys("felt slower" + ENTER)  # note
    r = cli("skills", "practice", "box_breathing")
    assert r.exit_code == 0, r.stderr
    assert "Step 4 of 4" in r.stdout
    log = cli("skills", "log", "--json").json()
    assert log[0]["skill"] == "box_breathing"
    assert log[0]["helpful"] == 8 and log[0]["note"] == "felt slower"


def test_thought_record_walk_with_keys(cli, keys) -> None:
    keys("Bus was late" + ENTER)  # situation
    keys("I always mess up" + ENTER)  # automatic thought
    keys("frustrated" + ENTER + "150" + ENTER)  # emotion; 150 is refused by the validator...
    keys("\x7f\x7f\x7f" + "70" + ENTER)  # ...so erase it and type 70
    keys("I was late" + ENTER + "It was the bus" + ENTER)  # evidence for / against
    keys("Buses are late sometimes" + ENTER)  # balanced thought
    keys("30" + ENTER)  # emotion after
    keys("6" + ENTER + ENTER)  # helpful, no note
    r = cli("skills", "practice", "thought_record", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["fields"] == {
        "situation": "Bus was late", "automatic_thought": "I always mess up",
        "emotion": "frustrated", "emotion_intensity": "70", "evidence_for": "I was late",
        "evidence_against": "It was the bus", "balanced_thought": "Buses are late sometimes",
        "emotion_after": "30",
    }
    assert doc["helpful"] == 6 and doc["note"] is None
    assert "Step 1 of 6" in r.stderr  # with --json the walk goes to stderr


def test_flags_with_terminal_ask_only_missing_required(cli, keys) -> None:
    keys("Ran a bath" + ENTER)
    r = cli("skills", "practice", "values_action", "--helpful", "9", "--field", "value=Health")
    assert r.exit_code == 0, r.stderr
    log = cli("skills", "log", "--json").json()
    assert log[0]["fields"] == {"value": "Health", "activity": "Ran a bath"}


def test_ctrl_c_during_practice_saves_nothing(cli, keys) -> None:
    keys("Something happened" + ENTER + CTRL_C)
    r = cli("skills", "practice", "thought_record")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert cli("skills", "log", "--json").json() == []


def test_log_filters(cli) -> None:
    cli("skills", "practice", "stop", "--date", "10 days ago", "--helpful", "3")
    cli("skills", "practice", "tipp", "--helpful", "9")
    cli("skills", "practice", "stop", "--helpful", "4")
    assert len(cli("skills", "log", "--json").json()) == 3
    recent = cli("skills", "log", "--days", "3", "--json").json()
    assert [p["skill"] for p in recent] == ["stop", "tipp"]
    only = cli("skills", "log", "--skill", "stop", "--json").json()
    assert {p["skill"] for p in only} == {"stop"} and len(only) == 2
    r = cli("skills", "log", "-n", "1")
    assert r.exit_code == 0 and "STOP" in r.stdout and "TIPP" not in r.stdout
    assert cli("skills", "log", "--days", "3", "--from", "today").exit_code == 2
    listed = {s["id"]: s for s in cli("skills", "list", "--json").json()}
    assert listed["stop"]["practised"] == 2 and listed["box_breathing"]["practised"] == 0


def test_practised_on_and_days_practised(cli, home: Path) -> None:
    from recovery_cli.store import skills as store_skills

    cli("skills", "practice", "box_breathing", "--helpful", "5")
    cli("skills", "practice", "stop", "--helpful", "5")
    cli("skills", "practice", "box_breathing", "--helpful", "6")
    cli("skills", "practice", "tipp", "--date", "yesterday")
    today = date.today()
    conn = _db(home)
    try:
        assert store_skills.practised_on(conn, today.isoformat()) == ["box_breathing", "stop"]
        assert store_skills.practised_on(conn, (today - timedelta(days=5)).isoformat()) == []
        days = store_skills.days_practised(conn, (today - timedelta(days=1)).isoformat(),
                                           today.isoformat())
        assert days == {(today - timedelta(days=1)).isoformat(): ["tipp"],
                        today.isoformat(): ["box_breathing", "stop"]}
    finally:
        conn.close()


def test_stage_evidence_from_the_tools(cli, home: Path) -> None:
    from recovery_cli.store import skills as store_skills
    from recovery_cli.tools.skills import evidence_lines

    today = date.today()
    conn = _db(home)
    try:
        empty = store_skills.evidence(conn, today)
    finally:
        conn.close()
    assert empty["intake_completed"] is False and empty["skills_practised"] == 0
    assert any("Intake: not filled in yet" in line for line in evidence_lines(empty))

    cli("intake", "--set", "brings_me=Feeling flat")
    cli("values", "add", "Health")
    cli("goals", "add", "Walk daily", "--value", "Health", "--step", "Find shoes")
    cli("goals", "add", "Sleep by 11")
    cli("goals", "done", "1", "--step", "1")
    cli("goals", "done", "2")
    cli("goals", "review", "1", "--progress", "3")
    cli("skills", "practice", "box_breathing", "--helpful", "5")
    cli("skills", "practice", "box_breathing", "--helpful", "5")
    cli("skills", "practice", "behavioural_activation", "--field", "activity=Baked bread")
    cli("skills", "practice", "stop", "--date", "20 days ago")  # outside the 14 days
    conn = _db(home)
    try:
        ev = store_skills.evidence(conn, today)
    finally:
        conn.close()
    assert ev["window_days"] == 14
    assert ev["intake_completed"] is True and ev["intake_updated"] == today.isoformat()
    assert ev["goals_set"] == 2 and ev["goals_done"] == 1 and ev["goals_open"] == 1
    assert ev["goal_reviews"] == 1 and ev["goal_reviews_recent"] == 1
    assert ev["skills_practised"] == 3 and ev["skill_variety"] == 2
    assert ev["skills"] == ["box_breathing", "behavioural_activation"]
    assert ev["values_named"] == 1
    # behavioural activation + the done step of a goal that serves a value
    assert ev["meaningful_activities"] == 2
    lines = evidence_lines(ev)
    assert any("Intake: prepared" in line and "(stage 1)" in line for line in lines)
    assert any("Goals: 2 set, 1 done, reviewed on 1 day" in line for line in lines)
    assert any("3 times in the last 14 days, 2 different skills (stage 3)" in line for line in lines)
    assert any("1 value named, 2 meaningful activities" in line for line in lines)


def test_stage_shows_the_tools_evidence_beside_the_answers(cli) -> None:
    cli("skills", "practice", "box_breathing", "--helpful", "5")
    cli("values", "add", "Health")
    before = cli("stage", "--json")
    assert before.exit_code == 0, before.stderr
    tools = before.json()["evidence"]["tools"]
    assert tools["skills_practised"] == 1 and tools["values_named"] == 1
    assert tools["intake_completed"] is False
    panel = cli("stage")
    assert panel.exit_code == 0
    assert "Skills practised: 1 time in the last 14 days" in panel.stdout + panel.stderr
