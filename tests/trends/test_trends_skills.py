"""Trends: skills practised (`recovery skills practice`) are factors of "what went along with
your mood", with the same rule (3 days with and 3 without) and wording as the others."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from recovery_cli.core.records import CheckinDay
from recovery_cli.trends import json_doc
from recovery_cli.trends import window as trends

TODAY = date(2026, 3, 15)
LABELS = {trends.SKILLS: {"box_breathing": "Box breathing"},
          "coping": {"walk": "Went for a walk", "box_breathing": "Box breathing"}}


def day(n: int, today: date = TODAY) -> str:
    return (today - timedelta(days=n)).isoformat()


def cd(d: str, mood: float, **choices: list[str]) -> CheckinDay:
    return CheckinDay(day=d, values={"mood": float(mood)}, choices=dict(choices))


def skill_assoc(t: trends.Trends, lag: str = trends.LAG_SAME) -> trends.Association | None:
    return next((a for a in t.associations if a.kind == trends.SKILLS and a.lag == lag), None)


def test_three_practice_days_and_three_without_are_reported_with_the_wording() -> None:
    rows = [cd(day(n), m) for n, m in ((1, 8), (3, 7), (5, 9), (7, 4), (9, 5), (11, 3))]
    practised = {day(1): ["box_breathing"], day(3): ["box_breathing"],
                 day(5): ["box_breathing"]}
    t = trends.compute(TODAY, 30, rows, labels=LABELS, practised=practised)
    a = skill_assoc(t)
    assert a is not None
    assert (a.item, a.choice, a.with_n, a.without_n) == ("skills", "box_breathing", 3, 3)
    assert (a.with_average, a.without_average) == (8, 4)
    assert a.text == ("On days with a “Box breathing” practice your mood averaged 8 vs 4 "
                      "without.")
    doc = json_doc.to_json(t)
    j = next(x for x in doc["associations"] if x["kind"] == "skills" and x["lag"] == "same_day")
    assert j["choice"] == "box_breathing" and j["with_days"] == 3 and j["text"] == a.text


def test_two_practice_days_are_not_enough() -> None:
    rows = [cd(day(n), m) for n, m in ((1, 8), (3, 7), (7, 4), (9, 5), (11, 3))]
    practised = {day(1): ["box_breathing"], day(3): ["box_breathing"]}
    t = trends.compute(TODAY, 30, rows, labels=LABELS, practised=practised)
    assert skill_assoc(t) is None


def test_next_day_counts_a_practice_on_a_day_without_a_checkin() -> None:
    # practice on days 2, 4, 6 (no check-in those days); mood the day after: days 1, 3, 5
    rows = [cd(day(n), m) for n, m in ((1, 8), (3, 8), (5, 8), (9, 4), (11, 4), (13, 4))]
    practised = {day(2): ["box_breathing"], day(4): ["box_breathing"],
                 day(6): ["box_breathing"]}
    t = trends.compute(TODAY, 30, rows, labels=LABELS, practised=practised)
    assert skill_assoc(t) is None  # no mood on the practice days themselves
    a = skill_assoc(t, trends.LAG_NEXT)
    assert a is not None and (a.with_n, a.without_n) == (3, 3)
    assert a.text == ("On days after a “Box breathing” practice your mood averaged 8 vs 4 "
                      "after days without.")


def test_practice_outside_the_window_is_ignored() -> None:
    rows = [cd(day(n), m) for n, m in ((1, 8), (3, 7), (5, 9), (7, 4), (9, 5), (11, 3))]
    practised = {day(40): ["box_breathing"], day(41): ["box_breathing"],
                 day(42): ["box_breathing"], day(1): ["box_breathing"]}
    t = trends.compute(TODAY, 30, rows, labels=LABELS, practised=practised)
    assert skill_assoc(t) is None  # one day in the window only


def test_a_coping_tick_of_a_practised_skill_is_not_said_twice() -> None:
    rows = []
    for n in range(1, 13):
        practised_day = n <= 3
        rows.append(cd(day(n), 8 if practised_day else 4,
                       coping=(["box_breathing"] if practised_day else [])
                       + (["walk"] if n % 2 else [])))
    practised = {day(n): ["box_breathing"] for n in range(1, 4)}
    t = trends.compute(TODAY, 30, rows, labels=LABELS, practised=practised)
    kinds = {(a.kind, a.choice) for a in t.associations}
    assert ("skills", "box_breathing") in kinds
    assert ("coping", "box_breathing") not in kinds
    assert ("coping", "walk") in kinds
    # without practice data (an older caller), the coping tick is a factor as before
    t = trends.compute(TODAY, 30, rows, labels=LABELS)
    assert ("coping", "box_breathing") in {(a.kind, a.choice) for a in t.associations}


def test_recovery_trends_reads_the_practice_log(cli: Any, home: Path) -> None:
    from recovery_cli.core import clock
    from recovery_cli.store import checkins, open_db, transaction
    from recovery_cli.store.skills import add_practice

    today = clock.today()
    conn = open_db(home)
    for n in range(1, 13):
        d = today - timedelta(days=n)
        at = clock.iso(datetime.combine(d, time(20)).astimezone())
        checkins.save_checkin(conn, d.isoformat(), {"mood": 8.0 if n % 3 == 0 else 4.0}, {}, at)
        if n % 3 == 0:
            with transaction(conn):
                add_practice(conn, "box_breathing", at, d.isoformat(), 7, None, {})
    old = today - timedelta(days=60)  # outside the window: not read
    with transaction(conn):
        add_practice(conn, "tipp", clock.iso(datetime.combine(old, time(9)).astimezone()),
                     old.isoformat(), 5, None, {})
    conn.close()
    r = cli("trends", "--json")
    assert r.exit_code == 0, r.stderr
    found = [a for a in r.json()["associations"] if a["kind"] == "skills"]
    same = next(a for a in found if a["lag"] == "same_day")
    assert same["choice"] == "box_breathing"
    assert (same["with_days"], same["without_days"]) == (4, 8)
    assert (same["with_average"], same["without_average"]) == (8, 4)
    assert same["text"] == ("On days with a “Box breathing” practice your mood averaged 8 vs 4 "
                            "without.")
    assert all(a["choice"] != "tipp" for a in found)
    screen = cli("trends")
    assert screen.exit_code == 0, screen.stderr
    assert "“Box breathing” practice" in " ".join(screen.stdout.split())
