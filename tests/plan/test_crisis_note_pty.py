"""The crisis-language note in a real 80-column terminal: the prompted check-in, the note after
saving, wrapped on whole words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ptyutil import spawn_recovery

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(90)]


def test_prompted_checkin_note_shows_the_note_wrapped(home: Path) -> None:
    # --mood on the command line: the terminal asks the rest; the note is typed at its prompt
    child = spawn_recovery(home, "checkin", "--mood", "2", size=(60, 80),
                           unset=("NO_COLOR", "COLUMNS"))
    for prompt in ("Energy", "Hours of sleep", "Sleep quality", "Anxiety", "Anything you noticed",
                   "Triggers you met", "Coping skills", "Medication taken"):
        child.expect(prompt)
        child.send("\r")
    child.expect("One line about")
    child.send("everyone would be better off without me\r")
    child.expect("Save")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    text = out.replace("\r\n", "\n")
    note = text[text.index("Thank you for writing this down"):]
    assert "your check-in is saved" in note and "nobody is told" in note
    assert "988" in note
    # wrapped by recovery at 79 columns, so the terminal never cuts a word in two
    assert max(len(line) for line in note.splitlines()) <= 80
    assert "A word list on your own computer noticed" in " ".join(note.split())
