"""Commands: checkin, history."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.checkin_logic import Answer, ItemSpec


def _plan_options(conn: sqlite3.Connection | None, sources: set[str]) -> dict[str, list[str]]:
    """Texts of the plan sections that feed multi-select options (e.g. plan.triggers).
    Empty until there is a plan (or with a plan store that can't give them)."""
    out: dict[str, list[str]] = {}
    if conn is None:
        return out
    from recovery_cli.store import plan as store_plan

    for source in sources:
        try:
            out[source] = list(store_plan.section_texts(conn, source.removeprefix("plan.")))
        except NotImplementedError:  # tests/test_checkin.py: a plan store without it
            out[source] = []
    return out


def _specs(
    conn: sqlite3.Connection | None, extra: dict[str, list[tuple[str, str]]] | None = None
) -> list[ItemSpec]:
    from recovery_cli.checkin_logic import build_items
    from recovery_cli.errors import NotFoundError

    checklists = state().checkin_forms()
    sources = {i.source for c in checklists for i in c.items if i.source and i.source.startswith("plan.")}
    specs = build_items(checklists, _plan_options(conn, sources), extra)
    if not specs:
        raise NotFoundError("No check-in checklist could be loaded; 'recovery doctor' shows why.")
    return specs


def _skill_titles(ids: set[str]) -> dict[str, str]:
    """Skill id -> its title in the library (the person's own skills included). Broken skill
    files are skipped quietly here: `recovery skills list` and `doctor` name them."""
    from recovery_cli.skills import load_skills

    library = load_skills(state().home).skills
    return {i: library[i].title for i in ids if i in library}


def _practised(conn: sqlite3.Connection, day: str) -> list[tuple[str, str, str]]:
    """The skills practised on `day` as (id, title, when last practised), first practised
    first. Only one day is read; the library is loaded only when there is something."""
    from recovery_cli.store import skills as store_skills

    log = store_skills.practice_log(conn, day, day)  # newest first
    if not log:
        return []
    last: dict[str, str] = {}
    for p in log:
        last.setdefault(p.skill, p.practiced_at)
    order = list(dict.fromkeys(p.skill for p in reversed(log)))
    titles = _skill_titles(set(order))
    return [(s, titles.get(s) or s.replace("_", " ").capitalize(), last[s]) for s in order]


def _with_skill_labels(
    conn: sqlite3.Connection, specs: list[ItemSpec], rows: list[Any]
) -> list[ItemSpec]:
    """Specs whose coping options also name the practised skills ticked on these days (shown
    by their titles, not their ids)."""
    from recovery_cli.checkin_logic import COPING

    coping = next((s for s in specs if s.id == COPING and s.type == "multi"), None)
    if coping is None:
        return specs
    known = {str(v) for v, _ in coping.options}
    unknown = {c for r in rows for c in r.choices.get(COPING, []) if c not in known}
    titles = _skill_titles(unknown) if unknown else {}
    return _specs(conn, {COPING: sorted(titles.items())}) if titles else specs


def _given(
    specs: list[ItemSpec], named: dict[str, str | None], sets: list[str]
) -> dict[str, Answer]:
    """Flag values coerced against the checklist (exit 2 with the allowed values when bad)."""
    from recovery_cli.checkin_logic import coerce, split_set
    from recovery_cli.errors import InputError

    by_id = {s.id: s for s in specs}
    raw: dict[str, str] = {}
    for item, value in named.items():
        if value is None:
            continue
        if item not in by_id:
            raise InputError(f"Your check-in has no '{item}' item, so that flag can't be used.")
        raw[item] = value
    for text in sets:
        item, value = split_set(text)
        if item not in by_id:
            raise InputError(
                f"--set: the check-in has no item '{item}'. Items: {', '.join(by_id)}."
            )
        if item in raw:
            raise InputError(f"'{item}' is given twice; give it once.")
        raw[item] = value
    return {item: coerce(by_id[item], value) for item, value in raw.items()}


def checkin(
    day_text: Annotated[
        str | None,
        typer.Option("--date", metavar="DAY",
                     help="Check in for another day: 2026-11-20, yesterday, 'last monday'."),
    ] = None,
    mood: Annotated[str | None, typer.Option("--mood", metavar="N", help="Mood, 0-10.")] = None,
    energy: Annotated[
        str | None, typer.Option("--energy", metavar="N", help="Energy, 0-10.")
    ] = None,
    sleep: Annotated[
        str | None, typer.Option("--sleep", metavar="HOURS", help="Hours of sleep, 0-24.")
    ] = None,
    anxiety: Annotated[
        str | None, typer.Option("--anxiety", metavar="N", help="Anxiety, 0-10.")
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="ITEM=VALUE",
                     help="Answer any item, e.g. --set sleep_quality=4, "
                     "--set triggers=conflict,poor_sleep, --set medication=yes."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="One line about the day.")] = None,
    meds_flag: Annotated[
        str | None,
        typer.Option("--meds", metavar="ALL|NONE|MISSED:NAME,NAME",
                     help="Medications taken as planned (when you have some listed): all, "
                     "none or missed:NAME,NAME."),
    ] = None,
    as_needed: Annotated[
        list[str] | None,
        typer.Option("--as-needed", metavar="NAME[=COUNT]",
                     help="An as-needed medication taken that day (repeatable; COUNT default 1)."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Check in for today: mood, energy, sleep, anxiety and more, in under a minute.

    In a terminal it asks what the flags don't give (Enter skips anything but mood). Running it
    again the same day shows your answers and updates them.
    """
    from recovery_cli import clock
    from recovery_cli.checkin_logic import (
        COPING,
        for_day,
        stored_answer,
        summarize,
        to_json,
        window_start,
        with_practised,
    )
    from recovery_cli.errors import InputError, MissingAnswerError
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
            from recovery_cli.snaps import mean_mood
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
        from recovery_cli.snaps import day_record, history_json

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
        window = store.days_between(conn, window_start(saved.day), saved.day)
        summary = summarize(specs, saved, window, updated=updated, streaks=_streaks())
        ui.print_summary(summary, warnings, today)
        if meds_ctx is not None and meds_ctx.missed:
            say(f"Noted as missed {when}: "
                + ", ".join(meds_ctx.names.get(i, "?") for i in meds_ctx.missed) + ".")
    if crisis_words:
        _crisis_note.show("your check-in is saved")


def _streaks() -> bool:
    try:
        return bool(state().config().streaks)
    except Exception:  # a broken config file must not hide a saved check-in
        return False


def history(
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="N", help="The last N days (default 14)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DAY", help="First day (e.g. 2026-11-01).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DAY", help="Last day (default today).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Your recent check-ins: a table, or --json (a list, oldest first)."""
    from recovery_cli import clock, paths
    from recovery_cli.checkin_logic import to_json
    from recovery_cli.errors import InputError

    today = clock.today()
    if days is not None and (start is not None or end is not None):
        raise InputError("Use either --days or --from/--to, not both.")
    if days is not None and not 1 <= days <= 36600:
        raise InputError(f"--days takes a whole number from 1 to 36600, not {days}.")
    first: date
    last: date
    if start is not None or end is not None:
        a, b = clock.parse_day_range(start, end, today)
        last = b or today
        first = a or (last - timedelta(days=13) if last > date(1900, 1, 14) else date.min)
        if first > last:
            raise InputError(f"--from {first.isoformat()} is after --to {last.isoformat()}.")
    else:
        last = today
        first = today - timedelta(days=(days or 14) - 1)
    st = state()
    conn = st.db() if paths.db_path(st.home).is_file() else None
    rows: list[Any] = []
    day_snaps: list[Any] = []
    if conn is not None:
        from recovery_cli.store import checkins as store
        from recovery_cli.store import snaps as store_snaps

        # By default also the days ahead of today that already have a check-in: saved as
        # "today" further east, before a move west (issue 24).
        upto = last if end is not None else max(last, clock.furthest_today())
        rows = store.days_between(conn, first.isoformat(), upto.isoformat())
        if rows and str(rows[-1].day) > last.isoformat():
            last = date.fromisoformat(str(rows[-1].day))
        day_snaps = store_snaps.between(conn, first.isoformat(), last.isoformat())
    from recovery_cli.snaps import history_json, records_for

    recs = records_for(rows, day_snaps) if day_snaps else {}
    specs = _specs(conn)
    if json_out:
        from recovery_cli.cli._meds_checkin import json_fields

        extra = json_fields(conn, [r.day for r in rows])
        emit_json([{**to_json(r, specs), **extra[r.day], **history_json(recs.get(r.day))}
                   for r in rows])
        return
    if conn is not None and rows:
        specs = _with_skill_labels(conn, specs, rows)
    from recovery_cli.ui import checkin as ui

    ui.print_history(rows, specs, first.isoformat(), last.isoformat(), recs)
    if conn is not None:
        from recovery_cli.cli._meds_checkin import print_day_notes

        print_day_notes(conn, first.isoformat(), last.isoformat())


def _exists(day: date) -> bool:
    """A check-in is stored for `day` (one made ahead of today, further east)."""
    from recovery_cli import paths

    st = state()
    if not paths.db_path(st.home).is_file():
        return False
    from recovery_cli.store import checkins as store

    return store.get_day(st.db(), day.isoformat()) is not None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("checkin")(checkin)
    app.command("history")(history)
