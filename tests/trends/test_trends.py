"""Trends: pure logic (associations, windows with gaps, streaks), the pictures rendered into
a fixed-width console, and `recovery trends` reading only the window it shows."""

from __future__ import annotations

import io
import re
import sqlite3
import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from recovery_cli.core.records import CheckinDay
from recovery_cli.trends import json_doc
from recovery_cli.trends import window as trends
from recovery_cli.ui import trends as ui

TODAY = date(2026, 3, 15)  # a Sunday


def day(n: int, today: date = TODAY) -> str:
    """The day n days before `today`."""
    return (today - timedelta(days=n)).isoformat()


def cd(d: str, mood: float | None = None, *, values: Mapping[str, float | str] | None = None,
       **choices: list[str]) -> CheckinDay:
    vals: dict[str, float | str] = dict(values or {})
    if mood is not None:
        vals["mood"] = float(mood)
    return CheckinDay(day=d, values=vals, choices=dict(choices))


def console(width: int = 60) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=width, color_system=None, highlight=False), buf


def rendered(renderable: Any, width: int = 60) -> str:
    con, buf = console(width)
    con.print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines())


# --- associations: thresholds and wording ------------------------------------------------


def walk_days(with_moods: Sequence[float], without_moods: Sequence[float]) -> list[CheckinDay]:
    out = []
    n = 0
    for m in with_moods:
        out.append(cd(day(n), m, coping=["walk"]))
        n += 2  # every other day, so next-day pairs don't overlap with these
    for m in without_moods:
        out.append(cd(day(n), m, coping=[]))
        n += 2
    return out


def assoc(t: trends.Trends, kind: str, choice: str | None = None,
          lag: str = trends.LAG_SAME) -> trends.Association | None:
    return next((a for a in t.associations
                 if a.kind == kind and a.choice == choice and a.lag == lag), None)


def test_three_days_with_and_three_without_is_reported_with_the_wording() -> None:
    with_, without = [8, 7, 9], [4, 5, 3]
    t = trends.compute(TODAY, 30, walk_days(with_, without),
                       labels={"coping": {"walk": "Went for a walk"}})
    a = assoc(t, "coping", "walk")
    assert a is not None
    assert (a.with_n, a.without_n) == (3, 3)
    a_avg, b_avg = statistics.fmean(with_), statistics.fmean(without)
    assert a.text == (f"On days with “Went for a walk” your mood averaged "
                      f"{trends.fmt(a_avg)} vs {trends.fmt(b_avg)} without.")
    assert a.difference == round(a_avg - b_avg, 1)


@pytest.mark.parametrize(("with_", "without"), [([8, 7], [4, 5, 3]), ([8, 7, 9], [4, 5])])
def test_two_days_on_either_side_is_not_enough(with_: list[float], without: list[float]) -> None:
    t = trends.compute(TODAY, 30, walk_days(with_, without))
    assert assoc(t, "coping", "walk") is None
    assert all(a.choice != "walk" for a in t.associations)


def test_days_that_did_not_answer_the_item_count_neither_way() -> None:
    days = walk_days([8, 7, 9], [4, 5])
    days.append(cd(day(40), 1.0))  # no coping answer at all: unknown, not "without"
    t = trends.compute(TODAY, 60, days)
    assert assoc(t, "coping", "walk") is None


def test_next_day_mood_pairs_a_factor_with_the_following_day() -> None:
    days = []
    # Conflict on days 20, 16, 12 (mood next day 3); none on days 18, 14, 10 (next day 7).
    for n in (20, 16, 12):
        days += [cd(day(n), 5, triggers=["conflict"]), cd(day(n - 1), 3, triggers=[])]
    for n in (18, 14, 10):
        days += [cd(day(n), 5, triggers=[]), cd(day(n - 1), 7, triggers=[])]
    t = trends.compute(TODAY, 30, days, labels={"triggers": {"conflict": "Conflict"}})
    nxt = assoc(t, "triggers", "conflict", trends.LAG_NEXT)
    assert nxt is not None
    assert nxt.with_average == 3.0  # the days after 20, 16, 12
    # The days after the other answered days: 19->18 (5), 15->14, 11->10 (5), 18->17 (7),
    # 17->16 (5), 14->13 (7), 13->12 (5), 10->9 (7); day 9 has no day after it here.
    assert nxt.without_average == round(statistics.fmean([5, 5, 5, 7, 5, 7, 5, 7]), 1)
    assert nxt.with_n == 3
    assert nxt.text.startswith("On days after “Conflict” your mood averaged 3 vs ")
    assert "after days without." in nxt.text
    same = assoc(t, "triggers", "conflict")
    assert same is not None and same.with_average == 5.0


