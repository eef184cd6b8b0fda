"""The README's Quick start, then "Try it", verbatim in a fresh shell with a temporary HOME
(issue 20, finding 1): the first check-in lands in the person's own home, the demo in its
throwaway one, nothing stays exported, and the real home is untouched.

By default the Quick start's `python3 -m venv .venv && .venv/bin/pip install . && ` is stood in
for by a `.venv` whose `recovery` runs the package these tests import (no network, seconds).
With RECOVERY_README_INSTALL=1 (set by .ci/run) the commands run exactly as written, pip
install of a copy of this checkout included."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL_PREFIX = "python3 -m venv .venv && .venv/bin/pip install . && "


def sh_block(readme: str, heading: str) -> str:
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no sh block under ## {heading}"
    return match.group(1)


def stand_in_venv(project: Path) -> None:
    """.venv/bin/recovery and .venv/bin/activate for the package under test."""
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "recovery"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m recovery_cli "$@"\n')
    script.chmod(0o755)
    (bin_dir / "activate").write_text(f'PATH="{bin_dir}:$PATH"\nexport PATH\n')


CHECKIN_QUESTIONS = ("Energy", "Hours of sleep", "Sleep quality", "Anxiety", "Anything you",
                     "Triggers", "Coping", "Medication", "One line", "Save")


@pytest.mark.pty
@pytest.mark.slow
def test_quick_start_then_try_it_verbatim(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick, try_it = sh_block(readme, "Quick start"), sh_block(readme, "Try it")
    assert quick.startswith(INSTALL_PREFIX), quick
    install = os.environ.get("RECOVERY_README_INSTALL") == "1"
    project = tmp_path / "recovery"
    if install:
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", "*.egg-info", "benchmarks", ".pytest_cache"))
    else:
        project.mkdir()
        stand_in_venv(project)
        quick = quick.removeprefix(INSTALL_PREFIX)
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    script = tmp_path / "readme.sh"
    script.write_text("set -e\n" + quick + try_it
                      + 'echo "README done; RECOVERY_HOME=[${RECOVERY_HOME-}]"\n')
    env = {k: v for k, v in os.environ.items()
           if k not in ("RECOVERY_HOME", "XDG_DATA_HOME", "VIRTUAL_ENV", "COLUMNS", "NO_COLOR")}
    env.update(HOME=str(home), TMPDIR=str(tmp), TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
               PYTHONIOENCODING="utf-8")
    child = pexpect.spawn("bash", ["--noprofile", "--norc", str(script)], cwd=str(project),
                          env=env, encoding="utf-8", dimensions=(40, 100),
                          timeout=900 if install else 60)
    child.expect("Mood")
    child.send("6\r")
    for question in CHECKIN_QUESTIONS:
        child.expect(question)
        child.send("\r")
    child.expect("Saved your check-in")
    child.expect(r"README done; RECOVERY_HOME=\[(.*?)\]")
    assert child.match.group(1) == ""  # nothing left exported
    output = child.before
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, output
    assert "(A demo home" in output  # the demo's commands say where they run

    import sqlite3

    own = home / ".local" / "share" / "recovery-cli" / "recovery.db"
    conn = sqlite3.connect(own)
    try:  # the Quick start's check-in, and nothing of the demo's
        assert conn.execute("SELECT count(*) FROM checkins").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (0,)
    finally:
        conn.close()
    [demo_home] = [p for p in tmp.iterdir() if (p / "recovery.db").exists()]
    conn = sqlite3.connect(demo_home / "recovery.db")
    try:
        assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] > 60
    finally:
        conn.close()
    assert (project / "demo.html").stat().st_size > 1000
