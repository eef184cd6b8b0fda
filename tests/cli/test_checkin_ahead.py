"""The interactive check-in's first question, drawn before prompt_toolkit has loaded
(prompts/ahead.py, issue 23), in a real pseudo-terminal: it looks exactly as prompt_toolkit
then draws it, keys typed meanwhile reach the prompt as typed, Ctrl-C then still cancels
with nothing saved, and the terminal is left as it was. A bare `checkin` runs without typer
(cli/_fast.py) and asks the same first question as the typer path."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import IMPORTS_WRAPPER, Keys, run_recovery
from ptyutil import PROMPT_READY, pty_env, spawn_recovery
from recovery_cli.store import open_db

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(180)]  # a loaded 2-CPU machine

CLEAR = "\x15"  # Ctrl-U
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# After the mood, in order; each answered with Enter (skipped, or the select's "Skip").
REST = ["Energy", "Hours of sleep", "Sleep quality", "Anxiety", "Anything you noticed",
        "Triggers you met", "Coping skills", "Medication", "One line about today", "Save"]


@pytest.fixture
def plain_home(home: Path) -> Path:
    """A home with its (plaintext) database: the fast path's case."""
    home.mkdir(mode=0o700)
    open_db(home).close()
    return home


def cells(drawn: str) -> list[tuple[int, str, str]]:
    """What a terminal shows for `drawn`: (row, character, SGR in force) per character, but
    a row's trailing blanks (prompt_toolkit moves the cursor over them instead)."""
    out: list[tuple[int, str, str]] = []
    row, sgr, i = 0, "0", 0
    while i < len(drawn):
        m = ESCAPE.match(drawn, i)
        if m is not None:
            if m.group().endswith("m"):
                sgr = m.group()[2:-1] or "0"
            i = m.end()
            continue
        if drawn[i] == "\n":
            row += 1
        elif drawn[i] != "\r":
            out.append((row, drawn[i], sgr))
        i += 1
    return [cell for n, cell in enumerate(out)
            if cell[1] != " " or any(c[0] == cell[0] and c[1] != " " for c in out[n:])]


def first_question(child: Any, words: str = "Mood today") -> tuple[str, str]:
    """(what was drawn ahead, what prompt_toolkit then drew) of the first question."""
    child.expect_exact(words)
    seen = child.before + child.after
    child.expect_exact(PROMPT_READY)  # drawn by prompt_toolkit and reading keys
    seen += child.before + child.after
    question = re.compile(r"\x1b\[[0-9;]*m\?\x1b\[[0-9;]*m " + re.escape(words))
    ahead = question.search(seen)
    assert ahead is not None, repr(seen)
    # prompt_toolkit's first drawing: bracketed paste on, then the screen erased below
    handover = seen.index("\x1b[?2004h", ahead.start())
    real = question.search(seen, seen.index("\x1b[J", handover))
    assert real is not None, repr(seen)
    end = re.compile(r"\x1b\[\d+D").search(seen, real.end())  # the cursor put on the answer
    return seen[ahead.start():handover], seen[real.start():end.start() if end else len(seen)]


@pytest.mark.parametrize("extra", [{}, {"NO_COLOR": "1"},
                                   {"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"},
                                   {"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_4_BIT"}], ids=str)
@pytest.mark.parametrize("columns", [120, 40])
def test_the_first_question_drawn_ahead_is_the_one_prompt_toolkit_draws(
        plain_home: Path, extra: dict[str, str], columns: int) -> None:
    child = spawn_recovery(plain_home, "checkin", size=(30, columns),
                           unset=("NO_COLOR", "COLUMNS"), **extra)
    ahead, real = first_question(child)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert cells(ahead) == cells(real)
    assert "".join(c for _, c, _ in cells(real)).startswith("? Mood today (0-10")
    if columns == 40:
        assert cells(real)[-1][0] >= 1  # wrapped over more than one row, both alike


