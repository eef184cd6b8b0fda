"""The pure reminder rules, each at its edges, with a fixed `now`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from recovery_cli.core.records import WarningMatch
from recovery_cli.reminders.schedule import (
    KIND_ASSESSMENT,
    KIND_CHECKIN,
    KIND_NUDGE,
    KIND_PLAN_REVIEW,
    KIND_WARNING,
    NUDGE_AFTER_DAYS,
    Questionnaire,
    Recorded,
    Reminder,
    Settings,
    due_reminders,
    in_quiet_hours,
    parse_quiet_hours,
)

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 10)
QUESTIONNAIRES = {
    "phq9": Questionnaire("phq9", "PHQ-9", 14),
    "gad7": Questionnaire("gad7", "GAD-7", 14),
    "who5": Questionnaire("who5", "WHO-5", 14),
}
NO_QUESTIONNAIRES = Settings(assessments=())


def at(hh: int, mm: int = 0, day: date = TODAY) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def kinds(reminders: list[Reminder]) -> list[str]:
    return [r.kind for r in reminders]


def all_taken_recently() -> dict[str, date]:
    return {cid: days_ago(1) for cid in QUESTIONNAIRES}


# --- the daily check-in ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (at(19, 59), None, []),  # a minute before the reminder time: not yet
        (at(20, 0), None, [KIND_CHECKIN]),  # at the reminder time: due
        (at(23, 59), None, [KIND_CHECKIN]),
        (at(20, 0), TODAY, []),  # today's check-in done: nothing
        (at(20, 0), days_ago(1), [KIND_CHECKIN]),
        (at(20, 0), days_ago(NUDGE_AFTER_DAYS - 1), [KIND_CHECKIN]),
        (at(20, 0), days_ago(NUDGE_AFTER_DAYS), [KIND_NUDGE]),  # several days: a gentle nudge
        (at(20, 0), days_ago(400), [KIND_NUDGE]),
        (at(19, 59), days_ago(NUDGE_AFTER_DAYS), []),  # the nudge waits for the same time
        (at(0, 5), days_ago(1), []),  # just after midnight: today's time hasn't come
    ],
)
def test_checkin_due_after_the_reminder_time_when_today_has_none(
    now: datetime, last: date | None, expected: list[str]
) -> None:
    got = due_reminders(now, NO_QUESTIONNAIRES, Recorded(last_checkin_day=last), {})
    assert kinds(got) == expected
    for r in got:
        assert r.command == "recovery checkin"


def test_checkin_time_is_configurable() -> None:
    early = Settings(checkin_time="07:30", assessments=())
    assert kinds(due_reminders(at(7, 29), early, Recorded(), {})) == []
    assert kinds(due_reminders(at(7, 30), early, Recorded(), {})) == [KIND_CHECKIN]


def test_the_nudge_is_kind_and_does_not_count_missed_days() -> None:
    [nudge] = due_reminders(at(21), NO_QUESTIONNAIRES, Recorded(last_checkin_day=days_ago(9)), {})
    text = nudge.message.lower()
    assert "okay" in text
    assert not any(ch.isdigit() for ch in text)  # no "you missed 9 days"
    for word in ("missed", "streak", "should", "failed", "behind", "broke"):
        assert word not in text


# --- quiet hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "quiet", "silent"),
    [
        (at(22, 29), "22:30-07:00", False),
        (at(22, 30), "22:30-07:00", True),  # the start is inside
        (at(23, 59), "22:30-07:00", True),
        (at(0, 0), "22:30-07:00", True),  # crosses midnight
        (at(6, 59), "22:30-07:00", True),
        (at(7, 0), "22:30-07:00", False),  # the end is not
        (at(12, 59), "13:00-14:00", False),  # a range within one day
        (at(13, 30), "13:00-14:00", True),
        (at(14, 0), "13:00-14:00", False),
        (at(22, 0), "22:00-22:00", False),  # zero length: no quiet hours
        (at(22, 0), "", False),
    ],
)
def test_nothing_is_due_inside_quiet_hours(now: datetime, quiet: str, silent: bool) -> None:
    settings = Settings(checkin_time="00:00", quiet_hours=quiet)
    recorded = Recorded(plan_last_reviewed=days_ago(90),
                        warnings=[WarningMatch("Sleeping badly", "sleep_hours < 5 for 2 days", None)])
    got = due_reminders(now, settings, recorded, QUESTIONNAIRES)
    if silent:
        assert got == []
    else:
        # everything that is due outside: check-in, warning, three questionnaires, plan review
        assert kinds(got) == [KIND_CHECKIN, KIND_WARNING] + [KIND_ASSESSMENT] * 3 + [KIND_PLAN_REVIEW]


def test_quiet_hours_parse_and_ignore_seconds() -> None:
    assert parse_quiet_hours("") is None
    assert parse_quiet_hours("22:30-07:00") == (time(22, 30), time(7, 0))
    assert in_quiet_hours(time(7, 0, 59), (time(22, 30), time(7, 0))) is False
    assert in_quiet_hours(time(22, 30, 1), (time(22, 30), time(7, 0))) is True
    for bad in ("22:30", "25:00-07:00", "22:30-07:00-08:00", "late"):
        with pytest.raises(ValueError):
            parse_quiet_hours(bad)


# --- questionnaires ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken", "due"),
    [
        (None, True),  # never taken: due
        (days_ago(0), False),
        (days_ago(13), False),  # a day before the two weeks are up
        (days_ago(14), True),  # frequency_days passed
        (days_ago(200), True),
    ],
)
def test_questionnaire_due_after_its_frequency(taken: date | None, due: bool) -> None:
    settings = Settings(checkin_time="23:59", assessments=("phq9",))
    recorded = Recorded(last_checkin_day=TODAY, last_taken={"phq9": taken} if taken else {})
    got = due_reminders(at(12), settings, recorded, QUESTIONNAIRES)
    assert kinds(got) == ([KIND_ASSESSMENT] if due else [])
    if due:
        assert got[0].command == "recovery assess take phq9"
        assert "PHQ-9" in got[0].message
        if taken is not None:
            assert taken.isoformat() in got[0].message


def test_only_configured_and_known_questionnaires_each_once() -> None:
    settings = Settings(checkin_time="23:59", assessments=("gad7", "nosuch", "gad7", "who5"))
    got = due_reminders(at(12), settings, Recorded(last_taken={"who5": days_ago(3)}),
                        QUESTIONNAIRES)
    assert [r.command for r in got] == ["recovery assess take gad7"]  # phq9 not configured
    assert due_reminders(at(12), Settings(checkin_time="23:59", assessments=()), Recorded(),
                         QUESTIONNAIRES) == []


def test_questionnaire_without_a_frequency_is_due_only_when_never_taken() -> None:
    known = {"mine": Questionnaire("mine", "My questions", None)}
    settings = Settings(checkin_time="23:59", assessments=("mine",))
    assert kinds(due_reminders(at(12), settings, Recorded(), known)) == [KIND_ASSESSMENT]
    taken = Recorded(last_taken={"mine": days_ago(999)})
    assert due_reminders(at(12), settings, taken, known) == []


# --- the plan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review_days", "reviewed", "due"),
    [
        (30, days_ago(29), False),
        (30, days_ago(30), True),
        (30, days_ago(31), True),
        (7, days_ago(7), True),
        (0, days_ago(3000), False),  # 0 turns it off
        (30, None, False),  # no plan: nothing to review
    ],
)
def test_plan_review_after_the_configured_days(
    review_days: int, reviewed: date | None, due: bool
) -> None:
    settings = Settings(checkin_time="23:59", assessments=(), plan_review_days=review_days)
    got = due_reminders(at(12), settings, Recorded(plan_last_reviewed=reviewed), {})
    assert kinds(got) == ([KIND_PLAN_REVIEW] if due else [])
    if due:
        assert got[0].command == "recovery plan edit"
        assert reviewed is not None and reviewed.isoformat() in got[0].message


def test_a_plan_never_reviewed_says_so_without_an_odd_date() -> None:
    [r] = due_reminders(at(12), Settings(checkin_time="23:59", assessments=()),
                        Recorded(plan_last_reviewed=date(1970, 1, 1)), {})
    assert "no review date yet" in r.message and "1970" not in r.message


# --- early warnings ----------------------------------------------------------------------


def test_each_matching_warning_is_due_with_what_the_plan_says() -> None:
    matches = [
        WarningMatch("Sleeping badly", "sleep_hours < 5 on 2 of 3 days", "2026-03-08",
                     ["Wind down at 22:00", "Tell Sam"]),
        WarningMatch("Pulling away", "no checkin for 4 days", None, []),
    ]
    got = due_reminders(at(12), Settings(checkin_time="23:59", assessments=()),
                        Recorded(warnings=matches), {})
    assert kinds(got) == [KIND_WARNING, KIND_WARNING]
    assert all(r.command == "recovery plan check" for r in got)
    assert "Sleeping badly" in got[0].message and "since 2026-03-08" in got[0].message
    assert "Wind down at 22:00; Tell Sam" in got[0].message
    assert "Pulling away" in got[1].message and "Your plan says" not in got[1].message


# --- together ----------------------------------------------------------------------------


def test_nothing_due_when_everything_is_recent() -> None:
    recorded = Recorded(last_checkin_day=TODAY, last_taken=all_taken_recently(),
                        plan_last_reviewed=days_ago(2))
    assert due_reminders(at(21), Settings(), recorded, QUESTIONNAIRES) == []


def test_order_and_shape() -> None:
    recorded = Recorded(last_checkin_day=days_ago(1), last_taken={"gad7": days_ago(1)},
                        plan_last_reviewed=days_ago(45),
                        warnings=[WarningMatch("Low mood", "mood <= 3 for 3 days", None)])
    got = due_reminders(at(21), Settings(), recorded, QUESTIONNAIRES)
    assert [r.kind for r in got] == [KIND_CHECKIN, KIND_WARNING, KIND_ASSESSMENT,
                                     KIND_ASSESSMENT, KIND_PLAN_REVIEW]
    assert [r.command for r in got if r.kind == KIND_ASSESSMENT] == [
        "recovery assess take phq9", "recovery assess take who5"]
    for r in got:
        assert set(r.as_dict()) == {"kind", "message", "command"}
        assert r.message and r.command.startswith("recovery ")
        for word in ("diagnos", "detect", "treat", "cure", "you are in"):
            assert word not in r.message.lower()
