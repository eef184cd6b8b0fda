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
from typing import Any

import pytest

from conftest import IMPORTS_WRAPPER, tz_env
from recovery_cli.store import open_db, transaction

# Never on these paths (DESIGN.md, "Budgets" and "Layers"): prompts, the full CLI stack,
# sqlite-utils, the PDF and HTML exporters; pydantic too (config and the data remind reads
# need none, and it costs about 85 ms).
FORBIDDEN = ("questionary", "prompt_toolkit", "sqlite_utils", "fpdf", "jinja2", "rich",
             "typer", "click", "pydantic", "platformdirs")



def imported_by(args: list[str], home: Path, out: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "RECOVERY_HOME": str(home),
           **_code_under_test(), **tz_env()}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_WRAPPER.format(out=str(out)), json.dumps(args)],
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
        assert "recovery_cli.reminders.schedule" in modules  # the real path was taken
        assert "recovery_cli.plan.rules" in modules  # ...all the way through the plan's rules
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
           **_code_under_test(), **tz_env()}
    for args in (["--version"], ["remind"]):
        done = subprocess.run([sys.executable, "-X", "importtime", str(exe), *args], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                 if line.startswith("import time:") and "|" in line}
        assert heavy(names) == [], args


# ---------------------------------------------------------------- the daily commands (issue 23)

# Never on a daily command: prompts, sqlite-utils, the PDF and HTML exporters, pydantic (the
# shipped checklists and crisis lines are read with tomllib alone, see plain_data.py).
DAILY_FORBIDDEN = ("questionary", "prompt_toolkit", "sqlite_utils", "fpdf", "jinja2", "pydantic")


def daily_heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in DAILY_FORBIDDEN)


@pytest.fixture
def daily_home(lived_in_home: Path, cli: Any) -> Path:
    """The lived-in home with a plan holding mood, sleep, trigger and `phq9 deterioration`
    rules and a run of PHQ-9 results, the newest a reliable worsening."""
    rules = [("Poor sleep", "sleep_hours <= 4 for 3 days"),
             ("Arguments", "triggers:conflict 3 times in 7 days"),
             ("PHQ-9 worse", "phq9 deterioration")]
    for text, rule in rules:
        done = cli("plan", "add", "warning_signs", text, "--rule", rule, "--response", "Call Sam")
        assert done.exit_code == 0, done.stderr
    conn = open_db(lived_in_home)
    with transaction(conn):
        for n, score in enumerate((4, 5, 6, 5, 4, 16)):
            day = (date.today() - timedelta(days=14 * (6 - n))).isoformat()
            conn.execute("INSERT INTO assessments(checklist, kind, taken_at, day, score) VALUES "
                         "('phq9', 'instrument', ?, ?, ?)", (day + "T10:00:00+00:00", day, score))
    conn.close()
    # Medications (one as needed) and the day's moments, as a lived-in home has them.
    for args in (["meds", "add", "Sertraline", "--dose", "50 mg", "--started", "2020-01-01"],
                 ["meds", "add", "Propranolol", "--as-needed", "--started", "2020-01-01"],
                 ["snap", "4", "--at", "yesterday 09:00"],
                 ["snap", "6", "--at", "yesterday 13:00"]):
        done = cli(*args)
        assert done.exit_code == 0, (args, done.stderr)
    return lived_in_home


YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
DAILY = [
    ["checkin", "--date", YESTERDAY, "--mood", "5", "--note", "x"],
    ["checkin", "--date", YESTERDAY, "--mood", "5", "--meds", "all"],
    ["remind"], ["remind", "--json"], ["history"], ["history", "--json"], ["plan", "check"],
    ["plan", "check", "--json"], ["crisis"], ["stage"], ["trends"], ["trends", "--days", "365"],
    ["snap", "6"], ["snaps"], ["event", "add", "A day out"], ["meds", "list"],
    ["journal", "write", "A quiet evening."],
]