def test_sleep_is_split_at_the_persons_median() -> None:
    hours = [4, 5, 6, 7, 8, 9, 10]
    moods = [3, 4, 4, 6, 7, 7, 8]
    days = [cd(day(i), m, values={"sleep_hours": float(h)})
            for i, (h, m) in enumerate(zip(hours, moods, strict=True))]
    t = trends.compute(TODAY, 30, days)
    median = statistics.median(hours)
    assert t.sleep_median == median
    a = assoc(t, "sleep", None)
    assert a is not None
    above = [m for h, m in zip(hours, moods, strict=True) if h > median]
    rest = [m for h, m in zip(hours, moods, strict=True) if h <= median]
    assert (a.with_n, a.without_n) == (len(above), len(rest))
    assert a.with_average == round(statistics.fmean(above), 1)
    assert a.label == f"more than {trends.fmt(median)} h of sleep"
    assert a.text.startswith(f"On days with more than {trends.fmt(median)} h of sleep")


def test_medication_yes_against_no_and_not_applicable_left_out() -> None:
    days = [cd(day(i), m, values={"medication": v}) for i, (m, v) in enumerate(
        [(7, "yes"), (6, "yes"), (8, "yes"), (3, "no"), (4, "no"), (2, "no"), (9, "na")])]
    t = trends.compute(TODAY, 30, days)
    a = assoc(t, "medication")
    assert a is not None
    assert (a.with_n, a.without_n) == (3, 3)
    assert a.text == "On days with medication taken as planned your mood averaged 7 vs 3 without."


def test_symptoms_are_factors_and_the_top_list_keeps_kinds_varied() -> None:
    days = []
    for i in range(12):
        bad = i % 2 == 0
        days.append(cd(day(i), 2 if bad else 8,
                       symptoms=["low_mood", "worry", "panic"] if bad else [],
                       coping=[] if bad else ["walk"]))
    t = trends.compute(TODAY, 30, days)
    kinds = [a.kind for a in t.associations]
    assert kinds.count("symptoms") >= 3
    top = t.top_associations()
    assert sum(a.kind == "symptoms" for a in top) <= 2
    assert any(a.kind == "coping" for a in top)


def test_associations_are_ordered_strongest_first() -> None:
    days = []
    for i in range(10):
        days.append(cd(day(i), 9 if i % 2 else 2, coping=["walk"] if i % 2 else [],
                       triggers=["money"] if i % 3 == 0 else []))
    t = trends.compute(TODAY, 30, days)
    diffs = [abs(a.difference) for a in t.associations]
    assert diffs == sorted(diffs, reverse=True)


# --- windows, gaps, averages, streaks ------------------------------------------------------


def test_window_ignores_days_outside_and_compares_with_the_window_before() -> None:
    current = [cd(day(i), 6, values={"energy": 4.0}) for i in range(0, 7, 2)]  # 4 days
    previous = [cd(day(i), 4, values={"energy": 5.0}) for i in range(7, 14)]
    far = [cd(day(30), 0)]
    t = trends.compute(TODAY, 7, [*current, *far], previous)
    assert (t.start, t.end) == (day(6), day(0))
    assert t.checkins == 4 and t.previous_checkins == 7
    mood = next(a for a in t.items if a.item == "mood")
    assert (mood.average, mood.previous_average, mood.change) == (6.0, 4.0, 2.0)
    energy = next(a for a in t.items if a.item == "energy")
    assert energy.change == -1.0
    assert t.series("mood") == [6.0 if i % 2 == 0 else None for i in range(6, -1, -1)]


