"""Quick moments (issue 19): `snap` through its argument, flags and prompts; bad input saves
nothing; the day's record with and without a check-in; `history` and `snaps`."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys, no_tty
from recovery_cli.core import clock

FIXTURE = Path(__file__).parents[1] / "fixtures" / "db" / "v1.db"


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def ok(cli: Any, *args: str) -> Any:
    r = no_tty(cli, *args)
    assert r.exit_code == 0, r.stderr
    return r


@pytest.fixture
def noon(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """A fixed 'now' well inside the day, so the day boundary never moves these tests."""
    moment = datetime.combine(date.today(), datetime.min.time()).replace(hour=13).astimezone()
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def test_snap_from_the_argument_and_flags(cli: Any, home: Path, noon: datetime) -> None:
    r = ok(cli, "snap", "6")
    assert "Saved: mood 6 at 13:00." in r.stdout
    doc = ok(cli, "snap", "3", "--anxiety", "7", "--energy", "2", "--note", "after  the call",
             "--tag", "work", "--tag", "#Calls", "--at", "11:15", "--json").json()
    assert doc["mood"] == 3 and doc["anxiety"] == 7 and doc["energy"] == 2
    assert doc["note"] == "after the call" and doc["tags"] == ["work", "calls"]
    assert doc["at"].startswith(noon.date().isoformat() + "T11:15")
    assert doc["date"] == noon.date().isoformat()
    listed = ok(cli, "snaps", "--json").json()
    assert [s["mood"] for s in listed] == [3, 6]  # in time order
    text = ok(cli, "snaps").stdout
    assert "2 moments, mood 3-6" in text and "#work" in text


@pytest.mark.parametrize("args", [["11"], ["-1"], ["six"], ["nan"], ["5", "--anxiety", "12"],
                                  ["5", "--at", "tomorrow 10:00"],
                                  ["5", "--at", "2001-01-01T10:00"]])
def test_bad_snaps_exit_2_in_one_line_and_save_nothing(cli: Any, home: Path, noon: datetime,
                                                       args: list[str]) -> None:
    ok(cli, "snap", "5")  # the database exists: nothing is added to it
    r = no_tty(cli, "snap", *args)
    assert r.exit_code == 2, r.stdout
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert rows(home, "SELECT count(*) FROM snaps") == [(1,)]


def test_an_old_moment_needs_yes(cli: Any, home: Path, noon: datetime) -> None:
    r = no_tty(cli, "snap", "4", "--at", "2001-01-01T10:00")
    assert r.exit_code == 2 and "--yes" in r.stderr
    assert ok(cli, "snap", "4", "--at", "2001-01-01T10:00", "--yes", "--json").json()["date"] \
        == "2001-01-01"


def test_no_terminal_and_no_mood_names_the_argument(cli: Any, home: Path) -> None:
    r = no_tty(cli, "snap")
    assert r.exit_code == 2 and "recovery snap 6" in r.stderr
    assert not (home / "recovery.db").exists()


def test_the_prompt_takes_one_number_and_ctrl_c_saves_nothing(cli: Any, keys: Any, home: Path,
                                                              noon: datetime) -> None:
    keys("7" + Keys.ENTER)
    r = cli("snap")
    assert r.exit_code == 0, r.stderr
    keys("4" + Keys.CONTROLC)
    r = cli("snap")
    assert r.exit_code == 130 and "no moment was saved" in r.stderr
    assert rows(home, "SELECT mood FROM snaps") == [(7.0,)]


def test_history_shows_the_range_only_for_days_with_snaps(cli: Any, home: Path,
                                                          noon: datetime) -> None:
    today = noon.date()
    yesterday = (today - timedelta(days=1)).isoformat()
    ok(cli, "checkin", "--mood", "5", "--anxiety", "3", "--date", yesterday)
    ok(cli, "checkin", "--mood", "6", "--anxiety", "2")
    for mood, at in (("2", "09:00"), ("8", "10:00"), ("4", "12:00")):
        ok(cli, "snap", mood, "--anxiety", "6", "--at", at)
    days = {d["date"]: d for d in ok(cli, "history", "--json").json()}
    assert days[yesterday]["moments"] == 0 and days[yesterday]["mood_range"] is None
    assert days[today.isoformat()]["moments"] == 3
    assert days[today.isoformat()]["mood_range"] == [2, 8]  # the snaps and the check-in
    assert days[today.isoformat()]["mood"] == 6  # the check-in's own answer is kept
    text = ok(cli, "history").stdout
    assert "Moments: 3, mood 2-8, mean 5.0" in text
    assert text.count("Moments:") == 1


def test_the_day_record_with_and_without_a_check_in() -> None:
    from recovery_cli.checkin.snaps import Snap, day_record

    snaps = [Snap(1, "2026-03-10T09:00:00+00:00", "2026-03-10", 3, anxiety=7),
             Snap(2, "2026-03-10T15:00:00+00:00", "2026-03-10", 8)]
    alone = day_record("2026-03-10", snaps, None)
    assert alone.mood_range() == (3, 8) and alone.stats["mood"].last == 8
    assert alone.stats["mood"].mean == 5.5 and alone.stats["anxiety"].values == 1
    assert "energy" not in alone.stats
    both = day_record("2026-03-10", snaps, {"mood": 1, "anxiety": 2, "energy": 4},
                      "2026-03-10T21:00:00+00:00")
    assert both.mood_range() == (1, 8) and both.stats["mood"].last == 1
    assert both.stats["anxiety"].as_dict() == {"low": 2, "high": 7, "mean": 4.5, "last": 2,
                                               "count": 2}
    early = day_record("2026-03-10", snaps, {"mood": 5}, "2026-03-10T08:00:00+00:00")
    assert early.stats["mood"].last == 8  # the check-in was saved before the last snap
    checkin_only = day_record("2026-03-10", [], {"mood": 5}, "2026-03-10T21:00:00+00:00")
    assert checkin_only.mood_range() is None and checkin_only.moments == 0


def test_the_evening_check_in_shows_the_snaps_and_offers_their_mean(
        cli: Any, keys: Any, home: Path, noon: datetime) -> None:
    with_no_terminal = no_tty
    with_no_terminal(cli, "snap", "3", "--at", "09:00")
    with_no_terminal(cli, "snap", "8", "--at", "11:00")
    # Enter keeps the offered mood (mean 5.5 rounds to 6), then Enter skips the rest; save.
    keys(Keys.ENTER * 12)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert "Your moments today: 3 at 09:00, 8 at 11:00 (mean 5.5" in " ".join(r.stderr.split())
    assert ok(cli, "history", "--json").json()[-1]["mood"] == 5.5


def test_a_v1_home_migrates_and_takes_snaps(cli: Any, home: Path, noon: datetime) -> None:
    home.mkdir(mode=0o700)
    shutil.copy(FIXTURE, home / "recovery.db")
    before = rows(home, "SELECT * FROM checkins ORDER BY id")
    ok(cli, "snap", "5")
    from recovery_cli.store.schema import SCHEMA_VERSION

    assert rows(home, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(home, "SELECT * FROM checkins ORDER BY id") == before
    assert rows(home, "SELECT mood FROM snaps") == [(5.0,)]


def test_an_encrypted_v1_home_migrates_and_takes_snaps(cli: Any, home: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        noon: datetime) -> None:
    pytest.importorskip("sqlcipher3")
    from recovery_cli.store.cipher import convert, keying

    for name in ("RECOVERY_PASSPHRASE_FILE", "RECOVERY_PASSPHRASE_COMMAND"):
        monkeypatch.delenv(name, raising=False)
    home.mkdir(mode=0o700)
    db = home / "recovery.db"
    shutil.copy(FIXTURE, db)
    convert.encrypt_home(home, "open sesame")
    keying.forget()
    pfile = tmp_path / "pass"
    pfile.write_text("open sesame\n")
    pfile.chmod(0o600)
    p = ["--passphrase-file", str(pfile)]
    ok(cli, *p, "snap", "4", "--note", "quietbanana")
    assert [s["mood"] for s in ok(cli, *p, "snaps", "--json").json()] == [4]
    assert b"quietbanana" not in db.read_bytes()


def test_warning_rules_read_the_days_moments(cli: Any, home: Path, noon: datetime) -> None:
    ok(cli, "plan", "add", "warning_signs", "Up and down all day", "--rule",
       "mood_range >= 5 on 3 of 7 days", "--response", "Tell Dr Okafor")
    ok(cli, "plan", "add", "warning_signs", "Very low moments", "--rule", "mood_low <= 1 for 2 days")
    today = noon.date()
    for back in (0, 2, 4):
        day = (today - timedelta(days=back)).isoformat()
        ok(cli, "snap", "2", "--at", f"{day}T09:00")
        if back != 4:
            ok(cli, "snap", "8", "--at", f"{day}T12:00")
    signs = ok(cli, "plan", "check", "--json").json()
    assert [s["sign"] for s in signs] == []  # two big-swing days of three so far
    ok(cli, "snap", "9", "--at", f"{(today - timedelta(days=4)).isoformat()}T12:30")
    signs = ok(cli, "plan", "check", "--json").json()
    assert [s["sign"] for s in signs] == ["Up and down all day"]
    assert signs[0]["rule"] == "mood_range >= 5 on 3 of 7 days"
    bad = no_tty(cli, "plan", "add", "warning_signs", "x", "--rule", "mood_swing >= 5 for 2 days")
    assert bad.exit_code == 2


def test_trends_draws_the_range_and_counts_big_swings(cli: Any, home: Path,
                                                      noon: datetime) -> None:
    today = noon.date()
    for back, moods in ((1, ("2", "7")), (3, ("5", "6")), (5, ("1", "9"))):
        day = (today - timedelta(days=back)).isoformat()
        ok(cli, "checkin", "--mood", "5", "--date", day)
        for n, mood in enumerate(moods):
            ok(cli, "snap", mood, "--at", f"{day}T{10 + n}:00")
    ok(cli, "checkin", "--mood", "6")  # today: no snaps, no range
    doc = ok(cli, "trends", "--days", "7", "--json").json()
    assert doc["big_swing_days"] == [(today - timedelta(days=5)).isoformat(),
                                     (today - timedelta(days=1)).isoformat()]
    by_day = {m["date"]: m for m in doc["moments"]}
    assert by_day[(today - timedelta(days=3)).isoformat()]["mood_range"] == [5, 6]
    assert by_day[today.isoformat()] == {"date": today.isoformat(), "moments": 0,
                                         "mood_range": None}
    text = ok(cli, "trends", "--days", "7").stdout
    assert "Days with big swings (mood range 4 or more): 2 of the 3 days with moments." in text
    rows = [line for line in text.splitlines() if line.startswith(("Range ", "   "))
            and line.rstrip().endswith(("7-10", "0-2"))]
    assert len(rows) == 2 and "┃" in rows[0] and "┃" in rows[1]
    assert "Range" not in ok(cli, "--home", str(home / "other"), "trends", "--days", "7").stdout


def test_json_export_round_trip_carries_snaps_and_settings(cli: Any, home: Path, tmp_path: Path,
                                                          noon: datetime) -> None:
    ok(cli, "snap", "3", "--anxiety", "6", "--energy", "2", "--note", "Zoë's café 🌧️",
       "--tag", "friends", "--at", "09:30")
    ok(cli, "snap", "7.5", "--at", "2020-02-29T23:59", "--yes")
    ok(cli, "config", "set", "day_ends_at", "03:00")
    ok(cli, "config", "set", "reminders.snaps", "10:00,16:00")
    ok(cli, "config", "set", "checkin.extras", "elevation")
    out = tmp_path / "all.json"
    ok(cli, "export", "--format", "json", "-o", str(out))
    before = ok(cli, "snaps", "--days", "3000", "--json").json()
    other = tmp_path / "other"
    r = ok(cli, "--home", str(other), "import", str(out))
    assert "2 quick moments" in r.stderr and "day_ends_at" in r.stderr
    assert ok(cli, "--home", str(other), "snaps", "--days", "3000", "--json").json() == before
    for key, value in (("day_ends_at", "03:00"), ("reminders.snaps", '["10:00", "16:00"]'),
                       ("checkin.extras", '["elevation"]')):
        assert ok(cli, "--home", str(other), "config", "get", key).stdout.strip() == value
    # a home's own choices are never overwritten by an import
    mine = tmp_path / "mine"
    ok(cli, "--home", str(mine), "config", "set", "day_ends_at", "05:00")
    ok(cli, "--home", str(mine), "import", str(out))
    assert ok(cli, "--home", str(mine), "config", "get", "day_ends_at").stdout.strip() == "05:00"
    csv_dir = tmp_path / "csv"
    ok(cli, "export", "--format", "csv", "--from", "2020-01-01", "-o", f"{csv_dir}/")
    text = (csv_dir / "snaps.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "id,at,day,mood,anxiety,energy,note,tags,source"
    assert "Zoë's café 🌧️" in text and "7.5" in text


def test_a_note_with_crisis_words_brings_the_lines_after_saving(cli: Any, home: Path,
                                                               noon: datetime) -> None:
    r = no_tty(cli, "snap", "1", "--note", "I want to die tonight")
    assert r.exit_code == 0
    assert "Saved: mood 1" in r.stdout
    assert "988" in r.stderr or "Samaritans" in r.stderr  # the crisis lines, kindly
    assert rows(home, "SELECT note FROM snaps") == [("I want to die tonight",)]
    quiet = no_tty(cli, "snap", "6", "--note", "a calm walk")
    assert "Samaritans" not in quiet.stderr


def test_the_demo_has_snaps_on_a_third_of_its_days_and_big_swings(cli: Any, home: Path) -> None:
    ok(cli, "demo", "--days", "90")
    days = {s["date"] for s in ok(cli, "snaps", "--days", "120", "--json").json()}
    checkins = ok(cli, "history", "--days", "120", "--json").json()
    assert 0.25 <= len(days) / len(checkins) <= 0.45
    swings = [d for d in checkins if d["mood_range"] and d["mood_range"][1] - d["mood_range"][0]
              >= 4]
    assert len(swings) >= 3
    first = date.fromisoformat(checkins[0]["date"])
    offsets = sorted((date.fromisoformat(d["date"]) - first).days / 90 for d in swings)
    assert all(0.35 <= t <= 0.6 for t in offsets[:3])  # in the rough patch
