"""Commands: assess list|take|history (the stage command is in cli/stage.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, report, state

if TYPE_CHECKING:
    from recovery_cli.app.assess import Taken
    from recovery_cli.core.models import Checklist, Item
    from recovery_cli.plan.crisis import CrisisView

assess_app = typer.Typer(
    help="Questionnaires (PHQ-9, GAD-7, WHO-5 ...) and the stage self-assessment.",
    no_args_is_help=True,
)


def _complete_ids(incomplete: str) -> list[str]:
    from recovery_cli.cli.completion import complete_checklist_ids

    return complete_checklist_ids(incomplete)


def _crisis_view() -> CrisisView | None:
    """The crisis lines for the configured region (every region's when unset or unreadable:
    a broken config file must never hide crisis lines). None when the crisis data itself
    can't be read: the built-in summary line is shown instead, never nothing."""
    from recovery_cli.core.checklists import load_crisis
    from recovery_cli.plan import crisis

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
    from recovery_cli.core import messages
    from recovery_cli.ui import crisis as ui_crisis

    if view is None:
        (report if json_out else _plain)(messages.HELP_EPILOG)
    elif json_out:
        report(ui_crisis.crisis_text(view))
    else:
        ui_crisis.print_crisis(view, title=title)


def _crisis_json(view: CrisisView | None) -> dict[str, Any]:
    """The lines a flagged result showed, for a wrapper reading stdout (README: `crisis`)."""
    from recovery_cli.core import messages
    from recovery_cli.plan import crisis

    if view is None:  # the data file can't be read: the built-in summary line, never nothing
        return {"region": None, "lines": [], "emergency": [], "message": messages.HELP_EPILOG}
    return crisis.crisis_json(view)


def _footer(view: CrisisView | None) -> str:
    from recovery_cli.core import messages
    from recovery_cli.ui import crisis as ui_crisis

    return messages.HELP_EPILOG if view is None else ui_crisis.crisis_footer(view)


def _plain(line: str) -> None:
    from recovery_cli.ui import console

    console().print(line, markup=False)


def list_cmd(json_out: JsonOption = False) -> None:
    """List the questionnaires: when each was last taken and whether it is due."""
    from recovery_cli.app.assess import listing

    rows = listing(state())
    if json_out:
        emit_json(rows)
        return
    from recovery_cli.ui import assess as ui

    ui.print_list(rows)


def _example(cl: Checklist) -> str:
    from recovery_cli.assess import scoring

    n = scoring.required_count(cl)
    return ",".join(["0"] * min(n, 9)) + (",..." if n > 9 else "")


def _collect_answers(cl: Checklist, answers_text: str | None, json_out: bool) -> dict[str, float]:
    from recovery_cli.assess import scoring
    from recovery_cli.core.errors import MissingAnswerError

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


def _safety_lines(cl: Checklist, answers: dict[str, float], items: Sequence[str]) -> list[str]:
    from recovery_cli.assess.safety_rules import safety_answers

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
    from recovery_cli.app import assess

    cl = assess.find(state(), checklist_id)
    answers = _collect_answers(cl, answers_text, json_out)
    view = _crisis_view()
    taken = assess.take(state(), cl, answers)
    if json_out:
        _taken_json(taken, view)
    else:
        _show_taken(taken, view)


def _taken_json(taken: Taken, view: CrisisView | None) -> None:
    """`assess take --json`: the result on stdout; the crisis block and the notes on stderr."""
    from recovery_cli.assess import history as scoring_history
    from recovery_cli.assess import stage as stage_logic

    cl, result = taken.checklist, taken.result
    if result.safety_flag:
        _show_crisis(view, title="Please read this first", json_out=True)
        for line in _safety_lines(cl, taken.answers, result.safety_items):
            report(line)
    doc = scoring_history.result_json(
        cl.id, taken.taken_at, scoring_history.answers_json(cl, taken.answers), result,
        taken.change)
    doc["crisis"] = _crisis_json(view) if result.safety_flag else None
    if taken.profile is not None:
        doc["reading"] = stage_logic.profile_json(taken.profile)
        if taken.went_back is not None:
            report(" ".join(taken.went_back.lines()))
    emit_json(doc)
    report(_footer(view))


def _show_taken(taken: Taken, view: CrisisView | None) -> None:
    """The result for a person: crisis lines and the safety plan first when an answer asks
    for them, then the score, its band, the change, and the stage reading."""
    from recovery_cli.ui import assess as ui

    result, profile = taken.result, taken.profile
    if result.safety_flag:
        _show_crisis(view, title="Please read this first", json_out=False)
        _show_safety_plan(state().db())
    stage_line = None
    if profile is not None:
        from recovery_cli.ui.stage import headline

        stage_line = headline(profile)
    ui.print_result(taken.checklist, taken.taken_at, result, taken.change, taken.since_first,
                    stage_line=stage_line,
                    safety_answers=_safety_lines(taken.checklist, taken.answers,
                                                 result.safety_items))
    if profile is not None:
        from recovery_cli.ui import stage as ui_stage

        ui_stage.print_take_reading(profile, taken.went_back)
    ui.print_footer(_footer(view))


def history_cmd(
    checklist_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this questionnaire.",
                                   autocompletion=_complete_ids)
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Your questionnaire results over time, with bands and change markers."""
    from recovery_cli.app.assess import history
    from recovery_cli.assess import history as scoring_history

    rows = history(state(), checklist_id)
    if json_out:
        emit_json([scoring_history.history_json(r) for r in rows])
        return
    from recovery_cli.ui import say

    if not rows:
        which = f" for {checklist_id}" if checklist_id else ""
        say(f"No results yet{which}. 'recovery assess list' shows what you can take.")
        return
    from recovery_cli.ui import assess as ui

    ui.print_history_rows(rows, state().checklists().checklists)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    assess_app.command("list")(list_cmd)
    assess_app.command("take")(take)
    assess_app.command("history")(history_cmd)
    app.add_typer(assess_app, name="assess")
