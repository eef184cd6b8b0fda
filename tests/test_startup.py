"""The start-up import guard (issue 10): `recovery --version` and `recovery remind`, run in a
subprocess as cron would, must not import the heavy libraries. Not timed: `benchmarks/` times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from recovery_cli.store import open_db, transaction

# Never on these paths (DESIGN.md, "Budgets" and "Layers"): prompts, the full CLI stack,
# sqlite-utils, the PDF and HTML exporters; pydantic too (config and the data remind reads
# need none, and it costs about 85 ms).
FORBIDDEN = ("questionary", "prompt_toolkit", "sqlite_utils", "fpdf", "jinja2", "rich",
             "typer", "click", "pydantic", "platformdirs")

WRAPPER = """
import json, sys
sys.argv = ["recovery", *json.loads(sys.argv[1])]
from recovery_cli.main import main
try:
    code = main()
finally:
    with open({out!r}, "w") as fh:
        json.dump(sorted(sys.modules), fh)
raise SystemExit(code)
"""


def imported_by(args: list[str], home: Path, out: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "RECOVERY_HOME": str(home),
           **_code_under_test()}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER.format(out=str(out)), json.dumps(args)],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )
    return set(json.loads(out.read_text())), done


def _code_under_test() -> dict[str, str]:
    """The source tree under test (PYTHONPATH=$PWD/src) reaches the subprocess too."""
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in FORBIDDEN)


@pytest.fixture
def lived_in_home(home: Path) -> Path:
    """A home with a config, check-ins, questionnaire results and a plan with a warning rule,
    so remind walks every one of its code paths."""
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text('[reminders]\ncheckin_time = "00:00"\n'
                                      'quiet_hours = ""\nplan_review_days = 1\n')
    today = date.today()
    conn = open_db(home)
    with transaction(conn):
        for n in range(30, 0, -1):
            day = (today - timedelta(days=n)).isoformat()
            cur = conn.execute("INSERT INTO checkins(day, created_at, updated_at) "
                               "VALUES (?, ?, ?)", (day, day + "T21:00:00+00:00",
                                                    day + "T21:00:00+00:00"))
            conn.execute("INSERT INTO checkin_values(checkin_id, item, num) VALUES (?, 'mood', 2)",
                         (cur.lastrowid,))
        conn.execute("INSERT INTO assessments(checklist, kind, taken_at, day, score) VALUES "
                     "('phq9', 'instrument', '2020-01-01T10:00:00+00:00', '2020-01-01', 3)")
        conn.execute("INSERT INTO plan_texts(key, value, updated_at) VALUES "
                     "('last_reviewed', '2020-01-01', '2020-01-01T10:00:00+00:00')")
        conn.execute("INSERT INTO plan_items(section, position, text, response, rule, created_at) "
                     "VALUES ('warning_signs', 1, 'Low mood', 'Call Sam', 'mood <= 3 for 3 days', "
                     "'2020-01-01T10:00:00+00:00')")
    conn.close()
    return home


@pytest.mark.parametrize("args", [["--version"], ["remind"], ["remind", "--json"],
                                  ["remind", "--notify"]])
def test_fast_paths_import_nothing_heavy(args: list[str], lived_in_home: Path,
                                         tmp_path: Path) -> None:
    modules, done = imported_by(args, lived_in_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if args[0] == "remind":
        assert done.stdout.strip(), "expected reminders from this home"
        assert "recovery_cli.reminders" in modules  # the real path was taken
        assert "recovery_cli.warnings" in modules  # ...all the way through the plan's rules
    assert heavy(modules) == []


def test_remind_with_no_home_imports_nothing_heavy(home: Path, tmp_path: Path) -> None:
    modules, done = imported_by(["remind"], home, tmp_path / "modules.json")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert heavy(modules) == []
    assert not home.exists()


def test_the_guard_can_fail(lived_in_home: Path, tmp_path: Path) -> None:
    """The same harness sees the heavy stack when a command really loads it."""
    modules, done = imported_by(["remind", "cron"], lived_in_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "typer" in modules


def test_console_script_importtime(lived_in_home: Path) -> None:
    """The installed `recovery` script itself (not just main()) under -X importtime."""
    exe = Path(sys.executable).parent / "recovery"
    if not exe.is_file():
        pytest.skip("no console script next to this interpreter")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(lived_in_home.parent),
           "RECOVERY_HOME": str(lived_in_home), "PYTHONDONTWRITEBYTECODE": "1",
           **_code_under_test()}
    for args in (["--version"], ["remind"]):
        done = subprocess.run([sys.executable, "-X", "importtime", str(exe), *args], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                 if line.startswith("import time:") and "|" in line}
        assert heavy(names) == [], args


SNAP_FORBIDDEN = ("questionary", "prompt_toolkit", "sqlite_utils", "fpdf", "jinja2", "rich",
                  "pydantic", "platformdirs")


@pytest.mark.parametrize("args", [["snap", "6"],
                                  ["snap", "4", "--anxiety", "6", "--energy", "3", "--note",
                                   "after lunch", "--tag", "work", "--at", "10:00", "--json"]])
def test_snap_imports_nothing_heavy(args: list[str], lived_in_home: Path,
                                    tmp_path: Path) -> None:
    """`snap` is the fastest write (issue 19): typer and plain sqlite3 only; questionary only
    when it has to ask, which it can't here (no terminal)."""
    modules, done = imported_by(args, lived_in_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "recovery_cli.store.snaps" in modules  # the real path was taken: it saved
    assert sorted(m for m in modules if m.split(".")[0] in SNAP_FORBIDDEN) == []
