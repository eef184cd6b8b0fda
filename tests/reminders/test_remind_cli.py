"""`recovery remind` (fast path and typer path) and `recovery remind cron`, against real
SQLite files; cron's conditions reproduced with `env -i` in a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, tz_env
from recovery_cli.core import clock
from recovery_cli.main import fast_remind_args, main
from recovery_cli.reminders import run as remind_run
from recovery_cli.store import open_db, transaction

NOW = datetime(2026, 3, 10, 21, 0).astimezone()
TODAY = NOW.date()
MARKER = "# recovery-cli remind"


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def remind(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `recovery ARGS...` through main() (the fast path when ARGS are remind's)."""

    def run(*args: str) -> Result:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def ago(n: int, today: date = TODAY) -> str:
    return (today - timedelta(days=n)).isoformat()


def stamp(day: str) -> str:
    return datetime.fromisoformat(f"{day}T21:00:00").astimezone().isoformat()


def add_checkins(home: Path, days: list[str], mood: float = 5) -> None:
    conn = open_db(home)
    with transaction(conn):
        for day in days:
            cur = conn.execute(
                "INSERT INTO checkins(day, created_at, updated_at) VALUES (?, ?, ?)",
                (day, stamp(day), stamp(day)),
            )
            conn.execute("INSERT INTO checkin_values(checkin_id, item, num) VALUES (?, 'mood', ?)",
                         (cur.lastrowid, mood))
    conn.close()


def add_results(home: Path, results: dict[str, str]) -> None:
    conn = open_db(home)
    with transaction(conn):
        for checklist, day in results.items():
            conn.execute(
                "INSERT INTO assessments(checklist, kind, taken_at, day, score) "
                "VALUES (?, 'instrument', ?, ?, 4)",
                (checklist, stamp(day), day),
            )
    conn.close()


def set_plan(home: Path, reviewed: str, signs: list[tuple[str, str, str]] | None = None) -> None:
    conn = open_db(home)
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO plan_texts(key, value, updated_at) "
                     "VALUES ('last_reviewed', ?, ?)", (reviewed, stamp(reviewed)))
        for pos, (text, response, rule) in enumerate(signs or [], start=1):
            conn.execute(
                "INSERT INTO plan_items(section, position, text, response, rule, created_at) "
                "VALUES ('warning_signs', ?, ?, ?, ?, ?)",
                (pos, text, response, rule, stamp(reviewed)),
            )
    conn.close()


def write_config(home: Path, text: str) -> None:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def all_up_to_date(home: Path, today: date = TODAY) -> None:
    add_checkins(home, [ago(2, today), ago(1, today), ago(0, today)])
    add_results(home, {"phq9": ago(3, today), "gad7": ago(3, today), "who5": ago(13, today)})
    set_plan(home, ago(5, today))


def one_line_error(r: Result) -> None:
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


# --- argument routing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["remind"], (None, False, False)),
        (["remind", "--json"], (None, True, False)),
        (["remind", "--notify", "--json"], (None, True, True)),
        (["--home", "/x y", "remind", "--notify"], ("/x y", False, True)),
        (["--home=/x", "remind"], ("/x", False, False)),
        (["remind", "cron"], None),
        (["remind", "--help"], None),
        (["remind", "--jsn"], None),
        (["--home"], None),
        (["checkin"], None),
        ([], None),
    ],
)
def test_only_plain_remind_takes_the_fast_path(args: list[str], expected: Any) -> None:
    assert fast_remind_args(args) == expected


# --- what is printed ---------------------------------------------------------------------


def test_missing_home_means_nothing_recorded_and_is_never_created(
    fixed_now: datetime, remind: Any, home: Path
) -> None:
    r = remind("remind")
    assert r.exit_code == 0 and r.stderr == ""
    # a brand-new home: one gentle line; the questionnaires join after the first week
    [line] = r.stdout.splitlines()
    assert line.endswith("Run: recovery checkin")
    assert "\x1b" not in r.stdout  # not a terminal: no colour
    assert not home.exists()


def test_nothing_due_prints_nothing(fixed_now: datetime, remind: Any, home: Path) -> None:
    all_up_to_date(home)
    r = remind("remind")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    r = remind("remind", "--notify")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    doc = remind("remind", "--json").json()
    assert doc == {"due": [], "checked_at": clock.iso(NOW)}


