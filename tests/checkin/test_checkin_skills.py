"""Skills practised on a day feed that day's check-in: offered first in the coping list and
ticked by default in the prompts; a flag-only run adds them unless --set coping=... is given;
a skill the person unticked is not ticked again (only practice since the last save is)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys, no_tty
from recovery_cli.checkin.logic import with_practised
from recovery_cli.core import clock
from recovery_cli.store import open_db, transaction
from recovery_cli.store.skills import add_practice

pytestmark = pytest.mark.timeout(20)

ENTER, SPACE, DOWN = Keys.ENTER, Keys.SPACE, Keys.DOWN

# mood typed, then Enter keeps the default of every other question and "Save?"
#   energy, sleep, sleep quality, anxiety, symptoms, triggers | coping | medication, note, save
BEFORE_COPING = "6" + ENTER + ENTER * 4 + ENTER * 2
AFTER_COPING = ENTER * 3


def practise(home: Path, skill: str, at: datetime) -> None:
    conn = open_db(home)
    with transaction(conn):
        add_practice(conn, skill, clock.iso(at), at.date().isoformat(), 6, None, {})
    conn.close()


def early_today() -> datetime:
    """A moment of today that is before any check-in a test saves."""
    return datetime.combine(date.today(), time(0, 0, 1)).astimezone()


def coping_of(cli: Any, day: str | None = None) -> Any:
    r = no_tty(cli, "history", "--json")
    assert r.exit_code == 0, r.stderr
    row = next(d for d in r.json() if d["date"] == (day or date.today().isoformat()))
    return row["coping"]


def test_practised_skill_is_offered_first_and_ticked(cli: Any, keys: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    keys(BEFORE_COPING + ENTER + AFTER_COPING)  # Enter at coping keeps what is ticked
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert "Box breathing" in r.stdout  # the summary names it by its title
    assert coping_of(cli) == ["box_breathing"]
    table = no_tty(cli, "history")
    assert "Box breathing" in table.stdout and "box_breathing" not in table.stdout


def test_practised_skill_sits_beside_the_usual_options(cli: Any, keys: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    keys(BEFORE_COPING + DOWN + SPACE + ENTER + AFTER_COPING)  # also tick "Went for a walk"
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    assert coping_of(cli) == ["box_breathing", "walk"]


def test_unticked_skill_stays_unticked_new_practice_is_ticked(cli: Any, keys: Any,
                                                              home: Path) -> None:
    practise(home, "box_breathing", early_today())
    keys(BEFORE_COPING + SPACE + ENTER + AFTER_COPING)  # untick it
    assert cli("checkin").exit_code == 0
    assert coping_of(cli) == []
    keys(ENTER * 11)  # a re-run, keeping every answer
    assert cli("checkin").exit_code == 0
    assert coping_of(cli) == []
    practise(home, "tipp", clock.now())  # practised after the check-in was saved
    keys(ENTER * 11)
    assert cli("checkin").exit_code == 0
    assert coping_of(cli) == ["tipp"]


def test_flags_only_adds_the_practice_and_says_so(cli: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    practise(home, "stop", early_today() + timedelta(seconds=5))
    r = no_tty(cli, "checkin", "--mood", "5", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] == ["box_breathing", "stop"]
    assert "Added the skills you practised to your coping skills: Box breathing, STOP" in r.stderr
    # a later flag-only run changes nothing else
    r = no_tty(cli, "checkin", "--note", "a calm evening", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] == ["box_breathing", "stop"]
    assert "Added the skills" not in r.stderr


def test_set_coping_wins_and_may_name_a_practised_skill(cli: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    r = no_tty(cli, "checkin", "--mood", "5", "--set", "coping=walk", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] == ["walk"]
    assert "Added the skills" not in r.stderr
    r = no_tty(cli, "checkin", "--set", "coping=walk,Box breathing", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] == ["walk", "box_breathing"]
    # a skill not practised that day is not an option
    r = no_tty(cli, "checkin", "--set", "coping=tipp")
    assert r.exit_code == 2 and "tipp" in r.stderr


def test_answered_coping_keeps_its_ticks_for_an_older_practice(cli: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    r = no_tty(cli, "checkin", "--mood", "5", "--set", "coping=walk")
    assert r.exit_code == 0, r.stderr
    r = no_tty(cli, "checkin", "--note", "later", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] == ["walk"]


def test_only_that_days_practice_counts(cli: Any, home: Path) -> None:
    yesterday = date.today() - timedelta(days=1)
    practise(home, "box_breathing", early_today())
    r = no_tty(cli, "checkin", "--date", "yesterday", "--mood", "5", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["coping"] is None
    practise(home, "body_scan", datetime.combine(yesterday, time(9)).astimezone())
    r = no_tty(cli, "checkin", "--date", "yesterday", "--energy", "4", "--json")
    assert r.json()["coping"] == ["body_scan"]
    assert coping_of(cli, yesterday.isoformat()) == ["body_scan"]


def test_nothing_to_change_is_still_exit_2(cli: Any, home: Path) -> None:
    assert no_tty(cli, "checkin", "--mood", "5").exit_code == 0
    practise(home, "box_breathing", clock.now())
    r = no_tty(cli, "checkin")
    assert r.exit_code == 2 and "nothing to change" in r.stderr
    assert coping_of(cli) is None


def test_with_practised_rule() -> None:
    at = "2026-11-20T10:00:00+01:00"
    later = "2026-11-20T18:00:00+01:00"
    assert with_practised(None, [("stop", at)], None) == ["stop"]
    assert with_practised(None, [("stop", at)], later) == ["stop"]  # coping never answered
    assert with_practised([], [("stop", at)], later) is None  # answered after: left unticked
    assert with_practised(["walk"], [("stop", later)], at) == ["walk", "stop"]
    assert with_practised(["stop"], [("stop", later)], at) is None  # already ticked
    assert with_practised([], [], None) is None


def test_the_report_names_a_ticked_skill_by_its_title(cli: Any, home: Path) -> None:
    practise(home, "box_breathing", early_today())
    assert no_tty(cli, "checkin", "--mood", "5", "--set", "coping=walk,box_breathing").exit_code == 0
    md = no_tty(cli, "export", "--section", "checkins")
    assert md.exit_code == 0, md.stderr
    assert "Box breathing" in md.stdout and "Went for a walk" in md.stdout
    assert "box_breathing" not in md.stdout
    table = no_tty(cli, "export", "-f", "csv")  # CSV keeps the stored values
    assert "box_breathing; walk" in table.stdout
