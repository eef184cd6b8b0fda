"""A small, varied history for the export and import tests (real SQLite, real store code)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from recovery_cli.core import clock
from recovery_cli.core.imported import NewCheckin, NewEntry
from recovery_cli.store import open_db, transaction
from recovery_cli.store.import_writes import Writer

EVIL_TITLE = "<script>alert('title')</script>"
EVIL_BODY = (
    "Hello <img src=x onerror=alert(1)> there.\n"
    '=HYPERLINK("http://evil.example","click")\n\n'
    "Second paragraph: Ελληνικά, Русский, café."
)
EVIL_NOTE = '=HYPERLINK("http://evil.example","note")'
PRIVATE_BODY = "PRIVATE-SECRET do not share"
OLD_BODY = "OLD-ENTRY from two months ago"


def at(day: date, hour: int = 21, minute: int = 0) -> str:
    return clock.iso(datetime.combine(day, time(hour, minute)).astimezone())


def seed(home: Path, today: date | None = None) -> date:
    """Fill `home` and return the `today` used."""
    from recovery_cli.store import assessments, plan

    today = today or clock.today()
    conn = open_db(home)
    with transaction(conn):
        w = Writer(conn)
        for i in range(12):
            d = today - timedelta(days=2 * i)
            values: dict[str, float | str] = {"mood": float(i % 10), "sleep_hours": 6.5 + i % 3,
                                              "energy": 5.0}
            if i == 1:
                values["note"] = EVIL_NOTE
            w.add_checkin(NewCheckin(day=d.isoformat(), created_at=at(d), values=values,
                                     choices={"coping": ["walk", "breathing"],
                                              "triggers": ["work_stress"] if i % 2 else []},
                                     source="checkin"))
        w.add_entry(NewEntry(created_at=at(today - timedelta(days=3), 20), day=(
            today - timedelta(days=3)).isoformat(), title=EVIL_TITLE, body=EVIL_BODY,
            tags=("work",), source="journal"))
        w.add_entry(NewEntry(created_at=at(today - timedelta(days=2), 22), day=(
            today - timedelta(days=2)).isoformat(), body=PRIVATE_BODY, private=True,
            tags=("work",), source="journal"))
        w.add_entry(NewEntry(created_at=at(today - timedelta(days=1), 9), day=(
            today - timedelta(days=1)).isoformat(), title="Therapy", body="Talked about "
            "boundaries.", tags=("therapy",), starred=True, source="journal"))
        w.add_entry(NewEntry(created_at=at(today - timedelta(days=60), 9), day=(
            today - timedelta(days=60)).isoformat(), body=OLD_BODY, source="journal"))
    d1, d2 = today - timedelta(days=20), today - timedelta(days=5)
    assessments.save_result(
        conn, checklist="phq9", checklist_version=1, kind="instrument", taken_at=at(d1, 10),
        day=d1.isoformat(), answers=[(f"q{i}", 2.0 if i < 8 else 0.0) for i in range(1, 10)],
        score=14, band="Moderate", percentage=None, safety_flag=False)
    assessments.save_result(
        conn, checklist="phq9", checklist_version=1, kind="instrument", taken_at=at(d2, 10),
        day=d2.isoformat(), answers=[(f"q{i}", 1.0 if i in (1, 2, 3, 4, 5, 6, 9) else 0.5)
                                     for i in range(1, 10)],
        score=8, band="Mild", percentage=None, safety_flag=True, flags=["item9"])
    assessments.save_result(
        conn, checklist="stages", checklist_version=1, kind="stage", taken_at=at(d2, 11),
        day=d2.isoformat(), answers=[("s1", 1.0), ("s2", 3.0)], score=None, band=None,
        percentage=None, safety_flag=False, stage=3,
        subscales={"1": 0.2, "2": 0.4, "3": 0.9, "4": 0.1, "5": 0.0})
    now = datetime.combine(today, time(12)).astimezone()
    plan.add_item(conn, "warning_signs", "Low mood several days", now,
                  response="Call Sam", rule="mood <= 3 on 1 of 3 days")
    plan.add_item(conn, "toolbox", "Walk by the river", now)
    plan.set_text(conn, "when_well", "I sleep well and see friends.", now)
    conn.close()
    return today
