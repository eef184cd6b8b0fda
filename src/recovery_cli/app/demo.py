"""Use case: `demo.seed`, a throwaway home filled with a made-up history (recovery_cli.demo.history
generates it) so every command can be tried; the person's own data is never touched."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from recovery_cli.app.session import Session


@dataclass(frozen=True)
class Seeded:
    """A demo home made: where, what was made (counts by kind), from which day, and whether
    the folder was made for it (no --home nor $RECOVERY_HOME given)."""

    home: Path
    made: dict[str, int]
    first_day: str
    made_here: bool


def seed(session: Session, days: int = 90) -> Seeded:
    """Fill an empty home with `days` of made-up history, every piece checked the way real
    input is and saved by the owners' store functions: written first to a scratch database
    in the home, then copied in one step, so a failure (or Ctrl-C) leaves the home empty. A
    home with data is refused (RecoveryError, nothing changed). With neither a home given nor
    $RECOVERY_HOME a new folder is made, never the person's own home."""
    import os
    import shutil
    import tempfile

    from recovery_cli.core import paths
    from recovery_cli.core.errors import InputError, RecoveryError
    from recovery_cli.demo import history as demo_logic
    from recovery_cli.store import demo_writes, open_db

    made_here = False
    if not session.home_override and not os.environ.get("RECOVERY_HOME"):
        session.home_override = tempfile.mkdtemp(prefix="recovery-demo-")
        session._home = None
        made_here = True
    home = session.home
    refuse = RecoveryError(
        f"{home} already has data, so the demo was not added (nothing was changed). "
        "The demo only fills an empty home: try 'RECOVERY_HOME=$(mktemp -d) recovery demo'.")
    if paths.db_path(home).is_file() and not demo_writes.is_empty(session.db()):
        raise refuse
    conn = session.db()
    stage_items: list[int] = []
    if "stages" in session.checklists().checklists:
        stage_items = [i.stage or 0 for i in session.checklists().get("stages").items]
    today = session.today()
    data = demo_logic.generate(today, days, stage_items=stage_items)
    scratch = Path(tempfile.mkdtemp(prefix=".demo-", dir=home))
    try:
        work = open_db(scratch)
        demo_writes.scratch_mode(work)
        try:
            try:
                made = _write(session, work, data)
                made.update(_write_timeline(work, today, days, data.checkins, session.now()))
                made["snaps"] = _write_snaps(work, today, days, data.checkins)
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
    first = data.checkins[0].day if data.checkins else today.isoformat()
    return Seeded(home, made, first, made_here)


def _checked_plan(session: Session, raw: dict[str, Any]) -> dict[str, Any]:
    """The demo plan checked the way `plan add` checks what a person types."""
    from recovery_cli.plan import document as plan_model
    from recovery_cli.plan import rules as warnings

    # Rules are parsed as `plan add --rule` parses them: against this home's checklists.
    rules = warnings.rule_check(session.checklists().checklists.values())
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


def _write(session: Session, conn: sqlite3.Connection, data: Any) -> dict[str, int]:
    """Check every piece of demo data with the validation real input goes through, then save
    it with the owners' save functions. Returns what was made."""
    from datetime import datetime

    from recovery_cli.app.assess import record
    from recovery_cli.assess import scoring
    from recovery_cli.checkin import logic as checkin_logic
    from recovery_cli.journal import text as journal_text
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import journal as store_journal
    from recovery_cli.store import plan as store_plan
    from recovery_cli.store import skills as store_skills
    from recovery_cli.store.db import transaction
    from recovery_cli.tools import goals, skills

    cls = session.checklists()
    plan_doc = _checked_plan(session, data.plan)
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
    skill_set = skills.load_skills(session.home)
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
        _, profile = record(conn, cl, answers, taken_at=a.taken_at, day=a.day)
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


def _write_snaps(conn: sqlite3.Connection, today: date, days: int, checkins: Any) -> int:
    from recovery_cli.demo import snaps as demo_snaps
    from recovery_cli.store import transaction
    from recovery_cli.store.snaps import write_snap

    made = demo_snaps.generate(today, days, checkins)
    with transaction(conn):
        for s in made:
            write_snap(conn, at=s.at, day=s.day, mood=s.mood, anxiety=s.anxiety, note=s.note,
                       source="demo")
    return len(made)


def _write_timeline(conn: sqlite3.Connection, today: date, days: int, checkins: Any,
                    now: datetime) -> dict[str, int]:
    """The demo's medications, events, sessions and bring-list, through the same store
    functions real input uses, in one transaction."""
    from recovery_cli.core import clock
    from recovery_cli.demo import timeline as demo_timeline
    from recovery_cli.store import events as store
    from recovery_cli.store import meds as store_meds
    from recovery_cli.store import transaction
    from recovery_cli.timeline.meds import name_key

    data = demo_timeline.generate(today, days, checkins)
    stamp = clock.iso(now)
    with transaction(conn):
        ids: dict[str, int] = {}
        for m in data.meds:
            day, dose, _ = m.doses[0]
            ids[name_key(m.name)] = store_meds.add(
                conn, m.name, dose=dose, schedule=m.when, as_needed=m.as_needed, started=day,
                note=None, now=stamp)
            for day, dose, note in m.doses[1:]:
                store_meds.change_dose(conn, ids[name_key(m.name)], day, dose, note, stamp)
        regular = [ids[name_key(m.name)] for m in data.meds if not m.as_needed]
        for day, (taken, counts) in data.med_days.items():
            store_meds.write_day(conn, day, taken, regular if taken == "none" else [],
                                 {ids[name_key(n)]: c for n, c in counts.items()})
        for e in [*data.events, *data.sessions]:
            store.add(conn, day=e.day, kind=e.kind, text=e.text, impact=e.impact,
                      tags=list(e.tags), with_whom=e.with_whom, note=None, now=stamp)
        store.set_next_session(conn, data.next_session, demo_timeline.THERAPIST, None, stamp)
        for text in data.bring:
            store.add_bring(conn, text, stamp)
    return {"medications": len(data.meds), "events": len(data.events),
            "sessions": len(data.sessions), "bring": len(data.bring)}
