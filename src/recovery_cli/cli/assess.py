"""Commands: assess list|take|history, and stage."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, report, state

if TYPE_CHECKING:
    from recovery_cli.crisis import CrisisView
    from recovery_cli.models import Checklist, Item
    from recovery_cli.stage import Evidence

assess_app = typer.Typer(
    help="Questionnaires (PHQ-9, GAD-7, WHO-5 ...) and the stage self-assessment.",
    no_args_is_help=True,
)

EVIDENCE_DAYS = 14


def _questionnaires() -> list[Checklist]:
    """Everything `assess` can take: instruments first, then the stage self-assessment."""
    cls = state().checklists().checklists.values()
    order = {"instrument": 0, "stage": 1}
    return sorted((c for c in cls if c.kind in order), key=lambda c: (order[c.kind], c.id))


def _complete_ids(incomplete: str) -> list[str]:
    from recovery_cli.cli.completion import complete_checklist_ids

    return complete_checklist_ids(incomplete)


def _unknown(checklist_id: str) -> str:
    """There is no questionnaire 'phq-10'. Did you mean phq9? Known: ..."""
    from recovery_cli import names

    known = {c.id: (c.title,) for c in _questionnaires()}
    return (f"There is no questionnaire '{checklist_id}'.{names.did_you_mean(checklist_id, known)}"
            f" Known: {', '.join(known) or 'none'}.")


def _get(checklist_id: str) -> Checklist:
    from recovery_cli.errors import NotFoundError

    checklists = state().checklists()
    found = checklists.resolve(checklist_id)
    if found is None:
        raise NotFoundError(_unknown(checklist_id))
    cl = checklists.get(found)
    if cl.kind in ("checkin", "checkin_extra"):
        raise NotFoundError(f"'{cl.id}' is part of the daily check-in: use 'recovery checkin'.")
    return cl


def _crisis_view() -> CrisisView | None:
    """The crisis lines for the configured region (every region's when unset or unreadable:
    a broken config file must never hide crisis lines). None when the crisis data itself
    can't be read: the built-in summary line is shown instead, never nothing."""
    from recovery_cli import crisis
    from recovery_cli.checklists import load_crisis

    try:
        region = state().config().region
    except Exception:
        region = None
    try:
        return crisis.select(load_crisis(), region)
    except Exception as exc:
        report(f"(The crisis lines file could not be read: {exc}.)")
        return None


def _show_crisis(view: CrisisView | None, *, title: str, json_out: bool) -> None:
    """The crisis block: on stdout, or on stderr with --json (stdout holds only JSON)."""
    from recovery_cli import messages
    from recovery_cli.ui import crisis as ui_crisis

    if view is None:
        (report if json_out else _plain)(messages.HELP_EPILOG)
    elif json_out:
        report(ui_crisis.crisis_text(view))
    else:
        ui_crisis.print_crisis(view, title=title)


def _crisis_json(view: CrisisView | None) -> dict[str, Any]:
    """The lines a flagged result showed, for a wrapper reading stdout (README: `crisis`)."""
    from recovery_cli import crisis, messages

    if view is None:  # the data file can't be read: the built-in summary line, never nothing
        return {"region": None, "lines": [], "emergency": [], "message": messages.HELP_EPILOG}
    return crisis.crisis_json(view)


def _footer(view: CrisisView | None) -> str:
    from recovery_cli import messages
    from recovery_cli.ui import crisis as ui_crisis

    return messages.HELP_EPILOG if view is None else ui_crisis.crisis_footer(view)


def _plain(line: str) -> None:
    from recovery_cli.ui import console

    console().print(line, markup=False)


