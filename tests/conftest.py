"""Shared fixtures: every test gets its own RECOVERY_HOME, a CLI runner, and prompt keys."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner


def _midday_zone() -> None:
    """A day ends at 04:00 (`day_ends_at`, issue 19): a moment before it counts for the day
    before, so any test that compares a command's "today" with `date.today()` would fail in a
    run between midnight and 04:00 (CI may start then). A suite started between 23:00 and
    05:00 local time therefore runs in a fixed-offset zone where it is about midday (its
    subprocesses inherit TZ; `tz_env` hands it to those given a bare environment). The
    boundary itself is tested with pinned clocks and zones (tests/core/test_day_boundary.py)."""
    import time
    from datetime import UTC, datetime

    if 5 <= datetime.now().astimezone().hour < 23:
        return
    offset = 12 - datetime.now(UTC).hour  # local = UTC + offset: about 12:00
    os.environ["TZ"] = "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc signs invert
    time.tzset()


_midday_zone()


def tz_env() -> dict[str, str]:
    """TZ for a subprocess given a bare environment (cron-like), when the suite set one."""
    return {"TZ": os.environ["TZ"]} if "TZ" in os.environ else {}



# Runs `recovery ARGS` in a child (python -c IMPORTS_WRAPPER.format(out=PATH) '["arg", ...]')
# and writes the modules it imported to PATH as JSON, and the project's dataclasses it
# defined to PATH + ".dataclasses" (issue 23's import guards).
IMPORTS_WRAPPER = """
import json, sys
sys.argv = ["recovery", *json.loads(sys.argv[1])]
from recovery_cli.main import main
try:
    code = main()
finally:
    with open({out!r}, "w") as fh:
        json.dump(sorted(sys.modules), fh)
    with open({out!r} + ".dataclasses", "w") as fh:  # the project's, defined by this run
        json.dump(sorted(f"{{name}}.{{k}}" for name, mod in list(sys.modules.items())
                         if name.startswith("recovery_cli")
                         for k, v in vars(mod).items() if isinstance(v, type)
                         and v.__module__ == name and "__dataclass_fields__" in vars(v)), fh)
raise SystemExit(code)
"""

class Keys:
    """Keystrokes for prompt_toolkit (same values as questionary's own tests)."""

    ENTER = "\r"
    DOWN = "\x1b[B"
    UP = "\x1b[A"
    SPACE = " "
    CONTROLC = "\x03"
    BACKSPACE = "\x7f"
    ESCAPE_ENTER = "\x1b\r"  # submits a multiline text prompt


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's private home folder (not created until a command needs it)."""
    h = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(h))
    monkeypatch.delenv("RECOVERY_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return h


@pytest.fixture
def cli() -> Any:
    """Run `recovery ARGS...` in-process; returns a Result with exit code, stdout, stderr.

    Dispatched as the program does (cli.app_for: an app holding only the asked command's
    module, the whole app for root --help and unknown commands): building the whole app's
    hundred commands on every call was half the suite's time."""
    from recovery_cli.cli import app_for

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        argv = list(args)
        r = runner.invoke(app_for(argv), argv, input=input, env=env, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)

    return invoke


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Drive questionary prompts: queue keystrokes with keys("5\\r"), then run the command.

    The command also sees a terminal (interactive() is True) while this fixture is active.
    """
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from recovery_cli.cli import _common

    monkeypatch.setattr(_common, "_force_interactive", True)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp.send_text


@contextmanager
def without_terminal() -> Iterator[None]:
    """Commands run inside see no terminal, even while the `keys` fixture pretends one (a
    script's run in the middle of a prompted test)."""
    from recovery_cli.cli import _common

    saved = _common._force_interactive
    _common._force_interactive = False
    try:
        yield
    finally:
        _common._force_interactive = saved


def no_tty(cli: Any, *args: str) -> Result:
    """Run a command as if there were no terminal, even while the `keys` fixture is active."""
    with without_terminal():
        result: Result = cli(*args)
    return result


def run_recovery(*args: str, env: dict[str, str] | None = None, stdin: Any = None,
                 timeout: float = 60) -> Result:
    """Run the installed program in a subprocess (for start-up, cron and pty-free checks)."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run(
        [sys.executable, "-m", "recovery_cli", *args],
        env=full_env, capture_output=True, text=True, timeout=timeout,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
    )
    return Result(p.returncode, p.stdout, p.stderr)


def _mirror_folders_on_path() -> None:
    """tests/ mirrors the packages (issue 22): every folder is on sys.path, so a test module
    still imports a helper from another folder's test module by its unique basename
    (`from test_bad_input import one_line`), whichever files a run collects."""
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for folder in sorted(here.iterdir()):
        if (folder.is_dir() and folder.name not in {"fixtures", "data", "__pycache__"}
                and not folder.name.startswith(".") and str(folder) not in sys.path):
            sys.path.append(str(folder))


_mirror_folders_on_path()
