"""Issue 25: the crisis plan holds what a WRAP crisis plan holds: people I do not want
involved, medications, treatments and facilities I prefer and those I do not accept, and when
supporters can stop using the plan (inactivation). Shown, added, removed, edited in the
wizard, exported, imported, and present (empty) in an older home."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import Keys

ENTER, DOWN = Keys.ENTER, Keys.DOWN
NEW = {"not_involved": [], "treatment_preferences": {"preferred": [], "not_accepted": []},
       "inactivation": []}


def _add_all(cli: Any) -> None:
    for section, text in (
        ("crisis.not_involved", "My cousin Dan"),
        ("crisis.treatment_preferences.preferred", "Sertraline: it worked before"),
        ("crisis.treatment_preferences.preferred", "The crisis house on Mill Lane"),
        ("crisis.treatment_preferences.not_accepted", "Olanzapine: weight gain"),
        ("crisis.inactivation", "I have slept six hours or more for three nights"),
    ):
        r = cli("plan", "add", section, text)
        assert r.exit_code == 0, r.stderr


def test_plan_show_json_lists_the_new_crisis_keys_empty(cli: Any) -> None:
    crisis = cli("plan", "show", "--json").json()["crisis"]
    for key, empty in NEW.items():
        assert crisis[key] == empty
    assert cli("plan", "show", "--section", "crisis.treatment_preferences", "--json").json() == {
        "crisis.treatment_preferences": {"preferred": [], "not_accepted": []}}


def test_add_show_and_remove_the_new_crisis_parts(cli: Any) -> None:
    _add_all(cli)
    crisis = cli("plan", "show", "--json").json()["crisis"]
    assert crisis["not_involved"] == ["My cousin Dan"]
    assert crisis["treatment_preferences"] == {
        "preferred": ["Sertraline: it worked before", "The crisis house on Mill Lane"],
        "not_accepted": ["Olanzapine: weight gain"]}
    assert crisis["inactivation"] == ["I have slept six hours or more for three nights"]
    shown = cli("plan", "show", "--section", "crisis").stdout
    for text in ("People I don't want involved", "My cousin Dan", "Treatments I prefer",
                 "Treatments I don't accept", "Olanzapine: weight gain",
                 "When supporters can stop using this plan"):
        assert text in shown, text
    r = cli("plan", "remove", "crisis.treatment_preferences.preferred", "1")
    assert r.exit_code == 0, r.stderr
    prefs = cli("plan", "show", "--json").json()["crisis"]["treatment_preferences"]
    assert prefs["preferred"] == ["The crisis house on Mill Lane"]


def test_naming_the_part_with_parts_says_which_to_name(cli: Any) -> None:
    r = cli("plan", "add", "crisis.treatment_preferences", "Lithium")
    assert r.exit_code == 2
    assert "crisis.treatment_preferences.preferred" in r.stderr
    assert "crisis.treatment_preferences.not_accepted" in r.stderr


def test_the_wizard_edits_treatment_preferences_and_inactivation(cli: Any, keys: Any) -> None:
    keys(
        ENTER + "Lithium" + ENTER        # preferred: Add a preference
        + DOWN * 3 + ENTER               # [Add another, Change, Remove, Next section, ...]
        + ENTER + "ECT" + ENTER          # not_accepted: Add
        + DOWN * 3 + ENTER               # [Add another, Change, Remove, Done]
        + "y"
    )
    r = cli("plan", "edit", "crisis.treatment_preferences")
    assert r.exit_code == 0, r.stderr
    keys(ENTER + "Back at work for a week" + ENTER + DOWN * 3 + ENTER + "y")
    r = cli("plan", "edit", "crisis.inactivation")
    assert r.exit_code == 0, r.stderr
    crisis = cli("plan", "show", "--json").json()["crisis"]
    assert crisis["treatment_preferences"] == {"preferred": ["Lithium"], "not_accepted": ["ECT"]}
    assert crisis["inactivation"] == ["Back at work for a week"]


def test_exports_show_them_and_json_carries_them_to_a_new_home(
    cli: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    _add_all(cli)
    md = cli("export", "--format", "md", "--section", "plan").stdout
    assert "- People I don't want involved: My cousin Dan" in md
    assert ("- Treatments I prefer: Sertraline: it worked before; The crisis house on Mill "
            "Lane") in md
    assert "- Treatments I don't accept: Olanzapine: weight gain" in md
    assert "- When supporters can stop using this plan: I have slept six hours" in md
    dump = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", str(dump)).exit_code == 0
    before = cli("plan", "show", "--json").json()["crisis"]
    monkeypatch.setenv("RECOVERY_HOME", str(tmp_path / "other"))
    r = cli("import", str(dump))
    assert r.exit_code == 0, r.stderr
    assert cli("plan", "show", "--json").json()["crisis"] == before


def test_an_older_home_has_them_empty_and_keeps_its_plan(cli: Any, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "db" / "v1.db", home / "recovery.db")
    doc = cli("plan", "show", "--json").json()
    for key, empty in NEW.items():
        assert doc["crisis"][key] == empty
    assert len(doc["contacts"]) == 3
    assert cli("plan", "add", "crisis.not_involved", "Dan").exit_code == 0
    assert cli("plan", "show", "--json").json()["crisis"]["not_involved"] == ["Dan"]
