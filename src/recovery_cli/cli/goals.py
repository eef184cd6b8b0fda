"""`recovery goals`: realistic goals in small steps, with a short weekly review.

Everything works with flags (and `--json`) without a terminal; in a terminal, whatever the
flags don't give is asked, one skippable question at a time.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    from recovery_cli.tools.goals import Goal

goals_app = typer.Typer(
    help="Realistic goals in small steps, with a short weekly review.", no_args_is_help=True
)


def _goal(conn: sqlite3.Connection, goal_id: int) -> Goal:
    from recovery_cli.core.errors import NotFoundError
    from recovery_cli.store import goals as store_goals

    goal = store_goals.get_goal(conn, goal_id)
    if goal is None:
        raise NotFoundError(f"No goal {goal_id}. 'recovery goals list --all' shows your goals.")
    return goal


def _value_id(conn: sqlite3.Connection, ref: str | int | None, now: str) -> int | None:
    """An existing value by id or words; new words become a new value."""
    from recovery_cli.core.errors import NotFoundError
    from recovery_cli.store import goals as store_goals
    from recovery_cli.tools.goals import clean_text

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
    from recovery_cli.core import clock
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction
    from recovery_cli.tools.goals import big_goal_hint, clean_text

    by_day = clock.hoped_for_day(by).isoformat() if by is not None else None
    step_texts = [clean_text(s, "A step") for s in (steps or [])]
    conn = state().db()
    value_ref: str | int | None = value
    if text is None:
        if not interactive():
            raise need("The goal", "TEXT (recovery goals add \"walk ten minutes a day\")")
        from recovery_cli.prompts import goals as ask

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
    from recovery_cli.core import clock
    from recovery_cli.store import goals as store_goals

    goals = store_goals.list_goals(state().db(), include_done=include_done)
    if json_out:
        emit_json([g.to_json() for g in goals])
        return
    from recovery_cli.ui import goals as ui

    ui.print_goals(goals, clock.today(), include_done)


@goals_app.command("done")
def goals_done(
    goal_id: Annotated[int, typer.Argument(metavar="ID", help="The goal's number.")],
    step: Annotated[int | None, typer.Option("--step", metavar="N", help="Mark only step N done.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Mark a goal (or one of its steps, --step N) as done."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import NotFoundError
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
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction
    from recovery_cli.tools.goals import clean_text

    conn = state().db()
    goal = _goal(conn, goal_id)
    if text is None:
        if not interactive():
            raise need("The step", f"TEXT (recovery goals step {goal_id} \"...\")")
        from recovery_cli.prompts import ask_text
        from recovery_cli.prompts.goals import GOAL_CANCELLED

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
    from recovery_cli.core import clock
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction
    from recovery_cli.tools.goals import check_progress

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
    from recovery_cli.prompts.goals import ReviewAnswers

    reviews: list[ReviewAnswers]
    if scripted:
        reviews = [ReviewAnswers(goals[0].id, progress, (helped or "").strip(),
                                 (next_step or "").strip())]
    elif not interactive():
        raise need("Progress", "ID --progress N (and optionally --helped, --next)")
    else:
        from recovery_cli.prompts import goals as ask

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

def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(goals_app, name="goals")