def test_gaps_are_longest_first_and_start_at_the_first_checkin() -> None:
    logged = [20, 19, 15, 14, 8, 7, 6, 1]  # gaps: 16-18 (3), 9-13 (5), 2-5 (4); today open
    t = trends.compute(TODAY, 30, [cd(day(n), 5) for n in logged])
    assert [(g.start, g.end, g.days) for g in t.gaps] == [
        (day(13), day(9), 5), (day(5), day(2), 4), (day(18), day(16), 3)]
    assert t.since == day(20)  # the 9 days before the first check-in are not a gap


def test_earlier_checkins_make_the_start_of_the_window_a_real_gap() -> None:
    t = trends.compute(TODAY, 10, [cd(day(3), 5)], [cd(day(12), 5)])
    assert t.gaps[0] == trends.Gap(day(9), day(4))
    assert t.since == day(9)


def test_today_without_a_checkin_is_not_a_gap_yet() -> None:
    t = trends.compute(TODAY, 10, [cd(day(n), 5) for n in range(1, 10)])
    assert t.gaps == []
    t = trends.compute(TODAY, 10, [cd(day(n), 5) for n in range(3, 10)])
    assert [(g.start, g.end) for g in t.gaps] == [(day(2), day(1))]


def test_streaks_only_when_turned_on_and_counted_as_days_logged() -> None:
    days = [cd(day(n), 5) for n in (0, 2, 3, 9)]
    assert trends.compute(TODAY, 30, days).streak is None
    on = trends.compute(TODAY, 30, days, streaks=True)
    assert on.streak == (4, 30)
    con, buf = console(80)
    ui.print_trends(on, out=con)
    text = buf.getvalue()
    assert "Days logged in the last 30: 4." in text
    assert "broke" not in text.lower() and "streak" not in text.lower()
    con, buf = console(80)
    ui.print_trends(trends.compute(TODAY, 30, days), out=con)
    assert "Days logged" not in buf.getvalue()


def test_weekday_pattern() -> None:
    days = [cd(day(n), 2 if date.fromisoformat(day(n)).weekday() == 0 else 8) for n in range(21)]
    t = trends.compute(TODAY, 21, days)
    by = {w.weekday: w for w in t.weekdays}
    assert by["Monday"].average == 2.0 and by["Monday"].n == 3
    assert by["Saturday"].average == 8.0


def test_json_carries_the_same_numbers() -> None:
    days = walk_days([8, 7, 9], [4, 5, 3])
    scores = [trends.ScorePoint("phq9", day(14), 12, None, "Moderate", "PHQ-9"),
              trends.ScorePoint("phq9", day(0), 7, None, "Mild", "PHQ-9"),
              trends.ScorePoint("who5", day(0), 14, 56, "x", "WHO-5"),
              trends.ScorePoint("who5", day(99), 1, 4, "x", "WHO-5")]  # outside: left out
    t = trends.compute(TODAY, 30, days, scores=scores, streaks=True)
    doc = json_doc.to_json(t)
    assert doc["from"] == t.start and doc["to"] == t.end and doc["checkins"] == t.checkins
    assert doc["items"]["mood"]["average"] == next(a.average for a in t.items if a.item == "mood")
    assert len(doc["daily"]) == 30 and doc["daily"][-1]["date"] == t.end
    a = next(x for x in doc["associations"] if x["choice"] == "walk" and x["lag"] == "same_day")
    assert a["with_days"] == 3 and a["without_days"] == 3 and a["text"].startswith("On days with")
    phq = next(x for x in doc["assessments"] if x["checklist"] == "phq9")
    assert [s["score"] for s in phq["scores"]] == [12, 7] and phq["change"] == -5
    who = next(x for x in doc["assessments"] if x["checklist"] == "who5")
    assert len(who["scores"]) == 1
    assert doc["streak"] == {"logged": t.checkins, "of_days": 30}


