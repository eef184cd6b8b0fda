"""Time zones and DST (issue 24, item 12), each command in a subprocess with TZ set, as a
person's machine would be after a flight or on the night the clocks change. POSIX TZ strings
(`<+14>-14` is UTC+14), so no tz database is needed.

- Journal entries written across a move from UTC+14 to UTC-10 (the local clock text goes a
  day back) and across the autumn DST change (01:30 EDT, then 01:10 EST, 40 minutes later)
  list newest first by the instant written; `-n 1` is the entry written last.
- A check-in saved for "today" in UTC+14 is still shown and can still be changed after the
  move, when the local today is the day before.
- history and trends work on DST days.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, run_recovery

EAST = "<+14>-14"  # UTC+14 (Kiribati)
WEST = "<-10>10"  # UTC-10 (Hawaii)
US_EASTERN = "EST5EDT,M3.2.0,M11.1.0"


def at(home: Path, tz: str, *args: str) -> Result:
    r = run_recovery(*args, env={"RECOVERY_HOME": str(home), "TZ": tz})
    assert "Traceback" not in r.stderr, r.stderr
    return r


def bodies(home: Path, tz: str, *extra: str) -> list[str]:
    r = at(home, tz, "journal", "list", "--json", *extra)
    assert r.exit_code == 0, r.stderr
    return [e["body"] for e in json.loads(r.stdout)]


def test_entries_across_a_move_west_list_newest_first(home: Path) -> None:
    assert at(home, EAST, "journal", "write", "written first, in Kiribati").exit_code == 0
    assert at(home, WEST, "journal", "write", "written second, in Hawaii").exit_code == 0
    assert bodies(home, WEST) == ["written second, in Hawaii", "written first, in Kiribati"]
    assert bodies(home, EAST) == ["written second, in Hawaii", "written first, in Kiribati"]
    assert bodies(home, WEST, "-n", "1") == ["written second, in Hawaii"]


def test_given_instants_across_the_date_line(home: Path) -> None:
    """11:00 on Dec 2 at UTC+14 is 21:00 UTC on Dec 1; 11:01 on Dec 1 at UTC-10 is a minute
    later, though its text sorts a day earlier."""
    for text, when in (("east", "2026-11-28T11:00:00+14:00"),
                       ("west", "2026-11-27T11:01:00-10:00"),
                       ("older", "2026-11-27T20:00:00+00:00")):
        assert at(home, WEST, "journal", "write", text, "--date", when).exit_code == 0
    assert bodies(home, WEST) == ["west", "east", "older"]
    assert bodies(home, WEST, "-n", "1") == ["west"]
    assert bodies(home, WEST, "-n", "2") == ["west", "east"]


def test_entries_across_the_autumn_dst_change(home: Path) -> None:
    for text, when in (("before the change", "2026-11-01T01:30:00-04:00"),
                       ("after the change", "2026-11-01T01:10:00-05:00")):
        assert at(home, US_EASTERN, "journal", "write", text, "--date", when).exit_code == 0
    assert bodies(home, US_EASTERN) == ["after the change", "before the change"]
    assert bodies(home, US_EASTERN, "-n", "1") == ["after the change"]


def test_many_entries_then_a_move_keep_the_order(home: Path) -> None:
    """More entries than -n, so the newest by instant has to be found beyond the first page
    of the index (local text order)."""
    for i in range(25):
        assert at(home, WEST, "journal", "write", f"west {i}",
                  "--date", f"2026-11-20T{i % 24:02d}:00:00-10:00").exit_code == 0
    assert at(home, WEST, "journal", "write", "east, newest",
              "--date", "2026-11-21T23:30:00+14:00").exit_code == 0  # = Nov 21 09:30 UTC
    assert at(home, WEST, "journal", "write", "west, newer still",
              "--date", "2026-11-21T00:00:00-10:00").exit_code == 0  # = Nov 21 10:00 UTC
    assert bodies(home, WEST, "-n", "2") == ["west, newer still", "east, newest"]


def test_a_checkin_for_today_survives_a_move_west(home: Path) -> None:
    r = at(home, EAST, "checkin", "--mood", "5", "--json")
    assert r.exit_code == 0, r.stderr
    day = json.loads(r.stdout)["date"]
    # In UTC-10 that day is tomorrow: still shown, still changeable.
    shown = at(home, WEST, "history", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert [c["date"] for c in json.loads(shown.stdout)] == [day]
    assert day in at(home, WEST, "history").stdout
    r = at(home, WEST, "checkin", "--date", day, "--mood", "7")
    assert r.exit_code == 0, r.stderr
    assert json.loads(at(home, WEST, "history", "--json").stdout)[0]["mood"] == 7
    # A day ahead with no check-in is still the future.
    r = at(home, WEST, "checkin", "--date", "9998-01-01", "--mood", "7")
    assert r.exit_code == 2 and "future" in r.stderr


_ON_A_DAY = """
import sys
from datetime import datetime
from recovery_cli.core import clock
moment = datetime.fromisoformat(sys.argv[1]).astimezone()
clock.now = lambda: moment
from recovery_cli.cli import run
sys.exit(run(sys.argv[2:]))
"""


def on(home: Path, tz: str, moment: str, *args: str) -> Result:
    p = subprocess.run([sys.executable, "-c", _ON_A_DAY, moment, *args],
                       env=dict(os.environ, RECOVERY_HOME=str(home), TZ=tz),
                       capture_output=True, text=True, timeout=60)
    assert "Traceback" not in p.stderr, p.stderr
    return Result(p.returncode, p.stdout, p.stderr)


@pytest.mark.parametrize("moment", ["2026-03-08T12:00:00-04:00",  # spring forward: 23 hours
                                    "2026-11-01T12:00:00-05:00"],  # fall back: 25 hours
                         ids=["spring", "autumn"])
def test_history_and_trends_on_dst_days(home: Path, moment: str) -> None:
    from datetime import date, timedelta

    today = date.fromisoformat(moment[:10])
    for n in range(20):
        day = (today - timedelta(days=n)).isoformat()
        r = on(home, US_EASTERN, moment, "checkin", "--date", day, "--mood", str(n % 11),
               "--sleep", "7")
        assert r.exit_code == 0, r.stderr
    assert on(home, US_EASTERN, moment, "journal", "write", "on the day").exit_code == 0
    r = on(home, US_EASTERN, moment, "history", "--json")
    assert r.exit_code == 0, r.stderr
    days = [c["date"] for c in json.loads(r.stdout)]
    assert days[-1] == today.isoformat() and len(days) == 14 and len(set(days)) == 14
    for args in (("history",), ("trends",), ("trends", "--json"), ("trends", "--days", "7"),
                 ("journal", "list"), ("remind",)):
        r = on(home, US_EASTERN, moment, *args)
        assert r.exit_code == 0, (args, r.stderr)
    trend: Any = json.loads(on(home, US_EASTERN, moment, "trends", "--json").stdout)
    assert trend
