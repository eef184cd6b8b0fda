"""The interactive check-in in a real pseudo-terminal (pexpect), as a person meets it.

Two times per run: from spawning `recovery checkin` to its first question on screen, and from
the last answer (confirming "Save") to the summary on screen. Today's check-in is removed from
a copy of the home before each run, so every run asks the whole check-in. Used by run.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

RECOVERY = str(Path(sys.executable).parent / "recovery")

# (what the question says, what to answer); anything else is answered with Enter.
ANSWERS = [("Mood today", "6"), ("Energy", "5"), ("Hours of sleep", "7"), ("Anxiety", "3")]
ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: a number prompt may be filled in (the mean of the day's snaps)


def _forget_today(home: Path) -> None:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        # The day `recovery checkin` asks about: before 04:00 (the default end of a day,
        # clock.day_of), the day before.
        day = (datetime.now() - timedelta(hours=4)).date().isoformat()
        with conn:
            for table in ("checkin_values", "checkin_choices"):
                conn.execute(f"DELETE FROM {table} WHERE checkin_id IN "
                             "(SELECT id FROM checkins WHERE day = ?)", (day,))
            conn.execute("DELETE FROM checkins WHERE day = ?", (day,))
    finally:
        conn.close()


def one_run(home: Path, env: dict[str, str]) -> tuple[float, float]:
    import pexpect

    _forget_today(home)
    t0 = time.perf_counter()
    child = pexpect.spawn(RECOVERY, ["checkin"], env=env, dimensions=(40, 100),
                          encoding="utf-8", timeout=60)
    child.expect("Mood today")
    first = time.perf_counter() - t0
    prompts = [p for p, _ in ANSWERS] + ["Sleep quality", "Anything you noticed",
                                         "Triggers you met", "Coping skills", "Medication",
                                         "One line about today", "Save"]
    child.send(CLEAR + "6" + ENTER)
    while True:
        i = child.expect(prompts)
        if prompts[i] == "Save":
            break
        answer = dict(ANSWERS).get(prompts[i], "")
        child.send((CLEAR + answer if answer else "") + ENTER)
    t1 = time.perf_counter()
    child.send(ENTER)
    child.expect("Saved your check-in")
    last = time.perf_counter() - t1
    child.expect(pexpect.EOF)
    child.close()
    return first, last


def measure(home: Path, runs: int) -> tuple[list[float], list[float]]:
    """(spawn to first question, last answer to summary) in seconds, after one warm-up, on a
    copy of `home`."""
    copy = home.parent / "recovery-home-pty"
    if not copy.exists():
        shutil.copytree(home, copy)
    env = dict(os.environ, RECOVERY_HOME=str(copy), TERM="xterm-256color",
               PYTHONIOENCODING="utf-8", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("NO_COLOR", None)
    one_run(copy, env)
    firsts, lasts = [], []
    for _ in range(runs):
        first, last = one_run(copy, env)
        firsts.append(first)
        lasts.append(last)
    return firsts, lasts
