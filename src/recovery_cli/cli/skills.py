"""`recovery skills`: the skills library (CBT, DBT, mindfulness) and the practice log."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.tools.skills import Skill, SkillSet

skills_app = typer.Typer(
    help="A library of CBT, DBT and mindfulness skills to practise, with a practice log.",
    no_args_is_help=True,
)


def _skills() -> SkillSet:
    from recovery_cli.tools.skills import load_skills

    result = load_skills(state().home)
    for error in result.errors:
        report(f"Skipped a skill file: {error.message}")
    return result


def _counts() -> dict[str, tuple[int, str]]:
    from recovery_cli.core import paths
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
    from recovery_cli.ui import skills as ui

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
    from recovery_cli.ui import skills as ui

    ui.print_skill(skill, count)


def _walk(skill: Skill, answers: dict[str, str], json_out: bool) -> tuple[float | None, str]:
    """Walk the steps in a terminal, asking each field; returns (helpful, note)."""
    from recovery_cli.prompts import skills as ask
    from recovery_cli.ui import skills as ui

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
    from recovery_cli.core import clock
    from recovery_cli.store import skills as store_skills
    from recovery_cli.store import transaction
    from recovery_cli.tools.skills import check_helpful, missing_required, parse_field_args

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
            from recovery_cli.prompts import skills as ask

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
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
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
    from recovery_cli.ui import skills as ui

    ui.print_log(log, titles, {s.id: [f.id for f in s.fields] for s in library.skills.values()})

def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(skills_app, name="skills")
