"""End to end in a real pseudo-terminal: answer a whole check-in, then read it back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Keys, run_recovery
from ptyutil import expect_prompt, spawn_recovery

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(180)]  # a loaded 2-CPU machine


def test_whole_checkin_in_a_terminal_then_history_json(home: Path) -> None:
    child = spawn_recovery(home, "checkin")
    child.expect("Mood today")
    child.expect(r"0-10")  # the range is shown
    child.send("7" + Keys.ENTER)
    child.expect("Energy")
    child.send("5" + Keys.ENTER)
    child.expect("Hours of sleep")
    child.send("6.5" + Keys.ENTER)
    child.expect("Sleep quality")
    child.send(Keys.ENTER)  # skipped
    child.expect("Anxiety")
    child.send("3" + Keys.ENTER)
    child.expect("Anything you noticed")
    child.send(Keys.DOWN + Keys.SPACE + Keys.ENTER)  # worry
    child.expect("Triggers you met")
    child.send(Keys.ENTER)  # none
    child.expect("Coping skills")
    child.send(Keys.SPACE + Keys.DOWN + Keys.DOWN + Keys.DOWN + Keys.SPACE + Keys.ENTER)
    child.expect("Medication")
    child.send(Keys.DOWN + Keys.DOWN + Keys.ENTER)  # Skip, Yes, [No]
    child.expect("One line about today")
    child.send("tea with Ana, a good walk" + Keys.ENTER)
    child.expect("Save")
    child.send(Keys.ENTER)
    child.expect("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    r = run_recovery("history", "--json", env={"RECOVERY_HOME": str(home)})
    assert r.exit_code == 0, r.stderr
    assert r.json() == [{
        "date": date.today().isoformat(), "mood": 7, "energy": 5, "sleep_hours": 6.5,
        "sleep_quality": None, "anxiety": 3, "symptoms": ["worry"], "triggers": [],
        "coping": ["walk", "mindfulness"], "medication": "no",
        "note": "tea with Ana, a good walk", "medication_missed": None, "as_needed": None,
        "moments": 0, "mood_range": None,
    }]


def test_ctrl_c_in_a_terminal_saves_nothing(home: Path) -> None:
    child = spawn_recovery(home, "checkin")
    child.expect("Mood today")
    child.send("7" + Keys.ENTER)
    expect_prompt(child, "Energy")  # drawn and reading keys: a Ctrl-C now is never lost
    child.sendcontrol("c")
    child.expect("Check-in cancelled; nothing was saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    r = run_recovery("history", "--json", env={"RECOVERY_HOME": str(home)})
    assert r.json() == []