def test_json_shape_and_what_is_due_from_recorded_data(
    fixed_now: datetime, remind: Any, home: Path
) -> None:
    add_checkins(home, [ago(6), ago(5)])  # several days ago: the gentle nudge
    add_results(home, {"phq9": ago(14), "gad7": ago(13)})  # who5 never taken
    set_plan(home, ago(31))
    r = remind("remind", "--json")
    assert r.exit_code == 0 and r.stderr == ""
    doc = r.json()
    assert set(doc) == {"due", "checked_at"}
    assert datetime.fromisoformat(doc["checked_at"]) == NOW.replace(microsecond=0)
    for item in doc["due"]:
        assert set(item) == {"kind", "message", "command"}
        assert all(isinstance(v, str) and v for v in item.values())
    assert [(d["kind"], d["command"]) for d in doc["due"]] == [
        ("nudge", "recovery checkin"),
        ("assessment", "recovery assess take phq9"),
        ("assessment", "recovery assess take who5"),
        ("plan_review", "recovery plan edit"),
    ]
    text = remind("remind")
    assert text.stdout.splitlines() == [f"{d['message']} Run: {d['command']}" for d in doc["due"]]


def test_a_matching_early_warning_rule_is_due(fixed_now: datetime, remind: Any,
                                              home: Path) -> None:
    add_checkins(home, [ago(2), ago(1), ago(0)], mood=2)
    add_results(home, {"phq9": ago(1), "gad7": ago(1), "who5": ago(1)})
    set_plan(home, ago(1), [("Low mood most of the day", "Call Sam; take a walk",
                             "mood <= 3 for 3 days")])
    doc = remind("remind", "--json").json()
    assert [d["kind"] for d in doc["due"]] == ["warning"]
    [warning] = doc["due"]
    assert warning["command"] == "recovery plan check"
    assert "Low mood most of the day" in warning["message"]
    assert "Call Sam; take a walk" in warning["message"]
    add_checkins(home, [ago(3)], mood=2)  # an older low day changes nothing; a good today does:
    conn = open_db(home)
    with transaction(conn):
        conn.execute("UPDATE checkin_values SET num = 7 WHERE checkin_id = "
                     "(SELECT id FROM checkins WHERE day = ?)", (ago(0),))
    conn.close()
    assert remind("remind", "--json").json()["due"] == []


def test_config_changes_what_is_due(fixed_now: datetime, remind: Any, home: Path) -> None:
    write_config(home, '[reminders]\ncheckin_time = "21:01"\nassessments = ["gad7"]\n'
                       "plan_review_days = 0\n")
    set_plan(home, ago(400))
    doc = remind("remind", "--json").json()
    assert [d["command"] for d in doc["due"]] == ["recovery assess take gad7"]
    write_config(home, '[reminders]\nquiet_hours = "20:30-06:00"\n')
    assert remind("remind").stdout == ""


def test_the_database_is_only_read(fixed_now: datetime, remind: Any, home: Path) -> None:
    all_up_to_date(home)
    db = home / "recovery.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    listing = sorted(p.name for p in home.iterdir())
    assert remind("remind", "--json").exit_code == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith("recovery.db-")) == [
        n for n in listing if not n.startswith("recovery.db-")]


def test_home_option_on_the_fast_path(fixed_now: datetime, remind: Any, tmp_path: Path,
                                      home: Path) -> None:
    other = tmp_path / "other"
    write_config(other, '[reminders]\ncheckin_time = "23:00"\nassessments = []\n')
    assert remind("--home", str(other), "remind").stdout == ""
    assert remind(f"--home={other}", "remind", "--json").json()["due"] == []
    assert "recovery checkin" in remind("remind").stdout  # RECOVERY_HOME: nothing recorded
    assert not home.exists()


def test_typer_path_gives_the_same_answer(fixed_now: datetime, remind: Any, cli: Any,
                                          home: Path) -> None:
    add_checkins(home, [ago(1)])
    add_results(home, {"phq9": ago(20)})
    fast = remind("remind")
    slow = cli("remind")
    assert slow.exit_code == 0 and slow.stdout == fast.stdout and fast.stdout
    assert cli("remind", "--json").json() == remind("remind", "--json").json()
    assert "Show what is due now" in cli("remind", "--help").stdout


# --- failures: one line, the documented exit code ----------------------------------------


def test_home_that_is_a_file(fixed_now: datetime, remind: Any, home: Path) -> None:
    home.write_text("not a folder")
    r = remind("remind")
    assert r.exit_code == 1
    one_line_error(r)
    assert "is a file" in r.stderr