# --- pictures in a fixed-width console ------------------------------------------------------


def test_sparkline_blocks_and_gaps() -> None:
    assert ui.sparkline([0, 2, 4, None, 6, 8, 10], 0, 10) == "▁▂▄·▅▇█"
    assert ui.sparkline([None, None], 0, 10) == "··"
    assert ui.sparkline([-3, 15], 0, 10) == "▁█"  # clamped
    # Wider than the room: each mark averages ceil(n / width) days; all-empty buckets are gaps.
    assert ui.sparkline([0, 0, None, None, 10, 10], 0, 10, width=3) == "▁·█"


def test_sparklines_render_exactly() -> None:
    moods = [0, 2, 4, None, 6, 8, 10]
    days = [cd(day(6 - i), m, values={"sleep_hours": 6.0}) for i, m in enumerate(moods)
            if m is not None]
    t = trends.compute(TODAY, 7, days)
    expected = "\n".join([
        "Mood     ▁▂▄·▅▇█  avg    5",
        "Sleep    ▅▅▅·▅▅▅  avg    6",  # 6 of 12 hours: the middle block
        "         one mark per day, oldest left; · = no check-in",
    ])
    assert rendered(ui.sparklines(t, 60)) == expected


def test_sparklines_shrink_to_the_width_and_show_the_change() -> None:
    cur = [cd(day(n), 8) for n in range(90)]
    prev = [cd(day(n), 6) for n in range(90, 180)]
    t = trends.compute(TODAY, 90, cur, prev)
    lines = rendered(ui.sparklines(t, 60)).splitlines()
    room = 60 - 9 - 32
    per = -(-90 // room)
    assert lines[0] == f"Mood     {'▇' * (-(-90 // per))}  avg    8  (+2 vs before)"
    assert lines[1].strip() == f"one mark per {per} days, oldest left; · = no check-in"


def test_heatmap_renders_weeks_as_columns_and_weekdays_as_rows() -> None:
    # 2026-03-02 (Monday) .. 2026-03-15 (Sunday): two full weeks.
    moods = {"2026-03-02": 1, "2026-03-03": 3, "2026-03-04": 5, "2026-03-05": 7,
             "2026-03-07": 10, "2026-03-08": 2.5, "2026-03-09": 4.9, "2026-03-10": 6,
             "2026-03-15": 8}
    t = trends.compute(TODAY, 14, [cd(d, m) for d, m in moods.items()])
    expected = "\n".join([
        "    Mar",
        "Mon ░ ▒",
        "Tue ▒ ▓",
        "Wed ▓ ·",
        "Thu █ ·",
        "Fri · ·",
        "Sat █ ·",
        "Sun ░ █",
        "· no check-in  ░ mood 0-2  ▒ 3-4  ▓ 5-6  █ 7-10",
    ])
    assert rendered(ui.heatmap(t, 60)) == expected


def test_heatmap_leaves_days_outside_the_window_blank_and_names_months() -> None:
    # 2026-02-24 (Tuesday) .. 2026-03-15: the first column starts on Monday 23 Feb.
    t = trends.compute(TODAY, 20, [cd(day(n), 8) for n in range(20)])
    lines = rendered(ui.heatmap(t, 60)).splitlines()
    assert lines[0] == "    Feb Mar"
    assert lines[1] == "Mon   █ █"  # 23 Feb is before the window
    assert lines[2] == "Tue █ █ █"
    assert lines[7] == "Sun █ █ █"


def test_heatmap_before_the_first_checkin_is_blank_not_missed() -> None:
    t = trends.compute(TODAY, 14, [cd(day(n), 8) for n in range(3)])  # started 3 days ago
    lines = rendered(ui.heatmap(t, 60)).splitlines()
    assert lines[4] == "Thu"  # 5 and 12 March: before the person started
    assert lines[5] == "Fri   █"  # 6 March before, 13 March logged
    assert lines[7] == "Sun   █"


def test_heatmap_fits_a_year_into_a_narrow_console() -> None:
    t = trends.compute(TODAY, 365, [cd(day(n), 6) for n in range(365)])
    text = rendered(ui.heatmap(t, 80))
    assert max(len(line) for line in text.splitlines()[:8]) <= 80
    assert "▓" * 40 in text.splitlines()[1]  # one character per week, no spaces


def test_heatmap_of_ten_years_shows_the_weeks_that_fit() -> None:
    t = trends.compute(TODAY, 3650, [cd(day(n), 6) for n in range(400)])
    lines = rendered(ui.heatmap(t, 60)).splitlines()
    assert all(len(line) <= 60 for line in lines[:8])
    assert lines[7] == "Sun " + "▓" * 56  # the last 56 weeks, every day logged
    assert lines[0].startswith("    ") and len(lines[0]) <= 60
    assert lines[9] == "The last 56 weeks (all that fit)."


def test_sparklines_leave_the_time_before_the_first_checkin_blank() -> None:
    t = trends.compute(TODAY, 100, [cd(day(n), 10) for n in range(20)])
    # 19 columns of room at width 60: 6 days per mark, 17 marks; days 80-99 are logged, so
    # marks 0-12 (days 0-77) are before the first check-in and mark 13 (78-83) has a value.
    line = rendered(ui.sparklines(t, 60)).splitlines()[0]
    assert line == "Mood     " + " " * 13 + "█" * 4 + "  avg   10"


def test_whole_screen_plain_text_under_no_color() -> None:
    days = walk_days([8, 7, 9], [4, 5, 3])
    t = trends.compute(TODAY, 30, days, labels={"coping": {"walk": "Went for a walk"}},
                       scores=[trends.ScorePoint("phq9", day(0), 7, None, "Mild", "PHQ-9")])
    con, buf = console(100)
    ui.print_trends(t, {"coping": {"walk": "Went for a walk"}}, out=con)
    text = buf.getvalue()
    assert "\x1b[" not in text
    assert "On days with “Went for a walk” your mood averaged 8 vs 4 without." in text
    assert "not causes" in text
    assert "PHQ-9: 7  (latest " in text and "to discuss with a clinician" in text
    assert "Coping you used most: Went for a walk (3)" in text


# --- the command ---------------------------------------------------------------------------


def insert_days(db: Path, rows: Iterable[tuple[str, Mapping[str, float | str],
                                                Mapping[str, Sequence[str]]]]) -> None:
    """Fixture rows straight into checkins / checkin_values / checkin_choices."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            for d, values, choices in rows:
                cid = conn.execute(
                    "INSERT INTO checkins (day, created_at, updated_at) VALUES (?, ?, ?)",
                    (d, d + "T21:00:00+00:00", d + "T21:00:00+00:00")).lastrowid
                conn.executemany(
                    "INSERT INTO checkin_values (checkin_id, item, num, text) VALUES (?, ?, ?, ?)",
                    [(cid, k, v if isinstance(v, float) else None,
                      v if isinstance(v, str) else None) for k, v in values.items()])
                for item, picked in choices.items():
                    conn.execute("INSERT INTO checkin_values (checkin_id, item) VALUES (?, ?)",
                                 (cid, item))
                    conn.executemany(
                        "INSERT INTO checkin_choices (checkin_id, item, choice) VALUES (?, ?, ?)",
                        [(cid, item, c) for c in picked])
    finally:
        conn.close()


def insert_scores(db: Path, n_days: int) -> None:
    """A PHQ-9 result (with its answers) every 14 days over the last `n_days`."""
    today = real_today()
    conn = sqlite3.connect(db)
    try:
        with conn:
            for n in range(1, n_days + 1, 14):
                d = day(n, today)
                aid = conn.execute(
                    "INSERT INTO assessments (checklist, kind, taken_at, day, score, band) "
                    "VALUES ('phq9', 'instrument', ?, ?, ?, 'Mild')",
                    (d + "T20:00:00+00:00", d, 5 + n % 7)).lastrowid
                conn.executemany(
                    "INSERT INTO assessment_answers (assessment_id, item, position, value) "
                    "VALUES (?, ?, ?, ?)", [(aid, f"q{i}", i, 1.0) for i in range(1, 10)])
    finally:
        conn.close()


def make_home(home: Path) -> Path:
    from recovery_cli.store import open_db

    open_db(home).close()
    return home / "recovery.db"


def real_today() -> date:
    from recovery_cli.core import clock

    return clock.today()


def history_rows(n_days: int) -> list[tuple[str, dict[str, float | str], dict[str, list[str]]]]:
    today = real_today()
    rows = []
    for n in range(1, n_days + 1):
        walk = n % 2 == 0
        rows.append((day(n, today),
                     {"mood": 8.0 if walk else 4.0, "sleep_hours": 6.0 + n % 3,
                      "energy": 5.0, "anxiety": 3.0, "medication": "yes" if n % 5 else "no"},
                     {"coping": ["walk"] if walk else [], "triggers": []}))
    return rows


def test_trends_on_an_empty_home_is_kind_and_exits_0(cli: Any, home: Path) -> None:
    r = cli("trends")
    assert r.exit_code == 0
    assert "Nothing to show yet" in r.stdout and "recovery checkin" in r.stdout
    assert not (home / "recovery.db").exists()
    r = cli("trends", "--json")
    assert r.exit_code == 0
    doc = r.json()
    assert doc["checkins"] == 0 and doc["associations"] == []


def test_trends_with_old_data_only_points_to_it(cli: Any, home: Path) -> None:
    insert_days(make_home(home), history_rows(60)[-5:])  # 56-60 days ago
    r = cli("trends")
    assert r.exit_code == 0
    assert "No check-ins between" in r.stdout
    assert "  recovery trends --days 57\n" in r.stdout  # the last one was 56 days ago


def test_trends_shows_pictures_and_json_matches(cli: Any, home: Path) -> None:
    insert_days(make_home(home), history_rows(45))
    r = cli("trends")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for part in ("Mood ", "Energy ", "Sleep ", "Anxiety ", "Mood by day", "Mon ",
                 "What went along with your mood", "Went for a walk"):
        assert part in out
    doc = cli("trends", "--json").json()
    assert doc["checkins"] == 29  # days 1-29 of the last 30 (today not yet)
    walk = next(a for a in doc["associations"] if a["choice"] == "walk" and a["lag"] == "same_day")
    assert (walk["with_average"], walk["without_average"]) == (8, 4)
    assert walk["text"] in " ".join(out.split())  # the same words (wrapped on screen)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    mood_line = next((line for line in plain.splitlines() if line.startswith("Mood ")), plain)
    assert f"avg {trends.fmt(doc['items']['mood']['average']):>4}" in mood_line


def test_trends_days_option_and_bad_value(cli: Any, home: Path) -> None:
    insert_days(make_home(home), history_rows(20))
    doc = cli("trends", "--days", "7", "--json").json()
    assert doc["days"] == 7 and len(doc["daily"]) == 7
    r = cli("trends", "--days", "0")
    assert r.exit_code == 2


def _steps(home: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """SQLite virtual-machine steps spent by one `recovery trends` run."""
    from recovery_cli import store

    real_open = store.open_db
    counter = {"n": 0}

    def tick() -> int:
        counter["n"] += 1
        return 0

    def counting_open(h: Path) -> sqlite3.Connection:
        conn = real_open(h)
        conn.set_progress_handler(tick, 10)
        return conn

    monkeypatch.setattr(store, "open_db", counting_open)
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(store, "open_db", real_open)
    return counter["n"]


def test_trends_reads_only_its_window_ten_years_cost_the_same(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    insert_days(make_home(small), history_rows(60))
    insert_days(make_home(big), history_rows(3650))
    insert_scores(small / "recovery.db", 60)
    insert_scores(big / "recovery.db", 3650)
    for args in (("trends", "--days", "30", "--json"), ("trends", "--days", "30")):
        a = _steps(small, cli, monkeypatch, *args)
        b = _steps(big, cli, monkeypatch, *args)
        assert b <= a + 20, (args, a, b)  # the same work, whatever lies outside the window
