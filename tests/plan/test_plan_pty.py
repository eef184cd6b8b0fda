"""End to end in a real pseudo-terminal: `recovery plan edit` on a first run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ptyutil import spawn_recovery

pexpect = pytest.importorskip("pexpect")

DOWN = "\x1b[B"


@pytest.mark.pty
def test_plan_edit_first_run_in_a_pty(home: Path) -> None:
    child = spawn_recovery(home, "plan", "edit", "triggers", size=(40, 110))
    try:
        child.expect("Your plan has these parts")
        child.expect("what would you like to do")
        child.send("\r")  # Add a trigger
        child.expect("Trigger")
        child.send("Arguments at work\r")
        child.expect("What you'll do")
        child.send("Step outside for ten minutes\r")
        child.expect("what would you like to do")
        child.send(DOWN * 3 + "\r")  # [Add another, Change, Remove, Done]
        child.expect("Save your plan")
        child.send("y")
        child.expect("Saved your plan")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "plan", "show", "--json"],
                       env=dict(os.environ, RECOVERY_HOME=str(home)), capture_output=True,
                       text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["triggers"] == [{"text": "Arguments at work",
                                "response": "Step outside for ten minutes"}]