def test_an_answer_filled_in_is_drawn_ahead_as_prompt_toolkit_draws_it(plain_home: Path) -> None:
    done = run_recovery("checkin", "--mood", "7.5", env={"RECOVERY_HOME": str(plain_home)})
    assert done.exit_code == 0, done.stderr
    child = spawn_recovery(plain_home, "checkin", unset=("NO_COLOR", "COLUMNS"))
    ahead, real = first_question(child)
    child.sendcontrol("c")
    child.expect("Check-in cancelled; nothing was saved.")
    child.expect(pexpect.EOF)
    assert cells(ahead) == cells(real)
    assert "".join(c for _, c, _ in cells(real)).endswith(" 7.5")


def test_keys_typed_before_the_prompt_is_ready_reach_it(plain_home: Path) -> None:
    """Typed as soon as the question shows (before prompt_toolkit reads keys): Ctrl-U, a
    number and Enter answer it, exactly as typed into the prompt itself."""
    child = spawn_recovery(plain_home, "checkin")
    child.expect("Mood today")
    child.send(CLEAR + "4" + Keys.ENTER)
    for question in REST:
        child.expect(question)
        child.send(Keys.ENTER)
    child.expect("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    r = run_recovery("history", "--json", env={"RECOVERY_HOME": str(plain_home)})
    assert [(d["mood"], d["energy"]) for d in r.json()] == [(4, None)]


def test_ctrl_c_as_soon_as_the_question_shows_saves_nothing_and_restores_the_terminal(
        plain_home: Path) -> None:
    # The shell outlives the Ctrl-C (as an interactive one does), its trap reset in the child.
    script = f"trap : INT; stty -g; {sys.executable} -m recovery_cli checkin; echo exit=$?; stty -g"
    child = pexpect.spawn("/bin/sh", ["-c", script], env=pty_env(plain_home),
                          dimensions=(40, 120), encoding="utf-8", timeout=60)
    child.expect(r"([0-9a-f:]+)\r\n")
    before = child.match.group(1)
    child.expect("Mood today")
    child.sendcontrol("c")
    child.expect("Check-in cancelled; nothing was saved.")
    child.expect(r"exit=(\d+)\r\n([0-9a-f:]+)\r\n")
    assert child.match.group(1) == "130"
    assert child.match.group(2) == before  # echo and line editing back as they were
    child.expect(pexpect.EOF)
    r = run_recovery("history", "--json", env={"RECOVERY_HOME": str(plain_home)})
    assert r.json() == []




@pytest.mark.parametrize(("args", "words"), [(["checkin"], "Mood today"),
                                             (["checkin", "--date", "yesterday"],
                                              "Mood yesterday")])
def test_a_bare_checkin_asks_without_typer_the_same_first_question(
        plain_home: Path, tmp_path: Path, args: list[str], words: str) -> None:
    drawn: dict[str, str] = {}
    modules: dict[str, set[str]] = {}
    for way, argv in (("fast", args), ("typer", ["--passphrase-file", "unused", *args])):
        out = tmp_path / f"{way}.json"
        child = pexpect.spawn(sys.executable, ["-c", IMPORTS_WRAPPER.format(out=str(out)),
                                               json.dumps(argv)],
                              env=pty_env(plain_home), dimensions=(40, 120), encoding="utf-8",
                              timeout=60)
        ahead, drawn[way] = first_question(child, words)
        assert cells(ahead) == cells(drawn[way])
        child.sendcontrol("c")
        child.expect("Check-in cancelled; nothing was saved.")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 130
        modules[way] = set(json.loads(out.read_text()))
    assert "recovery_cli.cli._fast" in modules["fast"]
    assert not {"typer", "click", "recovery_cli.cli._app"} & modules["fast"]
    assert "typer" in modules["typer"]  # the other way really was typer's
    assert cells(drawn["fast"]) == cells(drawn["typer"])


def test_no_terminal_still_names_the_flag(plain_home: Path) -> None:
    r = run_recovery("checkin", env={"RECOVERY_HOME": str(plain_home)})
    assert r.exit_code == 2
    assert "--mood" in r.stderr and "no terminal" in r.stderr
    assert PROMPT_READY not in r.stdout + r.stderr
