"""recovery goals: add, list, done, step, review; links to values; JSON round trip."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"


def _goals(cli: Any) -> list[dict[str, Any]]:
    r = cli("goals", "list", "--all", "--json")
    assert r.exit_code == 0, r.stderr
    return r.json()  # type: ignore[no-any-return]


def test_add_with_flags(cli) -> None:
    r = cli("goals", "add", "Walk  ten minutes a day", "--why", "More energy", "--by", "in 2 weeks",
            "--step", "Find my trainers", "--step", "Walk to the corner", "--value", "Health",
            "--json")
    assert r.exit_code == 0, r.stderr
    goal = r.json()
    assert goal["id"] == 1 and goal["text"] == "Walk ten minutes a day"
    assert goal["why"] == "More energy"
    assert goal["by"] == (date.today() + timedelta(days=14)).isoformat()
    assert [s["text"] for s in goal["steps"]] == ["Find my trainers", "Walk to the corner"]
    assert [s["number"] for s in goal["steps"]] == [1, 2]
    assert goal["value"]["text"] == "Health"  # new words became a value
    values = cli("values", "--json").json()
    assert values == [{"id": 1, "text": "Health", "created_at": values[0]["created_at"], "goals": [1]}]


def test_small_step_hint_and_value_by_number(cli) -> None:
    cli("values", "add", "Family")
    r = cli("goals", "add", "Call mum on Sundays", "--value", "1")
    assert r.exit_code == 0
    assert "Small steps" in r.stderr
    assert _goals(cli)[0]["value"] == {"id": 1, "text": "Family"}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["goals", "add", "X", "--value", "7"], 1, "No value 7"),
        (["goals", "add", "X", "--by", "someday perhaps"], 2, "Can't read the date"),
        (["goals", "add", "   "], 2, "empty"),
        (["goals", "add", "X", "--step", " "], 2, "empty"),
        (["goals", "add"], 2, "TEXT"),
    ],
)
def test_bad_add_changes_nothing(cli, args: list[str], code: int, message: str) -> None:
    r = cli(*args)
    assert r.exit_code == code, r.stderr
    assert message in r.stderr
    assert _goals(cli) == []


def test_list_done_and_steps(cli) -> None:
    cli("goals", "add", "Sleep by eleven", "--step", "Phone out of the bedroom")
    cli("goals", "add", "Read a chapter")
    r = cli("goals", "step", "1", "Dim the lights at ten")
    assert r.exit_code == 0 and "step 2" in r.stderr
    r = cli("goals", "done", "1", "--step", "1")
    assert r.exit_code == 0 and "1 step to go" in r.stderr
    r = cli("goals", "done", "2")
    assert r.exit_code == 0 and "done" in r.stderr
    r = cli("goals", "done", "2")
    assert r.exit_code == 0 and "already" in r.stderr
    open_only = cli("goals", "list", "--json").json()
    assert [g["id"] for g in open_only] == [1]
    assert [s["done_at"] is not None for s in open_only[0]["steps"]] == [True, False]
    assert [g["id"] for g in _goals(cli)] == [1, 2]
    shown = cli("goals", "list")
    assert "[x] 1. Phone out of the bedroom" in shown.stdout
    assert "[ ] 2. Dim the lights at ten" in shown.stdout
    assert "Read a chapter" not in shown.stdout
    assert "Read a chapter" in cli("goals", "list", "--all").stdout


def test_unknown_ids(cli) -> None:
    cli("goals", "add", "One")
    assert cli("goals", "done", "5").exit_code == 1
    r = cli("goals", "done", "1", "--step", "3")
    assert r.exit_code == 1 and "no step 3" in r.stderr
    assert cli("goals", "step", "9", "x").exit_code == 1
    assert cli("goals", "review", "9", "--progress", "2").exit_code == 1
    r = cli("goals", "step", "1")
    assert r.exit_code == 2 and "TEXT" in r.stderr


def test_review_with_flags(cli) -> None:
    cli("goals", "add", "Walk")
    r = cli("goals", "review", "1", "--progress", "4", "--helped", "Morning light",
            "--next", "Twice this week", "--json")
    assert r.exit_code == 0, r.stderr
    [review] = r.json()
    assert review["progress"] == 4 and review["helped"] == "Morning light"
    assert review["next"] == "Twice this week"
    assert _goals(cli)[0]["reviews"][0]["progress"] == 4
    assert "progress 4/10" in cli("goals", "list").stdout


def test_review_bad_or_missing_input(cli) -> None:
    cli("goals", "add", "Walk")
    r = cli("goals", "review", "1", "--progress", "11")
    assert r.exit_code == 2 and "0 to 10" in r.stderr
    r = cli("goals", "review")
    assert r.exit_code == 2 and "--progress" in r.stderr
    r = cli("goals", "review", "--progress", "3")
    assert r.exit_code == 2 and "ID" in r.stderr
    assert _goals(cli)[0]["reviews"] == []


def test_review_with_no_open_goals(cli, keys) -> None:
    r = cli("goals", "review")
    assert r.exit_code == 0 and "No open goals" in r.stderr


def test_guided_add_with_keys(cli, keys) -> None:
    cli("values", "add", "Friendship")
    keys("See a friend every week" + ENTER)  # the goal
    keys("I miss people" + ENTER)  # why
    keys("in 3 weeks" + ENTER)  # by
    keys("Text Sam" + ENTER + ENTER)  # one step, then done
    keys(DOWN + ENTER)  # value: Friendship (after "No value for now")
    keys("y")  # save
    r = cli("goals", "add", "--json")
    assert r.exit_code == 0, r.stderr
    goal = r.json()
    assert goal["text"] == "See a friend every week" and goal["why"] == "I miss people"
    assert goal["by"] == (date.today() + timedelta(days=21)).isoformat()
    assert [s["text"] for s in goal["steps"]] == ["Text Sam"]
    assert goal["value"]["text"] == "Friendship"


def test_guided_add_new_value_in_own_words(cli, keys) -> None:
    keys("Paint on Saturdays" + ENTER + ENTER + ENTER + ENTER)  # goal; skip why, by, steps
    keys(DOWN + ENTER + "Creativity" + ENTER + "y")  # "in my own words" is after "No value"
    r = cli("goals", "add", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["value"]["text"] == "Creativity"
    assert [v["text"] for v in cli("values", "--json").json()] == ["Creativity"]


def test_guided_step(cli, keys) -> None:
    cli("goals", "add", "Cook more")
    keys("Buy eggs" + ENTER)
    r = cli("goals", "step", "1")
    assert r.exit_code == 0, r.stderr
    assert _goals(cli)[0]["steps"][0]["text"] == "Buy eggs"


def test_guided_review_all_open_goals(cli, keys) -> None:
    cli("goals", "add", "Walk", "--step", "Shoes", "--step", "Corner")
    cli("goals", "add", "Read")
    keys("10" + ENTER + "Sunny days" + ENTER + ENTER)  # goal 1: progress, helped, next skipped
    keys(SPACE + DOWN + SPACE + ENTER)  # both steps done
    keys("y")  # mark goal 1 done
    keys(ENTER)  # goal 2: skipped
    keys("y")  # save
    r = cli("goals", "review")
    assert r.exit_code == 0, r.stderr
    goals = _goals(cli)
    assert goals[0]["done_at"] is not None
    assert all(s["done_at"] for s in goals[0]["steps"])
    assert goals[0]["reviews"][0]["progress"] == 10
    assert goals[0]["reviews"][0]["helped"] == "Sunny days"
    assert goals[1]["reviews"] == []


def test_ctrl_c_in_review_saves_nothing(cli, keys) -> None:
    cli("goals", "add", "Walk")
    cli("goals", "add", "Read")
    keys("5" + ENTER + "x" + ENTER + ENTER + "6" + ENTER + CTRL_C)
    r = cli("goals", "review")
    assert r.exit_code == 130 and "nothing was saved" in r.stderr
    assert all(g["reviews"] == [] for g in _goals(cli))


def test_ctrl_c_in_guided_add_saves_nothing(cli, keys) -> None:
    keys("Half a goal" + ENTER + CTRL_C)
    r = cli("goals", "add")
    assert r.exit_code == 130
    assert _goals(cli) == []


def test_tools_json_round_trip(cli, home: Path, tmp_path: Path) -> None:
    """Everything the stage tools hold survives dump -> restore into an empty home."""
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import intake as store_intake
    from recovery_cli.store import open_db, transaction
    from recovery_cli.store import skills as store_skills

    cli("intake", "--set", "brings_me=Worry", "--set", "questions=A?", "--set", "questions=B?")
    cli("values", "add", "Health")
    cli("goals", "add", "Walk", "--why", "energy", "--by", "2030-01-01", "--value", "Health",
        "--step", "Shoes", "--step", "Door")
    cli("goals", "add", "Read")
    cli("goals", "done", "1", "--step", "2")
    cli("goals", "done", "2")
    cli("goals", "review", "1", "--progress", "5", "--helped", "sun")
    cli("skills", "practice", "thought_record", "--field", "situation=bus",
        "--field", "automatic_thought=late again", "--field", "emotion_after=20",
        "--helpful", "6", "--note", "ok")
    cli("skills", "practice", "box_breathing", "--date", "yesterday")
    conn = open_db(home)
    try:
        doc = {"intakes": store_intake.dump(conn), **store_goals.dump(conn),
               "skill_practice": store_skills.dump(conn)}
    finally:
        conn.close()
    assert [len(doc[k]) for k in ("intakes", "values", "goals", "skill_practice")] == [1, 1, 2, 2]

    other = tmp_path / "other"
    conn = open_db(other)
    try:
        with transaction(conn):
            counts = {"intakes": store_intake.restore(conn, doc["intakes"]),
                      **store_goals.restore(conn, doc),
                      "skill_practice": store_skills.restore(conn, doc["skill_practice"])}
        again = {"intakes": store_intake.dump(conn), **store_goals.dump(conn),
                 "skill_practice": store_skills.dump(conn)}
    finally:
        conn.close()
    assert counts == {"intakes": 1, "values": 1, "goals": 2, "skill_practice": 2}
    assert again == doc