def test_newer_or_damaged_database(fixed_now: datetime, remind: Any, home: Path) -> None:
    add_checkins(home, [ago(1)])
    conn = sqlite3.connect(home / "recovery.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    r = remind("remind", "--json")
    assert r.exit_code == 1
    one_line_error(r)
    assert "newer" in r.stderr
    (home / "recovery.db").write_bytes(b"this is not sqlite" * 100)
    r = remind("remind")
    assert r.exit_code == 1
    one_line_error(r)


def test_broken_config_is_bad_input(fixed_now: datetime, remind: Any, home: Path) -> None:
    write_config(home, '[reminders]\ncheckin_time = "8pm"\n')
    r = remind("remind")
    assert r.exit_code == 2
    one_line_error(r)
    assert "config.toml" in r.stderr and "checkin_time" in r.stderr


def test_a_broken_checklist_file_is_named_and_the_rest_still_work(
    fixed_now: datetime, remind: Any, home: Path
) -> None:
    add_checkins(home, [ago(8)])  # past the first week: the questionnaires are suggested
    (home / "checklists").mkdir(parents=True)
    (home / "checklists" / "mine.toml").write_text('id = "mine"\ntitle = \n')
    r = remind("remind")
    assert r.exit_code == 0
    assert "mine.toml" in r.stderr and "Traceback" not in r.stderr
    assert "recovery assess take phq9" in r.stdout


def test_debug_shows_the_traceback(fixed_now: datetime, remind: Any, home: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    home.write_text("x")
    monkeypatch.setenv("RECOVERY_DEBUG", "1")
    with pytest.raises(Exception, match="is a file"):
        remind("remind")


# --- desktop notifications ---------------------------------------------------------------


def fake_program(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def notify_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "notify.log"
    fake_program(tmp_path / "bin", "notify-send", f'printf "%s\\n" "$@" >> {shlex.quote(str(log))}\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return log


def test_notify_uses_notify_send_only_with_a_display(fixed_now: datetime, remind: Any,
                                                     notify_log: Path, home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    add_checkins(home, [ago(8)])  # past the first week: the questionnaires are suggested too
    r = remind("remind", "--notify")
    assert r.exit_code == 0 and "recovery checkin" in r.stdout
    assert not notify_log.exists()  # no display: skipped silently
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    r = remind("remind", "--notify")
    assert r.exit_code == 0 and r.stderr == ""
    sent = notify_log.read_text()
    assert "--app-name=recovery" in sent
    assert "recovery checkin" in sent and "recovery assess take phq9" in sent


def test_notify_without_notify_send_is_silent(fixed_now: datetime, remind: Any, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("DISPLAY", ":0")
    r = remind("remind", "--notify")
    assert r.exit_code == 0 and r.stderr == "" and "recovery checkin" in r.stdout


def test_nothing_due_sends_no_notification(fixed_now: datetime, remind: Any, home: Path,
                                           notify_log: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    all_up_to_date(home)
    monkeypatch.setenv("DISPLAY", ":0")
    assert remind("remind", "--notify").stdout == ""
    assert not notify_log.exists()


def test_notifications_keep_the_plans_words_off_the_desktop(
        fixed_now: datetime, remind: Any, home: Path, notify_log: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24, 10b: a notification can show on a lock screen or a shared screen. It says
    that something is due and which command to run; the plan's own words only when the
    person opts in (reminders.notify_details)."""
    for args in (["plan", "add", "warning_signs", "Staying in bed all day", "--response",
                  "Text my sister Ana", "--rule", "mood <= 3 for 1 days"],
                 ["checkin", "--mood", "2"]):
        assert main(args) == 0
    capsys_out = remind("remind")  # (clears what the two commands printed)
    assert capsys_out.exit_code == 0
    monkeypatch.setenv("DISPLAY", ":0")
    r = remind("remind", "--notify")
    assert r.exit_code == 0, r.stderr
    assert "Staying in bed" in r.stdout  # the terminal (the person's own) shows the words
    sent = notify_log.read_text()
    assert "Staying in bed" not in sent and "Ana" not in sent, sent
    assert "due" in sent and "recovery plan check" in sent, sent
    notify_log.unlink()
    assert main(["config", "set", "reminders.notify_details", "true"]) == 0
    assert remind("remind", "--notify").exit_code == 0
    assert "Staying in bed all day" in notify_log.read_text()


# --- colour only in a terminal -----------------------------------------------------------


@pytest.mark.pty
def test_colour_only_in_a_terminal(tmp_path: Path) -> None:
    import pexpect

    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm-256color",
           "RECOVERY_HOME": str(tmp_path / "h"), **tz_env()}
    write_config(tmp_path / "h", '[reminders]\ncheckin_time = "00:00"\nassessments = []\n')
    child = pexpect.spawn(sys.executable, ["-m", "recovery_cli", "remind"], env=env,
                          encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[" in (child.before or "") and "recovery checkin" in (child.before or "")
    env["NO_COLOR"] = "1"
    child = pexpect.spawn(sys.executable, ["-m", "recovery_cli", "remind"], env=env,
                          encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    assert "\x1b[" not in (child.before or "") and "recovery checkin" in (child.before or "")


# --- the crontab line --------------------------------------------------------------------


def venv_recovery() -> Path | None:
    # abspath as executable_command() does: a venv reached through '..' (.venv/../.venv) is
    # the same script, spelled without the '..'
    exe = Path(os.path.abspath(sys.executable)).parent / "recovery"
    return exe if exe.is_file() and os.access(exe, os.X_OK) else None


def test_cron_line_has_absolute_paths_and_the_time(cli: Any, home: Path) -> None:
    r = cli("remind", "cron", "--at", "21:15")
    assert r.exit_code == 0
    line = r.stdout.strip()
    exe = remind_run.executable_command()
    assert line == f"15 21 * * * RECOVERY_HOME={home} {exe} remind --notify {MARKER}"
    if venv_recovery() is not None:
        assert exe == str(venv_recovery())  # this installation's own script
    assert Path(shlex.split(exe)[0]).is_absolute()
    assert "--install" in r.stderr  # the hint goes to stderr, the line alone to stdout
    assert not home.exists()


def test_cron_time_defaults_to_the_checkin_time(cli: Any, home: Path) -> None:
    write_config(home, '[reminders]\ncheckin_time = "19:45"\n')
    assert cli("remind", "cron").stdout.startswith("45 19 * * * ")
    assert cli("remind", "cron", "--at", "7:05").stdout.startswith("5 7 * * * ")
    for bad in ("25:00", "8pm", "20:60"):
        r = cli("remind", "cron", "--at", bad)
        assert r.exit_code == 2 and "--at" in r.stderr


def test_cron_line_quotes_odd_homes_and_runs_under_sh(tmp_path: Path) -> None:
    odd = tmp_path / "my data 100%"
    write_config(odd, '[reminders]\ncheckin_time = "00:00"\nassessments = []\n')
    line = remind_run.cron_line(odd, "20:00")
    assert "\\%" in line and "'" in line  # cron's % escaped, the space quoted
    command = line.split(" ", 5)[5].replace("\\%", "%")  # what cron hands to /bin/sh
    done = subprocess.run(["/bin/sh", "-c", command], env={"PATH": "/usr/bin:/bin",
                          "HOME": str(tmp_path), "SHELL": "/bin/sh", **tz_env()},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "recovery checkin" in done.stdout and done.stderr == ""


FAKE_CRONTAB = """\
f="$FAKE_CRONTAB"
case "$1" in
  -l) if [ -f "$f" ]; then cat "$f"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
  -) cat > "$f" ;;
  *) echo "fake crontab: unexpected $*" >&2; exit 2 ;;
esac
"""


@pytest.fixture
def crontab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    store = tmp_path / "crontab.txt"
    fake_program(tmp_path / "cronbin", "crontab", FAKE_CRONTAB)
    monkeypatch.setenv("PATH", f"{tmp_path / 'cronbin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_CRONTAB", str(store))
    yield store


def test_install_and_uninstall_round_trip(cli: Any, home: Path, crontab: Path) -> None:
    other_home = f"0 8 * * * RECOVERY_HOME=/srv/other /opt/recovery remind --notify {MARKER}\n"
    original = ("MAILTO=me@example.org\n# my own jobs\n"
                "30 2 * * * /usr/bin/backup --quiet # nightly\n" + other_home)
    crontab.write_text(original)

    r = cli("remind", "cron", "--install", "--at", "20:30")
    assert r.exit_code == 0 and r.stdout.startswith("Added")
    ours = cli("remind", "cron", "--at", "20:30").stdout.strip()
    assert crontab.read_text() == original + ours + "\n"

    r = cli("remind", "cron", "--install", "--at", "20:30")  # idempotent
    assert r.exit_code == 0 and "already" in r.stdout
    assert crontab.read_text() == original + ours + "\n"

    r = cli("remind", "cron", "--install", "--at", "21:00")  # a new time replaces our line
    assert r.exit_code == 0 and r.stdout.startswith("Updated")
    lines = crontab.read_text().splitlines()
    assert lines[:4] == original.splitlines()
    assert lines[4].startswith("0 21 * * * ") and len(lines) == 5

    r = cli("remind", "cron", "--uninstall")
    assert r.exit_code == 0 and r.stdout.startswith("Removed")
    assert crontab.read_text() == original  # every other line untouched, the other home's too

    r = cli("remind", "cron", "--uninstall")
    assert r.exit_code == 0 and "nothing was changed" in r.stdout
    assert crontab.read_text() == original


def test_install_into_an_empty_crontab(cli: Any, home: Path, crontab: Path) -> None:
    assert not crontab.exists()  # "no crontab for user"
    r = cli("remind", "cron", "--install")
    assert r.exit_code == 0
    [line] = crontab.read_text().splitlines()
    assert line.startswith("0 20 * * * ") and line.endswith(MARKER)
    assert cli("remind", "cron", "--uninstall").exit_code == 0
    assert crontab.read_text().strip() == ""


def test_install_and_uninstall_are_exclusive(cli: Any, crontab: Path) -> None:
    r = cli("remind", "cron", "--install", "--uninstall")
    assert r.exit_code == 2 and not crontab.exists()


def test_unreadable_crontab_changes_nothing(cli: Any, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fake_program(tmp_path / "bad", "crontab", 'echo "crontab: permission denied" >&2; exit 1\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bad"))
    r = cli("remind", "cron", "--install")
    assert r.exit_code == 1 and "permission denied" in r.stderr


def test_no_crontab_program(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for flag in ("--install", "--uninstall"):
        r = cli("remind", "cron", flag)
        assert r.exit_code == 1
        assert "no 'crontab' program" in r.stderr and "Traceback" not in r.stderr
    r = cli("remind", "cron")  # printing the line needs no crontab
    assert r.exit_code == 0 and r.stdout.strip().endswith(MARKER)


# --- end to end, the way cron runs it ----------------------------------------------------


def cron_run(home: Path, tmp_path: Path, *args: str) -> Result:
    exe = venv_recovery()
    cmd = [str(exe)] if exe else [sys.executable, "-m", "recovery_cli"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh",
           "LOGNAME": "someone", "RECOVERY_HOME": str(home), **tz_env()}
    if os.environ.get("PYTHONPATH"):  # the source tree under test (PYTHONPATH=$PWD/src)
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    with open(os.devnull) as devnull:
        p = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), *cmd, *args],
                           stdin=devnull, capture_output=True, text=True, timeout=60)
    return Result(p.returncode, p.stdout, p.stderr)


def test_end_to_end_under_cron_conditions(tmp_path: Path, home: Path) -> None:
    today = date.today()
    write_config(home, '[reminders]\ncheckin_time = "00:00"\nassessments = ["phq9"]\n')
    ten_years = [ago(n, today) for n in range(3650, 0, -1)]  # ten years, up to yesterday
    add_checkins(home, ten_years)
    add_results(home, {"phq9": ago(2, today)})

    r = cron_run(home, tmp_path, "remind")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "" and "Traceback" not in r.stdout
    assert r.stdout.splitlines() == [
        "Today's check-in is here whenever you're ready; it takes a minute or two. "
        "Run: recovery checkin"]

    doc = json.loads(cron_run(home, tmp_path, "remind", "--json", "--notify").stdout)
    assert [d["kind"] for d in doc["due"]] == ["checkin"]

    add_checkins(home, [ago(0, today)])
    if date.today() != today:
        pytest.skip("the day changed while the test ran")
    r = cron_run(home, tmp_path, "remind", "--notify")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_end_to_end_with_no_home_at_all(tmp_path: Path, home: Path) -> None:
    r = cron_run(home, tmp_path, "remind")
    assert r.exit_code == 0 and r.stderr == ""
    assert all(" Run: recovery " in line for line in r.stdout.splitlines())
    assert not home.exists()


def test_end_to_end_failure_is_one_line(tmp_path: Path, home: Path) -> None:
    home.write_text("a file")
    r = cron_run(home, tmp_path, "remind")
    assert r.exit_code == 1
    one_line_error(r)
