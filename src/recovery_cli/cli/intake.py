"""`recovery intake`: prepare for an appointment (what brings you, what you've noticed,
your questions).

Everything works with flags (and `--json`) without a terminal; in a terminal, whatever the
flags don't give is asked, one skippable question at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    pass

intake_app = typer.Typer(
    help="Prepare for an appointment: what brings you, what you've noticed, your questions.",
    invoke_without_command=True, no_args_is_help=False,
)


SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="FIELD=VALUE",
                 help="Answer a field without prompts: brings_me, since_when, symptoms, triggers, "
                 "tried, medications, hopes, questions. Give a list field once per item; "
                 "FIELD= clears it."),
]
CHECKIN_DAYS = 30




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
    from recovery_cli.store import checkins as store_checkins
    from recovery_cli.tools.intake import noticed_in_checkins

    start = (today - timedelta(days=CHECKIN_DAYS - 1)).isoformat()
    days = store_checkins.days_between(conn, start, today.isoformat())
    return {item: noticed_in_checkins(days, item, labels[item]) for item in ("symptoms", "triggers")}


def _save_intake(
    conn: sqlite3.Connection, answers: dict[str, str | list[str]], intake_id: int | None
) -> int:
    from recovery_cli.core import clock
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
    from recovery_cli.store import intake as store_intake
    from recovery_cli.tools.intake import FIELDS

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
    from recovery_cli.core import clock
    from recovery_cli.store import intake as store_intake
    from recovery_cli.tools import intake as intake_mod

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
    from recovery_cli.prompts import intake as ask

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
    from recovery_cli.store import intake as store_intake

    doc = store_intake.load_intake(state().db())
    if json_out:
        emit_json(doc)
        return
    from recovery_cli.ui import intake as ui

    if doc is None:
        ui.no_intake()
    else:
        ui.print_intake(doc)

def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(intake_app, name="intake")
