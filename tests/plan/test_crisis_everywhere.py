"""Issue 16: the crisis-language note wherever a person writes. Each entry point gets a crisis
sentence (the note appears on stderr, once, with crisis lines; stdout is untouched) and an
ordinary sentence (no note). Real tmp homes, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Keys

CRISIS = "I can't go on anymore"
ORDINARY = "My back is killing me today"
NOTE = "A word list on your own computer noticed"


def noted(stderr: str) -> bool:
    """The note, exactly once, with a crisis line and the honest words."""
    if stderr.count(NOTE) != 1:
        return False
    return "988" in stderr and "nobody is told" in stderr and "recovery crisis" in stderr


def test_checkin_note_shows_the_note(cli: Any) -> None:
    """The issue's first finding: the check-in said only 'Saved ...'."""
    r = cli("checkin", "--mood", "0", "--note", "I want to kill myself")
    assert r.exit_code == 0 and noted(r.stderr)
    assert "your check-in is saved" in r.stderr
    assert NOTE not in r.stdout


def test_checkin_json_stays_one_document_and_marks_it(cli: Any) -> None:
    r = cli("checkin", "--mood", "3", "--set", f"note={CRISIS}", "--json")
    assert r.exit_code == 0 and noted(r.stderr)
    doc = json.loads(r.stdout)
    assert doc["note"] == CRISIS and doc["crisis_language"] is True
    r = cli("checkin", "--date", "yesterday", "--mood", "3", "--note", ORDINARY, "--json")
    assert r.exit_code == 0 and NOTE not in r.stderr
    assert "crisis_language" not in json.loads(r.stdout)


def test_checkin_ordinary_note_and_unchanged_note(cli: Any) -> None:
    r = cli("checkin", "--mood", "5", "--note", ORDINARY)
    assert r.exit_code == 0 and NOTE not in r.stderr
    assert noted(cli("checkin", "--note", CRISIS).stderr)
    # the same note again (only the mood changes): said once already, not again
    r = cli("checkin", "--mood", "6", "--note", CRISIS)
    assert r.exit_code == 0 and NOTE not in r.stderr


def test_checkin_in_a_terminal(cli: Any, keys: Any) -> None:
    """The prompted check-in: mood, then Enter through the rest, a note, save."""
    from recovery_cli.checkin.logic import build_items
    from recovery_cli.core.checklists import load_checklists

    specs = build_items(load_checklists(None).of_kind("checkin"), {}, None)
    answers = []
    for spec in specs:
        if spec.id == "mood":
            answers.append("2" + Keys.ENTER)
        elif spec.id == "note":
            answers.append("i wanna die" + Keys.ENTER)
        elif spec.type == "multi":
            answers.append(Keys.ENTER)
        else:
            answers.append(Keys.ENTER)
    keys("".join(answers) + Keys.ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr)


@pytest.mark.parametrize("command", ["write", "edit"])
def test_journal_write_and_edit(cli: Any, command: str) -> None:
    if command == "write":
        r = cli("journal", "write", CRISIS)
    else:
        assert cli("journal", "write", "fine").exit_code == 0
        r = cli("journal", "edit", "1", "--text", CRISIS)
    assert r.exit_code == 0 and noted(r.stderr)
    r = cli("journal", "write", ORDINARY)
    assert r.exit_code == 0 and r.stderr == ""


def test_journal_title_counts(cli: Any) -> None:
    r = cli("journal", "write", "today", "--title", "everyone would be better off without me")
    assert noted(r.stderr)


def _skills_with_text_fields() -> list[tuple[str, str, list[str]]]:
    from recovery_cli.tools.skills import load_skills

    out = []
    for skill in load_skills(None).ordered():
        required = [f.id for f in skill.fields if f.required]
        for f in skill.fields:
            if f.type == "text":
                out.append((skill.id, f.id, required))
    return out


SKILL_FIELDS = _skills_with_text_fields()


