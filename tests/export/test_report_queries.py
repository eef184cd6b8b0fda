"""A one-year report is a bounded number of SQL statements (issue 22): the warning rules are
checked over the period in one pass and the results are read with their previous result in one
query; a checklist file of the person's own costs nothing extra (the loaded checklists are
passed in, not rediscovered per day)."""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

from recovery_cli.core import paths
from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.imported import NewCheckin
from recovery_cli.export import pdf
from recovery_cli.export.report import DEFAULT_SECTIONS, Options
from recovery_cli.export.report_build import build_report
from recovery_cli.store import assessments, open_db, plan, transaction
from recovery_cli.store.import_writes import Writer

END = date(2026, 11, 30)


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour, 30)).astimezone().replace(microsecond=0).isoformat()


def year_home(home: Path) -> None:
    rng = random.Random(7)
    conn = open_db(home)
    start = END - timedelta(days=364)
    with transaction(conn):
        w = Writer(conn)
        for i in range(365):
            d = start + timedelta(days=i)
            w.add_checkin(NewCheckin(day=d.isoformat(), created_at=_at(d, 21), values={
                "mood": float(rng.randint(0, 10)), "sleep_hours": round(rng.uniform(4, 9), 1),
                "energy": float(rng.randint(0, 10)), "anxiety": float(rng.randint(0, 10))},
                choices={}))
    for i in range(26):
        d = start + timedelta(days=14 * i)
        checklist = "phq9" if i % 2 == 0 else "gad7"
        answers = [(f"q{k + 1}", float(rng.randint(0, 2))) for k in range(9 if i % 2 == 0 else 7)]
        assessments.save_result(
            conn, checklist=checklist, checklist_version=1, kind="instrument",
            taken_at=_at(d, 10), day=d.isoformat(), answers=answers,
            score=sum(v for _, v in answers), band=None, percentage=None, safety_flag=False)
    now = datetime.combine(END, time(12)).astimezone()
    plan.add_item(conn, "warning_signs", "Low mood", now, rule="mood <= 2 for 2 days")
    plan.add_item(conn, "warning_signs", "Short nights", now,
                  rule="sleep_hours < 5 on 2 of 3 days")
    plan.add_item(conn, "warning_signs", "PHQ-9 worse", now, rule="phq9 deterioration")
    plan.add_item(conn, "warning_signs", "Away", now, rule="no checkin for 3 days")
    conn.close()


def _statements(home: Path) -> tuple[int, bytes]:
    conn = open_db(home)
    count = 0

    def counted(_: str) -> None:
        nonlocal count
        count += 1

    conn.set_trace_callback(counted)
    checklists = load_checklists(home)
    options = Options(END - timedelta(days=364), END, DEFAULT_SECTIONS)
    report = build_report(conn, checklists, options, datetime.combine(END, time(20)).astimezone())
    data = pdf.render(report)
    conn.close()
    return count, data


def test_one_year_pdf_is_at_most_300_statements_with_or_without_own_checklist(home: Path) -> None:
    year_home(home)
    plain, data = _statements(home)
    assert data.startswith(b"%PDF")
    assert plain <= 300, plain
    own = paths.user_checklists_dir(home)
    own.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.builtin_data_dir() / "checklists" / "gad7.toml", own / "gad7.toml")
    with_own, _ = _statements(home)
    assert with_own == plain


def test_warnings_over_a_period_match_the_day_by_day_check(home: Path) -> None:
    from recovery_cli.plan import early_warnings

    year_home(home)
    conn = open_db(home)
    start = END - timedelta(days=90)
    over = early_warnings.warnings_over(conn, start, END, load_checklists(home))
    seen: dict[tuple[str, str], str] = {}
    day = END
    while day >= start:
        for w in early_warnings.current_warnings(conn, day):
            if (w.sign, w.rule) not in seen or (w.since or "9") < seen[(w.sign, w.rule)]:
                seen[(w.sign, w.rule)] = w.since or "9"
        day -= timedelta(days=1)
    assert {(w.sign, w.rule): w.since or "9" for w in over} == seen
    assert {w.sign for w in over} >= {"Low mood", "Short nights"}
