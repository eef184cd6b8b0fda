"""What a new user tripped over (issue 20): future dates, decimals on scales, names of
questionnaires and skills, what a JSON export leaves out, the first `remind`, wording, an
unknown setting, JSON booleans. Each test failed before its fix."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys
from ptyutil import PROMPT_READY

ENTER, BACKSPACE = Keys.ENTER, Keys.BACKSPACE


def db_rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def one_line(r: Any, code: int = 2) -> str:
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return str(lines[0])


# --- 2: future dates ---------------------------------------------------------------------


@pytest.mark.parametrize("when", ["tomorrow", "next week",
                                  (date.today() + timedelta(days=3)).isoformat()])
def test_journal_and_practice_refuse_future_days(cli: Any, home: Path, when: str) -> None:
    assert cli("journal", "write", "today is fine").exit_code == 0
    line = one_line(cli("journal", "write", "--date", when, "from the future"))
    assert "future" in line and "--date" in line
    line = one_line(cli("journal", "edit", "1", "--date", when))
    assert "future" in line
    line = one_line(cli("skills", "practice", "stop", "--date", when, "--helpful", "5"))
    assert "future" in line
    assert db_rows(home, "SELECT day FROM entries") == [(date.today().isoformat(),)]
    assert db_rows(home, "SELECT count(*) FROM skill_practice") == [(0,)]


def test_past_days_are_still_fine(cli: Any) -> None:
    assert cli("journal", "write", "--date", "yesterday", "y").exit_code == 0
    assert cli("skills", "practice", "stop", "--date", "yesterday", "--helpful", "5").exit_code == 0


def test_goal_by_a_day_that_has_passed_is_refused(cli: Any, home: Path) -> None:
    line = one_line(cli("goals", "add", "Walk more", "--by", "yesterday"))
    assert "--by" in line and "passed" in line
    assert not (home / "recovery.db").exists() or db_rows(home, "SELECT count(*) FROM goals") == [(0,)]
    r = cli("goals", "add", "Walk more", "--by", "today", "--json")
    assert r.exit_code == 0 and r.json()["by"] == date.today().isoformat()


def test_goal_prompt_refuses_a_passed_day_and_asks_again(cli: Any, keys: Any) -> None:
    keys("Walk more" + ENTER + ENTER + "yesterday" + ENTER + BACKSPACE * 9 + ENTER
         + "Shoes by the door" + ENTER + "Walk to the corner" + ENTER + ENTER + ENTER + ENTER)
    r = cli("goals", "add")
    assert r.exit_code == 0, r.stderr
    [goal] = cli("goals", "list", "--json").json()
    assert goal["by"] is None
    assert [s["text"] for s in goal["steps"]] == ["Shoes by the door", "Walk to the corner"]


# --- 3: one decimal on every typed scale ---------------------------------------------------


def test_a_daylio_decimal_mood_is_kept_on_rerunning_the_check_in(cli: Any, keys: Any,
                                                                tmp_path: Path) -> None:
    day = (date.today() - timedelta(days=1)).isoformat()
    csv = tmp_path / "daylio.csv"
    csv.write_text("full_date,date,weekday,time,mood,activities,note_title,note\n"
                   f"{day},x,x,20:10,good,,,\n{day},x,x,08:10,rad,,,\n"
                   f"{date.today().isoformat()},x,x,08:10,good,,,\n", encoding="utf-8")
    assert cli("import", str(csv)).exit_code == 0
    # yesterday is the mean of 7.5 and 10 (8.75, two decimals), today 7.5: Enter keeps both
    for when, mood in (("today", 7.5), ("yesterday", 8.75)):
        keys(ENTER * 11)
        r = cli("checkin", "--date", when)
        assert r.exit_code == 0, r.stderr
        assert "whole number" not in r.stdout + r.stderr
        [row] = [d for d in cli("history", "--json").json()
                 if d["date"] == (date.today() if when == "today"
                                  else date.today() - timedelta(days=1)).isoformat()]
        assert row["mood"] == mood


def test_one_decimal_is_accepted_on_every_scale(cli: Any) -> None:
    r = cli("checkin", "--mood", "6.5", "--energy", "3.5", "--set", "sleep_quality=2.5", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert (doc["mood"], doc["energy"], doc["sleep_quality"]) == (6.5, 3.5, 2.5)
    line = one_line(cli("checkin", "--mood", "6.55"))
    assert "--mood" in line and "1 decimal" in line
    assert cli("skills", "practice", "stop", "--helpful", "7.5").exit_code == 0
    assert cli("skills", "log", "--json").json()[0]["helpful"] == 7.5
    assert cli("goals", "add", "Walk").exit_code == 0
    assert cli("goals", "review", "1", "--progress", "4.5").exit_code == 0
    assert cli("goals", "list", "--json").json()[0]["reviews"][0]["progress"] == 4.5


def test_one_decimal_typed_in_the_prompt(cli: Any, keys: Any) -> None:
    # 7.55 is refused and asked again; 7.5 is accepted
    keys("7.55" + ENTER + BACKSPACE + ENTER + ENTER * 10)
    r = cli("checkin", "--date", "yesterday")
    assert r.exit_code == 0, r.stderr
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert [d["mood"] for d in cli("history", "--json").json() if d["date"] == yesterday] == [7.5]


# --- 5: questionnaire and skill names ------------------------------------------------------


@pytest.mark.parametrize("name", ["PHQ-9", "phq-9", "PHQ9", "phq9", " Phq 9 "])
def test_questionnaire_names_as_printed(cli: Any, home: Path, name: str) -> None:
    r = cli("assess", "take", name, "--answers", "0,1,0,1,0,1,0,1,0", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["checklist"] == "phq9"
    assert db_rows(home, "SELECT checklist FROM assessments") == [("phq9",)]
    assert cli("assess", "history", name, "--json").json()[0]["score"] == 4


def test_unknown_questionnaire_suggests_the_closest(cli: Any) -> None:
    line = one_line(cli("assess", "take", "phq-10", "--answers", "1"), code=1)
    assert "There is no questionnaire 'phq-10'" in line and "Did you mean phq9?" in line
    line = one_line(cli("assess", "take", "Gad7x", "--answers", "1"), code=1)
    assert "Did you mean gad7?" in line


@pytest.mark.parametrize("name", ["box_breathing", "Box breathing", "box-breathing",
                                  "BOX BREATHING"])
def test_skills_by_id_or_title(cli: Any, name: str) -> None:
    r = cli("skills", "show", name, "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["id"] == "box_breathing"


def test_unknown_skill_suggests_the_closest(cli: Any) -> None:
    line = one_line(cli("skills", "show", "box breathng"), code=1)
    assert "Did you mean box_breathing?" in line


# --- 6 and 10: what a JSON export holds ----------------------------------------------------


def test_json_export_says_what_it_left_out_in_the_same_sentence(cli: Any, tmp_path: Path) -> None:
    assert cli("journal", "write", "open").exit_code == 0
    assert cli("journal", "write", "--private", "mine").exit_code == 0
    assert cli("journal", "write", "--private", "--star", "mine too").exit_code == 0
    out = tmp_path / "copy.json"
    r = cli("export", "--format", "json", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    [line] = r.stderr.strip().splitlines()
    assert str(out) in line and "2 private journal entries were left out" in line
    assert "--include-private" in line and "recovery backup" in line
    help_text = " ".join(cli("export", "--help").stdout.split())
    assert "--include-private" in help_text and "recovery backup" in help_text


def test_json_export_writes_booleans_and_import_takes_both(cli: Any, tmp_path: Path,
                                                           home: Path) -> None:
    assert cli("journal", "write", "--private", "--star", "mine").exit_code == 0
    assert cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,2").exit_code == 0
    out = tmp_path / "copy.json"
    assert cli("export", "--format", "json", "--include-private", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    [entry] = doc["tables"]["entries"]
    assert entry["private"] is True and entry["starred"] is True
    assert doc["tables"]["assessments"][0]["safety_flag"] is True
    # import: true/false (this export) and 0/1 (older ones) both restore
    old = json.loads(out.read_text())
    old["tables"]["entries"][0].update(private=1, starred=0)
    old["tables"]["assessments"][0]["safety_flag"] = 1
    older = tmp_path / "older.json"
    older.write_text(json.dumps(old))
    for source, starred in ((out, 1), (older, 0)):
        fresh = tmp_path / f"fresh-{source.stem}"
        r = cli("--home", str(fresh), "import", str(source))
        assert r.exit_code == 0, r.stderr
        assert db_rows(fresh, "SELECT private, starred FROM entries") == [(1, starred)]
        assert db_rows(fresh, "SELECT safety_flag FROM assessments") == [(1,)]


# --- 7: the first remind -------------------------------------------------------------------


def test_first_remind_on_a_new_home_is_one_gentle_line(cli: Any, home: Path) -> None:
    from conftest import run_recovery

    env = {"RECOVERY_HOME": str(home)}
    config = '[reminders]\ncheckin_time = "00:00"\nquiet_hours = ""\n'
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text(config)
    r = run_recovery("remind", env=env)
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1
    assert r.stdout.rstrip().endswith("Run: recovery checkin")
    # a check-in 7 days ago: the first week is over, the questionnaires join
    assert cli("checkin", "--date", "7 days ago", "--mood", "5").exit_code == 0
    r = run_recovery("remind", env=env)
    assert [ln.rsplit("Run: ", 1)[1] for ln in r.stdout.splitlines()] == [
        "recovery checkin", "recovery assess take phq9", "recovery assess take gad7",
        "recovery assess take who5"]


def test_questionnaires_join_once_one_is_taken(cli: Any, home: Path) -> None:
    from conftest import run_recovery

    assert cli("checkin", "--mood", "5").exit_code == 0
    r = run_recovery("remind", "--json", env={"RECOVERY_HOME": str(home)})
    assert r.json()["due"] == []  # checked in today, first week: nothing else
    assert cli("assess", "take", "gad7", "--answers", "0,0,0,0,0,0,0").exit_code == 0
    r = run_recovery("remind", "--json", env={"RECOVERY_HOME": str(home)})
    assert [d["command"] for d in r.json()["due"]] == ["recovery assess take phq9",
                                                        "recovery assess take who5"]


# --- 9: unknown setting --------------------------------------------------------------------


def test_unknown_setting_is_bad_usage_with_the_list(cli: Any) -> None:
    for args in (("config", "get", "no_such_key"), ("config", "set", "no_such_key", "1")):
        line = one_line(cli(*args), code=2)
        assert "no_such_key" in line and "reminders.checkin_time" in line and "streaks" in line


# --- 4: prompts and messages fit the terminal ------------------------------------------------


@pytest.mark.parametrize("cols", [60, 100])
def test_prompt_messages_wrap_to_the_terminal(monkeypatch: pytest.MonkeyPatch, cols: int) -> None:
    from recovery_cli.prompts import fit, text_question

    monkeypatch.setenv("COLUMNS", str(cols))
    question = ("When did you first notice that things felt harder than usual? What was "
                "happening around then? (Esc then Enter to save, Ctrl-C to stop without saving)")
    lines = fit.message(question).split("\n")
    assert len(lines[0]) + 2 < cols and all(len(ln) < cols for ln in lines)
    assert " ".join(lines) == question  # nothing cut, every word whole
    long_error = ("Can't read that rule: expected 'ITEM OP VALUE for N days' (mood <= 3 for 3 "
                  "days), e.g. sleep_hours < 5 for 2 days.")
    q = text_question("Rule", validate=lambda t: long_error)
    from prompt_toolkit.document import Document
    from prompt_toolkit.validation import ValidationError

    validator = q.application.current_buffer.validator
    with pytest.raises(ValidationError) as err:
        validator.validate(Document("x"))
    shown = err.value.message.split("\n")
    assert all(len(ln) < cols for ln in shown) and " ".join(shown) == long_error
    toolbars = [w for w in q.application.layout.walk()
                if getattr(getattr(getattr(w, "content", None), "text", None), "__qualname__",
                           "").startswith("ValidationToolbar.")]
    assert toolbars and all(t.height is None and t.wrap_lines() for t in toolbars)


@pytest.mark.pty
@pytest.mark.parametrize("cols", [60, 100])
def test_goal_by_error_wraps_next_to_its_question_in_a_terminal(tmp_path: Path, cols: int) -> None:
    pexpect = pytest.importorskip("pexpect")
    from ptyutil import spawn_recovery

    child = spawn_recovery(tmp_path / "h", "goals", "add", size=(30, cols), unset=("COLUMNS",),
                           NO_COLOR="1")
    child.expect("work toward")
    child.send("Walk\r")
    child.expect("matter to you")
    child.send("\r")
    child.expect("By when")
    child.send("yesterday\r")
    child.expect("leave it empty")
    shown = child.before + "leave it empty"
    child.expect_exact(PROMPT_READY)
    message = "That day has already passed; give today or a later day, or leave it empty"
    if cols == 60:
        assert message not in shown  # wrapped at a word ...
        assert "That day has already passed; give today or a later day, or" in shown
    else:
        assert message in shown  # ... and on one line where it fits
    # right under the answer: no run of blank rows (the old 8-row menu space) before it
    tail = shown.rsplit("yesterday", 1)[1]
    assert "\n" * 3 not in tail.replace("\r", "")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.pty
def test_messages_on_stderr_wrap_at_words_in_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from ptyutil import spawn_recovery

    child = spawn_recovery(tmp_path / "h", "intake", size=(30, 60), unset=("COLUMNS",),
                           NO_COLOR="1")
    child.expect("brings you")
    intro = child.before.replace("\r", "")
    child.expect_exact(PROMPT_READY)
    printed = intro.split("\x1b", 1)[0]  # what was printed before the first prompt
    assert "appointment. Skip\nanything with Enter; Ctrl-C stops without saving." in printed
    assert all(len(line) < 60 for line in printed.split("\n"))
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


# --- 8: wording ----------------------------------------------------------------------------


def test_import_summary_counts_one_in_the_singular(cli: Any, tmp_path: Path) -> None:
    assert cli("journal", "write", "one entry").exit_code == 0
    assert cli("goals", "add", "Walk").exit_code == 0
    assert cli("intake", "--set", "brings_me=Low mood").exit_code == 0
    out = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0
    r = cli("--home", str(tmp_path / "fresh"), "import", str(out))
    assert r.exit_code == 0, r.stderr
    assert "1 journal entry" in r.stderr and "1 goal" in r.stderr and "1 intake" in r.stderr
    assert "1 journal entries" not in r.stderr and "1 goals" not in r.stderr
    assert "1 intakes" not in r.stderr


def test_goal_steps_are_asked_as_first_then_another(cli: Any, keys: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli import prompts

    asked: list[str] = []
    real = prompts.text_question

    def spy(message: str, **options: Any) -> Any:
        asked.append(message)
        return real(message, **options)

    monkeypatch.setattr(prompts, "text_question", spy)
    keys("Walk" + ENTER + ENTER + ENTER + "Shoes" + ENTER + "Door" + ENTER + ENTER + ENTER + ENTER)
    assert cli("goals", "add").exit_code == 0
    steps = [m for m in asked if "small step" in m]
    assert steps == ["A first small step (Enter when done)", "Another small step (Enter when done)",
                     "Another small step (Enter when done)"]


def test_checkbox_hints_are_shown_once(cli: Any, keys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import questionary

    shown: list[str] = []
    real = questionary.checkbox

    def spy(message: str, **options: Any) -> Any:
        shown.append(f"{message} {options.get('instruction') or ''}")
        return real(message, **options)

    monkeypatch.setattr(questionary, "checkbox", spy)
    keys(ENTER * 2)
    cli("values", "add")
    keys(ENTER * 3 + Keys.CONTROLC)  # two text questions, the symptoms list, then stop
    assert cli("intake").exit_code == 130
    assert shown and all(s.count("Space to") == 1 for s in shown), shown


def test_config_set_prints_the_value_as_config_show_does(cli: Any) -> None:
    r = cli("config", "set", "streaks", "true")
    assert r.exit_code == 0 and r.stdout.strip() == "streaks = true"
    assert cli("config", "set", "reminders.assessments", "phq9,gad7").stdout.strip() == (
        "reminders.assessments = phq9, gad7")


def test_back_dated_check_in_questions_name_the_day(cli: Any, keys: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.prompts import checkin as ask

    asked: list[str] = []
    real = ask.ask_item

    def spy(spec: Any, default: Any) -> Any:
        asked.append(spec.text)
        return real(spec, default)

    monkeypatch.setattr(ask, "ask_item", spy)
    keys("5" + ENTER * 11)
    assert cli("checkin", "--date", "yesterday").exit_code == 0
    assert "Mood yesterday" in asked and "One line about yesterday" in asked
    assert not [a for a in asked if "today" in a or "last night" in a]
    asked.clear()
    keys("5" + ENTER * 11)
    assert cli("checkin", "--date", "3 days ago").exit_code == 0
    day = date.today() - timedelta(days=3)
    assert f"Mood on {day:%A} {day.day} {day:%B %Y}" in asked
    assert f"One line about {day:%A} {day.day} {day:%B %Y}" in asked
    asked.clear()
    keys("5" + ENTER * 11)
    assert cli("checkin").exit_code == 0
    assert "Mood today" in asked and "One line about today" in asked


def test_calendar_names_december_for_a_window_ending_on_the_first() -> None:
    from rich.console import Console

    from recovery_cli.core.records import CheckinDay
    from recovery_cli.trends import window as trends
    from recovery_cli.ui import trends as ui

    end = date(2026, 12, 1)  # a Tuesday
    days = [CheckinDay(day=(end - timedelta(days=n)).isoformat(), values={"mood": 6.0},
                       choices={}) for n in range(30)]
    t = trends.compute(end, 30, days)
    con = Console(width=100, record=True, color_system=None)
    con.print(ui.heatmap(t, 100))
    header = con.export_text().splitlines()[0]
    assert "Nov" in header and "Dec" in header


def test_untitled_entry_shows_a_tag_once(cli: Any) -> None:
    assert cli("journal", "write", "felt ok after #work today", "--tag", "rest").exit_code == 0
    [line] = [ln for ln in cli("journal", "list").stdout.splitlines() if "felt ok" in ln]
    assert line.count("#work") == 1 and "#rest" in line


def test_a_short_passphrase_is_warned_about_never_refused(cli: Any, home: Path,
                                                          tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    short = tmp_path / "short"
    short.write_text("abc\n")
    short.chmod(0o600)
    assert cli("journal", "write", "x").exit_code == 0
    r = cli("--passphrase-file", str(short), "encrypt")
    assert r.exit_code == 0, r.stderr
    assert "short (3 characters)" in r.stderr and "8 or more" in r.stderr
    assert cli("--passphrase-file", str(short), "journal", "list").exit_code == 0
    longer = tmp_path / "long"
    longer.write_text("correct horse battery staple\n")
    longer.chmod(0o600)
    r = cli("--passphrase-file", str(short), "passphrase", "--new-passphrase-file", str(longer))
    assert r.exit_code == 0 and "short" not in r.stderr


# --- 1: the demo never lands in your own home, and says where it is -------------------------


def test_demo_without_a_home_makes_its_own_and_prints_one_shot_commands(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOVERY_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    r = cli("demo", "--days", "20")
    assert r.exit_code == 0, r.stderr
    [demo_home] = [p for p in tmp_path.iterdir() if p.name.startswith("recovery-demo-")]
    assert f"RECOVERY_HOME={demo_home} recovery trends" in r.stdout
    assert "export RECOVERY_HOME" not in r.stdout
    assert not (tmp_path / "me").exists()  # your own home: not even created
    assert (demo_home / "recovery.db").exists()


def test_commands_on_a_demo_home_say_so_in_one_line(cli: Any, home: Path) -> None:
    from conftest import run_recovery

    assert cli("journal", "write", "x").exit_code == 0
    plain = cli("trends")
    assert "demo home" not in plain.stderr
    other = home.parent / "demo"
    r = cli("--home", str(other), "demo", "--days", "20")
    assert r.exit_code == 0 and f"recovery --home {other} trends" in r.stdout
    assert "demo home:" not in r.stderr
    for args in (("trends",), ("journal", "list", "--json"), ("remind",)):
        r = run_recovery("--home", str(other), *args)
        assert r.exit_code == 0, r.stderr
        lines = [ln for ln in r.stderr.splitlines() if "demo home" in ln]
        assert lines == ["(A demo home: everything in it is made up; your own data is not here.)"]
    assert json.loads(run_recovery("--home", str(other), "journal", "list", "--json").stdout)
