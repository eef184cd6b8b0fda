"""The day boundary (issue 19): a moment before `day_ends_at` (04:00 by default) belongs to
the day before, through ONE function (clock.day_of), across midnight and DST changes; the
commands say so once, and --date always wins."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import no_tty
from recovery_cli.core import clock

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("wall", "expected"), [
    (time(23, 59), date(2026, 3, 10)), (time(0, 0), date(2026, 3, 10)),
    (time(0, 30), date(2026, 3, 10)), (time(3, 59), date(2026, 3, 10)),
    (time(4, 0), date(2026, 3, 11)), (time(12, 0), date(2026, 3, 11)),
])
def test_before_four_is_the_day_before(wall: time, expected: date) -> None:
    day = date(2026, 3, 10) if wall >= time(12) and wall.hour == 23 else date(2026, 3, 11)
    assert clock.day_of(datetime.combine(day, wall, tzinfo=LONDON)) == expected


def test_the_boundary_is_configurable_and_midnight_is_the_calendar() -> None:
    moment = datetime(2026, 3, 11, 2, 30, tzinfo=LONDON)
    assert clock.day_of(moment, time(0, 0)) == date(2026, 3, 11)
    assert clock.day_of(moment, time(2, 0)) == date(2026, 3, 11)
    assert clock.day_of(moment, time(3, 0)) == date(2026, 3, 10)


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_across_dst_changes_the_wall_clock_decides(zone: ZoneInfo) -> None:
    # Spring forward (London 29 March 2026 01:00->02:00; New York 8 March 2026 02:00->03:00)
    # and fall back (London 25 October 2026; New York 1 November 2026): 03:59 local is still
    # the day before, 04:00 local the new day, however many hours the night had.
    for day in (date(2026, 3, 29), date(2026, 3, 8), date(2026, 10, 25), date(2026, 11, 1)):
        before = datetime.combine(day, time(3, 59), tzinfo=zone)
        after = datetime.combine(day, time(4, 0), tzinfo=zone)
        assert clock.day_of(before) == day - timedelta(days=1)
        assert clock.day_of(after) == day
        # the same instants seen from UTC and back keep their local day
        assert clock.day_of(before.astimezone(ZoneInfo("UTC")).astimezone(zone)) \
            == day - timedelta(days=1)
    fold = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1)  # the repeated hour
    assert clock.day_of(fold) == date(2026, 10, 24)


def test_the_note_names_both_days() -> None:
    tuesday_night = datetime(2026, 3, 11, 0, 30, tzinfo=LONDON)  # a Wednesday, 00:30
    assert clock.boundary_note(tuesday_night) == (
        "Counting this for Tuesday, since it's before 4:00; use --date today for Wednesday.")
    assert clock.boundary_note(datetime(2026, 3, 11, 4, 0, tzinfo=LONDON)) is None


@pytest.fixture
def half_past_midnight(monkeypatch: pytest.MonkeyPatch) -> datetime:
    moment = datetime(2026, 3, 11, 0, 30).astimezone()  # a Wednesday
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def test_commands_after_midnight_count_for_the_evening_before(
        cli: Any, home: Path, half_past_midnight: datetime) -> None:
    r = no_tty(cli, "checkin", "--mood", "4", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["date"] == "2026-03-10"
    assert r.stderr.count("Counting this for Tuesday, since it's before 4:00; use --date "
                          "today for Wednesday.") == 1
    r = no_tty(cli, "snap", "5", "--json")
    assert r.json()["date"] == "2026-03-10" and "Counting this for Tuesday" in r.stderr
    r = no_tty(cli, "journal", "write", "late thoughts")
    assert r.exit_code == 0 and "Counting this for Tuesday" in r.stderr
    entries = no_tty(cli, "journal", "list", "--json").json()
    assert entries[0]["date"] == "2026-03-10"
    # --date always wins
    r = no_tty(cli, "checkin", "--mood", "6", "--date", "today", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["date"] == "2026-03-11" and "Counting" not in r.stderr
    assert no_tty(cli, "snap", "7", "--date", "today", "--json").json()["date"] == "2026-03-11"
    # history's default window ends on the day it still is for the person, and (as for a
    # check-in saved as "today" further east) also shows the day ahead saved on purpose
    days = [d["date"] for d in no_tty(cli, "history", "--days", "1", "--json").json()]
    assert days == ["2026-03-10", "2026-03-11"]


def test_day_ends_at_from_config_moves_the_boundary(cli: Any, home: Path,
                                                    half_past_midnight: datetime) -> None:
    assert no_tty(cli, "config", "set", "day_ends_at", "00:00").exit_code == 0
    r = no_tty(cli, "snap", "5", "--json")
    assert r.json()["date"] == "2026-03-11" and "Counting" not in r.stderr


@pytest.mark.parametrize("bad", ["06:01", "07:00", "4", "4am", "25:00", "04:60", ""])
def test_invalid_day_ends_at_is_refused(cli: Any, home: Path, bad: str) -> None:
    r = no_tty(cli, "config", "set", "day_ends_at", bad)
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert no_tty(cli, "config", "get", "day_ends_at").stdout.strip() == "04:00"


def test_day_ends_at_accepts_up_to_six(cli: Any, home: Path) -> None:
    assert no_tty(cli, "config", "set", "day_ends_at", "06:00").exit_code == 0
    assert no_tty(cli, "config", "get", "day_ends_at").stdout.strip() == "06:00"


def test_a_snap_at_an_evening_time_after_midnight_is_the_evening_before(
        cli: Any, home: Path, half_past_midnight: datetime) -> None:
    doc = no_tty(cli, "snap", "4", "--at", "23:00", "--json").json()
    assert doc["at"].startswith("2026-03-10T23:00") and doc["date"] == "2026-03-10"
    r = no_tty(cli, "snap", "4", "--at", "00:45")  # later tonight: still the future
    assert r.exit_code == 2 and "future" in r.stderr
