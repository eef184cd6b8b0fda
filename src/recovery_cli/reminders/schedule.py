"""What is due now: pure reminder logic (no clock, database, prompt or print).

`due_reminders` takes the moment to judge (`now`, local and aware), the `reminders.*` settings
and what has been recorded (last check-in day, when each questionnaire was last taken, when the
plan was last reviewed, the early warning rules that match), and returns the reminders that are
due, each with the command that answers it.

Rules (DESIGN.md, `reminders.*` config keys):
- Inside quiet hours nothing is due. A range may cross midnight (`22:30-07:00`); the start is
  inside, the end is not; a zero-length range (`22:00-22:00`) is no quiet hours at all.
- Today's check-in is due once `checkin_time` has passed and today has none.
- After several days without a check-in (`NUDGE_AFTER_DAYS`), the same moment brings a gentle
  nudge instead, worded without counting or blame.
- A questionnaire listed in `assessments` is due when its `frequency_days` have passed since
  the day it was last taken. One never taken is suggested once the home has been in use for a
  week (`SETTLING_IN_DAYS` since the first thing recorded) or as soon as any questionnaire has
  been taken, so a brand-new home's first `remind` is one gentle line, not four. One with no
  known frequency is due only when it has never been taken (with the same first-week rule).
- The plan is due for a review `plan_review_days` days after it was last reviewed (0 turns it
  off; nothing is due when there is no plan).
- Every early warning rule that matches is due (the same matches `plan check` shows).
- Snap prompts (issue 19) are opt-in: `snaps` lists up to four times a day; in the hour after
  one of them a single "How are you right now?" line is due, unless a snap was made in the
  last two hours. Only the first four times count, so never more than four a day.
- "Today" is `clock.day_of(now)`: before the day's end (04:00) it is still yesterday, and
  yesterday's check-in time has passed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from recovery_cli.core.clock import day_of
from recovery_cli.core.records import WarningMatch

NUDGE_AFTER_DAYS = 3  # the last check-in was this many days before today, or more

KIND_CHECKIN = "checkin"
KIND_NUDGE = "nudge"
KIND_ASSESSMENT = "assessment"
KIND_PLAN_REVIEW = "plan_review"
KIND_WARNING = "warning"
KIND_SNAP = "snap"
SNAP_WINDOW = timedelta(hours=1)  # a snap prompt is due in the hour after its time
SNAP_QUIET = timedelta(hours=2)  # ...unless a snap was made this recently
MAX_SNAP_PROMPTS = 4
SNAP_MESSAGE = "How are you right now?"

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


# NamedTuples rather than dataclasses: this module is on cron's start-up path, and a
# NamedTuple class costs about a seventh of a dataclass to create at import.


class Reminder(NamedTuple):
    kind: str
    message: str
    command: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message, "command": self.command}


class Settings(NamedTuple):
    """The `reminders.*` config values, already validated."""

    checkin_time: str = "20:00"
    quiet_hours: str = ""
    assessments: tuple[str, ...] = ("phq9", "gad7", "who5")
    plan_review_days: int = 30
    notify_details: bool = False
    snaps: tuple[str, ...] = ()  # "10:00", ... (opt-in snap prompts)


class Questionnaire(NamedTuple):
    """What remind needs to know of a checklist: its title and how often it is taken."""

    id: str
    title: str
    frequency_days: int | None = None


class Recorded(NamedTuple):
    """What the database holds that matters for reminders (empty = nothing recorded)."""

    last_checkin_day: date | None = None
    last_taken: Mapping[str, date] = {}  # checklist id -> local day (never mutated)
    plan_last_reviewed: date | None = None  # None: there is no plan
    warnings: Sequence[WarningMatch] = ()
    next_session: date | None = None  # `recovery session next DAY`
    # The first day anything was recorded; None: nothing yet (a brand-new home). The default,
    # date.min, means "in use for long" (used when it can't be known, e.g. a locked home).
    first_day: date | None = date.min
    last_snap_at: datetime | None = None  # the most recent snap's moment


SETTLING_IN_DAYS = 7  # never-taken questionnaires join after the first week


def parse_hhmm(text: str) -> time:
    """`20:00` -> time(20, 0); ValueError for anything else."""
    m = _HHMM.match(text.strip())
    if not m:
        raise ValueError(f"expected a time like 20:00, not '{text}'")
    return time(int(m.group(1)), int(m.group(2)))


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """`""` -> None; `22:30-07:00` -> (22:30, 07:00). ValueError when malformed."""
    if not text.strip():
        return None
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f'expected "" or a range like 22:30-07:00, not \'{text}\'')
    return parse_hhmm(parts[0]), parse_hhmm(parts[1])


def in_quiet_hours(moment: time, quiet: tuple[time, time] | None) -> bool:
    """True inside [start, end); a range with start > end crosses midnight."""
    if quiet is None:
        return False
    start, end = quiet
    t = moment.replace(second=0, microsecond=0, tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end


def _checkin(now: datetime, settings: Settings, last: date | None) -> Reminder | None:
    today = day_of(now)
    if last is not None and last >= today:
        return None
    after_midnight = today != now.date()  # 01:00 is still the evening before: its time passed
    if not after_midnight and now.time().replace(tzinfo=None) < parse_hhmm(settings.checkin_time):
        return None
    if last is not None and (today - last).days >= NUDGE_AFTER_DAYS:
        return Reminder(
            KIND_NUDGE,
            "It's been a little while since your last check-in, and that's okay. "
            "Whenever you're ready, a short one today is a gentle way back in.",
            "recovery checkin",
        )
    return Reminder(
        KIND_CHECKIN,
        "Today's check-in is here whenever you're ready; it takes a minute or two.",
        "recovery checkin",
    )


def _assessments(
    today: date, settings: Settings, known: Mapping[str, Questionnaire],
    last_taken: Mapping[str, date], first_day: date | None = date.min,
) -> list[Reminder]:
    out: list[Reminder] = []
    settled = bool(last_taken) or (
        first_day is not None and (today - first_day).days >= SETTLING_IN_DAYS)
    seen: set[str] = set()
    for checklist_id in settings.assessments:
        q = known.get(checklist_id)
        if q is None or checklist_id in seen:
            continue  # not a questionnaire this installation has
        seen.add(checklist_id)
        last = last_taken.get(checklist_id)
        command = f"recovery assess take {checklist_id}"
        if last is None:
            if not settled:
                continue
            out.append(Reminder(
                KIND_ASSESSMENT,
                f"{q.title} hasn't been taken yet. It's short, and over time it can help "
                "you and your clinician see how things change.",
                command,
            ))
        elif q.frequency_days and (today - last).days >= q.frequency_days:
            out.append(Reminder(
                KIND_ASSESSMENT,
                f"{q.title} is due again (every {q.frequency_days} days; "
                f"last taken {last.isoformat()}).",
                command,
            ))
    return out


def _plan_review(today: date, settings: Settings, last: date | None) -> Reminder | None:
    if settings.plan_review_days <= 0 or last is None:
        return None
    if (today - last).days < settings.plan_review_days:
        return None
    when = (f"was last reviewed on {last.isoformat()}" if last.year > 1970
            else "has no review date yet")  # the store's stand-in for "never reviewed"
    return Reminder(
        KIND_PLAN_REVIEW,
        f"Your relapse-prevention plan {when}. A few minutes to check it still fits could help.",
        "recovery plan edit",
    )


def _plan_steps(responses: Sequence[str]) -> str:
    """The plan's responses as one sentence: "Call Sam; tell my therapist." A response that
    already ends with a full stop keeps one full stop, not two; "!", "?" and "..." are kept."""
    steps = []
    for response in responses:
        text = response.strip()
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
        text = text.rstrip(";,: ")
        if text:
            steps.append(text)
    sentence = "; ".join(steps)
    if sentence and not sentence.endswith((".", "!", "?", "\u2026")):
        sentence += "."
    return sentence


def _warning(match: WarningMatch) -> Reminder:
    since = f" since {match.since}" if match.since else ""
    said = _plan_steps(match.responses)
    steps = f" Your plan says: {said}" if said else ""
    return Reminder(
        KIND_WARNING,
        f"An early warning sign from your plan: {match.sign} ({match.rule}{since}).{steps}",
        "recovery plan check",
    )


def due_reminders(
    now: datetime,
    settings: Settings,
    recorded: Recorded,
    questionnaires: Mapping[str, Questionnaire],
) -> list[Reminder]:
    """The reminders due at `now`, in a stable order: check-in, warnings, questionnaires, plan."""
    if in_quiet_hours(now.time(), parse_quiet_hours(settings.quiet_hours)):
        return []
    today = day_of(now)
    out: list[Reminder] = []
    checkin = _checkin(now, settings, recorded.last_checkin_day)
    if checkin is not None:
        out.append(checkin)
    snap = snap_prompt(now, settings.snaps, recorded.last_snap_at)
    if snap is not None:
        out.append(snap)
    out.extend(_warning(m) for m in recorded.warnings)
    out.extend(_assessments(today, settings, questionnaires, recorded.last_taken,
                            recorded.first_day))
    review = _plan_review(today, settings, recorded.plan_last_reviewed)
    if review is not None:
        out.append(review)
    if recorded.next_session is not None and recorded.next_session == today + timedelta(days=1):
        out.append(Reminder("session", SESSION_TOMORROW, "recovery session prep"))
    return out


def snap_prompt(now: datetime, times: Sequence[str], last_snap: datetime | None
                ) -> Reminder | None:
    """The opt-in snap prompt: due in the hour after one of the (first four) `times`, silent
    when a snap was made in the last two hours. Quiet hours are checked by the caller."""
    if last_snap is not None and timedelta(0) <= now - last_snap < SNAP_QUIET:
        return None
    wall = now.replace(tzinfo=None)
    for text in list(times)[:MAX_SNAP_PROMPTS]:
        try:
            at = datetime.combine(wall.date(), parse_hhmm(text))
        except ValueError:
            continue
        if at <= wall < at + SNAP_WINDOW:
            return Reminder(KIND_SNAP, SNAP_MESSAGE, "recovery snap")
    return None


SESSION_TOMORROW = ("Your appointment is tomorrow: `recovery session prep` gets a one-page "
                    "summary ready.")
