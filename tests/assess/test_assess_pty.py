"""End-to-end: `recovery assess take phq9` in a real pseudo-terminal, answered with keys."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ptyutil import spawn_recovery

DOWN = "\x1b[B"
ENTER = "\r"


@pytest.mark.pty
def test_take_phq9_in_a_terminal(home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = spawn_recovery(home, "assess", "take", "phq9")
    try:
        child.expect("Little interest or pleasure in doing things")
        child.send(DOWN + ENTER)  # 1: Several days
        for text in ("Feeling down, depressed", "Trouble falling or staying asleep",
                     "Feeling tired", "Poor appetite", "Feeling bad about yourself",
                     "Trouble concentrating", "Moving or speaking so slowly"):
            child.expect(text)
            child.send(ENTER)  # Not at all
        child.expect("better off dead")
        child.send(DOWN + ENTER)  # item 9: Several days
        child.expect("Help is here, right now")  # at once, before the next question
        child.expect("988")
        child.expect("how difficult have these problems made it")
        child.send(DOWN + DOWN + DOWN + DOWN + ENTER)  # "Skip this one"
        child.expect("Please read this first")
        child.expect("988")
        child.expect(r"Score: 2 of 27")
        child.expect("Minimal / none")
        child.expect("Need help now")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    conn = sqlite3.connect(home / "recovery.db")
    try:
        row = conn.execute("SELECT checklist, score, safety_flag FROM assessments").fetchone()
        answers = conn.execute("SELECT item, value FROM assessment_answers ORDER BY position")
        stored = dict(answers.fetchall())
    finally:
        conn.close()
    assert tuple(row) == ("phq9", 2.0, 1)
    assert stored["q1"] == 1 and stored["q9"] == 1 and "difficulty" not in stored
