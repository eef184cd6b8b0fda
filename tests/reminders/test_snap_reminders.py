"""Opt-in snap prompts (issue 19): at the person's times only, never in quiet hours, at most
four a day, silent when a snap was made in the last two hours; `config set reminders.snaps`."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import no_tty
from recovery_cli.core import clock
from recovery_cli.reminders import run as remind_run
from recovery_cli.reminders.schedule import (
    KIND_SNAP,
    Recorded,
    Settings,
    due_reminders,
    snap_prompt,
)

DAY = datetime(2026, 3, 10).astimezone().replace(hour=0)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def kinds(now: datetime, settings: Settings, last_snap: datetime | None = None) -> list[str]:
    recorded = Recorded(last_checkin_day=now.date(), last_snap_at=last_snap)
    return [r.kind for r in due_reminders(now, settings, recorded, {})]


NONE_ELSE = dict(checkin_time="23:59", assessments=(), plan_review_days=0)


def test_off_by_default() -> None:
    assert kinds(at(10, 5), Settings(**NONE_ELSE)) == []  # type: ignore[arg-type]


def test_due_in_the_hour_after_each_time_only() -> None:
    s = Settings(**NONE_ELSE, snaps=("10:00", "15:00"))  # type: ignore[arg-type]
    assert kinds(at(9, 59), s) == []
    assert kinds(at(10, 0), s) == [KIND_SNAP]
    assert kinds(at(10, 59), s) == [KIND_SNAP]
    assert kinds(at(11, 0), s) == []
    assert kinds(at(15, 30), s) == [KIND_SNAP]
    r = snap_prompt(at(15, 30), s.snaps, None)
    assert r is not None and r.message == "How are you right now?" and r.command == \
        "recovery snap"


def test_never_in_quiet_hours() -> None:
    s = Settings(**NONE_ELSE, snaps=("22:30", "07:30"), quiet_hours="22:00-08:00")  # type: ignore[arg-type]
    assert kinds(at(22, 40), s) == [] and kinds(at(7, 45), s) == []


def test_silent_for_two_hours_after_a_snap() -> None:
    s = Settings(**NONE_ELSE, snaps=("15:00",))  # type: ignore[arg-type]
    assert kinds(at(15, 10), s, last_snap=at(13, 20)) == []  # 1 h 50 min ago
    assert kinds(at(15, 10), s, last_snap=at(13, 10)) == [KIND_SNAP]  # exactly 2 h ago


def test_at_most_four_a_day() -> None:
    times = ("08:00", "10:00", "12:00", "14:00", "16:00", "18:00")
    due = [h for h in range(24) if snap_prompt(at(h, 30), times, None) is not None]
    assert due == [8, 10, 12, 14]


def test_config_takes_up_to_four_times(cli: Any, home: Path) -> None:
    assert no_tty(cli, "config", "set", "reminders.snaps", "15:00,10:00").exit_code == 0
    assert no_tty(cli, "config", "get", "reminders.snaps").json() == ["10:00", "15:00"]
    for bad in ("10:00,25:00", "noon", "08:00,09:00,10:00,11:00,12:00"):
        r = no_tty(cli, "config", "set", "reminders.snaps", bad)
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert no_tty(cli, "config", "set", "reminders.snaps", "").exit_code == 0
    assert no_tty(cli, "config", "get", "reminders.snaps").json() == []


def test_remind_offers_it_and_a_snap_silences_it(cli: Any, home: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    no_tty(cli, "config", "set", "reminders.snaps", "10:00")
    no_tty(cli, "config", "set", "reminders.checkin_time", "23:00")
    no_tty(cli, "config", "set", "reminders.assessments", "")
    now = at(10, 20)
    monkeypatch.setattr(clock, "now", lambda: now)
    remind_run.remind(home)
    assert "How are you right now? Run: recovery snap" in capsys.readouterr().out
    assert no_tty(cli, "snap", "6", "--at", (now - timedelta(minutes=5)).isoformat()).exit_code \
        == 0
    remind_run.remind(home)
    assert "recovery snap" not in capsys.readouterr().out


def test_after_midnight_yesterdays_check_in_is_still_due() -> None:
    s = Settings(checkin_time="20:00", assessments=(), plan_review_days=0)
    one_am = DAY.replace(hour=1)  # before the day's end: still the day before
    yesterday = (one_am - timedelta(days=1)).date()
    none_yet = Recorded(last_checkin_day=yesterday - timedelta(days=1))
    assert [r.kind for r in due_reminders(one_am, s, none_yet, {})] == ["checkin"]
    done = Recorded(last_checkin_day=yesterday)
    assert due_reminders(one_am, s, done, {}) == []
    # from 04:00 it is a new day, and its check-in time has not come yet
    assert due_reminders(DAY.replace(hour=4), s, done, {}) == []
