"""app.assess (find / take / record) and app.stage called with a Session on a temporary home:
scoring, the change since last and first time, the safety flag and the stage reading, saved
in a real SQLite file; no command line in between."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recovery_cli.app import assess
from recovery_cli.app import stage as app_stage
from recovery_cli.app.session import Session
from recovery_cli.assess import scoring
from recovery_cli.core.errors import NotFoundError
from recovery_cli.store import assessments as store
from test_stage_profiles import PROFILES, item_answers

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


class Clock:
    """A clock a test moves on by hand."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(home: Path, clock: Clock) -> Iterator[Session]:
    s = Session(home_override=str(home), clock=clock)
    yield s
    s.close()


def phq9(session: Session, values: str) -> assess.Taken:
    cl = assess.find(session, "phq9")
    return assess.take(session, cl, scoring.parse_answers(cl, values))


def test_take_scores_saves_and_compares_with_the_last_and_first(session: Session,
                                                               clock: Clock) -> None:
    first = phq9(session, "1,1,1,1,1,1,1,0,0")
    assert (first.result.score, first.change, first.since_first) == (7, None, None)
    assert first.taken_at.startswith("2026-03-01T10:00")
    clock.at += timedelta(days=14)
    second = phq9(session, "2,2,2,2,1,1,1,1,0")
    assert second.result.score == 12 and second.since_first is None  # the first is the last
    assert second.change is not None and second.change.delta == 5
    assert not second.change.reliable  # PHQ-9's reliable change is 6
    clock.at += timedelta(days=14)
    third = phq9(session, "3,2,2,2,2,2,1,1,0")
    assert third.change is not None and third.change.delta == 3
    assert third.since_first is not None and third.since_first.delta == 8
    assert third.since_first.reliable
    rows = store.history(session.db(), "phq9")
    assert [r.score for r in rows] == [7, 12, 15]
    assert [r.day for r in rows] == ["2026-03-01", "2026-03-15", "2026-03-29"]


def test_a_safety_answer_is_flagged_and_saved(session: Session) -> None:
    taken = phq9(session, "0,0,0,0,0,0,0,0,1")
    assert taken.result.safety_flag and taken.result.safety_items
    (row,) = store.history(session.db(), "phq9")
    assert row.safety_flag


def test_find_resolves_close_spellings_and_refuses_the_rest(session: Session) -> None:
    assert assess.find(session, "PHQ-9").id == "phq9"
    with pytest.raises(NotFoundError, match=r"There is no questionnaire 'phq10'.*phq9"):
        assess.find(session, "phq10")
    with pytest.raises(NotFoundError, match="part of the daily check-in"):
        assess.find(session, "checkin")


def _stages(session: Session, name: str) -> assess.Taken:
    cl = assess.find(session, "stages")
    person = next(p for p in PROFILES if p["name"] == name)
    return assess.take(session, cl, item_answers(cl, person["answers"]))


def test_the_stage_self_assessment_reads_a_profile_and_a_lower_retake_says_so(
        session: Session, clock: Clock) -> None:
    first = _stages(session, "typical stage 5")
    assert first.profile is not None and first.profile.stage == 5
    assert first.result.band is not None and "stage 5" in first.result.band
    assert first.went_back is None
    clock.at += timedelta(days=30)
    second = _stages(session, "typical stage 3")
    assert second.profile is not None and second.profile.stage == 3
    assert second.went_back is not None and second.went_back.before.stage == 5
    assert second.went_back.day == "2026-03-01"
    view = app_stage.view(session)
    assert view.profile is not None and view.profile.stage == 3
    assert view.went_back is not None and not view.earlier_version
    assert [p.stage for _, p in app_stage.history(session) if p is not None] == [5, 3]


def test_record_joins_the_callers_transaction(session: Session) -> None:
    """The demo's path: many results in one transaction, all or none."""
    from recovery_cli.store.db import transaction

    cl = assess.find(session, "gad7")
    answers = scoring.parse_answers(cl, "1,1,1,1,1,1,1")
    conn = session.db()
    with pytest.raises(RuntimeError), transaction(conn):
        assess.record(conn, cl, answers, taken_at="2026-03-01T10:00:00+00:00", day="2026-03-01")
        assess.record(conn, cl, answers, taken_at="2026-03-02T10:00:00+00:00", day="2026-03-02")
        raise RuntimeError("stopped half-way")
    assert store.history(conn, "gad7") == []
    score, profile = assess.record(conn, cl, answers, taken_at="2026-03-03T10:00:00+00:00",
                                   day="2026-03-03")
    assert (score.score, profile) == (7, None)
    assert [r.band for r in store.history(conn, "gad7")] == [score.band]


def test_who5_scores_as_a_percentage_and_flags_a_low_item(session: Session) -> None:
    cl = assess.find(session, "who5")
    taken = assess.take(session, cl, scoring.parse_answers(cl, "3,3,3,3,1"))
    assert (taken.result.score, taken.result.percentage) == (13, 52)
    assert [f.id for f in taken.result.flags] == ["who5_low_item"]
    (row,) = store.history(session.db(), "who5")
    assert (row.score, row.percentage) == (13, 52)


def test_an_instrument_of_ones_own_with_mean_scoring(session: Session, home: Path) -> None:
    folder = home / "checklists"
    folder.mkdir(parents=True)
    (folder / "sleep.toml").write_text(
        'id = "sleepcheck"\ntitle = "Sleep check"\nkind = "instrument"\nfrequency_days = 7\n'
        'scale = [{ value = 1, label = "Poor" }, { value = 2, label = "OK" },'
        ' { value = 3, label = "Good" }]\n'
        '[scoring]\nmethod = "mean"\n'
        'bands = [{ min = 1, max = 1.9, label = "low" }, { min = 2, max = 3, label = "fine" }]\n'
        '[[items]]\nid = "a"\ntext = "Falling asleep"\n'
        '[[items]]\nid = "b"\ntext = "Staying asleep"\n'
    )
    cl = assess.find(session, "sleepcheck")
    taken = assess.take(session, cl, scoring.parse_answers(cl, "2,3"))
    assert (taken.result.score, taken.result.band) == (2.5, "fine")
    assert [r["id"] for r in assess.listing(session)][-2:] == ["who5", "stages"]
    assert "sleepcheck" in [r["id"] for r in assess.listing(session)]
