"""The only place that reads the clock, and the parser for days and times people type.

Accepts ISO dates/times and natural phrases (`today`, `yesterday`, `last monday`,
`3 days ago`, `2 weeks ago`). An unparsable phrase is an error, never silently "now".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from recovery_cli.core.errors import InputError

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_AGO = re.compile(r"^(\d+|a|an|one|two|three|four|five|six|seven)\s+(day|week)s?\s+ago$")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7}


def now() -> datetime:
    """The current local time, aware, with its UTC offset."""
    return datetime.now().astimezone()


# The day boundary (issue 19): a moment before this local wall-clock time belongs to the
# previous day, so a check-in typed at 00:30 after a long evening counts for that evening.
# `config set day_ends_at 04:00`; the cli sets it once per command from config.toml.
DEFAULT_DAY_ENDS_AT = time(4, 0)
LATEST_DAY_END = time(6, 0)
_day_ends_at: time = DEFAULT_DAY_ENDS_AT


def set_day_ends_at(value: time | str | None) -> None:
    """The boundary this command uses (None: the default, 04:00)."""
    global _day_ends_at
    if value is None:
        _day_ends_at = DEFAULT_DAY_ENDS_AT
    elif isinstance(value, str):
        hours, minutes = value.split(":")
        _day_ends_at = time(int(hours), int(minutes))
    else:
        _day_ends_at = value


def day_ends_at() -> time:
    return _day_ends_at


def day_of(moment: datetime, ends_at: time | None = None) -> date:
    """THE rule for which day a moment belongs to: its local calendar day, or the day before
    when its wall-clock time is before the day's end (04:00 by default). Wall-clock time, so
    a DST change moves nothing: 03:59 is before 04:00 on the night the clocks change too."""
    end = _day_ends_at if ends_at is None else ends_at
    wall = moment.time().replace(tzinfo=None)
    return moment.date() - timedelta(days=1) if wall < end else moment.date()


def today() -> date:
    """Today as people mean it: `day_of(now())` (before 04:00 it is still yesterday)."""
    return day_of(now())


def calendar_today() -> date:
    """The calendar date, for what `--date today` names and the limit of "the future"."""
    return now().date()


def furthest_today(moment: datetime | None = None) -> date:
    """The calendar day it is now furthest east (UTC+14, Kiribati). A check-in saved for
    "today" there is still visible and updatable after a move west, when the local today is
    a day or two earlier (issue 24)."""
    return ((moment or now()).astimezone(UTC) + timedelta(hours=14)).date()


def boundary_note(moment: datetime) -> str | None:
    """The once-per-command sentence when `moment` counts for the day before its calendar
    day ("Counting this for Tuesday, since it's before 4:00; use --date today for
    Wednesday"); None otherwise."""
    day = day_of(moment)
    if day == moment.date():
        return None
    end = _day_ends_at
    shown = f"{end.hour}:{end.minute:02d}"
    return (f"Counting this for {day.strftime('%A')}, since it's before {shown}; "
            f"use --date today for {moment.strftime('%A')}.")


def iso(moment: datetime) -> str:
    """ISO 8601 local time with offset, to the second: 2026-11-26T21:04:00+01:00."""
    return moment.replace(microsecond=0).isoformat()


def _simple_day(text: str, ref: date) -> date | None:
    t = " ".join(text.strip().lower().split())
    if t in ("today", "now", "tonight"):
        return ref
    if t == "yesterday":
        return ref - timedelta(days=1)
    if t in ("day before yesterday", "the day before yesterday"):
        return ref - timedelta(days=2)
    m = _AGO.match(t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1)]
        return ref - timedelta(days=n * (7 if m.group(2) == "week" else 1))
    parts = t.split()
    if len(parts) in (1, 2) and parts[-1] in _WEEKDAYS and (len(parts) == 1 or parts[0] == "last"):
        # "monday" / "last monday": the most recent such day strictly before today.
        back = (ref.weekday() - _WEEKDAYS.index(parts[-1])) % 7 or 7
        return ref - timedelta(days=back)
    try:
        return date.fromisoformat(t)
    except ValueError:
        return None


# The days a person can mean. Past 1900 and short of the calendar's end, so that a period
# around them (30 days before, a UTC offset either side) is still a date (issue 24: an
# OverflowError for "99999999 days ago" and --from 0001-01-01).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)


def _bad_date(text: str) -> InputError:
    if not text.strip():
        return InputError("The date is empty. Give a day such as 2026-11-20, 'today', "
                          "'yesterday', 'last monday' or '3 days ago'.")
    return InputError(
        f"Can't read the date '{text}'. Try 2026-11-20, 'today', 'yesterday', "
        "'last monday' or '3 days ago'."
    )


