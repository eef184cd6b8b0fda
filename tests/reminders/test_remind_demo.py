"""`recovery remind` on a demo home prints nothing at all when nothing is due (ctrlc finding 3):
cron mails any output, and the dim "demo home" line on stderr was a mail every day. The
notice stays for the interactive commands, and goes with remind's reminders when some are
due. Run like cron runs it: `env -i`, stdin /dev/null."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, tz_env
from recovery_cli.core.paths import DEMO_NOTICE

pytestmark = pytest.mark.timeout(300)


def _cron_run(home: Path, tmp_path: Path, *args: str) -> Result:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh",
           "LOGNAME": "someone", "RECOVERY_HOME": str(home), **tz_env()}
    if os.environ.get("PYTHONPATH"):  # the source tree under test (PYTHONPATH=$PWD/src)
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    with open(os.devnull) as devnull:
        p = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()),
                            sys.executable, "-m", "recovery_cli", *args],
                           stdin=devnull, capture_output=True, text=True, timeout=120)
    return Result(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def demo_home(cli: Any, home: Path) -> Path:
    r = cli("demo")
    assert r.exit_code == 0, r.stderr
    return home


def _nothing_due(cli: Any, home: Path) -> None:
    """Today's check-in done, no questionnaire or plan review reminded about, no warning
    signs in the plan."""
    (home / "config.toml").write_text("[reminders]\nassessments = []\nplan_review_days = 0\n")
    assert cli("checkin", "--mood", "6").exit_code == 0
    while cli("plan", "show", "--json").json()["warning_signs"]:
        assert cli("plan", "remove", "warning_signs", "1").exit_code == 0
    assert cli("remind", "--json").json()["due"] == []


def test_remind_on_a_demo_home_with_nothing_due_prints_nothing(cli: Any, demo_home: Path,
                                                               tmp_path: Path) -> None:
    _nothing_due(cli, demo_home)
    for args in (("remind",), ("remind", "--notify"), ("--home", str(demo_home), "remind")):
        r = _cron_run(demo_home, tmp_path, *args)
        assert (r.exit_code, r.stdout, r.stderr) == (0, "", ""), args
    r = cli("remind")  # the typer path (in-process callers, `recovery remind` through the app)
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_the_demo_notice_stays_for_interactive_commands(cli: Any, demo_home: Path) -> None:
    _nothing_due(cli, demo_home)
    assert DEMO_NOTICE in cli("history").stderr
    assert DEMO_NOTICE in cli("plan", "show").stderr


def test_remind_on_a_demo_home_with_something_due_says_it_is_a_demo(demo_home: Path,
                                                                    tmp_path: Path) -> None:
    r = _cron_run(demo_home, tmp_path, "remind")
    assert r.exit_code == 0 and "Run: recovery " in r.stdout
    assert r.stderr.strip() == DEMO_NOTICE
