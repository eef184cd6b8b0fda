"""Command: demo (a made-up home to try everything on, checked like real input)."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from recovery_cli.cli._common import state

DaysDemo = Annotated[
    int,
    typer.Option("--days", metavar="N", min=14, max=730,
                 help="How many days of history to make up (14-730)."),
]


def _checked_plan(raw: dict[str, Any]) -> dict[str, Any]:
    """The demo plan checked the way `plan add` checks what a person types."""
    from recovery_cli import plan as plan_model
    from recovery_cli import warnings

    # Rules are parsed as `plan add --rule` parses them: against this home's checklists.
    rules = warnings.rule_check(state().checklists().checklists.values())
    doc = plan_model.empty_document()
    for key, value in raw.items():
        spec = plan_model.leaf(key)
        if spec.kind == "text":
            plan_model.put(doc, spec.key, plan_model.clean_text(value))
        elif spec.kind == "list":
            plan_model.put(doc, spec.key, [plan_model.clean_text(v) for v in value])
        elif spec.kind == "pairs":
            items = []
            for v in value:
                rule = rules.canonical(v["rule"]) if v.get("rule") else None
                if rule is not None and not spec.has_rule:
                    raise ValueError(f"{key} takes no rule")
                items.append(plan_model.pair(spec, plan_model.clean_text(v["text"]),
                                             plan_model.clean_text(v["response"], "The response")
                                             if v.get("response") else None, rule))
            plan_model.put(doc, spec.key, items)
        else:
            plan_model.put(doc, spec.key, [
                plan_model.contact(plan_model.clean_text(c["name"], "The name"), c.get("role"),
                                   plan_model.check_phone(c["phone"]) if c.get("phone") else None,
                                   plan_model.check_email(c["email"]) if c.get("email") else None,
                                   c.get("notes"))
                for c in value])
    return doc


def _write_demo(conn: sqlite3.Connection, data: Any, home: Any) -> dict[str, int]:
    """Check every piece of demo data with the validation real input goes through, then save
    it with the owners' save functions. Returns what was made."""
    from datetime import datetime

    from recovery_cli import checkin_logic, goals, journal_text, scoring, skills
    from recovery_cli import stage as stage_logic
    from recovery_cli.store import assessments as store_assessments
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import journal as store_journal
    from recovery_cli.store import plan as store_plan
    from recovery_cli.store import skills as store_skills
    from recovery_cli.store.db import transaction

    cls = state().checklists()
    plan_doc = _checked_plan(data.plan)
    plan_options = {"plan.triggers": [p["text"] for p in plan_doc["triggers"]],
                    "plan.toolbox": list(plan_doc["toolbox"])}
    specs = {s.id: s for s in checkin_logic.build_items(cls.of_kind("checkin"), plan_options)}
    made = {"checkins": 0, "entries": 0, "private": 0, "questionnaires": 0, "stage": 0,
            "warning_signs": len(plan_doc["warning_signs"]), "values": 0, "goals": 0,
            "practices": 0}

    checked_checkins = []
    for c in data.checkins:
        typed: dict[str, checkin_logic.Answer] = {}
        for item, text in c.answers.items():
            if item not in specs:
                continue  # a checklist of this home's own without that item
            typed[item] = checkin_logic.coerce(specs[item], text)
        checked_checkins.append((c, checkin_logic.split_answers(list(specs.values()), typed)))
    checked_results = []
    for a in data.assessments:
        if a.checklist not in cls.checklists:
            continue
        cl = cls.get(a.checklist)
        answers = scoring.parse_answers(cl, a.answers)
        checked_results.append((a, cl, answers))
    skill_set = skills.load_skills(home)
    checked_practices = []
    for p in data.practices:
        if p.skill not in skill_set.skills:
            continue
        skill = skill_set.get(p.skill)
        fields = skills.parse_field_args(skill, [f"{k}={v}" for k, v in p.fields.items()])
        if skills.missing_required(skill, fields):
            continue
        checked_practices.append((p, skill.id, skills.check_helpful(p.helpful), fields))

    with transaction(conn):
        for c, (values, choices) in checked_checkins:
            store_checkins.write_checkin(conn, c.day, values, choices, created_at=c.at,
                                         source="demo")
            made["checkins"] += 1
    for e in data.entries:
        tags = journal_text.merge_tags([journal_text.normalise_tag(t) for t in e.tags])
        store_journal.add_entry(conn, created_at=e.created_at, day=e.day,
                                body=journal_text.clean_text(e.body), title=e.title, tags=tags,
                                private=e.private, starred=e.starred, source="demo")
        made["entries"] += 1
        made["private"] += int(e.private)
    for a, cl, answers in checked_results:
        result = scoring.score(cl, answers)
        profile = None
        if cl.kind == "stage" or cl.scoring.method == "stage_profile":
            profile = stage_logic.profile(cl, answers)
            from dataclasses import replace

            result = replace(result, band=stage_logic.band_text(profile))
        store_assessments.save_result(
            conn, checklist=cl.id, checklist_version=cl.version,
            kind="stage" if profile is not None else cl.kind, taken_at=a.taken_at, day=a.day,
            answers=[(i.id, answers[i.id]) for i in cl.items if i.id in answers],
            score=result.score, band=result.band, percentage=result.percentage,
            safety_flag=result.safety_flag, flags=[f.id for f in result.flags],
            stage=profile.stage if profile else None,
            subscales=profile.scores_json() if profile else None)
        made["stage" if profile is not None else "questionnaires"] += 1
    store_plan.save_plan(conn, plan_doc, datetime.fromisoformat(data.plan_at))
    with transaction(conn):
        value_ids = {}
        for text in data.values:
            value_ids[text], _ = store_goals.add_value(conn, goals.clean_text(text, "The value"),
                                                      data.goals[0].created_at)
            made["values"] += 1
        for g in data.goals:
            gid = store_goals.add_goal(conn, goals.clean_text(g.text), g.created_at,
                                       why=g.why, by_day=g.by_day,
                                       value_id=value_ids.get(g.value or ""),
                                       created_at=g.created_at, done_at=g.done_at)
            for text, done_at in g.steps:
                store_goals.add_step(conn, gid, goals.clean_text(text, "The step"), done_at)
            made["goals"] += 1
        for p, skill_id, helpful, fields in checked_practices:
            store_skills.add_practice(conn, skill_id, p.practiced_at, p.day, helpful, p.note,
                                      fields)
            made["practices"] += 1
    return made


