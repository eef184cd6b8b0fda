"""The daily check-in: prompts driven through a pipe, flag-only runs without a terminal,
validation, backfill, history, storage and the summary."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys, no_tty

pytestmark = pytest.mark.timeout(20)

ENTER, DOWN, SPACE, CTRL_C, BACKSPACE = Keys.ENTER, Keys.DOWN, Keys.SPACE, Keys.CONTROLC, Keys.BACKSPACE

ITEM_IDS = ["mood", "energy", "sleep_hours", "sleep_quality", "anxiety", "symptoms", "triggers",
            "coping", "medication", "note"]

# One keystroke group per question of the built-in check-in, in order, then "Save?".
FULL_ANSWERS = [
    "6" + ENTER,                              # mood
    "4" + ENTER,                              # energy
    "7.5" + ENTER,                            # sleep hours
    "3" + ENTER,                              # sleep quality
    "5" + ENTER,                              # anxiety
    SPACE + DOWN + SPACE + ENTER,             # symptoms: low_mood, worry
    SPACE + ENTER,                            # triggers: conflict
    DOWN + SPACE + ENTER,                     # coping: breathing
    DOWN + ENTER,                             # medication: Skip, [Yes], No, Not applicable
    "a quiet day, café" + ENTER,              # note
    ENTER,                                    # Save? (defaults to yes)
]
FULL_EXPECTED = {
    "mood": 6, "energy": 4, "sleep_hours": 7.5, "sleep_quality": 3, "anxiety": 5,
    "symptoms": ["low_mood", "worry"], "triggers": ["conflict"], "coping": ["breathing"],
    "medication": "yes", "note": "a quiet day, café",
    "medication_missed": None, "as_needed": None,  # no medication listed: not asked
    "moments": 0, "mood_range": None,  # no snaps that day
}


def today() -> str:
    return date.today().isoformat()


def db_rows(home: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    db = home / "recovery.db"
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def history_json(cli: Any, *args: str) -> list[dict[str, Any]]:
    r = cli("history", "--json", *args)
    assert r.exit_code == 0, r.stderr
    data: list[dict[str, Any]] = r.json()
    return data


# --- interactive flow ------------------------------------------------------------------------


def test_whole_checkin_through_prompts(cli: Any, keys: Any, home: Path) -> None:
    keys("".join(FULL_ANSWERS))
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert "Saved your check-in for today" in r.stdout
    assert "Conflict with someone" in r.stdout  # the triggers that appeared
    assert "Breathing exercise" in r.stdout
    [row] = history_json(cli)
    assert row == {"date": today(), **FULL_EXPECTED}
    assert list(row) == ["date", *ITEM_IDS, "medication_missed", "as_needed", "moments",
                         "mood_range"]
    # typed storage: a row per check-in, values per item, choices as rows
    assert db_rows(home, "SELECT day FROM checkins") == [(today(),)]
    assert ("mood", 6.0, None) in db_rows(home, "SELECT item, num, text FROM checkin_values")
    assert sorted(db_rows(home, "SELECT item, choice FROM checkin_choices")) == [
        ("coping", "breathing"), ("symptoms", "low_mood"), ("symptoms", "worry"),
        ("triggers", "conflict")]


def test_only_mood_then_skip_everything(cli: Any, keys: Any) -> None:
    keys("5" + ENTER + ENTER * 4 + ENTER * 3 + ENTER + ENTER + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    [row] = history_json(cli)
    assert row["mood"] == 5
    assert all(row[k] is None for k in ("energy", "sleep_hours", "sleep_quality", "anxiety",
                                        "medication", "note"))
    # asked and nothing ticked is an answer: an empty list, not null
    assert row["symptoms"] == [] and row["triggers"] == [] and row["coping"] == []


def test_invalid_typed_answers_are_asked_again(cli: Any, keys: Any) -> None:
    # a rejected answer stays in the box with the reason shown: erase it and type again
    keys("11" + ENTER + BACKSPACE * 2 + "abc" + ENTER + BACKSPACE * 3 + ENTER + "7" + ENTER
         + "4.55" + ENTER + BACKSPACE * 4 + "4" + ENTER        # energy: two decimals, then 4
         + "25" + ENTER + BACKSPACE * 2 + "6.5" + ENTER        # sleep: out of range, then 6.5
         + ENTER * 2 + ENTER * 3 + ENTER * 3)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    [row] = history_json(cli)
    assert (row["mood"], row["energy"], row["sleep_hours"]) == (7, 4, 6.5)


def test_flags_fill_in_and_only_the_rest_is_asked(cli: Any, keys: Any) -> None:
    # mood, sleep, note and triggers come from flags: asked are energy, sleep quality,
    # anxiety, symptoms, coping, medication, then Save?
    keys("3" + ENTER + ENTER + ENTER + ENTER + ENTER + DOWN + DOWN + ENTER + ENTER)
    r = cli("checkin", "--mood", "8", "--sleep", "6", "--note", "flags", "--set",
            "triggers=money,Loneliness")
    assert r.exit_code == 0, r.stderr
    [row] = history_json(cli)
    assert row["mood"] == 8 and row["energy"] == 3 and row["sleep_hours"] == 6
    assert row["note"] == "flags" and row["medication"] == "no"
    assert row["triggers"] == ["money", "loneliness"]


def test_rerun_shows_answers_as_defaults_and_updates(cli: Any, keys: Any, home: Path) -> None:
    keys("".join(FULL_ANSWERS))
    assert cli("checkin").exit_code == 0
    created = db_rows(home, "SELECT id, created_at FROM checkins")
    # Enter through everything keeps every answer (defaults are today's answers)...
    keys(ENTER * 10 + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert "already checked in" in r.stderr
    assert "Updated your check-in for today" in r.stdout
    [row] = history_json(cli)
    assert row == {"date": today(), **FULL_EXPECTED}
    # ...and changing one answer updates it, on the same row.
    keys(BACKSPACE + "9" + ENTER + BACKSPACE + ENTER + ENTER * 3 + SPACE + ENTER + ENTER * 2
         + ENTER + ENTER + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    [row] = history_json(cli)
    assert row["mood"] == 9
    assert row["energy"] is None  # cleared: Backspace over the default, then Enter
    assert row["symptoms"] == ["worry"]  # low_mood unticked
    assert row["note"] == FULL_EXPECTED["note"]
    assert db_rows(home, "SELECT id, created_at FROM checkins") == created


@pytest.mark.parametrize("question", range(len(FULL_ANSWERS)))
def test_ctrl_c_at_any_question_saves_nothing(cli: Any, keys: Any, home: Path,
                                              question: int) -> None:
    keys("".join(FULL_ANSWERS[:question]) + CTRL_C)
    r = cli("checkin")
    assert r.exit_code == 130
    assert "Check-in cancelled; nothing was saved." in r.stderr
    assert db_rows(home, "SELECT count(*) FROM checkins") in ([], [(0,)])
    assert db_rows(home, "SELECT count(*) FROM checkin_values") in ([], [(0,)])


@pytest.mark.parametrize("question", [0, 5, 9, 10])
def test_ctrl_c_on_a_rerun_leaves_the_day_as_it_was(cli: Any, keys: Any, question: int) -> None:
    assert no_tty(cli, "checkin", "--mood", "4", "--set", "symptoms=worry").exit_code == 0
    before = history_json(cli)
    keys(BACKSPACE + "9" + ENTER + ENTER * (question - 1) + CTRL_C if question else CTRL_C)
    r = cli("checkin")
    assert r.exit_code == 130
    assert history_json(cli) == before


def test_eof_at_a_question_saves_nothing(cli: Any, home: Path, monkeypatch: Any) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from recovery_cli.cli import _common

    monkeypatch.setattr(_common, "_force_interactive", True)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("5" + ENTER + "4" + ENTER)
        inp.close()  # the input ends in the middle of the check-in
        r = cli("checkin")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert db_rows(home, "SELECT count(*) FROM checkins") == [(0,)]


def test_answering_no_to_save_keeps_nothing(cli: Any, keys: Any, home: Path) -> None:
    keys("".join(FULL_ANSWERS[:-1]) + "n")
    r = cli("checkin")
    assert r.exit_code == 0
    assert "nothing was saved" in r.stderr
    assert db_rows(home, "SELECT count(*) FROM checkins") == [(0,)]


# --- without a terminal ----------------------------------------------------------------------


def test_without_terminal_missing_mood_names_the_flag(cli: Any, home: Path) -> None:
    r = cli("checkin", "--energy", "5")
    assert r.exit_code == 2
    assert "--mood" in r.stderr
    assert db_rows(home, "SELECT count(*) FROM checkins") in ([], [(0,)])


def test_without_terminal_flags_only(cli: Any) -> None:
    r = cli("checkin", "--mood", "5", "--energy", "6", "--sleep", "7,5", "--anxiety", "2",
            "--set", "sleep_quality=4", "--set", "symptoms=Worry or racing thoughts,panic",
            "--set", "coping=walk, journaling", "--set", "medication=not applicable",
            "--note", "fine", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc == {"date": today(), "mood": 5, "energy": 6, "sleep_hours": 7.5,
                   "sleep_quality": 4, "anxiety": 2, "symptoms": ["worry", "panic"],
                   "triggers": None, "coping": ["walk", "journaling"], "medication": "na",
                   "note": "fine", "medication_missed": None, "as_needed": None,
                   "moments": 0, "mood_range": None}
    assert "Saved your check-in" in r.stderr
    assert history_json(cli) == [doc]


def test_flag_rerun_updates_only_what_is_given(cli: Any) -> None:
    assert cli("checkin", "--mood", "3", "--energy", "4", "--set", "coping=walk").exit_code == 0
    r = cli("checkin", "--mood", "6", "--json")
    assert r.exit_code == 0
    assert "Updated your check-in" in r.stderr
    [row] = history_json(cli)
    assert (row["mood"], row["energy"], row["coping"]) == (6, 4, ["walk"])
    # an existing mood counts: a later flag-only run may leave it out
    assert cli("checkin", "--anxiety", "2").exit_code == 0
    r = cli("checkin")
    assert r.exit_code == 2 and "nothing to change" in r.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--mood", "11"], ["--mood", "0 to 10"]),
        (["--mood", "-1"], ["--mood", "0 to 10"]),
        (["--mood", "five"], ["--mood", "0 to 10"]),
        (["--mood", "5.55"], ["--mood", "1 decimal"]),
        (["--mood", "5", "--sleep", "25"], ["--sleep", "0 to 24"]),
        (["--mood", "5", "--energy", "nan"], ["--energy", "0 to 10"]),
        (["--mood", "5", "--set", "sleep_quality=0"], ["sleep_quality", "1 to 5"]),
        (["--mood", "5", "--set", "medication=maybe"], ["medication", "yes, no, na"]),
        (["--mood", "5", "--set", "triggers=conflict,nope"], ["nope", "conflict", "poor_sleep"]),
        (["--mood", "5", "--set", "unknown=1"], ["unknown", "sleep_quality"]),
        (["--mood", "5", "--set", "noequals"], ["ITEM=VALUE"]),
        (["--mood", "5", "--set", "mood=6"], ["twice"]),
        (["--set", "mood="], ["--mood", "0 to 10"]),
        (["--mood", "5", "--date", "the day after the flood"], ["Can't read the date"]),
        (["--mood", "5", "--date", "0001-01-05"], ["1900"]),
    ],
)
def test_bad_values_exit_2_with_what_is_allowed(cli: Any, home: Path, args: list[str],
                                                words: list[str]) -> None:
    r = cli("checkin", *args)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    for w in words:
        assert w in r.stderr
    assert "Traceback" not in r.stderr
    assert db_rows(home, "SELECT count(*) FROM checkins") in ([], [(0,)])


# --- backfill --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "back"),
    [("yesterday", 1), ("3 days ago", 3), ("2 weeks ago", 14)],
)
def test_backfill_natural_phrases(cli: Any, phrase: str, back: int) -> None:
    r = cli("checkin", "--date", phrase, "--mood", "4", "--json")
    assert r.exit_code == 0, r.stderr
    expected = (date.today() - timedelta(days=back)).isoformat()
    assert r.json()["date"] == expected
    assert [row["date"] for row in history_json(cli, "--days", "30")] == [expected]


def test_backfill_iso_and_future_refused(cli: Any, home: Path) -> None:
    r = cli("checkin", "--date", "2024-02-29", "--mood", "4", "--json")
    assert r.exit_code == 0 and r.json()["date"] == "2024-02-29"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for phrase in ("tomorrow", tomorrow):
        r = cli("checkin", "--date", phrase, "--mood", "4")
        assert r.exit_code == 2
        assert "future" in r.stderr
    assert db_rows(home, "SELECT day FROM checkins") == [("2024-02-29",)]


def test_backfill_interactive_says_which_day(cli: Any, keys: Any) -> None:
    keys("".join(FULL_ANSWERS))
    r = cli("checkin", "--date", "yesterday")
    assert r.exit_code == 0, r.stderr
    assert "Checking in for yesterday" in r.stderr
    assert "Saved your check-in for yesterday" in r.stdout
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert history_json(cli)[0]["date"] == yesterday


# --- history ---------------------------------------------------------------------------------


def _seed(cli: Any, days_back: list[int]) -> None:
    for n in days_back:
        r = cli("checkin", "--date", (date.today() - timedelta(days=n)).isoformat(),
                "--mood", str(n % 11), "--sleep", "7")
        assert r.exit_code == 0, r.stderr


def test_history_windows(cli: Any) -> None:
    _seed(cli, [0, 1, 13, 14, 20, 40])
    default = [r["date"] for r in history_json(cli)]
    expect = [(date.today() - timedelta(days=n)).isoformat() for n in (13, 1, 0)]
    assert default == expect  # 14 days, oldest first, days without a check-in left out
    assert len(history_json(cli, "--days", "15")) == 4
    assert len(history_json(cli, "--days", "1")) == 1
    start = (date.today() - timedelta(days=20)).isoformat()
    end = (date.today() - timedelta(days=13)).isoformat()
    assert len(history_json(cli, "--from", start, "--to", end)) == 3
    assert len(history_json(cli, "--from", "50 days ago")) == 6
    assert len(history_json(cli, "--to", "yesterday")) == 3  # 14 days ending yesterday


def test_history_bad_options(cli: Any) -> None:
    for args in (["--days", "0"], ["--days", "99999999"], ["--days", "3", "--from", "yesterday"],
                 ["--from", "today", "--to", "yesterday"], ["--from", "someday soonish"]):
        r = cli("history", *args)
        assert r.exit_code == 2, args
        assert "Traceback" not in r.stderr


def test_history_empty_and_fresh_home(cli: Any, home: Path) -> None:
    assert history_json(cli) == []
    r = cli("history")
    assert r.exit_code == 0
    assert "No check-ins" in r.stdout
    assert not (home / "recovery.db").exists()  # reading never creates a database


def test_history_table(cli: Any) -> None:
    assert cli("checkin", "--mood", "7", "--sleep", "6.5", "--set", "triggers=conflict",
               "--note", "walked by the sea").exit_code == 0
    r = cli("history")
    assert r.exit_code == 0
    for text in (today(), "7", "6.5", "Conflict", "walked by the sea", "1 check-in"):
        assert text in r.stdout


# --- summary ---------------------------------------------------------------------------------


def test_summary_against_7_and_30_day_averages(cli: Any) -> None:
    for n, mood in ((1, 2), (2, 4), (10, 9)):
        day = (date.today() - timedelta(days=n)).isoformat()
        assert cli("checkin", "--date", day, "--mood", str(mood)).exit_code == 0
    r = cli("checkin", "--mood", "5", "--set", "coping=walk")
    assert r.exit_code == 0
    mood_line = next(line for line in r.stdout.splitlines() if line.startswith("Mood today"))
    assert mood_line.split()[2:] == ["5", "3", "(2d)", "5", "(3d)"]
    assert "Went for a walk" in r.stdout
    assert "checked in:" not in r.stdout  # no streaks unless turned on
    for unkind in ("missed", "streak", "broke", "should"):
        assert unkind not in r.stdout.lower()


def test_streaks_count_days_logged_when_turned_on(cli: Any, home: Path) -> None:
    _seed(cli, [1, 3, 20])
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text("streaks = true\n")
    r = cli("checkin", "--mood", "6")
    assert r.exit_code == 0
    assert "Days you checked in: 3 of the last 7, 4 of the last 30." in r.stdout


def test_summary_shows_matching_early_warnings(cli: Any, monkeypatch: Any) -> None:
    from recovery_cli.core.records import WarningMatch
    from recovery_cli.plan import early_warnings

    seen: list[date] = []

    def fake(conn: sqlite3.Connection, day: date, *_: Any, **__: Any) -> list[WarningMatch]:
        seen.append(day)
        return [WarningMatch(sign="Sleeping badly", rule="sleep_hours < 5 on 2 of 3 days",
                             since=None, responses=["Call Sam", "Keep the evening slow"])]

    monkeypatch.setattr(early_warnings, "current_warnings", fake)
    r = cli("checkin", "--mood", "4", "--sleep", "4")
    assert r.exit_code == 0
    assert "Sleeping badly" in r.stdout and "Call Sam" in r.stdout
    assert seen == [date.today()]
    r = cli("checkin", "--mood", "4", "--json")
    assert json.loads(r.stdout)["mood"] == 4
    assert "Call Sam" in r.stderr


def test_a_failing_warning_check_never_hides_a_saved_checkin(cli: Any, monkeypatch: Any) -> None:
    from recovery_cli.plan import early_warnings

    def broken(conn: sqlite3.Connection, day: date) -> list[Any]:
        raise ValueError("bad rule")

    monkeypatch.setattr(early_warnings, "current_warnings", broken)
    r = cli("checkin", "--mood", "4")
    assert r.exit_code == 0
    assert "saved" in r.stderr
    assert history_json(cli)[0]["mood"] == 4


# --- options from the plan and custom items --------------------------------------------------


def test_plan_triggers_and_toolbox_become_options(cli: Any, keys: Any, monkeypatch: Any) -> None:
    from recovery_cli.store import plan as store_plan

    texts = {"triggers": ["Arguments about money", "Conflict with someone"],
             "toolbox": ["Play the piano"]}
    monkeypatch.setattr(store_plan, "section_texts", lambda conn, section: texts[section])
    r = no_tty(cli, "checkin", "--mood", "5", "--set", "triggers=Arguments about money,conflict",
            "--set", "coping=play_the_piano", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["triggers"] == ["arguments_about_money", "conflict"]
    assert r.json()["coping"] == ["play_the_piano"]
    # in the prompt, the plan's own entries come first: tick the first trigger
    keys(ENTER * 5 + ENTER + SPACE + ENTER + ENTER + ENTER + ENTER + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert history_json(cli)[0]["triggers"] == ["conflict"]  # toggled off, the rest kept
    assert "Play the piano" in cli("history").stdout


def test_plan_stub_still_works(cli: Any, monkeypatch: Any) -> None:
    from recovery_cli.store import plan as store_plan

    def stub(conn: sqlite3.Connection, section: str) -> list[str]:
        raise NotImplementedError

    monkeypatch.setattr(store_plan, "section_texts", stub)
    assert cli("checkin", "--mood", "5", "--set", "triggers=conflict").exit_code == 0


CUSTOM = """
id = "my-evening"
title = "My evening"
kind = "checkin"

