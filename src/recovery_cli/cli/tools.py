"""Commands for each stage's tools: intake, goals, values, skills.

Everything works with flags (and `--json`) without a terminal; in a terminal, whatever the
flags don't give is asked, one skippable question at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.goals import Goal
    from recovery_cli.skills import Skill, SkillSet

intake_app = typer.Typer(
    help="Prepare for an appointment: what brings you, what you've noticed, your questions.",
    invoke_without_command=True, no_args_is_help=False,
)
goals_app = typer.Typer(
    help="Realistic goals in small steps, with a short weekly review.", no_args_is_help=True
)
values_app = typer.Typer(
    help="Name what matters to you; goals can serve a value.",
    invoke_without_command=True, no_args_is_help=False,
)
skills_app = typer.Typer(
    help="A library of CBT, DBT and mindfulness skills to practise, with a practice log.",
    no_args_is_help=True,
)

SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="FIELD=VALUE",
                 help="Answer a field without prompts: brings_me, since_when, symptoms, triggers, "
                 "tried, medications, hopes, questions. Give a list field once per item; "
                 "FIELD= clears it."),
]
CHECKIN_DAYS = 30


# ---- intake ---------------------------------------------------------------------------------


def _checkin_options() -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """Option labels of the check-in's symptoms and triggers, and value -> label maps."""
    options: dict[str, list[str]] = {"symptoms": [], "triggers": []}
    labels: dict[str, dict[str, str]] = {"symptoms": {}, "triggers": {}}
    try:
        checklists = state().checkin_forms()
    except Exception:  # a broken check-in file must not stop the intake
        return options, labels
    for checklist in checklists:
        for item in checklist.items:
            if item.id in options:
                for opt in checklist.options_for(item):
                    labels[item.id][str(opt.value)] = opt.label
                    if opt.label not in options[item.id]:
                        options[item.id].append(opt.label)
    return options, labels


def _suggested(
    conn: sqlite3.Connection, today: date, labels: dict[str, dict[str, str]]
) -> dict[str, list[tuple[str, int]]]:
    """What the last 30 days of check-ins recorded for symptoms and triggers."""
    from recovery_cli.intake import noticed_in_checkins
    from recovery_cli.store import checkins as store_checkins

    start = (today - timedelta(days=CHECKIN_DAYS - 1)).isoformat()
    days = store_checkins.days_between(conn, start, today.isoformat())
    return {item: noticed_in_checkins(days, item, labels[item]) for item in ("symptoms", "triggers")}


def _save_intake(
    conn: sqlite3.Connection, answers: dict[str, str | list[str]], intake_id: int | None
) -> int:
    from recovery_cli import clock
    from recovery_cli.store import intake as store_intake
    from recovery_cli.store import transaction

    with transaction(conn):
        return store_intake.save(conn, answers, clock.iso(clock.now()), intake_id)


def _written(answers: Mapping[str, str | list[str]],
             before: Mapping[str, str | list[str]] | None = None) -> list[str]:
    """The texts in `answers` that were not already in `before` (what was written now)."""
    def flat(a: Mapping[str, str | list[str]]) -> list[str]:
        return [t for v in a.values() for t in ([v] if isinstance(v, str) else v) if t]

    old = set(flat(before or {}))
    return [t for t in flat(answers) if t not in old]


def _intake_done(conn: sqlite3.Connection, intake_id: int, json_out: bool, verb: str,
                 written: list[str]) -> None:
    from recovery_cli.cli import _crisis_note
    from recovery_cli.intake import FIELDS
    from recovery_cli.store import intake as store_intake

    saved = store_intake.get(conn, intake_id)
    assert saved is not None
    crisis_words = _crisis_note.check(written)
    if json_out:
        doc = saved.to_json()
        if crisis_words:
            doc["crisis_language"] = True
        emit_json(doc)
    else:
        n = sum(1 for f in FIELDS if saved.answers.get(f.id))
        report(f"{verb} your intake ({n} of {len(FIELDS)} parts answered). "
               "'recovery intake show' shows it; 'recovery export --section intake' puts it "
               "in a file for your therapist.")
    if crisis_words:
        _crisis_note.show("your intake is saved")


