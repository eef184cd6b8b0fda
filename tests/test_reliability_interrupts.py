"""Interrupts: Ctrl-C at EACH prompt of `checkin`, `assess take`, `plan edit` and
`journal write` (its multi-line prompt), in a real pseudo-terminal.

Every run: exit 130, a line saying nothing was saved (or changed), no traceback, and the
database's content exactly as before (compared as a full SQL dump, so a half-written row,
tag, answer or plan item anywhere would show).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys
from ptyutil import expect_prompt

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.slow, pytest.mark.timeout(300)]  # 11 spawns a test

# (what the prompt shows, the keys that answer it)
CHECKIN = [
    ("Mood today", "7" + Keys.ENTER),
    ("Energy", "5" + Keys.ENTER),
    ("Hours of sleep", "6.5" + Keys.ENTER),
    ("Sleep quality", Keys.ENTER),
    ("Anxiety", "3" + Keys.ENTER),
    ("Anything you noticed", Keys.DOWN + Keys.SPACE + Keys.ENTER),
    ("Triggers you met", Keys.SPACE + Keys.ENTER),
    ("Coping skills", Keys.SPACE + Keys.ENTER),
    ("Medication", Keys.DOWN + Keys.ENTER),
    ("One line about today", "tea with Ana" + Keys.ENTER),
    ("Save", ""),
]
WHO5 = [
    ("cheerful and in good spirits", Keys.DOWN + Keys.ENTER),
    ("calm and relaxed", Keys.ENTER),
    ("active and vigorous", Keys.ENTER),
    ("fresh and rested", Keys.DOWN + Keys.ENTER),
    ("filled with things that interest me", ""),
]
PLAN_TRIGGERS = [
    ("what would you like to do", Keys.ENTER),  # Add a trigger
    ("Trigger", "Arguments at work" + Keys.ENTER),
    ("What you'll do", "Step outside" + Keys.ENTER),
    ("what would you like to do", Keys.DOWN * 4 + Keys.ENTER),  # [Add, Change, Remove, Move, Done]
    ("Save your plan", ""),
]
JOURNAL = [
    ("What's on your mind", "a first line\r"),  # multi-line: Enter is a new line
    ("", ""),  # Ctrl-C with text typed but not submitted
]


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1", RECOVERY_HOME=str(home))
    for name in ("NO_COLOR", "EDITOR", "VISUAL", "RECOVERY_DEBUG"):
        env.pop(name, None)
    return env


def _dump(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def seeded(cli: Any, home: Path) -> Path:
    """A home with something in every area a flow could write to."""
    for args in (
        ("journal", "write", "seed entry", "--tag", "seed"),
        ("checkin", "--date", "yesterday", "--mood", "4", "--set", "coping=walk"),
        ("assess", "take", "who5", "--answers", "3,3,3,3,3"),
        ("plan", "add", "triggers", "Loud places", "--response", "Headphones"),
        ("plan", "add", "toolbox", "A walk"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
    return home


def _interrupt_at(home: Path, args: list[str], steps: list[tuple[str, str]], at: int) -> str:
    """Answer the prompts before `at`, press Ctrl-C at prompt `at`; returns what was shown."""
    child = pexpect.spawn(sys.executable, ["-m", "recovery_cli", *args], env=_env(home),
                          dimensions=(40, 120), encoding="utf-8", timeout=60)
    try:
        for i, (shown, answer) in enumerate(steps[: at + 1]):
            if shown:
                expect_prompt(child, shown)  # drawn and reading keys, not just printed
            if i == at:
                child.sendcontrol("c")
            else:
                child.send(answer)
        child.expect(pexpect.EOF)
        out = str(child.before)
    finally:
        child.close()
    assert child.exitstatus == 130, (args, at, out)
    return out


def _check_interrupts(home: Path, args: list[str], steps: list[tuple[str, str]],
                      only: tuple[int, ...] | None = None) -> int:
    before = _dump(home)
    points = range(len(steps)) if only is None else only
    for at in points:
        out = _interrupt_at(home, args, steps, at)
        assert "Traceback" not in out
        low = " ".join(out.lower().split())
        assert "nothing was saved" in low or "nothing was changed" in low, (at, out)
        assert _dump(home) == before, (args, at)
    return len(points)


def test_ctrl_c_at_each_checkin_prompt(seeded: Path) -> None:
    assert _check_interrupts(seeded, ["checkin"], CHECKIN) == 11


def test_ctrl_c_while_updating_todays_checkin(seeded: Path, cli: Any) -> None:
    """The day already has answers: an interrupted update leaves every one of them."""
    assert cli("checkin", "--mood", "2", "--note", "before").exit_code == 0
    steps = [(shown, Keys.ENTER if shown != "Save" else "") for shown, _ in CHECKIN]
    steps[0] = ("Mood today", Keys.BACKSPACE + "9" + Keys.ENTER)  # a changed answer
    # After the changed answer, in the middle, and at the closing "Save?".
    assert _check_interrupts(seeded, ["checkin"], steps, only=(1, 6, 10)) == 3
    today = cli("history", "--days", "1", "--json").json()[0]
    assert (today["mood"], today["note"]) == (2, "before")


def test_ctrl_c_at_each_assess_take_prompt(seeded: Path) -> None:
    assert _check_interrupts(seeded, ["assess", "take", "who5"], WHO5) == 5


@pytest.mark.xfail(strict=False, reason="known bug, open: about one run in two a Ctrl-C at one "
                   "of plan edit's trigger prompts is not answered (the prompt stays, 60 s "
                   "timeout); seen in two of five CI runs after wave 2's merges")
def test_ctrl_c_at_each_plan_edit_prompt(seeded: Path) -> None:
    assert _check_interrupts(seeded, ["plan", "edit", "triggers"], PLAN_TRIGGERS) == 5


def test_ctrl_c_in_the_journal_multiline_prompt(seeded: Path) -> None:
    assert _check_interrupts(seeded, ["journal", "write"], JOURNAL) == 2