@pytest.mark.parametrize("args", DAILY, ids=" ".join)
def test_daily_commands_import_nothing_heavy(args: list[str], daily_home: Path,
                                             tmp_path: Path) -> None:
    modules, done = imported_by(args, daily_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if args[0] in ("remind", "plan"):
        assert "recovery_cli.plan.rules" in modules  # the rules were really checked...
        assert "PHQ-9 worse" in done.stdout  # ...the questionnaire rule among them
    assert daily_heavy(modules) == []
    # Defining a dataclass costs ~1 ms (its methods are compiled from source on every run);
    # the records on these paths are named tuples or plain classes (docs/ARCHITECTURE.md).
    assert json.loads((tmp_path / "modules.json.dataclasses").read_text()) == []


def test_the_dataclass_guard_can_fail(daily_home: Path, tmp_path: Path) -> None:
    _, done = imported_by(["export", "--format", "md", "--output", str(tmp_path / "r.md")],
                          daily_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "modules.json.dataclasses").read_text()) != []


def test_plan_check_with_nothing_to_show_draws_without_rich(home: Path, cli: Any,
                                                          tmp_path: Path) -> None:
    """One plain line needs no rich (~40 ms of CPU); the panels of a match still use it."""
    done = cli("plan", "add", "warning_signs", "Long low run", "--rule",
               "mood <= 1 for 30 days", "--response", "Call Sam")
    assert done.exit_code == 0, done.stderr
    modules, run = imported_by(["plan", "check"], home, tmp_path / "modules.json")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "None of your 1 early warning rule matches your recent check-ins.\n"
    assert not any(m.split(".")[0] == "rich" for m in modules)


