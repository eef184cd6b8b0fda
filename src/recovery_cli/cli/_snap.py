"""What `recovery snap` does, without typer: `cli/snap.py` (the typer command) and the fast
path of `recovery snap N` in main.py both call `save` (issue 19: the fastest write)."""

from __future__ import annotations

from datetime import datetime

from recovery_cli.cli._common import emit_json, interactive, need, note_boundary, state

CANCELLED = "Cancelled; no moment was saved."


def _ask_mood() -> float:
    from recovery_cli.prompts import ask_number

    value = ask_number("How are you right now?", 0, 10, decimals=1, required=True,
                       hint="0 lowest, 10 best", cancelled=CANCELLED)
    assert value is not None  # required
    return value


def save(mood: str | None, *, anxiety: str | None = None, energy: str | None = None,
         note: str | None = None, tag: list[str] | None = None, at: str | None = None,
         day_text: str | None = None, yes: bool = False, json_out: bool = False) -> None:
    """Check the moment given (flags as typed), ask for the mood when it is missing and a
    person can answer, save it in one INSERT and say so (or print it as JSON)."""
    from recovery_cli.checkin.snaps import check_moment, parse_score
    from recovery_cli.core import clock

    now = clock.now()
    value = parse_score(mood) if mood is not None else None
    others = {k: parse_score(v, k) if v is not None else None
              for k, v in (("anxiety", anxiety), ("energy", energy))}
    moment = _moment(at, now) if at is not None else now
    check_moment(moment, now, allow_old=yes)
    day = clock.parse_day(day_text, clock.calendar_today()) if day_text is not None else None
    if day is not None and day > clock.calendar_today():
        from recovery_cli.core.errors import InputError

        raise InputError(f"--date {day.isoformat()} is in the future.")
    tags: list[str] = []
    if tag:
        from recovery_cli.journal.text import merge_tags

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
    from recovery_cli.core import clock

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


