"""`recovery plan`: show/add/remove through flags, the edit wizard through piped keys,
`plan check` (JSON, window), all against real SQLite files in a temporary home."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys
from recovery_cli.core import clock
from recovery_cli.plan import document as plan_model
from recovery_cli.plan import rules as w

ENTER, DOWN, UP, SPACE = Keys.ENTER, Keys.DOWN, Keys.UP, Keys.SPACE

DESIGN_KEYS = ["when_well", "toolbox", "daily", "as_needed", "triggers", "warning_signs",
               "breaking_down", "crisis", "post_crisis", "safety", "contacts", "last_reviewed"]
CRISIS_KEYS = ["supporters", "takes_over_when", "helps", "avoid", "preferences", "not_involved",
               "treatment_preferences", "inactivation"]
SAFETY_KEYS = ["warning_signs", "coping_alone", "distraction", "ask_for_help", "professionals",
               "safe_surroundings", "reason_for_living"]


def db(home: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(home / "recovery.db")
    conn.row_factory = sqlite3.Row
    return conn


def plan_json(cli: Any) -> dict[str, Any]:
    r = cli("plan", "show", "--json")
    assert r.exit_code == 0, r.stderr
    return r.json()  # type: ignore[no-any-return]


def set_reviewed(home: Path, day: str) -> None:
    with db(home) as conn:
        conn.execute("UPDATE plan_texts SET value = ? WHERE key = 'last_reviewed'", (day,))


# ---------------------------------------------------------------- show


def test_show_without_a_plan_lists_every_key_and_creates_nothing(cli: Any, home: Path) -> None:
    doc = plan_json(cli)
    assert list(doc) == DESIGN_KEYS
    assert list(doc["crisis"]) == CRISIS_KEYS
    assert list(doc["safety"]) == SAFETY_KEYS
    assert doc["last_reviewed"] is None
    assert doc["when_well"] == "" and doc["toolbox"] == [] and doc["contacts"] == []
    assert not (home / "recovery.db").exists()
    r = cli("plan", "show")
    assert r.exit_code == 0 and "don't have a plan yet" in r.stdout
    assert cli("plan", "check", "--json").json() == []


def test_show_section_and_unknown_section(cli: Any) -> None:
    cli("plan", "add", "toolbox", "Walk")
    assert cli("plan", "show", "--section", "toolbox", "--json").json() == {"toolbox": ["Walk"]}
    crisis = cli("plan", "show", "--section", "crisis", "--json").json()
    assert list(crisis["crisis"]) == CRISIS_KEYS
    r = cli("plan", "show", "--section", "nonsense")
    assert r.exit_code == 2 and "No plan section 'nonsense'" in r.stderr
    r = cli("plan", "show", "--section", "toolbox")
    assert "1. Walk" in r.stdout and "Triggers" not in r.stdout


# ---------------------------------------------------------------- add / remove


def test_add_every_kind_of_section_through_flags(cli: Any, home: Path) -> None:
    today = clock.today().isoformat()
    steps = [
        ("when_well", "Curious and rested"),
        ("toolbox", "Walk by the river"),
        ("toolbox", "Call my sister"),
        ("daily", "Take meds with breakfast"),
        ("as_needed", "Ask for a day off"),
        ("crisis.helps", "Quiet room"),
        ("crisis.takes_over_when", "I stop eating for two days"),
        ("post_crisis", "Half days at work for a week"),
        ("safety.coping_alone", "Cold shower"),
        ("safety.reason_for_living", "My dog, Pip"),
    ]
    for section, text in steps:
        r = cli("plan", "add", section, text)
        assert r.exit_code == 0, r.stderr
    assert cli("plan", "add", "triggers", "Arguments", "--response", "Step outside").exit_code == 0
    assert cli("plan", "add", "breaking_down", "Not sleeping", "-r", "Call the team").exit_code == 0
    r = cli("plan", "add", "warning_signs", "Low days", "--response", "Tell Sam",
            "--rule", "Mood <= 3 for 3 DAYS")
    assert r.exit_code == 0, r.stderr
    r = cli("plan", "add", "contacts", "Sam", "--role", "friend", "--phone", "+44 7700 900123",
            "--email", "sam@example.org")
    assert r.exit_code == 0, r.stderr

    doc = plan_json(cli)
    assert doc["when_well"] == "Curious and rested"
    assert doc["toolbox"] == ["Walk by the river", "Call my sister"]
    assert doc["daily"] == ["Take meds with breakfast"]
    assert doc["as_needed"] == ["Ask for a day off"]
    assert doc["triggers"] == [{"text": "Arguments", "response": "Step outside"}]
    assert doc["breaking_down"] == [{"text": "Not sleeping", "response": "Call the team"}]
    assert doc["warning_signs"] == [
        {"text": "Low days", "response": "Tell Sam", "rule": "mood <= 3 for 3 days"}]
    assert doc["crisis"]["helps"] == ["Quiet room"]
    assert doc["crisis"]["takes_over_when"] == "I stop eating for two days"
    assert doc["post_crisis"] == "Half days at work for a week"
    assert doc["safety"]["coping_alone"] == ["Cold shower"]
    assert doc["safety"]["reason_for_living"] == "My dog, Pip"
    assert doc["contacts"] == [{"name": "Sam", "role": "friend", "phone": "+44 7700 900123",
                                "email": "sam@example.org", "notes": None}]
    assert doc["last_reviewed"] == today

    # a text section is replaced, not appended
    cli("plan", "add", "when_well", "Calm")
    assert plan_json(cli)["when_well"] == "Calm"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["toolbox", "x", "--response", "y"], "--response only goes with"),
        (["triggers", "x", "--rule", "mood < 3 for 2 days"], "--rule only goes with"),
        (["toolbox", "x", "--phone", "123"], "--phone only goes with"),
        (["warning_signs", "x", "--rule", "mood is low"], "Expected one of"),
        (["warning_signs", "x", "--rule", "happiness < 3 for 2 days"], "not a number"),
        (["warning_signs", "x", "--rule", "nothing deterioration"], "No questionnaire"),
        (["contacts", "Bo", "--phone", "call me"], "doesn't look like a phone number"),
        (["contacts", "Bo", "--email", "bo-at-home"], "doesn't look like an email"),
        (["safety", "x"], "has several parts"),
        (["wellness", "x"], "No plan section 'wellness'"),
        (["toolbox", "   "], "is empty"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(cli: Any, home: Path, args: list[str],
                                              says: str) -> None:
    cli("plan", "add", "toolbox", "Walk")
    before = plan_json(cli)
    r = cli("plan", "add", *args)
    assert r.exit_code == 2
    assert says in r.stderr
    assert r.stdout == ""
    assert plan_json(cli) == before


def test_remove_counts_from_one_and_renumbers(cli: Any, home: Path) -> None:
    for text in ("A", "B", "C", "D"):
        cli("plan", "add", "toolbox", text)
    assert cli("plan", "remove", "toolbox", "2").exit_code == 0
    assert plan_json(cli)["toolbox"] == ["A", "C", "D"]
    assert cli("plan", "remove", "toolbox", "1").exit_code == 0
    cli("plan", "add", "toolbox", "E")
    assert plan_json(cli)["toolbox"] == ["C", "D", "E"]
    with db(home) as conn:
        positions = [r[0] for r in conn.execute(
            "SELECT position FROM plan_items WHERE section = 'toolbox' ORDER BY position")]
    assert positions == [1, 2, 3]
    # the numbers match what `plan show` prints
    shown = cli("plan", "show", "--section", "toolbox").stdout
    assert "1. C" in shown and "3. E" in shown


def test_remove_edges(cli: Any, home: Path) -> None:
    r = cli("plan", "remove", "toolbox", "1")
    assert r.exit_code == 1 and "don't have a plan yet" in r.stderr
    assert not (home / "recovery.db").exists()
    cli("plan", "add", "toolbox", "A")
    cli("plan", "add", "contacts", "Sam")
    cli("plan", "add", "contacts", "Alex")
    cli("plan", "add", "when_well", "Calm")
    before = plan_json(cli)
    r = cli("plan", "remove", "toolbox", "2")
    assert r.exit_code == 1 and "only 1 item" in r.stderr
    r = cli("plan", "remove", "daily", "1")
    assert r.exit_code == 1 and "is empty" in r.stderr
    assert cli("plan", "remove", "toolbox", "0").exit_code == 2
    assert cli("plan", "remove", "toolbox", "two").exit_code == 2
    assert cli("plan", "remove", "nonsense", "1").exit_code == 2
    assert plan_json(cli) == before
    assert cli("plan", "remove", "contacts", "1").exit_code == 0
    assert [c["name"] for c in plan_json(cli)["contacts"]] == ["Alex"]
    assert cli("plan", "remove", "when_well", "1").exit_code == 0
    assert plan_json(cli)["when_well"] == ""


def test_every_change_updates_last_reviewed(cli: Any, home: Path) -> None:
    today = clock.today().isoformat()
    cli("plan", "add", "toolbox", "A")
    for args in (["add", "toolbox", "B"], ["remove", "toolbox", "1"],
                 ["add", "when_well", "Calm"], ["add", "contacts", "Sam"]):
        set_reviewed(home, "2020-01-01")
        assert plan_json(cli)["last_reviewed"] == "2020-01-01"
        assert cli("plan", *args).exit_code == 0
        assert plan_json(cli)["last_reviewed"] == today, args
    # a failed change leaves it alone
    set_reviewed(home, "2020-01-01")
    assert cli("plan", "remove", "toolbox", "9").exit_code == 1
    assert plan_json(cli)["last_reviewed"] == "2020-01-01"


def test_store_functions_other_modules_use(cli: Any, home: Path) -> None:
    from recovery_cli.store import open_db
    from recovery_cli.store import plan as store_plan

    conn = open_db(home)
    try:
        assert store_plan.load_plan(conn) is None
        assert store_plan.last_reviewed(conn) is None
        assert store_plan.section_texts(conn, "triggers") == []
    finally:
        conn.close()
    cli("plan", "add", "triggers", "Arguments", "--response", "Breathe")
    cli("plan", "add", "triggers", "Money")
    conn = open_db(home)
    try:
        assert store_plan.section_texts(conn, "triggers") == ["Arguments", "Money"]
        assert store_plan.last_reviewed(conn) == clock.today().isoformat()
        assert store_plan.load_plan(conn) == plan_json(cli)
    finally:
        conn.close()


def test_user_text_is_shown_as_typed(cli: Any) -> None:
    cli("plan", "add", "toolbox", "[bold]not markup[/bold]")
    assert "[bold]not markup[/bold]" in cli("plan", "show").stdout


# ---------------------------------------------------------------- edit wizard (piped keys)


def test_edit_without_a_terminal_exits_2_naming_the_script_commands(cli: Any, home: Path) -> None:
    r = cli("plan", "edit")
    assert r.exit_code == 2
    assert "plan add SECTION TEXT" in r.stderr
    assert not (home / "recovery.db").exists()


def test_first_run_wizard_explains_sections_and_offers_default_rules(cli: Any, keys: Any) -> None:
    keys(
        ENTER + "Calm and curious" + ENTER        # when_well: Write it
        + DOWN + DOWN + ENTER                     # Change / Clear / [Next section]
        + ENTER + "Walk by the river" + ENTER     # toolbox: Add
        + DOWN * 3 + ENTER                        # Add another/Change/Remove/[Next]
        + DOWN + ENTER                            # daily: Next
        + DOWN + ENTER                            # as_needed: Next
        + DOWN + ENTER                            # triggers: Next
        + SPACE + DOWN + SPACE + ENTER            # warning_signs: tick the first two defaults
        + DOWN * 5 + ENTER                        # ... Move / Next / [Save and finish now]
        + "y"                                     # Save your plan?
    )
    r = cli("plan", "edit")
    assert r.exit_code == 0, r.stderr
    flat = " ".join(r.stdout.split())
    for spec in plan_model.SECTIONS:  # the first run explains each part in one line
        line = plan_model.GROUP_EXPLAIN[spec.group] if spec.group else spec.explain
        assert " ".join(line.split()) in flat, spec.key
    assert "Your plan has these parts" in r.stdout
    assert "Wellness toolbox:" in r.stdout and "Safety plan:" in r.stdout
    assert "Saved your plan" in r.stdout
    doc = plan_json(cli)
    assert doc["when_well"] == "Calm and curious"
    assert doc["toolbox"] == ["Walk by the river"]
    defaults = plan_model.DEFAULT_WARNING_SIGNS
    assert [(s["text"], s["rule"]) for s in doc["warning_signs"]] == [
        (defaults[0][0], defaults[0][2]), (defaults[1][0], defaults[1][2])]
    assert all(w.parse_rule(s["rule"]).text == s["rule"] for s in doc["warning_signs"])
    assert doc["last_reviewed"] == clock.today().isoformat()


def test_every_default_rule_is_valid_for_the_builtin_checkin() -> None:
    from recovery_cli.core.checklists import load_checklists

    cl = load_checklists(None)
    checkin = cl.get("checkin")
    numbers = {i.id for i in checkin.items if i.type in ("number", "scale")}
    multis = {i.id for i in checkin.items if i.type == "multi"}
    check = w.RuleCheck(numbers=numbers, multis=multis, instruments=set(w.DEFAULT_CHANGE))
    for _sign, _response, rule in plan_model.DEFAULT_WARNING_SIGNS:
        assert check.canonical(rule) == rule


def test_wizard_move_remove_and_change_items(cli: Any, keys: Any) -> None:
    for text in ("A", "B", "C"):
        cli("plan", "add", "toolbox", text)
    keys(
        DOWN * 3 + ENTER                 # Move
        + DOWN * 2 + ENTER               # item 3 (C)
        + UP * 2 + ENTER                 # to position 1 -> C, A, B
        + DOWN * 2 + ENTER               # Remove
        + DOWN + ENTER                   # item 2 (A) -> C, B
        + DOWN + ENTER                   # Change
        + DOWN + ENTER                   # item 2 (B)
        + Keys.BACKSPACE + "Bike ride" + ENTER
        + DOWN * 4 + ENTER               # Done
        + "y"
    )
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0, r.stderr
    assert plan_json(cli)["toolbox"] == ["C", "Bike ride"]


def test_wizard_pairs_with_rule_validation_and_contacts(cli: Any, keys: Any) -> None:
    cli("plan", "add", "toolbox", "Walk")  # not a first run: no defaults offered, start menu
    # start menu order: Everything, when_well, toolbox, daily, as_needed, triggers,
    # warning_signs ... -> six DOWNs reach warning_signs
    keys(
        DOWN * 6 + ENTER
        + ENTER                                          # defaults checkbox: none ticked
        + ENTER + "Snapping at people" + ENTER         # Add a sign
        + "Take a timeout" + ENTER                     # response
        + "mood is bad" + ENTER                        # rejected rule: the prompt stays
        + Keys.BACKSPACE * len("mood is bad") + "anxiety >= 7 on 2 of 4 days" + ENTER
        + DOWN * 3 + ENTER                             # [Add another, Change, Remove, Done]
        + "y"
    )
    r = cli("plan", "edit")
    assert r.exit_code == 0, r.stderr
    assert plan_json(cli)["warning_signs"] == [
        {"text": "Snapping at people", "response": "Take a timeout",
         "rule": "anxiety >= 7 on 2 of 4 days"}]

    keys(
        ENTER + "Dr Lee" + ENTER + "GP" + ENTER
        + "not a phone" + ENTER                        # rejected
        + Keys.BACKSPACE * len("not a phone") + "020 7946 0000" + ENTER
        + ENTER                                        # email skipped
        + "Mornings only" + ENTER
        + DOWN * 3 + ENTER + "y"
    )
    r = cli("plan", "edit", "contacts")
    assert r.exit_code == 0, r.stderr
    assert plan_json(cli)["contacts"] == [
        {"name": "Dr Lee", "role": "GP", "phone": "020 7946 0000", "email": None,
         "notes": "Mornings only"}]


def test_wizard_group_section_walks_its_parts(cli: Any, keys: Any) -> None:
    cli("plan", "add", "toolbox", "Walk")
    keys(
        ENTER + "Mum" + ENTER               # crisis.supporters: Add
        + DOWN * 3 + ENTER                  # [Add another, Change, Remove, Next]
        + ENTER + "I stop answering the phone" + ENTER   # takes_over_when: Write
        + DOWN * 3 + ENTER                  # [Change, Clear, Next, Save and finish] -> finish
        + "y"
    )
    r = cli("plan", "edit", "crisis")
    assert r.exit_code == 0, r.stderr
    doc = plan_json(cli)
    assert doc["crisis"]["supporters"] == ["Mum"]
    assert doc["crisis"]["takes_over_when"] == "I stop answering the phone"


def test_ctrl_c_in_the_wizard_saves_nothing(cli: Any, keys: Any, home: Path) -> None:
    cli("plan", "add", "toolbox", "Walk")
    set_reviewed(home, "2020-01-01")
    before = plan_json(cli)
    keys(ENTER + "Swim" + ENTER + Keys.CONTROLC)
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert plan_json(cli) == before


def test_declining_to_save_keeps_the_old_plan(cli: Any, keys: Any, home: Path) -> None:
    cli("plan", "add", "toolbox", "Walk")
    set_reviewed(home, "2020-01-01")
    before = plan_json(cli)
    keys(ENTER + "Swim" + ENTER + DOWN * 4 + ENTER + "n")
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0 and "Nothing was saved" in r.stdout
    assert plan_json(cli) == before


def test_a_review_without_changes_can_mark_the_plan_reviewed(cli: Any, keys: Any,
                                                             home: Path) -> None:
    cli("plan", "add", "toolbox", "Walk")
    set_reviewed(home, "2020-01-01")
    keys(DOWN * 3 + ENTER + "y")  # [Add another, Change, Remove, Done] ; mark reviewed? yes
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0, r.stderr
    assert plan_json(cli)["last_reviewed"] == clock.today().isoformat()


def test_first_run_with_nothing_added_creates_no_plan(cli: Any, keys: Any) -> None:
    keys(DOWN + ENTER)  # toolbox: [Add a item, Done]
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0
    assert "Nothing to save" in r.stdout
    assert plan_json(cli)["last_reviewed"] is None


# ---------------------------------------------------------------- plan check


def add_checkins(home: Path, rows: list[tuple[str, dict[str, float], dict[str, list[str]]]]) -> None:
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        for d, values, choices in rows:
            store_checkins.save_checkin(conn, d, values, choices, f"{d}T21:00:00+00:00")
    finally:
        conn.close()


def ago(n: int) -> str:
    return (clock.today() - timedelta(days=n)).isoformat()


def test_plan_check_json_lists_matching_signs(cli: Any, home: Path) -> None:
    cli("plan", "add", "warning_signs", "Low days", "--response", "Call Sam",
        "--rule", "mood <= 3 for 3 days")
    cli("plan", "add", "warning_signs", "Short nights", "--rule", "sleep_hours < 5 on 2 of 3 days")
    cli("plan", "add", "warning_signs", "Rows", "--response", "Walk away",
        "--rule", "triggers:conflict 2 times in 7 days")
    cli("plan", "add", "warning_signs", "No rule here")
    add_checkins(home, [
        (ago(3), {"mood": 6, "sleep_hours": 8}, {"triggers": ["Conflict"]}),
        (ago(2), {"mood": 3, "sleep_hours": 7}, {}),
        (ago(1), {"mood": 2, "sleep_hours": 4.5}, {"triggers": []}),
        (ago(0), {"mood": 2.5, "sleep_hours": 7}, {"triggers": ["conflict", "money"]}),
    ])
    r = cli("plan", "check", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json() == [
        {"sign": "Low days", "rule": "mood <= 3 for 3 days", "since": ago(2),
         "responses": ["Call Sam"]},
        {"sign": "Rows", "rule": "triggers:conflict 2 times in 7 days", "since": ago(3),
         "responses": ["Walk away"]},
    ]
    text = cli("plan", "check")
    assert "Low days" in text.stdout and "Call Sam" in text.stdout and ago(2) in text.stdout
    assert "Short nights" not in text.stdout

    # a backfilled short night makes the sleep rule match too
    add_checkins(home, [(ago(2), {"sleep_hours": 4}, {})])
    signs = [m["sign"] for m in cli("plan", "check", "--json").json()]
    assert signs == ["Low days", "Short nights", "Rows"]


def test_plan_check_deterioration_reads_assessments(cli: Any, home: Path) -> None:
    cli("plan", "add", "warning_signs", "Worse on the PHQ-9", "--response", "See my GP",
        "--rule", "phq9 deterioration")
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        for n, (d, score) in enumerate([(ago(30), 7), (ago(1), 13)]):
            conn.execute(
                "INSERT INTO assessments (checklist, kind, taken_at, day, score) "
                "VALUES ('phq9', 'instrument', ?, ?, ?)", (f"{d}T10:0{n}:00+00:00", d, score))
    finally:
        conn.close()
    assert cli("plan", "check", "--json").json() == [
        {"sign": "Worse on the PHQ-9", "rule": "phq9 deterioration", "since": ago(1),
         "responses": ["See my GP"]}]


def test_plan_check_without_rules_says_how_to_add_one(cli: Any) -> None:
    cli("plan", "add", "toolbox", "Walk")
    r = cli("plan", "check")
    assert r.exit_code == 0 and "no early warning rules yet" in r.stdout


def test_plan_check_over_ten_years_reads_only_the_window(cli: Any, home: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import open_db

    cli("plan", "add", "warning_signs", "Low days", "--rule", "mood <= 3 for 3 days")
    cli("plan", "add", "warning_signs", "Quiet", "--rule", "no checkin for 4 days")
    today = clock.today()
    conn = open_db(home)
    try:
        conn.execute("BEGIN")
        for i in range(3650):
            d = (today - timedelta(days=i)).isoformat()
            cur = conn.execute("INSERT INTO checkins (day, created_at, updated_at) "
                               "VALUES (?, ?, ?)", (d, d, d))
            conn.execute("INSERT INTO checkin_values (checkin_id, item, num) VALUES (?, 'mood', 2)",
                         (cur.lastrowid,))
        conn.execute("COMMIT")
    finally:
        conn.close()

    calls: list[tuple[str, str, int]] = []
    real = store_checkins.days_between

    def spy(c: sqlite3.Connection, start: str, end: str) -> list[Any]:
        found = real(c, start, end)
        calls.append((start, end, len(found)))
        return found

    monkeypatch.setattr(store_checkins, "days_between", spy)
    r = cli("plan", "check", "--json")
    assert r.exit_code == 0, r.stderr
    need = w.window_days([w.parse_rule("mood <= 3 for 3 days"),
                          w.parse_rule("no checkin for 4 days")])
    assert len(calls) == 1
    start, end, rows = calls[0]
    assert end == today.isoformat()
    assert (date.fromisoformat(end) - date.fromisoformat(start)).days + 1 == need
    assert rows == need  # not 3650
    found = r.json()
    assert [m["sign"] for m in found] == ["Low days"]
    assert found[0]["since"] == (today - timedelta(days=2 + w.SINCE_LOOKBACK)).isoformat()


def test_a_rule_on_an_unknown_option_is_kept_with_a_gentle_note(cli: Any, home: Path) -> None:
    r = cli("plan", "add", "warning_signs", "Rows", "--rule", "triggers:conflikt 2 times in 7 days")
    assert r.exit_code == 0 and "not one of the check-in's options" in r.stderr
    cli("plan", "add", "triggers", "Arguments at work")
    r = cli("plan", "add", "warning_signs", "Work", "--rule",
            "triggers:Arguments at work 2 times in 7 days")
    assert r.exit_code == 0 and r.stderr == ""
    add_checkins(home, [(ago(1), {"mood": 5}, {"triggers": ["Arguments at work"]}),
                        (ago(0), {"mood": 5}, {"triggers": ["Arguments at work"]})])
    found = cli("plan", "check", "--json").json()
    assert [(m["sign"], m["rule"]) for m in found] == [
        ("Work", "triggers:arguments_at_work 2 times in 7 days")]
