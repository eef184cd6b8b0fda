"""The interactive check-in in a real pseudo-terminal (pexpect), as a person meets it.

Two times per run: from spawning `recovery checkin` to its first question on screen, and from
the last answer (confirming "Save") to the summary on screen. The first question is drawn
before prompt_toolkit has loaded (prompts/ahead.py), and keys typed from then on reach the
prompt; the A/B below also shows when prompt_toolkit has drawn it over (its first drawing
ends by turning autowrap back on), from when what is typed is also echoed. Today's check-in
is removed from a copy of the home before each run, so every run asks the whole check-in.
Used by run.py; run alone it compares two source trees, runs interleaved (A, B, A, B ...)
as ab.py does:

    python benchmarks/bench_pty.py --home H OLD/src NEW/src [--runs 11]
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
    first, _, last = _one(home, env)
    return first, last


PROMPT_READY = "\x1b[?7h"  # prompt_toolkit's drawing done (tests/ptyutil.py)


def _one(home: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(spawn to first question, spawn to prompt_toolkit's prompt, last answer to summary)."""
    import pexpect

    _forget_today(home)
    t0 = time.perf_counter()
    child = pexpect.spawn(RECOVERY, ["checkin"], env=env, dimensions=(40, 100),
                          encoding="utf-8", timeout=60)
    child.expect("Mood today")
    first = time.perf_counter() - t0
    child.expect_exact(PROMPT_READY)
    ready = time.perf_counter() - t0
    child.send(CLEAR + "6" + ENTER)
    prompts = [p for p, _ in ANSWERS] + ["Sleep quality", "Anything you noticed",
                                         "Triggers you met", "Coping skills", "Medication",
                                         "One line about today", "Save"]
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
    return first, ready, last


def _env(copy: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, RECOVERY_HOME=str(copy), TERM="xterm-256color",
               PYTHONIOENCODING="utf-8", PROMPT_TOOLKIT_NO_CPR="1", **extra)
    env.pop("NO_COLOR", None)
    return env


def _copy(home: Path) -> Path:
    copy = home.parent / "recovery-home-pty"
    if not copy.exists():
        shutil.copytree(home, copy)
    return copy


def measure(home: Path, runs: int) -> tuple[list[float], list[float]]:
    """(spawn to first question, last answer to summary) in seconds, after one warm-up, on a
    copy of `home`."""
    copy = _copy(home)
    env = _env(copy)
    one_run(copy, env)
    firsts, lasts = [], []
    for _ in range(runs):
        first, last = one_run(copy, env)
        firsts.append(first)
        lasts.append(last)
    return firsts, lasts


def main() -> int:
    import argparse
    import statistics

    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--home", required=True, type=Path)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    copy = _copy(args.home)
    envs = [_env(copy, PYTHONPATH=tree) for tree in (args.old, args.new)]
    for env in envs:  # warm-up: page cache, bytecode
        one_run(copy, env)
    times: list[list[tuple[float, float, float]]] = [[], []]
    for _ in range(args.runs):
        for side, env in enumerate(envs):
            times[side].append(_one(copy, env))
    print("| interactive checkin (pty) | before ms | after ms | after / before |")
    print("|---|---:|---:|---:|")
    for n, label in enumerate(("spawn to first question", "spawn to prompt_toolkit's prompt",
                               "last answer to summary")):
        a, b = (statistics.median(t[n] for t in side) * 1000 for side in times)
        print(f"| {label} | {a:.0f} | {b:.0f} | {b / a:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