[[items]]
id = "outside"
text = "Minutes outdoors"
type = "number"
min = 0
max = 600

[[items]]
id = "meditated"
text = "Meditated"
type = "yes_no"

[[items]]
id = "social"
text = "Time with people"
type = "choice"
options = [{ value = "none", label = "None" }, { value = "some", label = "Some" },
           { value = "lots", label = "Lots" }]

[[items]]
id = "connected"
text = "Felt connected to others"
type = "scale"
options = [{ value = 1, label = "Not at all" }, { value = 2, label = "A bit" },
           { value = 3, label = "A lot" }]

[[items]]
id = "mood"
text = "A second mood item is ignored"
type = "number"
min = 0
max = 5
"""


def test_custom_checkin_items(cli: Any, keys: Any, home: Path) -> None:
    (home / "checklists").mkdir(parents=True)
    (home / "checklists" / "evening.toml").write_text(CUSTOM)
    r = no_tty(cli, "checkin", "--mood", "9", "--set", "outside=45", "--set", "meditated=y",
               "--set", "connected=a bit", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert list(doc) == ["date", *ITEM_IDS, "outside", "meditated", "social", "connected",
                         "medication_missed", "as_needed", "moments", "mood_range"]
    assert (doc["mood"], doc["outside"], doc["meditated"], doc["social"],
            doc["connected"]) == (9, 45, "yes", None, 2)
    for bad in ("outside=601", "connected=4", "social=plenty", "meditated=perhaps"):
        r = no_tty(cli, "checkin", "--set", bad)
        assert r.exit_code == 2 and bad.split("=")[0] in r.stderr
    # interactively the custom items follow the built-in ones, answers prefilled
    # outside: keep 45; meditated: from Yes (prefilled) down to No; social: Skip -> Lots;
    # connected: from "A bit" (prefilled) down to "A lot"
    keys(ENTER * 10 + ENTER + DOWN + ENTER + DOWN + DOWN + DOWN + ENTER + DOWN + ENTER + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    [row] = history_json(cli)
    assert (row["outside"], row["meditated"], row["social"], row["connected"]) == (
        45, "no", "lots", 3)


def test_broken_custom_checklist_is_named_and_checkin_still_works(cli: Any, home: Path) -> None:
    (home / "checklists").mkdir(parents=True)
    (home / "checklists" / "broken.toml").write_text('id = "x"\nkind = "checkin"\n')
    r = cli("checkin", "--mood", "5")
    assert r.exit_code == 0
    assert "broken.toml" in r.stderr


# --- store contract and cost -----------------------------------------------------------------


def test_store_contract(cli: Any, home: Path) -> None:
    from recovery_cli.store import checkins, open_db

    _seed(cli, [0, 2, 5])
    conn = open_db(home)
    try:
        start = (date.today() - timedelta(days=5)).isoformat()
        days = checkins.days_between(conn, start, today())
        assert [d.day for d in days] == sorted(d.day for d in days)
        assert days[0].day == start and days[-1].day == today()  # both ends inclusive
        assert days[0].number("mood") == 5.0 and days[0].number("sleep_hours") == 7.0
        assert checkins.last_checkin_day(conn) == today()
        assert checkins.get_day(conn, "1999-01-01") is None
        saved, existed = checkins.save_checkin(conn, "1999-01-01", {"mood": 3.0},
                                               {"coping": ["walk", "walk", "rest"]},
                                               "1999-01-01T20:00:00+00:00")
        assert not existed and saved.choices == {"coping": ["walk", "rest"]}
        assert checkins.last_checkin_day(conn) == today()
    finally:
        conn.close()


def test_a_failed_save_leaves_nothing(home: Path) -> None:
    from recovery_cli.store import checkins, open_db

    conn = open_db(home)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            # a choice row that can't be written makes the whole check-in roll back
            checkins.save_checkin(conn, "2026-01-01", {"mood": 3.0},
                                  {"coping": ["walk", None]},  # type: ignore[list-item]
                                  "2026-01-01T20:00:00+00:00")
        assert checkins.get_day(conn, "2026-01-01") is None
        assert conn.execute("SELECT count(*) FROM checkin_values").fetchone()[0] == 0
    finally:
        conn.close()


def test_queries_read_only_the_window(home: Path) -> None:
    """The reads use the day index, so 3,650 days cost what 10 do (benchmarks/ times it)."""
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        sqls = [
            ("SELECT id, day FROM checkins WHERE day BETWEEN ? AND ? ORDER BY day", 2),
            ("SELECT v.checkin_id FROM checkins c JOIN checkin_values v ON v.checkin_id = c.id "
             "WHERE c.day BETWEEN ? AND ?", 2),
            ("SELECT ch.checkin_id FROM checkins c JOIN checkin_choices ch ON "
             "ch.checkin_id = c.id WHERE c.day BETWEEN ? AND ?", 2),
            ("SELECT id FROM checkins WHERE day = ?", 1),
            ("SELECT max(day) FROM checkins", 0),
        ]
        for sql, n in sqls:
            plan = " | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                             ("2026-01-01",) * n))
            assert "SCAN c " not in plan + " " and "SCAN checkins" not in plan, plan
            assert "USING" in plan, plan
    finally:
        conn.close()


def test_checkin_with_ten_years_stays_on_its_window(cli: Any, home: Path) -> None:
    """Every query `checkin --mood 5` runs on check-in tables is an index search, never a
    scan, with 3,650 days stored (the timing lives in benchmarks/bench_checkin.py)."""
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        start = date.today() - timedelta(days=3651)
        conn.execute("BEGIN")
        for i in range(3650):
            cur = conn.execute(
                "INSERT INTO checkins (day, created_at, updated_at) VALUES (?, 'x', 'x')",
                ((start + timedelta(days=i)).isoformat(),))
            conn.execute("INSERT INTO checkin_values VALUES (?, 'mood', ?, NULL)",
                         (cur.lastrowid, float(i % 11)))
        conn.execute("COMMIT")
    finally:
        conn.close()
    traced: list[str] = []
    import recovery_cli.store.db as store_db

    real_connect = sqlite3.connect

    def tracing_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        c = real_connect(*args, **kwargs)
        c.set_trace_callback(traced.append)
        return c

    store_db.sqlite3.connect = tracing_connect  # type: ignore[assignment]
    try:
        r = cli("checkin", "--mood", "5", "--sleep", "6")
    finally:
        store_db.sqlite3.connect = real_connect  # type: ignore[assignment]
    assert r.exit_code == 0, r.stderr
    reads = [s for s in traced if "checkin" in s and s.lstrip().upper().startswith("SELECT")]
    assert reads
    check = sqlite3.connect(home / "recovery.db")
    try:
        for sql in reads:
            plan = [str(row[3]) for row in check.execute("EXPLAIN QUERY PLAN " + sql)]
            assert not any(p.startswith("SCAN") for p in plan), (sql, plan)
    finally:
        check.close()
