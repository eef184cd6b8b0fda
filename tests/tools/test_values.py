"""recovery values: add (flags or picked from suggestions), list, and links to goals."""

from __future__ import annotations

from typing import Any

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"


def _values(cli: Any) -> list[dict[str, Any]]:
    r = cli("values", "list", "--json")
    assert r.exit_code == 0, r.stderr
    return r.json()  # type: ignore[no-any-return]


def test_empty_list(cli) -> None:
    r = cli("values")
    assert r.exit_code == 0 and "No values named yet" in r.stdout
    assert cli("values", "--json").json() == []


def test_add_and_list(cli) -> None:
    r = cli("values", "add", "  Family ", "--json")
    assert r.exit_code == 0, r.stderr
    [added] = r.json()
    assert added["id"] == 1 and added["text"] == "Family" and added["goals"] == []
    cli("values", "add", "Learning new things")
    assert [v["text"] for v in _values(cli)] == ["Family", "Learning new things"]
    shown = cli("values")
    assert "1. Family" in shown.stdout and "2. Learning new things" in shown.stdout


def test_duplicate_is_kindly_noted_not_added(cli) -> None:
    cli("values", "add", "Nature")
    r = cli("values", "add", "nature")
    assert r.exit_code == 0 and "already one of your values" in r.stderr
    assert len(_values(cli)) == 1


def test_values_show_linked_goals(cli) -> None:
    cli("values", "add", "Health")
    cli("goals", "add", "Walk", "--value", "health")
    cli("goals", "add", "Swim", "--value", "Health")
    assert _values(cli)[0]["goals"] == [1, 2]
    assert "2 goals: 1, 2" in cli("values").stdout


def test_add_without_text_and_terminal_names_it(cli) -> None:
    r = cli("values", "add")
    assert r.exit_code == 2 and "TEXT" in r.stderr
    r = cli("values", "add", "   ")
    assert r.exit_code == 2
    assert _values(cli) == []


def test_pick_values_with_keys(cli, keys) -> None:
    keys(SPACE + DOWN + DOWN + SPACE + ENTER)  # Family and Health from the suggestions
    keys("Music, being outdoors" + ENTER)  # own words
    r = cli("values", "add", "--json")
    assert r.exit_code == 0, r.stderr
    assert [v["text"] for v in r.json()] == ["Family", "Health", "Music", "being outdoors"]
    assert len(_values(cli)) == 4


def test_suggestions_leave_out_existing_values(cli, keys) -> None:
    cli("values", "add", "Family")
    keys(SPACE + ENTER + ENTER)  # the first suggestion is now Friendship
    r = cli("values", "add", "--json")
    assert r.exit_code == 0, r.stderr
    assert [v["text"] for v in r.json()] == ["Friendship"]


def test_pick_nothing_adds_nothing(cli, keys) -> None:
    keys(ENTER + ENTER)
    r = cli("values", "add")
    assert r.exit_code == 0 and "Nothing was added" in r.stderr
    assert _values(cli) == []


def test_ctrl_c_adds_nothing(cli, keys) -> None:
    keys(SPACE + ENTER + CTRL_C)
    r = cli("values", "add")
    assert r.exit_code == 130 and "no value was saved" in r.stderr
    assert _values(cli) == []