def test_there_are_skill_text_fields_to_walk() -> None:
    assert ("thought_record", "automatic_thought", ["situation", "automatic_thought"]) \
        in SKILL_FIELDS or any(s == "thought_record" and f == "automatic_thought"
                               for s, f, _ in SKILL_FIELDS)
    assert len(SKILL_FIELDS) >= 10


@pytest.mark.parametrize(("skill", "field", "required"), SKILL_FIELDS,
                         ids=[f"{s}.{f}" for s, f, _ in SKILL_FIELDS])
def test_each_skill_practice_text_field(cli: Any, skill: str, field: str,
                                        required: list[str]) -> None:
    fill = [a for r in required if r != field for a in ("--field", f"{r}=at home")]
    r = cli("skills", "practice", skill, "--field", f"{field}={CRISIS}", *fill)
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr)
    r = cli("skills", "practice", skill, "--field", f"{field}={ORDINARY}", *fill,
            "--date", "yesterday")
    assert r.exit_code == 0 and NOTE not in r.stderr


def test_skill_practice_note_and_json(cli: Any) -> None:
    r = cli("skills", "practice", "box_breathing", "--helpful", "3", "--note", "kms", "--json")
    assert r.exit_code == 0 and noted(r.stderr)
    assert json.loads(r.stdout)["crisis_language"] is True


def _intake_fields() -> list[str]:
    from recovery_cli.tools.intake import FIELDS

    return [f.id for f in FIELDS]


@pytest.mark.parametrize("field", _intake_fields())
def test_intake_each_field_with_set(cli: Any, field: str) -> None:
    r = cli("intake", "--set", f"{field}={CRISIS}")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr)
    r = cli("intake", "edit", "--set", f"{field}={ORDINARY}")
    assert r.exit_code == 0 and NOTE not in r.stderr


def test_intake_edit_and_json(cli: Any) -> None:
    assert cli("intake", "--set", "hopes=sleep better").exit_code == 0
    r = cli("intake", "edit", "--set", "questions=I don't want to be here anymore", "--json")
    assert r.exit_code == 0 and noted(r.stderr)
    assert json.loads(r.stdout)["crisis_language"] is True
    # editing another part leaves the same words alone: not said again
    r = cli("intake", "edit", "--set", "hopes=walk more")
    assert r.exit_code == 0 and NOTE not in r.stderr


@pytest.mark.parametrize("flag", ["TEXT", "--why", "--step"])
def test_goals_add(cli: Any, flag: str) -> None:
    args = [CRISIS if flag == "TEXT" else "walk daily"]
    if flag != "TEXT":
        args += [flag, CRISIS]
    r = cli("goals", "add", *args)
    assert r.exit_code == 0 and noted(r.stderr)
    r = cli("goals", "add", "walk daily", "--why", ORDINARY)
    assert r.exit_code == 0 and NOTE not in r.stderr


def test_goals_step_review_and_values(cli: Any) -> None:
    assert cli("goals", "add", "walk daily").exit_code == 0
    assert noted(cli("goals", "step", "1", "wanna die").stderr)
    r = cli("goals", "review", "1", "--progress", "2", "--helped", "nothing",
            "--next", "I want to end it", "--json")
    assert r.exit_code == 0 and noted(r.stderr)
    assert isinstance(json.loads(r.stdout), list)
    r = cli("goals", "review", "1", "--progress", "3", "--helped", ORDINARY)
    assert r.exit_code == 0 and NOTE not in r.stderr
    assert noted(cli("values", "add", "not being a burden to everyone").stderr)
    assert NOTE not in cli("values", "add", "Family").stderr


@pytest.mark.parametrize(("section", "extra"), [
    ("when_well", []), ("toolbox", []), ("triggers", ["--response", "call Sam"]),
    ("safety.warning_signs", []), ("safety.reason_for_living", []), ("post_crisis", []),
])
def test_plan_add(cli: Any, section: str, extra: list[str]) -> None:
    r = cli("plan", "add", section, CRISIS, *extra)
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr)
    r = cli("plan", "add", "toolbox", ORDINARY)
    assert r.exit_code == 0 and NOTE not in r.stderr


