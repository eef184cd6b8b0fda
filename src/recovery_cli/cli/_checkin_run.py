"""What `recovery checkin` does, without typer: ask what the flags don't give (in a terminal),
save through app/checkin.record, then the summary or --json. `cli/checkin.py` (the typer
command) and the fast path of `checkin` by flags (cli/_fast.py) both call `run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recovery_cli.cli._checkin_parts import _exists, _given, _practised, _specs, _streaks
from recovery_cli.cli._common import emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.checkin.logic import Answer


def run(day_text: str | None = None, mood: str | None = None, energy: str | None = None,
        sleep: str | None = None, anxiety: str | None = None, sets: list[str] | None = None,
        note: str | None = None, meds_flag: str | None = None,
        as_needed: list[str] | None = None, json_out: bool = False) -> None:
    """The check-in of `--date` (default today) with the answers given as typed in flags."""
    from recovery_cli.checkin.logic import (
        COPING,
        for_day,
        stored_answer,
        to_json,
        with_practised,
    )
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError, MissingAnswerError
    from recovery_cli.store import checkins as store
    from recovery_cli.ui import checkin as ui
    from recovery_cli.ui import say

    today = clock.today()
    calendar = clock.calendar_today()  # --date always wins, and names calendar days
    day = clock.parse_day(day_text, calendar) if day_text is not None else today
    st = state()
    if day > calendar and not (day <= clock.furthest_today() and _exists(day)):
        raise InputError(
            f"--date {day.isoformat()} is in the future; a check-in can be for today or an "
            "earlier day."
        )
    if day.year < 1900:
        raise InputError(f"--date {day.isoformat()} is too long ago; give a day from 1900 on.")
    if day_text is None:
        from recovery_cli.cli._common import note_boundary

        note_boundary(clock.now())
    conn = st.db()
    practised = _practised(conn, day.isoformat())
    specs = _specs(conn, {COPING: [(s, title) for s, title, _ in practised]} if practised else None)
    given = _given(
        specs,
        {"mood": mood, "energy": energy, "sleep_hours": sleep, "anxiety": anxiety, "note": note},
        sets or [],
    )
    from recovery_cli.cli import _meds_checkin

    meds_ctx = _meds_checkin.prepare(conn, day.isoformat(), meds_flag, as_needed or [])
    if meds_ctx is not None and meds_ctx.taken_given and _meds_checkin.ITEM in given:
        raise InputError("--meds and --set medication=... say the same thing; give one.")
    existing = store.get_day(conn, day.isoformat())
    defaults = {s.id: stored_answer(s, existing) for s in specs}
    from recovery_cli.store import snaps as store_snaps

    day_snaps = store_snaps.between(conn, day.isoformat(), day.isoformat())
    when = ui.day_words(day.isoformat(), today)
    # Skills practised that day are ticked under coping (unless --set coping=... says otherwise).
    ticks: list[str] | None = None
    before = defaults.get(COPING)
    if practised and COPING not in given and any(
            s.id == COPING and s.type == "multi" for s in specs):
        ticks = with_practised(before, [(s, at) for s, _, at in practised],
                               existing.updated_at if existing else None)
        if ticks is not None:
            defaults[COPING] = ticks

    answers: dict[str, Answer] = dict(given)
    added_note = ""
    to_ask = [s for s in specs if s.id not in given]
    if interactive() and to_ask:
        from recovery_cli.prompts.checkin import ask_checkin

        if existing is not None:
            say(f"You already checked in for {when}; your answers are filled in. "
                "Change what you like, and it will be updated.")
        elif day != today:
            say(f"Checking in for {when}.")
        if day_snaps:  # the day's moments as context; their mean is the mood default
            from recovery_cli.checkin.snaps import mean_mood
            from recovery_cli.ui.snaps import context_line

            say(context_line(day_snaps, when))
            mood_spec = next((sp for sp in specs if sp.id == "mood"), None)
            mean = mean_mood(day_snaps)
            if defaults.get("mood") is None and mood_spec is not None and mean is not None:
                places = mood_spec.decimals
                defaults["mood"] = float(int(mean * 10**places + 0.5)) / 10**places
        skip, instead = set(given), None
        if meds_ctx is not None:  # the medication questions replace the yes/no item
            skip.add(_meds_checkin.ITEM)
            if any(s.id == _meds_checkin.ITEM for s in specs):
                instead = {_meds_checkin.ITEM: meds_ctx.ask}
            else:
                meds_ctx.ask()
        asked = ask_checkin(for_day(specs, when), defaults, skip=skip, instead=instead)
        if asked is None:
            say("Okay, nothing was saved.")
            return
        answers.update(asked)
    else:
        for spec in specs:
            if spec.required and answers.get(spec.id) is None and defaults.get(spec.id) is None:
                raise need(spec.text, spec.flag)
        if not answers and not (meds_ctx is not None and meds_ctx.answered):
            raise MissingAnswerError(
                f"There is already a check-in for {when} and nothing to change: pass "
                "--mood, --energy, --sleep, --anxiety, --note or --set ITEM=VALUE."
            )
        if ticks is not None:  # no --set coping: the day's practice joins the answers
            answers[COPING] = ticks
            titles = {s: title for s, title, _ in practised}
            had = before if isinstance(before, list) else []
            added = [titles[t] for t in ticks if t in titles and t not in had]
            if added:
                added_note = ("Added the skills you practised to your coping skills: "
                              f"{', '.join(added)}.")

    if meds_ctx is not None and meds_ctx.taken_given and any(
            s.id == _meds_checkin.ITEM for s in specs):
        answers[_meds_checkin.ITEM] = _meds_checkin.medication_answer(meds_ctx)
    from recovery_cli.app.checkin import record

    done = record(st, day.isoformat(), specs, answers, now=clock.iso(clock.now()), today=today,
                  meds=meds_ctx)
    saved, updated, warnings = done.saved, done.updated, done.warnings
    if added_note:  # only once it is true: a failed save says nothing was saved, alone
        say(added_note)
    if done.warnings_failed is not None:
        report(f"Your check-in is saved; the early warning check could not run "
               f"({done.warnings_failed}).")
    from recovery_cli.cli import _crisis_note

    # The text answers written this time (the note, any text item): the crisis-language note.
    by_id = {s.id: s for s in specs}
    written = [v for k, v in answers.items() if k in by_id and by_id[k].type == "text"
               and isinstance(v, str) and v != defaults.get(k)]
    crisis_words = _crisis_note.check(written)
    if json_out:
        from recovery_cli.checkin.snaps import day_record, history_json

        doc = {**to_json(saved, specs),
               **_meds_checkin.json_fields(conn, [saved.day])[saved.day],
               **history_json(day_record(saved.day, day_snaps, None) if day_snaps else None)}
        if crisis_words:
            doc["crisis_language"] = True
        emit_json(doc)
        say(f"{'Updated' if updated else 'Saved'} your check-in for {when}.")
        for line in ui.plain_warnings(warnings):
            say(line)
    else:
        from recovery_cli.checkin.summary import summarize, window_start

        window = store.days_between(conn, window_start(saved.day), saved.day)
        summary = summarize(specs, saved, window, updated=updated, streaks=_streaks())
        ui.print_summary(summary, warnings, today)
        if meds_ctx is not None and meds_ctx.missed:
            say(f"Noted as missed {when}: "
                + ", ".join(meds_ctx.names.get(i, "?") for i in meds_ctx.missed) + ".")
    if crisis_words:
        _crisis_note.show("your check-in is saved")


