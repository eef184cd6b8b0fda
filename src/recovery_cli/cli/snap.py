"""Commands: snap (a quick moment, the fastest write in the project) and snaps (the list).

`snap` imports only typer, the clock, config and plain sqlite3 on its way to the one INSERT:
no pydantic, no sqlite-utils (unless a new home needs its schema), and questionary only when
it has to ask (tests/test_startup.py guards this).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, note_boundary, state

CANCELLED = "Cancelled; no moment was saved."


def _ask_mood() -> float:
    from recovery_cli.prompts import ask_number

    value = ask_number("How are you right now?", 0, 10, decimals=1, required=True,
                       hint="0 lowest, 10 best", cancelled=CANCELLED)
    assert value is not None  # required
    return value


def snap(
    mood: Annotated[str | None, typer.Argument(metavar="[MOOD]",
                                               help="Your mood right now, 0-10.")] = None,
    anxiety: Annotated[str | None, typer.Option("--anxiety", metavar="N",
                                                help="Anxiety, 0-10.")] = None,
    energy: Annotated[str | None, typer.Option("--energy", metavar="N",
                                               help="Energy, 0-10.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="A few words about the moment.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG",
                                                  help="A tag (repeatable).")] = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN",
                                           help="When it was: 14:30, 'yesterday 18:00', "
                                           "2026-11-20T09:15 (default: now).")] = None,
    day_text: Annotated[str | None, typer.Option("--date", metavar="DAY",
                                                 help="The day it counts for (default: the "
                                                 "day it belongs to; before 4:00, the day "
                                                 "before).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Allow an --at more than a year ago.")]
    = False,
    json_out: JsonOption = False,
) -> None:
    """A quick moment: how you are right now, 0-10, saved with its time. Any number a day.

    In a terminal `recovery snap` asks for one number; `recovery snap 6` saves at once.
    """
    from recovery_cli import clock
    from recovery_cli.snaps import check_moment, parse_score

    now = clock.now()
    value = parse_score(mood) if mood is not None else None
    others = {k: parse_score(v, k) if v is not None else None
              for k, v in (("anxiety", anxiety), ("energy", energy))}
    moment = _moment(at, now) if at is not None else now
    check_moment(moment, now, allow_old=yes)
    day = clock.parse_day(day_text, clock.calendar_today()) if day_text is not None else None
    if day is not None and day > clock.calendar_today():
        from recovery_cli.errors import InputError

        raise InputError(f"--date {day.isoformat()} is in the future.")
    tags: list[str] = []
    if tag:
        from recovery_cli.journal_text import merge_tags

        tags = merge_tags(tag)
    text = " ".join(note.split()) if note and note.strip() else None
    if value is None:
        if not interactive():
            raise need("Your mood (0-10)", "MOOD, e.g. 'recovery snap 6'")
        value = _ask_mood()
    if day is None:
        note_boundary(moment)
        day = clock.day_of(moment)
    from recovery_cli.store import snaps as store

    saved = store.add_snap(state().db(), at=clock.iso(moment), day=day.isoformat(), mood=value,
                           anxiety=others["anxiety"], energy=others["energy"], note=text,
                           tags=tags)
    if json_out:
        emit_json(saved.as_dict())
    else:
        from recovery_cli.prompts import fmt_num

        when = moment.strftime("%H:%M")
        print(f"Saved: mood {fmt_num(saved.mood)} at {when}.")
    if text:
        _crisis_check(text)


def _moment(text: str, now: datetime) -> datetime:
    from recovery_cli import clock

    raw = text.strip()
    if len(raw) == 5 and raw[2] == ":" and raw.replace(":", "").isdigit():  # "14:30" today
        try:
            hours, minutes = int(raw[:2]), int(raw[3:])
            moment = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
        except ValueError:
            return clock.parse_when(raw, now)
        if moment > now and clock.day_of(now) != now.date():
            # 00:30 and "--at 23:00": the evening that is still today for the person
            from datetime import timedelta

            earlier = (moment - timedelta(days=1)).replace(tzinfo=None).astimezone()
            if clock.day_of(earlier) == clock.day_of(now):  # not "00:45" at 00:30
                moment = earlier
        return moment
    return clock.parse_when(raw, now)


def _crisis_check(text: str) -> None:
    """The same gentle note every free text gets (after saving): the crisis-language list."""
    from recovery_cli.cli import _crisis_note

    _crisis_note.after_saving([text], saved="your moment is saved")


def snaps(
    day_text: Annotated[str | None, typer.Option("--day", metavar="DAY",
                                                 help="One day (default: today).")] = None,
    days: Annotated[int | None, typer.Option("--days", metavar="N",
                                             help="The last N days.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Your quick moments: today's, one --day, or the last --days N (--json: a list)."""
    from datetime import timedelta

    from recovery_cli import clock, paths
    from recovery_cli.errors import InputError

    today = clock.today()
    if day_text is not None and days is not None:
        raise InputError("Use either --day or --days, not both.")
    if days is not None and not 1 <= days <= 36600:
        raise InputError(f"--days takes a whole number from 1 to 36600, not {days}.")
    if day_text is not None:
        first = last = clock.parse_day(day_text, today)
    else:
        last = today
        first = today - timedelta(days=(days or 1) - 1)
    st = state()
    found = []
    if paths.db_path(st.home).is_file():
        from recovery_cli.store import snaps as store

        found = store.between(st.db(), first.isoformat(), last.isoformat())
    if json_out:
        emit_json([s.as_dict() for s in found])
        return
    from recovery_cli.ui import snaps as ui

    ui.print_snaps(found, first.isoformat(), last.isoformat(), today.isoformat())


def register(app: typer.Typer) -> None:
    app.command("snap")(snap)
    app.command("snaps")(snaps)

