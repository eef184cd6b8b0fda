"""app.warnings (current / over) called with a Session on a temporary home: the plan's rules
over real check-ins and results in a real SQLite file, no command line in between."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from recovery_cli.app import warnings as app_warnings
from recovery_cli.app.session import Session
from recovery_cli.core import paths
from recovery_cli.plan import document as plan_model
from recovery_cli.store import checkins as store_checkins
from recovery_cli.store import plan as store_plan

NOW = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # evening: the calendar day
TODAY = NOW.date()


def ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture
def session(home: Path) -> Session:
    s = Session(home_override=str(home), clock=lambda: NOW)
    yield s  # type: ignore[misc]
    s.close()


def rules(session: Session, *signs: tuple[str, str | None, str]) -> None:
    spec = plan_model.leaf("warning_signs")
    doc = plan_model.empty_document()
    plan_model.put(doc, spec.key, [plan_model.pair(spec, text, response, rule)
                                   for text, response, rule in signs])
    store_plan.save_plan(session.db(), doc, NOW)


def checkins(session: Session, *rows: tuple[int, dict[str, float]]) -> None:
    for n, values in rows:
        store_checkins.save_checkin(session.db(), ago(n), values, {}, f"{ago(n)}T21:00:00+00:00")


def phq9(session: Session, *results: tuple[int, float]) -> None:
    for i, (n, score) in enumerate(results):
        session.db().execute(
            "INSERT INTO assessments (checklist, kind, taken_at, day, score) "
            "VALUES ('phq9', 'instrument', ?, ?, ?)", (f"{ago(n)}T10:0{i}:00+00:00", ago(n), score))


def test_current_lists_matching_signs_in_plan_order_with_since_and_responses(
        session: Session) -> None:
    rules(session, ("Low days", "Call Sam", "mood <= 3 for 3 days"),
          ("Short nights", None, "sleep_hours < 5 on 2 of 3 days"),
          ("Quiet", "Text Ana", "no checkin for 4 days"))
    checkins(session, (3, {"mood": 6, "sleep_hours": 8}), (2, {"mood": 3, "sleep_hours": 7}),
             (1, {"mood": 2, "sleep_hours": 4.5}), (0, {"mood": 2.5, "sleep_hours": 7}))
    found = app_warnings.current(session)
    assert [(m.sign, m.since, list(m.responses)) for m in found] == [
        ("Low days", ago(2), ["Call Sam"])]


def test_current_is_as_of_the_sessions_day(home: Path) -> None:
    """The session's clock decides "today": two days ago, at the end of three low days, the
    rule matched; today, after a good day, it does not."""
    earlier = Session(home_override=str(home), clock=lambda: NOW - timedelta(days=2))
    try:
        rules(earlier, ("Low days", None, "mood <= 3 for 3 days"))
        checkins(earlier, (4, {"mood": 2}), (3, {"mood": 2}), (2, {"mood": 2}), (1, {"mood": 6}))
        assert [m.since for m in app_warnings.current(earlier)] == [ago(4)]
    finally:
        earlier.close()
    now = Session(home_override=str(home), clock=lambda: NOW)
    try:
        assert app_warnings.current(now) == []
        assert [m.since for m in app_warnings.current(now, TODAY - timedelta(days=2))] == [ago(4)]
    finally:
        now.close()


def test_over_a_period_finds_a_sign_that_has_passed_by_today(session: Session) -> None:
    rules(session, ("Low days", "Call Sam", "mood <= 3 for 3 days"))
    checkins(session, *[(n, {"mood": 2}) for n in (12, 11, 10)],
             *[(n, {"mood": 7}) for n in range(0, 10)])
    assert app_warnings.current(session) == []
    over = app_warnings.over(session, TODAY - timedelta(days=14), TODAY)
    assert [(m.sign, m.since) for m in over] == [("Low days", ago(12))]
    assert app_warnings.over(session, TODAY - timedelta(days=9), TODAY) == []


def test_no_plan_no_warnings(session: Session) -> None:
    checkins(session, (0, {"mood": 1}))
    assert app_warnings.current(session) == []
    assert app_warnings.over(session, date(2026, 1, 1), TODAY) == []


def test_deterioration_uses_the_persons_own_reliable_change_from_the_session_home(
        session: Session) -> None:
    """A rise of 7 on the PHQ-9 is a reliable deterioration by the shipped file (6). With the
    person's own phq9.toml asking for 8 it is not: the home comes from the session (it used
    to be rediscovered from the connection with PRAGMA database_list)."""
    rules(session, ("Worse on the PHQ-9", "See my GP", "phq9 deterioration"))
    phq9(session, (30, 6), (1, 13))
    assert [m.since for m in app_warnings.current(session)] == [ago(1)]

    own = paths.user_checklists_dir(session.home)
    own.mkdir(parents=True)
    shipped = (paths.builtin_data_dir() / "checklists" / "phq9.toml").read_text()
    assert "reliable = 6" in shipped
    (own / "phq9.toml").write_text(shipped.replace("reliable = 6", "reliable = 8"))
    fresh = Session(home_override=str(session.home), clock=lambda: NOW)
    try:
        assert app_warnings.current(fresh) == []
        fresh.checklists()  # loaded already by the command: used as they are
        assert app_warnings.current(fresh) == []
    finally:
        fresh.close()