def _run_intake(sets: list[str], prefill: bool, json_out: bool, edit: bool) -> None:
    from recovery_cli import clock
    from recovery_cli import intake as intake_mod
    from recovery_cli.store import intake as store_intake

    st = state()
    changes = intake_mod.parse_sets(sets)  # bad fields: exit 2 before anything is opened
    conn = st.db()
    latest = store_intake.latest(conn)
    if sets or (prefill and not interactive()):
        base = latest.answers if (edit and latest is not None) else {}
        answers = intake_mod.merged(base, changes)
        if prefill:
            _options, labels = _checkin_options()
            for item, found in _suggested(conn, clock.today(), labels).items():
                if item not in changes and found:
                    answers[item] = [label for label, _n in found]
        target = latest.id if (edit and latest is not None) else None
        new_id = _save_intake(conn, intake_mod.cleaned(answers), target)
        _intake_done(conn, new_id, json_out, "Updated" if target else "Saved",
                     _written(changes, base))
        return
    if not interactive():
        raise need("An answer",
                   f"--set FIELD=VALUE (fields: {', '.join(intake_mod.FIELD_IDS)})")
    from recovery_cli.prompts import tools as ask

    target = None
    current: dict[str, str | list[str]] = {}
    if latest is not None:
        action = "edit" if edit else ask.choose_intake_action(latest.updated_at)
        if action == "edit":
            target, current = latest.id, dict(latest.answers)
    options, labels = _checkin_options()
    suggested = _suggested(conn, clock.today(), labels)
    if not json_out:
        report("A few questions to prepare for an appointment. Skip anything with Enter; "
               "Ctrl-C stops without saving.")
    given = ask.intake_form(current, options, suggested)
    if given is None:
        report("Nothing was saved.")
        return
    new_id = _save_intake(conn, intake_mod.cleaned(given), target)
    _intake_done(conn, new_id, json_out, "Updated" if target else "Saved",
                 _written(given, current))


