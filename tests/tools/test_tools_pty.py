"""End to end in a real pseudo-terminal: practising a skill and filling in an intake."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptyutil import expect_prompt, spawn_recovery

pexpect = pytest.importorskip("pexpect")

ENTER = "\r"


def _log(home: Path) -> list[dict[str, object]]:
    from recovery_cli.store import open_db
    from recovery_cli.store import skills as store_skills

    conn = open_db(home)
    try:
        return [p.to_json() for p in store_skills.practice_log(conn)]
    finally:
        conn.close()


def _intake(home: Path) -> dict[str, object] | None:
    from recovery_cli.store import open_db
    from recovery_cli.store.intake import load_intake

    conn = open_db(home)
    try:
        return load_intake(conn)
    finally:
        conn.close()


@pytest.mark.pty
def test_practice_box_breathing_in_a_terminal(home: Path) -> None:
    child = spawn_recovery(home, "skills", "practice", "box_breathing")
    for n in range(1, 5):
        child.expect(f"Step {n} of 4")
        child.expect("Enter for the next step")
        child.send(ENTER)
    child.expect("How helpful was it")
    child.send("7" + ENTER)
    child.expect("A note for yourself")
    child.send("calmer" + ENTER)
    child.expect("Logged your practice of Box breathing")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    log = _log(home)
    assert log[0]["skill"] == "box_breathing"
    assert log[0]["helpful"] == 7 and log[0]["note"] == "calmer"


@pytest.mark.pty
def test_intake_in_a_terminal(home: Path) -> None:
    child = spawn_recovery(home, "intake")
    child.expect("what brings you")
    child.send("Feeling low" + ENTER)
    child.expect("Since when")
    child.send("March" + ENTER)
    child.expect("noticed in yourself")
    child.send(" " + ENTER)  # tick the first option
    child.expect("Anything else")
    child.send(ENTER)
    child.expect("set things off")
    child.send(ENTER)
    child.expect("Anything else")
    child.send(ENTER)
    child.expect("tried so far")
    child.send(ENTER)
    child.expect("medications")
    child.send(ENTER)
    child.expect("hope for")
    child.send(ENTER)
    child.expect("question you'd like to ask")
    child.send("Is this common?" + ENTER)
    child.expect("question you'd like to ask")
    child.send(ENTER)
    child.expect("Save this intake")
    child.send("y")
    child.expect("Saved your intake")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    doc = _intake(home)
    assert doc is not None
    answers = doc["answers"]
    assert isinstance(answers, dict)
    assert answers["brings_me"] == "Feeling low"
    assert answers["symptoms"] == ["Low mood"]
    assert answers["questions"] == ["Is this common?"]


@pytest.mark.pty
def test_ctrl_c_in_a_terminal_saves_nothing(home: Path) -> None:
    child = spawn_recovery(home, "skills", "practice", "thought_record")
    child.expect("The situation")
    child.send("At work" + ENTER)
    expect_prompt(child, "The thought that came up")  # drawn and reading keys
    child.sendcontrol("c")
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert _log(home) == []