def demo(days: DaysDemo = 90) -> None:
    """Fill a throwaway home with a made-up history (check-ins, journal, questionnaires, a
    plan) so you can try every command; your own data is never touched.

    Without --home or $RECOVERY_HOME it makes a new folder for the demo (your own home is left
    alone) and prints each command with that home given for one run only. With one, it fills
    that home when it is empty, and refuses a home that already has data.
    """
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from recovery_cli import clock, paths
    from recovery_cli import demo as demo_logic
    from recovery_cli.errors import InputError, RecoveryError
    from recovery_cli.store import demo_writes, open_db

    st = state()
    given_home = bool(st.home_override)  # --home: the one-shot form is --home
    made_here = False
    if not st.home_override and not os.environ.get("RECOVERY_HOME"):
        # never the person's own home: a new folder, named so they can tell what it is
        st.home_override = tempfile.mkdtemp(prefix="recovery-demo-")
        st._home = None
        made_here = True
    home = st.home
    refuse = RecoveryError(
        f"{home} already has data, so the demo was not added (nothing was changed). "
        "The demo only fills an empty home: try 'RECOVERY_HOME=$(mktemp -d) recovery demo'.")
    if paths.db_path(home).is_file() and not demo_writes.is_empty(st.db()):
        raise refuse
    conn = st.db()
    stage_items: list[int] = []
    if "stages" in st.checklists().checklists:
        stage_items = [i.stage or 0 for i in st.checklists().get("stages").items]
    data = demo_logic.generate(clock.today(), days, stage_items=stage_items)
    scratch = Path(tempfile.mkdtemp(prefix=".demo-", dir=home))
    try:
        work = open_db(scratch)
        demo_writes.scratch_mode(work)
        try:
            try:
                made = _write_demo(work, data, home)
                from recovery_cli.cli.session import write_demo_timeline

                made.update(write_demo_timeline(work, clock.today(), days, data.checkins))
                made["snaps"] = _write_demo_snaps(work, clock.today(), days, data.checkins)
            except InputError as exc:  # e.g. a checklist of this home's own
                raise RecoveryError(
                    f"The demo doesn't fit this home's checklists or plan ({exc.message}). "
                    "Nothing was added.") from exc
            if not demo_writes.is_empty(conn):  # someone wrote meanwhile: leave it be
                raise refuse
            demo_writes.copy_into(work, conn)
            paths.mark_demo_home(home)
        finally:
            work.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    first = data.checkins[0].day if data.checkins else clock.today().isoformat()
    lines = [
        f"Made a demo home in {home} (everything in it is made up):",
        f"  {made['checkins']} evening check-ins since {first}",
        f"  {made['entries']} journal entries ({made['private']} private)",
        f"  {made['questionnaires']} questionnaires (PHQ-9, GAD-7, WHO-5 every two weeks)",
        f"  {made['stage']} stage self-assessments",
        f"  a relapse-prevention plan with {made['warning_signs']} early warning signs",
        f"  {made['values']} values, {made['goals']} goals, {made['practices']} skill practices",
        f"  {made['medications']} medications (one dose change), {made['events']} life events",
        f"  {made['sessions']} therapy sessions and a bring-list for the next one",
        f"  {made['snaps']} quick moments ('recovery snaps --days 30')",
        "",
        "Look around (each command names the demo home for that one run, so your own",
        "check-ins never land here):",
    ]
    import shlex

    quoted = shlex.quote(str(home))
    base = f"recovery --home {quoted} " if given_home else f"RECOVERY_HOME={quoted} recovery "
    for cmd in ("trends", "stage", "plan check", "export --format html -o demo.html", "remind"):
        lines.append(f"  {base}{cmd}")
    if made_here:
        lines.append(f"When you are done with it: rm -r {quoted}")
    print("\n".join(lines))


def _write_demo_snaps(conn: Any, today: Any, days: int, checkins: Any) -> int:
    from recovery_cli import demo_snaps
    from recovery_cli.store import transaction
    from recovery_cli.store.snaps import write_snap

    made = demo_snaps.generate(today, days, checkins)
    with transaction(conn):
        for s in made:
            write_snap(conn, at=s.at, day=s.day, mood=s.mood, anxiety=s.anxiety, note=s.note,
                       source="demo")
    return len(made)


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command("demo")(demo)