def list_cmd(json_out: JsonOption = False) -> None:
    """List the questionnaires: when each was last taken and whether it is due."""
    from recovery_cli import clock, scoring
    from recovery_cli.store import assessments as store

    today = clock.today()
    last = store.last_taken(state().db())
    rows: list[dict[str, Any]] = []
    for cl in _questionnaires():
        taken = last.get(cl.id)
        last_day = date.fromisoformat(taken[:10]) if taken else None
        items = []
        for item in cl.items:
            # `scored`: counts towards the score (PHQ-9's and GAD-7's difficulty questions
            # don't, and may be left unanswered).
            entry: dict[str, Any] = {"id": item.id, "text": item.text, "scored": item.scored}
            if item.stage is not None:
                entry["stage"] = item.stage
            items.append(entry)
        rows.append(
            {
                "id": cl.id,
                "title": cl.title,
                "kind": cl.kind,
                "frequency_days": cl.frequency_days,
                "last_taken": taken,
                "due": scoring.is_due(last_day, cl.frequency_days, today),
                "items": items,
            }
        )
    if json_out:
        emit_json(rows)
        return
    from recovery_cli.ui import assess as ui

    ui.print_list(rows)


def _example(cl: Checklist) -> str:
    from recovery_cli import scoring

    n = scoring.required_count(cl)
    return ",".join(["0"] * min(n, 9)) + (",..." if n > 9 else "")


def _collect_answers(cl: Checklist, answers_text: str | None, json_out: bool) -> dict[str, float]:
    from recovery_cli import scoring
    from recovery_cli.errors import MissingAnswerError

    scoring.answerable(cl)
    if answers_text is not None:
        return scoring.parse_answers(cl, answers_text)
    if not interactive():
        n = scoring.required_count(cl)
        raise MissingAnswerError(
            f"{cl.title} needs answers and there is no terminal to ask in: pass --answers "
            f"with {n} values in item order (e.g. --answers {_example(cl)}); "
            f"'recovery assess list --json' shows the items."
        )
    from recovery_cli.prompts.assess import ask_answers

    if not json_out:
        from recovery_cli.ui import assess as ui

        ui.print_intro(cl)
    shown = False

    def right_away(item: Item, value: float | None) -> None:
        """A safety answer shows the crisis lines at once, before any other question, so
        they are seen even if the person stops here (nothing is saved then)."""
        nonlocal shown
        if shown or not scoring.safety_hit(cl, item.id, value):
            return
        shown = True
        _show_crisis(_crisis_view(), title="Help is here, right now", json_out=json_out)

    return scoring.check_answers(cl, ask_answers(cl, right_away))


def _show_safety_plan(conn: sqlite3.Connection) -> None:
    """After the crisis block: the person's safety plan (the block `recovery crisis` shows,
    or a gentle pointer to write one). The result is already saved, so nothing here may turn
    into a failure."""
    try:
        from recovery_cli.store import plan as store_plan

        plan = store_plan.load_plan(conn)
    except Exception as exc:
        report(f"(Your safety plan could not be read: {exc}. Your answers are saved.)")
        return
    try:
        from recovery_cli.ui import plan as ui_plan

        ui_plan.print_safety_plan(plan)
    except Exception as exc:
        report(f"(Your safety plan could not be shown: {exc}. See: recovery plan show)")


def _safety_lines(cl: Checklist, answers: dict[str, float], items: list[str]) -> list[str]:
    from recovery_cli.safety_rules import safety_answers

    return [
        f'Item {a.position} was answered "{a.label}". The lines above are there for you now, '
        "and please talk to your clinician about this answer today if you can."
        for a in safety_answers(cl, answers, items)
    ]