def test_plan_add_response_and_contact_notes(cli: Any) -> None:
    assert noted(cli("plan", "add", "triggers", "arguments", "--response",
                     "thinking of taking all my pills").stderr)
    assert noted(cli("plan", "add", "contacts", "Sam", "--notes", "call if I want to die").stderr)


def test_crisis_keywords_false_turns_it_off_everywhere(cli: Any) -> None:
    assert cli("config", "set", "crisis_keywords", "false").exit_code == 0
    for args in (["checkin", "--mood", "1", "--note", CRISIS], ["journal", "write", CRISIS],
                 ["goals", "add", CRISIS], ["plan", "add", "toolbox", CRISIS],
                 ["intake", "--set", f"hopes={CRISIS}"],
                 ["skills", "practice", "box_breathing", "--note", CRISIS]):
        r = cli(*args)
        assert r.exit_code == 0 and NOTE not in r.stderr, args
    r = cli("checkin", "--date", "yesterday", "--mood", "1", "--note", CRISIS, "--json")
    assert "crisis_language" not in json.loads(r.stdout)


def test_region_is_followed(cli: Any) -> None:
    assert cli("config", "set", "region", "GB").exit_code == 0
    r = cli("checkin", "--mood", "1", "--note", CRISIS)
    assert "116 123" in r.stderr and NOTE in r.stderr


# ---- imports: said once per import, with the count ------------------------------------------


def _jrnl_txt(tmp_path: Path) -> Path:
    p = tmp_path / "journal.txt"
    p.write_text("[2024-03-01 08:30] A walk\nIt helped.\n\n"
                 "[2024-03-02 21:15] Night\nI want to die.\n\n"
                 "[2024-03-03 22:40] Later\nI can't go on anymore\n", encoding="utf-8")
    return p


def _jrnl_json(tmp_path: Path) -> Path:
    p = tmp_path / "journal.json"
    entries = [{"title": t, "body": b, "date": d, "time": "09:00", "tags": [], "starred": False}
               for t, b, d in [("Fine", "A walk.", "2024-03-01"),
                               ("kms", "", "2024-03-02"),
                               ("Night", "better off dead", "2024-03-03")]]
    p.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")
    return p


def _daylio(tmp_path: Path) -> Path:
    p = tmp_path / "daylio.csv"
    p.write_text("full_date,date,weekday,time,mood,activities,note_title,note\n"
                 "2026-11-19,November 19,Thursday,20:10,good,friends,,Fine day\n"
                 "2026-11-18,November 18,Wednesday,21:05,awful,,,I want to end it all\n"
                 "2026-11-17,November 17,Tuesday,18:45,bad,,Night,i wanna die\n",
                 encoding="utf-8")
    return p


def _recovery_json(cli: Any, tmp_path: Path, home: Path) -> Path:
    """An export of a home where a journal entry, a check-in note and a goal use the words."""
    assert cli("journal", "write", "I want to die").exit_code == 0
    assert cli("journal", "write", "a calm day").exit_code == 0
    assert cli("checkin", "--mood", "2", "--note", "wanna die").exit_code == 0
    assert cli("goals", "add", "kms").exit_code == 0
    out = tmp_path / "export.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0
    import shutil

    shutil.rmtree(home)
    return out


