"""Days and times people type: past-leaning for yearless dates, future kept for goals."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from recovery_cli.core import clock
from recovery_cli.core.errors import InputError

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 26)),
        ("yesterday", date(2026, 11, 25)),
        ("3 days ago", date(2026, 11, 23)),
        ("last monday", date(2026, 11, 23)),
        ("monday", date(2026, 11, 23)),
        ("2026-02-28", date(2026, 2, 28)),
        ("nov 20", date(2026, 11, 20)),
        ("december 30", date(2025, 12, 30)),
        ("december 20", date(2026, 12, 20)),  # under 28 days ahead: as said (jrnl too)
        ("march 3 2027", date(2027, 3, 3)),
    ],
)
def test_days_people_give_lean_to_the_past(text: str, expected: date) -> None:
    assert clock.parse_day(text, TODAY) == expected


def test_a_goal_day_may_lie_ahead() -> None:
    assert clock.parse_day("december 30", TODAY, future=True) == date(2026, 12, 30)
    assert clock.parse_day("next friday", TODAY) > TODAY  # asked for the future: kept


def test_when_leans_to_the_past_too() -> None:
    ref = datetime(2026, 11, 26, 21, 0).astimezone()
    assert clock.parse_when("nov 20 9pm", ref).date() == date(2026, 11, 20)


@pytest.mark.parametrize("text", ["2026-02-30", "next blursday", "yesterday-ish", ""])
def test_unreadable_days_are_bad_input(text: str) -> None:
    with pytest.raises(InputError):
        clock.parse_day(text, TODAY)