def take(
    checklist_id: Annotated[str, typer.Argument(
        metavar="ID", help="phq9, gad7, who5, phq2, gad2, stages, or your own checklist's id.",
        autocompletion=_complete_ids)],
    answers_text: Annotated[
        str | None,
        typer.Option("--answers", metavar="0,1,2,...",
                     help="Your answers as numbers in item order, for scripts and when there "
                     "is no terminal. 'recovery assess list --json' shows the items."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Take a questionnaire: your score, its published interpretation and the change since
    last time. Crisis lines are at the foot of every result."""
    from dataclasses import replace

    from recovery_cli import clock, scoring
    from recovery_cli import stage as stage_logic
    from recovery_cli.store import assessments as store

    st = state()
    cl = _get(checklist_id)
    answers = _collect_answers(cl, answers_text, json_out)
    view = _crisis_view()

    now = clock.now()
    taken_at = clock.iso(now)
    result = scoring.score(cl, answers)
    profile = None
    if cl.kind == "stage" or cl.scoring.method == "stage_profile":
        profile = stage_logic.profile(cl, answers)
        result = replace(result, band=stage_logic.band_text(profile))
    conn = st.db()
    earlier = store.latest_stages(conn, 5) if profile is not None else []
    prev, first = store.previous_and_first(conn, cl.id)
    change = scoring.change_between(cl, prev, result.score)
    since_first = (
        scoring.change_between(cl, first, result.score)
        if first is not None and prev is not None and first.id != prev.id
        else None
    )
    store.save_result(
        conn,
        checklist=cl.id,
        checklist_version=cl.version,
        kind="stage" if profile is not None else cl.kind,
        taken_at=taken_at,
        day=now.date().isoformat(),
        answers=[(i.id, answers[i.id]) for i in cl.items if i.id in answers],
        score=result.score,
        band=result.band,
        percentage=result.percentage,
        safety_flag=result.safety_flag,
        flags=[f.id for f in result.flags],
        stage=profile.stage if profile else None,
        subscales=profile.scores_json() if profile else None,
    )
    footer = _footer(view)
    safety_lines = _safety_lines(cl, answers, result.safety_items)
    went_back = None
    if profile is not None:
        from recovery_cli.cli.stage_view import moved_back

        went_back = moved_back(conn, profile, earlier)
    if json_out:
        if result.safety_flag:
            _show_crisis(view, title="Please read this first", json_out=True)
            for line in safety_lines:
                report(line)
        doc = scoring.result_json(cl.id, taken_at, scoring.answers_json(cl, answers), result,
                                  change)
        doc["crisis"] = _crisis_json(view) if result.safety_flag else None
        if profile is not None:
            doc["reading"] = stage_logic.profile_json(profile)
            if went_back is not None:
                report(" ".join(went_back.lines()))
        emit_json(doc)
        report(footer)
        return
    from recovery_cli.ui import assess as ui

    if result.safety_flag:
        _show_crisis(view, title="Please read this first", json_out=False)
        _show_safety_plan(conn)
    stage_line = None
    if profile is not None:
        from recovery_cli.ui.stage import headline

        stage_line = headline(profile)
    ui.print_result(cl, taken_at, result, change, since_first, stage_line=stage_line,
                    safety_answers=safety_lines)
    if profile is not None:
        from recovery_cli.ui import stage as ui_stage

        ui_stage.print_take_reading(profile, went_back)
    ui.print_footer(footer)


def history_cmd(
    checklist_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this questionnaire.",
                                   autocompletion=_complete_ids)
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Your questionnaire results over time, with bands and change markers."""
    from recovery_cli import scoring
    from recovery_cli.errors import NotFoundError
    from recovery_cli.store import assessments as store

    st = state()
    checklists = st.checklists().checklists
    if checklist_id is not None:
        checklist_id = st.checklists().resolve(checklist_id) or checklist_id
    records = store.history(st.db(), checklist_id)
    if checklist_id is not None and checklist_id not in checklists and not records:
        raise NotFoundError(_unknown(checklist_id))
    from recovery_cli.cli.stage_view import reread

    rows = scoring.history_rows(reread(records), checklists)
    if json_out:
        emit_json([scoring.history_json(r) for r in rows])
        return
    from recovery_cli.ui import say

    if not rows:
        which = f" for {checklist_id}" if checklist_id else ""
        say(f"No results yet{which}. 'recovery assess list' shows what you can take.")
        return
    from recovery_cli.ui import assess as ui

    groups: dict[str, list[scoring.HistoryRow]] = {}
    for row in rows:
        groups.setdefault(row.record.checklist, []).append(row)
    out = []
    notes: dict[str, str] = {}
    for cid, group in groups.items():
        cl = checklists.get(cid)
        out.append((cid, cl.title if cl else cid, scoring.max_score(cl) if cl else None, group))
        if cl is not None:
            notes.update((f.id, f.message) for f in cl.flags)
    ui.print_history(out, notes)


def _evidence(conn: sqlite3.Connection, today: date) -> Evidence:
    """Behaviour beside the answers. A source that can't be read is named and left out."""
    from recovery_cli import scoring
    from recovery_cli import stage as stage_logic
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.store import plan as store_plan

    start = today - timedelta(days=EVIDENCE_DAYS - 1)
    try:
        days: Any = store_checkins.days_between(conn, start.isoformat(), today.isoformat())
    except Exception as exc:
        report(f"(Check-ins could not be read for the evidence: {exc}.)")
        days = None
    plan_known = True
    reviewed: str | None = None
    try:
        reviewed = store_plan.last_reviewed(conn)
    except Exception as exc:
        report(f"(The plan could not be read for the evidence: {exc}.)")
        plan_known = False
    checklists = state().checklists().checklists
    from recovery_cli.store.score_trends import first_previous_latest

    scored, counts = first_previous_latest(conn)  # three results each, not all (issue 23)
    trends = scoring.trends(scored, checklists, counts)
    from recovery_cli.store import skills as store_skills

    tools: dict[str, Any] | None
    try:
        tools = store_skills.evidence(conn, today, days=EVIDENCE_DAYS)
        from recovery_cli.store import events as store_events

        tools.update(store_events.session_evidence(conn, today))
    except Exception as exc:
        report(f"(The intake, goals and skills could not be read for the evidence: {exc}.)")
        tools = None
    return stage_logic.build_evidence(
        today, window_days=EVIDENCE_DAYS, checkins=days, plan_known=plan_known,
        plan_last_reviewed=reviewed, trends=trends, tools=tools,
    )


def stage(
    show_history: Annotated[
        bool, typer.Option("--history", help="List your past stage self-assessments.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Which of the five recovery stages your latest stage self-assessment is most like (or
    that it points to no single one), its profile, next steps and what your records show
    beside it."""
    from recovery_cli import clock
    from recovery_cli import stage as stage_logic
    from recovery_cli.cli.stage_view import current_version, moved_back, profile_of
    from recovery_cli.store import assessments as store

    conn = state().db()
    version = current_version()
    if show_history:
        records = store.history(conn, kind="stage")
        if json_out:
            docs = []
            for rec in records:
                p = profile_of(rec)
                doc: dict[str, Any] = (
                    stage_logic.profile_json(p) if p is not None else
                    {"stage": rec.stage, "name": stage_logic.stage_name(rec.stage),
                     "scores": {}, "margin": None, "tied": []})
                doc["assessed_at"] = rec.taken_at
                doc["checklist_version"] = rec.checklist_version
                docs.append(doc)
            emit_json(docs)
            return
        from recovery_cli.ui import stage as ui_stage

        ui_stage.print_stage_history(records, version)
        return
    evidence = _evidence(conn, clock.today())
    recent = store.latest_stages(conn, 6)
    latest = recent[0] if recent else None
    p = profile_of(latest) if latest is not None else None
    if latest is None or p is None:
        if json_out:
            emit_json(stage_logic.view_json(None, None, evidence))
            report("No stage self-assessment yet. Take one with: recovery assess take stages")
            return
        from recovery_cli.ui import stage as ui_stage

        ui_stage.print_no_stage(evidence)
        return
    went_back = moved_back(conn, p, recent[1:])
    if json_out:
        emit_json(stage_logic.view_json(p, latest.taken_at, evidence))
        if went_back is not None:
            report(" ".join(went_back.lines()))
        return
    from recovery_cli.ui import stage as ui_stage

    ui_stage.print_stage(p, latest.taken_at, evidence, moved_back=went_back,
                         earlier_version=version is not None
                         and latest.checklist_version != version)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    assess_app.command("list")(list_cmd)
    assess_app.command("take")(take)
    assess_app.command("history")(history_cmd)
    app.add_typer(assess_app, name="assess")
    app.command("stage")(stage)
