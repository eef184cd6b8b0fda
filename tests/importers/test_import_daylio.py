"""recovery import of Daylio CSV exports: the three layouts, 12/24-hour times, mood labels
(defaults, --mood-map, asked in a terminal), several entries a day, errors, re-runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from ptyutil import spawn_recovery
from recovery_cli.store import open_db
from recovery_cli.store.export_reads import Window, iter_checkin_days, iter_entries

FIXTURE = Path(__file__).parents[1] / "fixtures" / "daylio" / "daylio_export.csv"


def read_home(home: Path) -> tuple[dict[str, Any], list[Any]]:
    conn = open_db(home)
    try:
        days = {d.day: d for d in iter_checkin_days(conn, Window(include_private=True))}
        entries = list(iter_entries(conn, Window(include_private=True)))
    finally:
        conn.close()
    return days, entries


def fixture_rows() -> list[list[str]]:
    with FIXTURE.open(newline="", encoding="utf-8") as fp:
        return list(csv.reader(fp))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def twelve_hour(t: str) -> str:
    h, m = (int(x) for x in t.split(":"))
    return f"{(h % 12) or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}"


def check_fixture_content(home: Path) -> None:
    days, entries = read_home(home)
    assert len(days) == 18  # 21 records, three days with two
    assert len(entries) == 12  # 9 records have no note
    # Two entries on one day: mean mood, union of activities as coping.
    nov19 = days["2026-11-19"]
    assert nov19.values["mood"] == 7.5
    assert nov19.choices["coping"] == ["friends", "gaming", "good sleep", "sport"]
    assert days["2026-11-05"].values["mood"] == 1.25  # drained 2.5 and awful 0
    assert days["2026-10-30"].values["mood"] == 6.25  # good and meh
    assert days["2026-11-01"].values["mood"] == 10.0  # rad
    assert "coping" not in days["2026-11-10"].choices  # no activities
    assert days["2026-10-30"].choices["coping"] == ["bad sleep", "friends", "movies & tv", "work"]
    titled = {e.title: e for e in entries if e.title}
    assert set(titled) == {"Sunday hike", "Therapy", "Anniversary"}
    assert titled["Anniversary"].body == "Lunch out, lots of laughing."
    quoted = next(e for e in entries if e.day == "2026-11-09")
    assert quoted.body == ('Argued with my manager, then apologised. He said "let\'s start over '
                           'tomorrow".\nStill replaying it in my head.')
    assert quoted.created_at.startswith("2026-11-09T21:35")
    german = next(e for e in entries if e.day == "2026-11-07")
    assert "Zoë im Café" in german.body and "🙂" in german.body
    assert [e.day for e in entries] == sorted(e.day for e in entries)


def test_fixture_with_mood_map(cli: Any, home: Path) -> None:
    r = cli("import", str(FIXTURE), "--mood-map", "drained=2.5")
    assert r.exit_code == 0, r.stderr
    assert "Added: 18 check-ins, 12 journal entries" in r.stderr
    check_fixture_content(home)
    again = cli("import", str(FIXTURE), "--mood-map", "drained=2.5")
    assert again.exit_code == 0
    assert "Added: nothing" in again.stderr
    assert "Already there (skipped): 18 check-ins, 12 journal entries" in again.stderr


def test_unknown_label_without_terminal_exits_2(cli: Any, home: Path) -> None:
    r = cli("import", str(FIXTURE))
    assert r.exit_code == 2
    assert "'drained'" in r.stderr and "--mood-map drained=" in r.stderr
    assert not (home / "recovery.db").exists() or read_home(home) == ({}, [])
    dry = cli("import", str(FIXTURE), "--dry-run")
    assert dry.exit_code == 0
    assert "Would add: 18 check-ins, 12 journal entries" in dry.stderr
    assert "drained" in dry.stderr and "--mood-map" in dry.stderr
    assert not (home / "recovery.db").exists()


def test_unknown_label_asked_in_terminal(cli: Any, home: Path, keys: Any) -> None:
    keys("2.5\r")
    r = cli("import", str(FIXTURE))
    assert r.exit_code == 0, r.stderr
    check_fixture_content(home)


def test_ctrl_c_at_the_mood_question_imports_nothing(cli: Any, home: Path, keys: Any) -> None:
    keys("\x03")
    r = cli("import", str(FIXTURE))
    assert r.exit_code == 130
    assert "nothing was imported" in r.stderr.lower()
    assert not (home / "recovery.db").exists() or read_home(home) == ({}, [])


def test_custom_map_overrides_defaults(cli: Any, home: Path) -> None:
    r = cli("import", str(FIXTURE), "--mood-map", "Drained=3", "--mood-map", "rad=9")
    assert r.exit_code == 0, r.stderr
    days, _ = read_home(home)
    assert days["2026-11-01"].values["mood"] == 9.0
    assert days["2026-11-12"].values["mood"] == 3.0
    for bad in ("drained", "drained=eleven", "drained=11", "=5"):
        assert cli("import", str(FIXTURE), "--mood-map", bad).exit_code == 2


def test_nine_column_layout_with_scales(cli: Any, home: Path, tmp_path: Path) -> None:
    rows = fixture_rows()
    nine = [[*r[:6], "scales" if i == 0 else "sleep 3/5", *r[6:]] for i, r in enumerate(rows)]
    p = write_rows(tmp_path / "nine.csv", nine)
    r = cli("import", str(p), "--mood-map", "drained=2.5")
    assert r.exit_code == 0, r.stderr
    check_fixture_content(home)


def test_old_seven_column_layout_and_12_hour_times(cli: Any, home: Path, tmp_path: Path) -> None:
    rows = fixture_rows()
    old = [["year", "date", "weekday", "time", "mood", "activities", "note"]]
    for r in rows[1:]:
        full_date, shown, weekday, t, mood, acts, _title, note = r
        old.append([full_date[:4], shown, weekday, twelve_hour(t), mood, acts, note])
    p = write_rows(tmp_path / "old.csv", old)
    from recovery_cli import importers

    assert importers.detect(p) == "daylio-csv"
    r = cli("import", str(p), "--mood-map", "drained=2.5")
    assert r.exit_code == 0, r.stderr
    days, entries = read_home(home)
    assert len(days) == 18
    assert days["2026-11-19"].values["mood"] == 7.5
    assert len(entries) == 12  # the titled notes' text is still there, without titles
    evening = next(e for e in entries if e.day == "2026-11-09")
    assert evening.created_at[11:16] == "21:35"
    morning = next(e for e in entries if e.day == "2026-11-05")
    assert morning.created_at[11:16] == "07:45"


def test_bad_rows_exit_2_with_row_and_nothing_imported(cli: Any, home: Path,
                                                       tmp_path: Path) -> None:
    rows = fixture_rows()
    rows[4][3] = "quarter past nine"
    p = write_rows(tmp_path / "bad.csv", rows)
    r = cli("import", str(p), "--mood-map", "drained=2.5")
    assert r.exit_code == 2
    assert "row 5 (line 5)" in r.stderr and "21:05 or 9:05 PM" in r.stderr
    rows = fixture_rows()
    rows[12] = rows[12][:5]  # past the two-line record: physical line 14
    p = write_rows(tmp_path / "short.csv", rows)
    r = cli("import", str(p), "--mood-map", "drained=2.5")
    assert r.exit_code == 2 and "row 13 (line 14)" in r.stderr and "8 fields" in r.stderr
    rows = fixture_rows()
    rows[2][0] = "19/11/2026"
    r = cli("import", str(write_rows(tmp_path / "date.csv", rows)), "--format", "daylio-csv",
            "--mood-map", "drained=2.5")
    assert r.exit_code == 2 and "full_date like 2026-11-19" in r.stderr
    header_only = tmp_path / "empty.csv"
    header_only.write_text("full_date,date,weekday,time,mood,activities,note_title,note\n",
                           encoding="utf-8")
    assert cli("import", str(header_only)).exit_code == 2
    not_daylio = tmp_path / "other.csv"
    not_daylio.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    r = cli("import", str(not_daylio), "--format", "daylio-csv")
    assert r.exit_code == 2 and "full_date,date,weekday" in r.stderr
    assert not (home / "recovery.db").exists() or read_home(home) == ({}, [])


def test_existing_different_checkin_is_kept(cli: Any, home: Path) -> None:
    from export_seed import at
    from recovery_cli.core.imported import NewCheckin
    from recovery_cli.store import transaction
    from recovery_cli.store.import_writes import Writer

    conn = open_db(home)
    with transaction(conn):
        Writer(conn).add_checkin(NewCheckin(day="2026-11-19", created_at=at(
            __import__("datetime").date(2026, 11, 19)), values={"mood": 4.0}))
    conn.close()
    r = cli("import", str(FIXTURE), "--mood-map", "drained=2.5")
    assert r.exit_code == 0
    assert "yours were kept" in r.stderr
    days, _ = read_home(home)
    assert days["2026-11-19"].values == {"mood": 4.0}


@pytest.mark.pty
def test_mood_question_in_a_real_terminal(home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = spawn_recovery(home, "import", str(FIXTURE), size=(30, 110), timeout=30, unset=())
    child.expect("Value for 'drained'")
    child.send("2.5\r")
    child.expect("Added: 18 check-ins, 12 journal entries")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    check_fixture_content(home)


def test_every_daylio_entry_is_also_a_moment(cli: Any, home: Path) -> None:
    """Issue 19: each record a snap at its time; the day's check-in keeps the mean."""
    r = cli("import", str(FIXTURE), "--mood-map", "drained=2.5")
    assert r.exit_code == 0, r.stderr
    assert "21 quick moments" in r.stderr
    nov05 = cli("snaps", "--day", "2026-11-05", "--json").json()
    assert sorted(s["mood"] for s in nov05) == [0, 2.5]
    assert all(s["source"] == "import:daylio" for s in nov05)
    day = next(d for d in cli("history", "--from", "2026-11-05", "--to", "2026-11-05",
                              "--json").json())
    assert day["mood"] == 1.25 and day["moments"] == 2 and day["mood_range"] == [0, 2.5]
    again = cli("import", str(FIXTURE), "--mood-map", "drained=2.5")
    assert "21 quick moments" in again.stderr and "Added: nothing" in again.stderr
