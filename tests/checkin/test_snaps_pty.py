"""`recovery snap` in a real pseudo-terminal: one typed number, and Ctrl-C saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Keys, run_recovery
from ptyutil import spawn_recovery

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]


def test_one_number_in_a_terminal(home: Path) -> None:
    child = spawn_recovery(home, "snap")
    child.expect("How are you right now")
    child.expect("0-10")
    child.send("6" + Keys.ENTER)
    child.expect("Saved: mood 6 at")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    r = run_recovery("snaps", "--days", "2", "--json", env={"RECOVERY_HOME": str(home)})
    assert [s["mood"] for s in r.json()] == [6]


def test_ctrl_c_in_a_terminal_saves_nothing(home: Path) -> None:
    run_recovery("snap", "5", env={"RECOVERY_HOME": str(home)})
    child = spawn_recovery(home, "snap")
    child.expect("How are you right now")
    child.send("3")
    child.sendcontrol("c")
    child.expect("no moment was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    r = run_recovery("snaps", "--days", "2", "--json", env={"RECOVERY_HOME": str(home)})
    assert [s["mood"] for s in r.json()] == [5]