def _in_range(day: date, text: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        shown = text.strip()[:40]
        if shown != day.isoformat():
            shown += f"' ({day.isoformat()})"
        else:
            shown += "'"
        raise InputError(f"The date '{shown} is out of range: give a day from "
                         f"{FIRST_DAY.year} to {LAST_DAY.year}.")
    return day


def parse_day(text: str, ref: date | None = None, *, future: bool = False) -> date:
    """A calendar day from ISO or a natural phrase, from 1900 to 9998; InputError when it
    can't be read (an empty text included: it is not "today")."""
    try:
        return _in_range(_parse_day(text, ref, future=future), text)
    except (OverflowError, ValueError):
        raise _too_far(text) from None


def _too_far(text: str) -> InputError:
    return InputError(f"The date '{text.strip()[:40]}' is out of range: give a day from "
                      f"{FIRST_DAY.year} to {LAST_DAY.year}.")


def _parse_day(text: str, ref: date | None = None, *, future: bool = False) -> date:
    """A calendar day from ISO or a natural phrase; InputError when it can't be read.

    Days people give are about the past (a check-in, an entry, a period), so a month and day
    without a year that would fall far ahead means the last one ("nov 20" in late November is
    this year's, not next year's), as jrnl does. `future=True` (a goal's "by" day) keeps it."""
    ref = ref or today()
    day = _simple_day(text, ref)
    if day is not None:
        return day
    moment = _parse_with_parsedatetime(text, datetime.combine(ref, time(12)))
    return moment.date() if future else _last_occurrence(text, moment, ref).date()


def parse_when(text: str, ref: datetime | None = None) -> datetime:
    """An instant from ISO or a natural phrase. A bare day means that day at the current time
    for today, else 12:00 local. Always aware (local offset); from 1900 to 9998."""
    try:
        moment = _parse_when(text, ref)
        moment.astimezone(UTC)  # an instant in UTC too (0001-01-01T00:00+14:00 is not)
    except (OverflowError, ValueError):
        raise _too_far(text) from None
    _in_range(moment.date(), text)
    return moment


def _parse_when(text: str, ref: datetime | None = None) -> datetime:
    ref = ref or now()
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw)
        if "T" in raw or " " in raw:
            return moment if moment.tzinfo else moment.astimezone()
    except ValueError:
        pass
    day = _simple_day(raw, ref.date())
    if day is not None:
        if day == ref.date():
            return ref
        return datetime.combine(day, time(12)).astimezone()
    return _last_occurrence(raw, _parse_with_parsedatetime(raw, ref), ref.date())


def past_when(text: str, flag: str, what: str) -> datetime:
    """`parse_when` for something that already happened (a journal entry, a skill practice):
    a day after today is refused, as a check-in's is. Later today is fine."""
    moment = parse_when(text)
    if moment.date() > today():
        raise InputError(f"{flag} {moment.date().isoformat()} is in the future; {what} can be "
                         "for today or an earlier day.")
    return moment


def hoped_for_day(text: str, flag: str = "--by") -> date:
    """A goal's "by" day: ahead or today; a day that has already passed is refused."""
    day = parse_day(text, future=True)
    if day < today():
        raise InputError(f"{flag} {day.isoformat()} has already passed; give today or a later "
                         "day, or leave it out.")
    return day


_FUTURE_WORDS = re.compile(r"\b(next|in|from now|tomorrow|coming)\b", re.IGNORECASE)


def _last_occurrence(text: str, moment: datetime, ref: date) -> datetime:
    """A yearless day parsed more than 28 days ahead moves back a year (parsedatetime reads
    "nov 20" on Nov 26 as next year's); phrases that ask for the future stay as they are."""
    if (moment.date() - ref).days > 28 and not re.search(r"\d{4}", text) \
            and not _FUTURE_WORDS.search(text):
        try:
            return moment.replace(year=moment.year - 1)
        except ValueError:  # 29 February
            return moment.replace(year=moment.year - 1, day=28)
    return moment


def _parse_with_parsedatetime(text: str, ref: datetime) -> datetime:
    import parsedatetime

    cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    result, ctx = cal.parseDT(text, sourceTime=ref.replace(tzinfo=None))
    if not text.strip() or not ctx.hasDateOrTime or _leftover_words(cal, text, ref):
        raise _bad_date(text)
    moment: datetime = result.astimezone()
    return moment


def _leftover_words(cal: Any, text: str, ref: datetime) -> bool:
    """True when parsedatetime understood only part of the phrase: it reads '3 days agoo' as
    '3 days' (three days AHEAD) and 'blah yesterday' as 'yesterday', silently. Every letter
    and digit must be inside a phrase it recognised."""
    covered = [False] * len(text)
    for match in cal.nlp(text, sourceTime=ref.replace(tzinfo=None)) or ():
        start, end = int(match[2]), int(match[3])
        covered[start:end] = [True] * (end - start)
    return any(ch.isalnum() and not seen for ch, seen in zip(text, covered, strict=True))


def parse_day_range(
    start: str | None, end: str | None, ref: date | None = None
) -> tuple[date | None, date | None]:
    """Parse --from/--to; an inverted range is bad input."""
    ref = ref or today()
    a = parse_day(start, ref) if start is not None else None
    b = parse_day(end, ref) if end is not None else None
    if a and b and a > b:
        raise InputError(f"--from {a.isoformat()} is after --to {b.isoformat()}.")
    return a, b
