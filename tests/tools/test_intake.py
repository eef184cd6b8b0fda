"""recovery intake: the guided form, flags, edit, show, and what the export reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import no_tty
from recovery_cli.tools.intake import FIELD_IDS

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"


def _load(home: Path):  # type: ignore[no-untyped-def]
    from recovery_cli.store import open_db
    from recovery_cli.store.intake import load_intake

    conn = open_db(home)
    try:
        return load_intake(conn)
    finally:
        conn.close()


def _checkin_without_terminal(cli, *args: str):  # type: ignore[no-untyped-def]
    """A scripted check-in while the keys fixture pretends there is a terminal."""
    r = no_tty(cli, "checkin", *args)
    assert r.exit_code == 0, r.stderr
    return r


def test_no_intake_yet(cli, home: Path) -> None:
    r = cli("intake", "show")
    assert r.exit_code == 0 and "recovery intake" in r.stdout
    r = cli("intake", "show", "--json")
    assert r.exit_code == 0 and r.json() is None
    assert _load(home) is None


def test_without_terminal_names_the_flag(cli, home: Path) -> None:
    r = cli("intake")
    assert r.exit_code == 2
    assert "--set FIELD=VALUE" in r.stderr and "brings_me" in r.stderr
    r = cli("intake", "edit")
    assert r.exit_code == 2 and "--set" in r.stderr
    assert _load(home) is None


def test_flags_save_and_show(cli, home: Path) -> None:
    r = cli("intake", "--set", "brings_me=Low mood and no energy",
            "--set", "since_when=Since the spring",
            "--set", "medications=Sertraline 50 mg", "--set", "questions=How often will we meet?",
            "--set", "questions=What can I do between sessions?", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert list(doc["answers"]) == list(FIELD_IDS)
    assert doc["answers"]["brings_me"] == "Low mood and no energy"
    assert doc["answers"]["questions"] == ["How often will we meet?", "What can I do between sessions?"]
    assert doc["answers"]["symptoms"] == [] and doc["answers"]["hopes"] == ""
    assert _load(home) == doc
    shown = cli("intake", "show")
    assert "What brings me" in shown.stdout and "Low mood and no energy" in shown.stdout
    assert "Questions for my therapist" in shown.stdout


def test_edit_changes_only_what_is_set(cli, home: Path) -> None:
    cli("intake", "--set", "brings_me=Worry", "--set", "hopes=Sleep better",
        "--set", "symptoms=Racing thoughts")
    r = cli("intake", "edit", "--set", "hopes=", "--set", "tried=Running, it helped a bit",
            "--set", "symptoms=Poor sleep", "--set", "symptoms=Tension", "--json")
    assert r.exit_code == 0, r.stderr
    answers = r.json()["answers"]
    assert answers["brings_me"] == "Worry"
    assert answers["hopes"] == ""
    assert answers["tried"] == "Running, it helped a bit"
    assert answers["symptoms"] == ["Poor sleep", "Tension"]
    assert r.json()["id"] == 1
    # a new `intake --set` starts a fresh one; show gives the newest
    cli("intake", "--set", "brings_me=A new start")
    assert _load(home)["answers"]["brings_me"] == "A new start"  # type: ignore[index]
    assert _load(home)["id"] == 2  # type: ignore[index]


def test_bad_field_is_exit_2_and_saves_nothing(cli, home: Path) -> None:
    r = cli("intake", "--set", "diagnosis=x")
    assert r.exit_code == 2 and "no field 'diagnosis'" in r.stderr
    r = cli("intake", "--set", "brings_me")
    assert r.exit_code == 2 and "FIELD=VALUE" in r.stderr
    assert _load(home) is None


def test_prefill_from_recent_checkins(cli) -> None:
    first = cli("checkin", "--date", "yesterday", "--mood", "3", "--set", "symptoms=low_mood,worry",
                "--set", "triggers=conflict")
    assert first.exit_code == 0, first.stderr
    cli("checkin", "--mood", "4", "--set", "symptoms=worry")
    r = cli("intake", "--set", "brings_me=Worry", "--prefill", "--json")
    assert r.exit_code == 0, r.stderr
    answers = r.json()["answers"]
    assert answers["symptoms"] == ["Worry or racing thoughts", "Low mood"]  # most frequent first
    assert answers["triggers"] == ["Conflict with someone"]


@pytest.mark.timeout(20)
def test_guided_form_with_keys(cli, keys, home: Path) -> None:
    _checkin_without_terminal(cli, "--mood", "3", "--set", "symptoms=low_mood")
    keys("Feeling flat for months" + ENTER)  # what brings me
    keys(ENTER)  # since when: skipped
    keys(ENTER)  # symptoms: Low mood comes ticked from the check-in; keep it
    keys("Headaches, tired" + ENTER)  # anything else
    keys(SPACE + ENTER)  # triggers: tick the first option (Conflict with someone)
    keys(ENTER)  # anything else: none
    keys("Walking" + ENTER)  # what I've tried
    keys("Sertraline 50 mg" + ENTER + ENTER)  # medications, then done
    keys("More good days" + ENTER)  # hopes
    keys("How long will it take?" + ENTER + ENTER)  # questions, then done
    keys("y")  # save
    r = cli("intake")
    assert r.exit_code == 0, r.stderr
    answers = _load(home)["answers"]  # type: ignore[index]
    assert answers["brings_me"] == "Feeling flat for months"
    assert answers["since_when"] == ""
    assert answers["symptoms"] == ["Low mood", "Headaches", "tired"]
    assert answers["triggers"] == ["Conflict with someone"]
    assert answers["medications"] == ["Sertraline 50 mg"]
    assert answers["questions"] == ["How long will it take?"]


def test_guided_edit_keeps_answers_as_defaults(cli, keys, home: Path) -> None:
    cli("intake", "--set", "brings_me=Worry", "--set", "questions=Is this normal?",
        "--set", "symptoms=Racing thoughts")
    keys(ENTER)  # there is an intake: "Update the one from ..." is the default
    keys(" and sleep" + ENTER)  # brings_me: appended to the default text
    keys(ENTER * 2)  # since when skipped; symptoms keep Racing thoughts ticked
    keys(ENTER * 2)  # nothing else; triggers none
    keys(ENTER * 2)  # nothing else; tried skipped
    keys(ENTER)  # medications: none
    keys(ENTER)  # hopes
    keys(ENTER + "Can I bring someone?" + ENTER + ENTER)  # keep the question, add one
    keys(ENTER)  # save (default yes)
    r = cli("intake")
    assert r.exit_code == 0, r.stderr
    doc = _load(home)
    assert doc["id"] == 1  # type: ignore[index]
    answers = doc["answers"]  # type: ignore[index]
    assert answers["brings_me"] == "Worry and sleep"
    assert answers["symptoms"] == ["Racing thoughts"]
    assert answers["questions"] == ["Is this normal?", "Can I bring someone?"]


def test_guided_new_intake_when_one_exists(cli, keys, home: Path) -> None:
    cli("intake", "--set", "brings_me=Old")
    keys(DOWN + ENTER)  # start a fresh one
    keys("New" + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER)
    keys("y")
    r = cli("intake")
    assert r.exit_code == 0, r.stderr
    assert _load(home)["answers"]["brings_me"] == "New"  # type: ignore[index]
    assert _load(home)["id"] == 2  # type: ignore[index]


def test_declining_to_save_saves_nothing(cli, keys, home: Path) -> None:
    keys("Something" + ENTER + ENTER * 9 + "n")
    r = cli("intake")
    assert r.exit_code == 0
    assert "Nothing was saved" in r.stderr
    assert _load(home) is None


def test_ctrl_c_saves_nothing(cli, keys, home: Path) -> None:
    keys("Half an answer" + ENTER + CTRL_C)
    r = cli("intake")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert _load(home) is None