def test_daily_guard_sees_a_file_of_ones_own(daily_home: Path, tmp_path: Path) -> None:
    """A checklist file of the person's own is validated (pydantic) on the path that meets
    it: the guard harness notices, so the test above can fail."""
    own = daily_home / "checklists"
    own.mkdir(mode=0o700, exist_ok=True)
    (own / "mine.toml").write_text('id = "mine"\ntitle = "Mine"\nkind = "instrument"\n'
                                   'scale = [{value = 0, label = "No"}]\n'
                                   '[[items]]\nid = "a"\ntext = "A"\n')
    modules, done = imported_by(["history"], daily_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "pydantic" in modules


def test_the_command_map_names_what_each_module_registers() -> None:
    """cli.COMMANDS (which module to import for a command) matches the modules themselves,
    so a new command cannot be missed by the lazy start-up."""
    import typer
    from typer.main import get_command_name

    from recovery_cli import cli

    registered: dict[str, str] = {}
    for name in cli.MODULE_NAMES:
        probe = typer.Typer()
        cli.module(name).register(probe)
        for c in probe.registered_commands:
            if c.callback is not None:
                registered[c.name or get_command_name(c.callback.__name__)] = name
        for group in probe.registered_groups:
            sub = group.typer_instance
            group_name = group.name or (sub.info.name if sub is not None else None)
            if isinstance(group_name, str):
                registered[group_name] = name
    assert registered == cli.COMMANDS


def test_a_command_imports_only_its_own_module(daily_home: Path, tmp_path: Path) -> None:
    modules, done = imported_by(["history", "--days", "7"], daily_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "recovery_cli.cli.checkin" in modules
    assert not {"recovery_cli.cli.goals", "recovery_cli.cli.export",
                "recovery_cli.cli.journal"} & modules


SNAP_FORBIDDEN = ("questionary", "prompt_toolkit", "sqlite_utils", "fpdf", "jinja2", "rich",
                  "pydantic", "platformdirs")


@pytest.mark.parametrize("args", [["snap", "6"],
                                  ["snap", "4", "--anxiety", "6", "--energy", "3", "--note",
                                   "after lunch", "--tag", "work", "--at", f"{YESTERDAY}T10:00",
                                   "--json"]])  # 10:00 today is in the future before 10:00
def test_snap_imports_nothing_heavy(args: list[str], lived_in_home: Path,
                                    tmp_path: Path) -> None:
    """`snap` is the fastest write (issue 19): typer and plain sqlite3 only; questionary only
    when it has to ask, which it can't here (no terminal)."""
    modules, done = imported_by(args, lived_in_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "recovery_cli.store.snaps" in modules  # the real path was taken: it saved
    assert sorted(m for m in modules if m.split(".")[0] in SNAP_FORBIDDEN) == []


# The typer-free fast paths (cli/_fast.py): exactly these shapes of arguments, on a home with a
# plaintext database, run without typer; the same command otherwise goes through typer.
FAST = [["snap", "6"], ["crisis"], ["history"], ["plan", "check"], ["plan", "check", "--json"],
        ["stage"], ["stage", "--json"], ["trends"], ["trends", "--json"],
        ["checkin", "--date", YESTERDAY, "--mood", "5", "--note", "x"],
        ["checkin", "--date", YESTERDAY, "--mood", "5", "--json"],
        ["checkin", "--date", YESTERDAY, "--mood", "5", "--meds", "missed:sertraline",
         "--as-needed", "propranolol"]]


@pytest.mark.parametrize("args", FAST, ids=" ".join)
def test_fast_paths_skip_typer(args: list[str], daily_home: Path, tmp_path: Path) -> None:
    modules, done = imported_by(args, daily_home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # it really ran
    assert "recovery_cli.cli._fast" in modules
    assert not {"typer", "click", "recovery_cli.cli._app"} & modules


@pytest.mark.parametrize(("fast", "slow"), [
    (["history"], ["history", "--days", "14"]),
    (["crisis"], ["--passphrase-file", "unused", "crisis"]),
    (["plan", "check"], ["--passphrase-file", "unused", "plan", "check"]),
    (["plan", "check", "--json"], ["--passphrase-file", "unused", "plan", "check", "--json"]),
    (["stage"], ["--passphrase-file", "unused", "stage"]),
    (["stage", "--json"], ["--passphrase-file", "unused", "stage", "--json"]),
    (["trends"], ["trends", "--days", "30"]),
    (["trends", "--json"], ["trends", "--days", "30", "--json"]),
    (["checkin"], ["--passphrase-file", "unused", "checkin"]),  # no terminal: names --mood
    (["checkin", "--date", YESTERDAY], ["--passphrase-file", "unused", "checkin", "--date",
                                        YESTERDAY]),
    (["checkin", "--mood", "12"], ["checkin", "--mood=12"]),
    (["checkin", "--date", "2999-01-01", "--mood", "5"], ["checkin", "--date=2999-01-01",
                                                          "--mood=5"]),
    (["snap", "eleven"], ["snap", "eleven", "--tag", "x"]),
    (["checkin", "--date", YESTERDAY, "--mood", "5", "--meds", "missed:lithium"],
     ["checkin", "--date", YESTERDAY, "--mood=5", "--meds=missed:lithium"]),
    (["checkin", "--date", YESTERDAY, "--mood", "5", "--meds", "all", "--as-needed",
      "propranolol=2", "--as-needed", "propranolol", "--json"],
     ["checkin", "--date", YESTERDAY, "--mood=5", "--meds=all", "--as-needed=propranolol=2",
      "--as-needed=propranolol", "--json"]),
])
def test_a_fast_path_says_what_typer_says(fast: list[str], slow: list[str], daily_home: Path,
                                          tmp_path: Path) -> None:
    """The same answer, message and exit code with and without typer (a --passphrase-file,
    unused by a plaintext database, is one way to take typer's path)."""
    fast_modules, by_fast = imported_by(fast, daily_home, tmp_path / "fast.json")
    slow_modules, by_typer = imported_by(slow, daily_home, tmp_path / "slow.json")
    assert "typer" not in fast_modules and "typer" in slow_modules
    assert (by_fast.returncode, by_fast.stdout, by_fast.stderr) == (
        by_typer.returncode, by_typer.stdout, by_typer.stderr)


def test_an_encrypted_or_new_home_takes_the_typer_path(home: Path, tmp_path: Path) -> None:
    """No database yet: the first run (home, schema, first-run note) stays typer's."""
    modules, done = imported_by(["snap", "6"], home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "typer" in modules and "recovery_cli.store.snaps" in modules
