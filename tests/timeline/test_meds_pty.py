"""End to end in a real pseudo-terminal: a check-in with two medications, one missed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Keys, run_recovery
from ptyutil import spawn_recovery

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(90)]


def test_checkin_with_two_medications_one_missed(home: Path) -> None:
    env = {"RECOVERY_HOME": str(home)}
    for args in (("meds", "add", "Sertraline", "--dose", "100 mg", "--started", "2026-01-01"),
                 ("meds", "add", "Lithium", "--dose", "400 mg", "--started", "2026-01-01")):
        r = run_recovery(*args, env=env)
        assert r.exit_code == 0, r.stderr
    child = spawn_recovery(home, "checkin")
    child.expect("Mood today")
    child.send("6" + Keys.ENTER)
    for question in ("Energy", "Hours of sleep", "Sleep quality", "Anxiety"):
        child.expect(question)
        child.send(Keys.ENTER)
    for question in ("Anything you noticed", "Triggers you met", "Coping skills"):
        child.expect(question)
        child.send(Keys.ENTER)
    child.expect(r"Medication taken as planned\? \(Sertraline, Lithium\)")
    child.send(Keys.DOWN + Keys.DOWN + Keys.ENTER)  # Skip, All, [Some], None
    child.expect("Which did you miss")
    child.send(Keys.DOWN + Keys.SPACE + Keys.ENTER)  # Lithium
    child.expect("One line about today")
    child.send(Keys.ENTER)
    child.expect("Save")
    child.send(Keys.ENTER)
    child.expect("Saved your check-in for today")
    child.expect("Noted as missed today: Lithium")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    r = run_recovery("history", "--json", env=env)
    assert r.exit_code == 0, r.stderr
    [row] = r.json()
    assert row["date"] == date.today().isoformat()
    assert row["medication_missed"] == ["Lithium"] and row["medication"] == "no"
    assert row["as_needed"] is None