@pytest.mark.parametrize("fmt", ["jrnl-txt", "jrnl-json", "daylio-csv", "recovery-json"])
def test_each_import_format_says_it_once_with_the_count(cli: Any, tmp_path: Path, home: Path,
                                                        fmt: str) -> None:
    make = {"jrnl-txt": _jrnl_txt, "jrnl-json": _jrnl_json, "daylio-csv": _daylio}
    path = (make[fmt](tmp_path) if fmt in make else _recovery_json(cli, tmp_path, home))
    expected = 3 if fmt == "recovery-json" else 2
    r = cli("import", str(path), "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert f"Of the records in this file, {expected} use words" in r.stderr
    r = cli("import", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("word list on your own computer noticed") == 1
    assert f"Of the records in this file, {expected} use words" in r.stderr
    assert "988" in r.stderr


def test_an_ordinary_import_says_nothing(cli: Any, tmp_path: Path) -> None:
    p = tmp_path / "journal.txt"
    p.write_text("[2024-03-01 08:30] A walk\nMy back is killing me.\n", encoding="utf-8")
    r = cli("import", str(p))
    assert r.exit_code == 0 and "word list" not in r.stderr


# ---- the prompted paths ---------------------------------------------------------------------


def test_plan_edit_in_a_terminal_new_words_only(cli: Any, keys: Any) -> None:
    from tests.conftest import no_tty

    assert no_tty(cli, "plan", "add", "toolbox", "Walk").exit_code == 0
    keys(Keys.ENTER + "Some days I want to end it all" + Keys.ENTER
         + Keys.DOWN * 4 + Keys.ENTER + "y")
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr) and "your plan is saved" in r.stderr
    # the same words still in the plan, an ordinary item added: not said again
    keys(Keys.ENTER + "Swim" + Keys.ENTER + Keys.DOWN * 4 + Keys.ENTER + "y")
    r = cli("plan", "edit", "toolbox")
    assert r.exit_code == 0, r.stderr
    assert "Saved your plan" in r.stdout and NOTE not in r.stderr


def test_thought_record_walked_in_a_terminal(cli: Any, keys: Any) -> None:
    """The issue's skill-practice finding: the automatic thought, typed at its prompt."""
    keys("At work" + Keys.ENTER + "everyone would be better off without me" + Keys.ENTER
         + Keys.ENTER * 6 + Keys.ENTER + Keys.ENTER)
    r = cli("skills", "practice", "thought_record")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr) and "your practice is saved" in r.stderr


def test_goal_review_in_a_terminal(cli: Any, keys: Any) -> None:
    from tests.conftest import no_tty

    assert no_tty(cli, "goals", "add", "walk daily").exit_code == 0
    # how far along, what helped, a next small step, then "Save?"
    keys("3" + Keys.ENTER + "nothing, I can't do this anymore." + Keys.ENTER + Keys.ENTER + "y")
    r = cli("goals", "review")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr) and "your review is saved" in r.stderr


@pytest.mark.parametrize("width", [79, 99])
def test_the_note_wraps_whole_words_in_a_terminal(width: int) -> None:
    """In a terminal the note is wrapped to its width (a word cut in two at 80 columns was hard
    to read); crisis lines go on 4 spaces in, as in the crisis block."""
    from recovery_cli.core.checklists import load_crisis
    from recovery_cli.plan import crisis
    from recovery_cli.ui import crisis_note

    view = crisis.select(load_crisis(), None)
    plain = crisis_note.note_text(view, "your entry is saved")
    text = crisis_note.note_text(view, "your entry is saved", width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert text.split() == plain.split()  # the same words, none cut
    assert "\n    https://988lifeline.org/chat" in text or "988lifeline.org/chat" in text
    assert crisis_note.import_note_text(view, 1).startswith(
        "Of the records in this file, 1 uses words")


def test_intake_in_a_terminal(cli: Any, keys: Any) -> None:
    """The prompted intake: the first answer uses the words, the rest skipped, saved."""
    # brings_me, since_when, symptoms (ticks, anything else), triggers (the same), tried,
    # medications, hopes, questions, "Save this intake?"
    keys("I can't go on anymore" + Keys.ENTER + Keys.ENTER * 9 + Keys.ENTER)
    r = cli("intake")
    assert r.exit_code == 0, r.stderr
    assert noted(r.stderr) and "your intake is saved" in r.stderr