@intake_app.callback(invoke_without_command=True)
def intake_root(
    ctx: typer.Context,
    sets: SetOption = None,
    prefill: Annotated[
        bool, typer.Option("--prefill", help="Fill symptoms and triggers from the last 30 days "
                           "of check-ins (when --set doesn't give them).")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Fill in an intake to prepare for a first (or new) appointment.

    In a terminal it asks each part (symptoms and triggers come ticked from your recent
    check-ins); with --set it saves a new intake from the flags alone.
    """
    if ctx.invoked_subcommand is not None:
        return
    _run_intake(sets or [], prefill, json_out, edit=False)


@intake_app.command("edit")
def intake_edit(
    sets: SetOption = None,
    prefill: Annotated[
        bool, typer.Option("--prefill", help="Refill symptoms and triggers from recent check-ins.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Change your latest intake (with --set, or part by part in a terminal)."""
    _run_intake(sets or [], prefill, json_out, edit=True)


@intake_app.command("show")
def intake_show(json_out: JsonOption = False) -> None:
    """Show your latest intake (--json prints null when there is none)."""
    from recovery_cli.store import tools as store_tools

    doc = store_tools.load_intake(state().db())
    if json_out:
        emit_json(doc)
        return
    from recovery_cli.ui import tools as ui

    if doc is None:
        ui.no_intake()
    else:
        ui.print_intake(doc)


# ---- values ---------------------------------------------------------------------------------


def _values_list(json_out: bool) -> None:
    from recovery_cli.store import goals as store_goals

    values = store_goals.list_values(state().db())
    if json_out:
        emit_json([v.to_json() for v in values])
        return
    from recovery_cli.ui import tools as ui

    ui.print_values(values)


@values_app.callback(invoke_without_command=True)
def values_root(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """Name what matters to you. With no command: list your values."""
    if ctx.invoked_subcommand is None:
        _values_list(json_out)


@values_app.command("list")
def values_list(json_out: JsonOption = False) -> None:
    """List your values and the goals that serve each."""
    _values_list(json_out)


@values_app.command("add")
def values_add(
    text: Annotated[str | None, typer.Argument(
        metavar="[TEXT]", help="The value in your own words, e.g. 'Family'.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Add a value (in a terminal without TEXT: pick from suggestions or add your own)."""
    from recovery_cli import clock
    from recovery_cli.goals import SUGGESTED_VALUES, clean_text
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction

    conn = state().db()
    if text is not None:
        wanted = [clean_text(text, "The value")]
    elif interactive():
        from recovery_cli.prompts import tools as ask

        existing = [v.text for v in store_goals.list_values(conn)]
        wanted = [" ".join(w.split()) for w in ask.pick_values(existing, SUGGESTED_VALUES)]
        wanted = [w for w in wanted if w]
        if not wanted:
            report("Nothing was added. You can come back to this any time.")
            if json_out:
                emit_json([])
            return
    else:
        raise need("The value", "TEXT (recovery values add \"Family\")")
    added: list[tuple[int, str, bool]] = []
    with transaction(conn):
        now = clock.iso(clock.now())
        for words in wanted:
            value_id, new = store_goals.add_value(conn, words, now)
            added.append((value_id, words, new))
    from recovery_cli.cli import _crisis_note

    crisis_words = _crisis_note.check(w for _i, w, new in added if new)
    if json_out:
        by_id = {v.id: v for v in store_goals.list_values(conn)}
        emit_json([by_id[i].to_json() for i, _w, _n in added])
        if crisis_words:
            _crisis_note.show("your values are saved")
        return
    for value_id, words, new in added:
        if new:
            report(f"Added value {value_id}: {words}")
        else:
            report(f"'{words}' is already one of your values (number {value_id}).")
    report("A goal can serve it: recovery goals add \"...\" --value "
           f"{added[0][0]}")
    if crisis_words:
        _crisis_note.show("your values are saved")


# ---- goals ----------------------------------------------------------------------------------


def _goal(conn: sqlite3.Connection, goal_id: int) -> Goal:
    from recovery_cli.errors import NotFoundError
    from recovery_cli.store import goals as store_goals

    goal = store_goals.get_goal(conn, goal_id)
    if goal is None:
        raise NotFoundError(f"No goal {goal_id}. 'recovery goals list --all' shows your goals.")
    return goal


def _value_id(conn: sqlite3.Connection, ref: str | int | None, now: str) -> int | None:
    """An existing value by id or words; new words become a new value."""
    from recovery_cli.errors import NotFoundError
    from recovery_cli.goals import clean_text
    from recovery_cli.store import goals as store_goals

    if ref is None:
        return None
    if isinstance(ref, int):
        return ref
    found = store_goals.find_value(conn, ref)
    if found is not None:
        return found.id
    if ref.strip().isdigit():
        raise NotFoundError(f"No value {ref.strip()}. 'recovery values' lists yours.")
    value_id, _new = store_goals.add_value(conn, clean_text(ref, "The value"), now)
    return value_id


@goals_app.command("add")
def goals_add(
    text: Annotated[str | None, typer.Argument(metavar="[TEXT]",
                                               help="The goal, in your words.")] = None,
    why: Annotated[str | None, typer.Option("--why", metavar="W", help="Why it matters to you.")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="DAY", help="Roughly by when: 2026-12-01, 'in 2 weeks'.")] = None,
    steps: Annotated[list[str] | None, typer.Option("--step", metavar="S", help="A small step (repeat for more).")] = None,
    value: Annotated[str | None, typer.Option("--value", metavar="VALUE", help="A value it serves: its number from 'recovery values', or words (added if new).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Add a realistic goal, ideally with a few small steps.

    In a terminal without TEXT it asks for each part; with TEXT it saves straight away.
    """
    from recovery_cli import clock
    from recovery_cli.goals import big_goal_hint, clean_text
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction

    by_day = clock.hoped_for_day(by).isoformat() if by is not None else None
    step_texts = [clean_text(s, "A step") for s in (steps or [])]
    conn = state().db()
    value_ref: str | int | None = value
    if text is None:
        if not interactive():
            raise need("The goal", "TEXT (recovery goals add \"walk ten minutes a day\")")
        from recovery_cli.prompts import tools as ask

        answers = ask.goal_form(store_goals.list_values(conn))
        if answers is None:
            report("Nothing was saved.")
            return
        text = answers.text
        why = why or answers.why or None
        by_day = by_day or (clock.hoped_for_day(answers.by).isoformat() if answers.by else None)
        step_texts += [clean_text(s, "A step") for s in answers.steps]
        value_ref = value if value is not None else answers.value
    goal_text = clean_text(text)
    with transaction(conn):
        now = clock.iso(clock.now())
        value_id = _value_id(conn, value_ref, now)
        goal_id = store_goals.add_goal(conn, goal_text, now, why=(why or "").strip() or None,
                                       by_day=by_day, value_id=value_id, steps=step_texts)
    goal = _goal(conn, goal_id)
    from recovery_cli.cli import _crisis_note

    crisis_words = _crisis_note.check([goal_text, why, *step_texts])
    if json_out:
        doc = goal.to_json()
        if crisis_words:
            doc["crisis_language"] = True
        emit_json(doc)
    else:
        report(f"Added goal {goal_id}: {goal_text}")
        hint = big_goal_hint(goal_text, len(goal.steps))
        if hint:
            report(hint)
    if crisis_words:
        _crisis_note.show("your goal is saved")


@goals_app.command("list")
def goals_list(
    include_done: Annotated[bool, typer.Option("--all", help="Include finished goals.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Your open goals with their steps (--all includes finished ones)."""
    from recovery_cli import clock
    from recovery_cli.store import goals as store_goals

    goals = store_goals.list_goals(state().db(), include_done=include_done)
    if json_out:
        emit_json([g.to_json() for g in goals])
        return
    from recovery_cli.ui import tools as ui

    ui.print_goals(goals, clock.today(), include_done)


@goals_app.command("done")
def goals_done(
    goal_id: Annotated[int, typer.Argument(metavar="ID", help="The goal's number.")],
    step: Annotated[int | None, typer.Option("--step", metavar="N", help="Mark only step N done.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Mark a goal (or one of its steps, --step N) as done."""
    from recovery_cli import clock
    from recovery_cli.errors import NotFoundError
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction

    conn = state().db()
    goal = _goal(conn, goal_id)
    message: str
    if step is not None:
        target = next((s for s in goal.steps if s.number == step), None)
        if target is None:
            raise NotFoundError(f"Goal {goal_id} has no step {step} (it has {len(goal.steps)}).")
        with transaction(conn):
            store_goals.mark_step_done(conn, goal_id, step, clock.iso(clock.now()))
        left = sum(1 for s in goal.steps if s.done_at is None and s.number != step)
        message = (f"Step {step} of goal {goal_id} is done. Nice work."
                   + (f" {left} step{'s' if left != 1 else ''} to go." if left else
                      f" That was the last step; 'recovery goals done {goal_id}' when it feels done."))
        if target.done_at:
            message = f"Step {step} of goal {goal_id} was already done."
    elif goal.done:
        message = f"Goal {goal_id} was already marked done on {str(goal.done_at)[:10]}."
    else:
        with transaction(conn):
            store_goals.mark_done(conn, goal_id, clock.iso(clock.now()))
        message = f"Goal {goal_id} is done: {goal.text}. Well done; take a moment to notice it."
    if json_out:
        emit_json(_goal(conn, goal_id).to_json())
    else:
        report(message)


@goals_app.command("step")
def goals_step(
    goal_id: Annotated[int, typer.Argument(metavar="ID", help="The goal's number.")],
    text: Annotated[str | None, typer.Argument(
        metavar="[TEXT]", help="The step, small enough to start today.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Add a small step to a goal."""
    from recovery_cli.goals import clean_text
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction

    conn = state().db()
    goal = _goal(conn, goal_id)
    if text is None:
        if not interactive():
            raise need("The step", f"TEXT (recovery goals step {goal_id} \"...\")")
        from recovery_cli.prompts import ask_text
        from recovery_cli.prompts.tools import GOAL_CANCELLED

        text = ask_text(f"A small step toward '{goal.text}'", required=True,
                        cancelled=GOAL_CANCELLED)
    words = clean_text(text, "The step")
    with transaction(conn):
        number = store_goals.add_step(conn, goal_id, words)
    if json_out:
        emit_json(_goal(conn, goal_id).to_json())
    else:
        report(f"Added step {number} to goal {goal_id}: {words}")
    from recovery_cli.cli import _crisis_note

    _crisis_note.after_saving([words], saved="your step is saved")


@goals_app.command("review")
def goals_review(
    goal_id: Annotated[int | None, typer.Argument(metavar="[ID]", help="Review only this goal.")] = None,
    progress: Annotated[float | None, typer.Option("--progress", metavar="N", help="How far along it feels, 0-10.")] = None,
    helped: Annotated[str | None, typer.Option("--helped", metavar="T", help="What helped.")] = None,
    next_step: Annotated[str | None, typer.Option("--next", metavar="T", help="A next small step.")] = None,
    json_out: JsonOption = False,
) -> None:
    """A short weekly reflection: how far along each open goal feels, what helped, what's next."""
    from recovery_cli import clock
    from recovery_cli.goals import check_progress
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction

    check_progress(progress)
    conn = state().db()
    scripted = progress is not None or helped is not None or next_step is not None
    if goal_id is not None:
        goals = [_goal(conn, goal_id)]
    else:
        if scripted:
            raise need("Which goal", "ID (recovery goals review ID --progress N)")
        goals = store_goals.list_goals(conn)
        if not goals:
            report("No open goals to review. 'recovery goals add' adds one when you're ready.")
            if json_out:
                emit_json([])
            return
    from recovery_cli.prompts.tools import ReviewAnswers

    reviews: list[ReviewAnswers]
    if scripted:
        reviews = [ReviewAnswers(goals[0].id, progress, (helped or "").strip(),
                                 (next_step or "").strip())]
    elif not interactive():
        raise need("Progress", "ID --progress N (and optionally --helped, --next)")
    else:
        from recovery_cli.prompts import tools as ask

        if not json_out:
            report("A short look back. Enter at 'how far along' skips a goal; "
                   "any progress counts.")
        reviews = [r for r in (ask.review_goal(g) for g in goals) if r is not None]
        if not reviews:
            report("Nothing was saved.")
            if json_out:
                emit_json([])
            return
        if not ask.confirm_review(len(reviews)):
            report("Nothing was saved.")
            return
    saved: list[int] = []
    with transaction(conn):
        now = clock.iso(clock.now())
        for r in reviews:
            saved.append(store_goals.add_review(conn, r.goal_id, now, r.progress, r.helped, r.next))
            for number in r.steps_done:
                store_goals.mark_step_done(conn, r.goal_id, number, now)
            if r.done:
                store_goals.mark_done(conn, r.goal_id, now)
    if json_out:
        out: list[dict[str, object]] = []
        for r in reviews:
            goal = _goal(conn, r.goal_id)
            out.extend(rev.to_json() for rev in goal.reviews if rev.id in saved)
        emit_json(out)
    else:
        report(f"Saved {len(reviews)} review{'s' if len(reviews) != 1 else ''}. "
               "Showing up to look is progress too.")
    from recovery_cli.cli import _crisis_note

    _crisis_note.after_saving([t for r in reviews for t in (r.helped, r.next)],
                              saved="your review is saved")


# ---- skills ---------------------------------------------------------------------------------


def _skills() -> SkillSet:
    from recovery_cli.skills import load_skills

    result = load_skills(state().home)
    for error in result.errors:
        report(f"Skipped a skill file: {error.message}")
    return result


def _counts() -> dict[str, tuple[int, str]]:
    from recovery_cli import paths
    from recovery_cli.store import skills as store_skills

    if not paths.db_path(state().home).exists():
        return {}
    return store_skills.counts(state().db())


@skills_app.command("list")
def skills_list(
    stage: Annotated[int | None, typer.Option("--stage", metavar="N", min=1, max=5, help="Only skills for stage N.")] = None,
    category: Annotated[str | None, typer.Option("--category", metavar="C", help="Only cbt, dbt, mindfulness, grounding, values ...")] = None,
    json_out: JsonOption = False,
) -> None:
    """The skills library: CBT, DBT, mindfulness and more."""
    skills = [s for s in _skills().ordered()
              if (stage is None or s.stage == stage)
              and (category is None or s.category == category.strip().lower())]
    counts = _counts()
    if json_out:
        docs = []
        for s in skills:
            doc: dict[str, Any] = s.to_json()
            n, last = counts.get(s.id, (0, None))
            doc["practised"] = n
            doc["last_practised"] = last
            docs.append(doc)
        emit_json(docs)
        return
    from recovery_cli.ui import tools as ui

    ui.print_skills(skills, counts)


@skills_app.command("show")
def skills_show(
    skill_id: Annotated[str, typer.Argument(metavar="ID", help="A skill id from 'recovery skills list'.")],
    json_out: JsonOption = False,
) -> None:
    """One skill's steps and what a practice records."""
    skill = _skills().get(skill_id)
    count = _counts().get(skill.id)
    if json_out:
        doc: dict[str, Any] = skill.to_json()
        doc["practised"] = count[0] if count else 0
        doc["last_practised"] = count[1] if count else None
        emit_json(doc)
        return
    from recovery_cli.ui import tools as ui

    ui.print_skill(skill, count)


def _walk(skill: Skill, answers: dict[str, str], json_out: bool) -> tuple[float | None, str]:
    """Walk the steps in a terminal, asking each field; returns (helpful, note)."""
    from recovery_cli.prompts import tools as ask
    from recovery_cli.ui import tools as ui

    out = ui.walk_console(json_out)
    ui.print_practice_intro(skill, out)
    total = len(skill.steps)
    for n, step in enumerate(skill.steps, 1):
        ui.print_step(n, total, step.text, out)
        if not step.fields:
            ask.next_step()
        for field_id in step.fields:
            spec = skill.field(field_id)
            assert spec is not None
            if field_id not in answers:
                answers[field_id] = ask.ask_field(spec)
    for spec in skill.loose_fields():
        if spec.id not in answers:
            answers[spec.id] = ask.ask_field(spec)
    return ask.ask_helpful(), ask.ask_note()


@skills_app.command("practice")
def skills_practice(
    skill_id: Annotated[str, typer.Argument(metavar="ID", help="A skill id, e.g. box_breathing.")],
    helpful: Annotated[float | None, typer.Option("--helpful", metavar="N", help="How helpful it was, 0-10.")] = None,
    fields: Annotated[list[str] | None, typer.Option("--field", metavar="NAME=VALUE", help="Something the practice records, e.g. --field situation='At work' (see 'skills show ID').")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="T", help="A note for yourself.")] = None,
    when: Annotated[str | None, typer.Option("--date", metavar="WHEN", help="When you practised (default now): 'yesterday', '2026-11-20 18:00'.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Practise a skill: walk its steps in a terminal, or log a practice with flags."""
    from recovery_cli import clock
    from recovery_cli.skills import check_helpful, missing_required, parse_field_args
    from recovery_cli.store import skills as store_skills
    from recovery_cli.store import transaction

    skill = _skills().get(skill_id)
    check_helpful(helpful)
    moment = clock.past_when(when, "--date", "a practice") if when is not None else clock.now()
    answers = parse_field_args(skill, fields or [])
    scripted = helpful is not None or bool(fields) or note is not None
    conn = state().db()
    if not scripted and interactive():
        helpful, note = _walk(skill, answers, json_out)
    else:
        missing = missing_required(skill, answers)
        if missing and not interactive():
            raise need(missing[0].label, f"--field {missing[0].id}=TEXT")
        if missing:
            from recovery_cli.prompts import tools as ask

            for spec in missing:
                answers[spec.id] = ask.ask_field(spec)
    with transaction(conn):
        practice_id = store_skills.add_practice(
            conn, skill.id, clock.iso(moment), moment.date().isoformat(), helpful,
            (note or "").strip() or None, {k: v for k, v in answers.items() if v},
        )
    from recovery_cli.cli import _crisis_note

    crisis_words = _crisis_note.check([note, *answers.values()])
    if json_out:
        saved = store_skills.practice_log(conn, moment.date().isoformat(),
                                          moment.date().isoformat(), skill.id)
        doc: dict[str, Any] = next(p.to_json() for p in saved if p.id == practice_id)
        doc["title"] = skill.title
        if crisis_words:
            doc["crisis_language"] = True
        emit_json(doc)
    else:
        report(f"Logged your practice of {skill.title}. Every practice makes the skill a "
               "little more your own.")
    if crisis_words:
        _crisis_note.show("your practice is saved")


@skills_app.command("log")
def skills_log(
    days: Annotated[int | None, typer.Option("--days", metavar="N", min=1, help="Only the last N days.")] = None,
    start: Annotated[str | None, typer.Option("--from", metavar="DAY", help="From this day.")] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="DAY", help="Up to this day.")] = None,
    skill_id: Annotated[str | None, typer.Option("--skill", metavar="ID", help="Only this skill.")] = None,
    limit: Annotated[int | None, typer.Option("-n", metavar="N", min=1, help="At most N practices (default 20; --json: all).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Your practice log, newest first."""
    from recovery_cli import clock
    from recovery_cli.errors import InputError
    from recovery_cli.store import skills as store_skills

    if days is not None and (start or end):
        raise InputError("Give either --days or --from/--to, not both.")
    a, b = clock.parse_day_range(start, end)
    if days is not None:
        a = clock.today() - timedelta(days=days - 1)
    library = _skills()
    key = library.get(skill_id).id if skill_id else None
    if limit is None and not json_out:
        limit = 20
    if limit is not None and limit > 2**62:  # SQLite's LIMIT is 64-bit
        raise InputError(f"-n {limit} is far too large; give a number such as 20.")
    log = store_skills.practice_log(state().db(), a.isoformat() if a else None,
                                    b.isoformat() if b else None, key, limit)
    titles = {s.id: s.title for s in library.skills.values()}
    if json_out:
        docs = []
        for p in log:
            doc: dict[str, Any] = p.to_json()
            doc["title"] = titles.get(p.skill, p.skill)
            docs.append(doc)
        emit_json(docs)
        return
    from recovery_cli.ui import tools as ui

    ui.print_log(log, titles, {s.id: [f.id for f in s.fields] for s in library.skills.values()})


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(intake_app, name="intake")
    app.add_typer(goals_app, name="goals")
    app.add_typer(values_app, name="values")
    app.add_typer(skills_app, name="skills")
