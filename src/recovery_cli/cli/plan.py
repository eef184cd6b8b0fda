"""Commands: plan show | edit | add | remove | check (`crisis` lives in cli/crisis.py)."""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, state

if TYPE_CHECKING:
    from recovery_cli.plan import rules as warnings

plan_app = typer.Typer(
    help="Your relapse-prevention and safety plan: what keeps you well, early warning signs "
    "and what to do about them, and who to call.",
    no_args_is_help=True,
)

SectionArg = Annotated[
    str,
    typer.Argument(
        metavar="SECTION",
        help="A plan section, e.g. toolbox, triggers, warning_signs, crisis.helps, "
        "safety.coping_alone, contacts.",
        show_default=False,
    ),
]


def _existing_db() -> sqlite3.Connection | None:
    """The database when one exists (read paths never create one)."""
    from recovery_cli.core import paths

    st = state()
    if not paths.db_path(st.home).is_file():
        return None
    return st.db()


def _rule_checker() -> warnings.RuleCheck:
    """Parse rules against the check-in items and questionnaires this person has."""
    from recovery_cli.plan import rules as warnings

    return warnings.rule_check(state().checklists().checklists.values())


def show(
    section: Annotated[
        str | None,
        typer.Option("--section", "-s", help="Only this section (e.g. triggers, safety, "
                     "safety.coping_alone).", metavar="S"),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Show your plan, a panel per section, items numbered as 'plan remove' counts them."""
    from recovery_cli.plan import document as plan_model

    key = plan_model.show_key(section) if section else None
    conn = _existing_db()
    doc: dict[str, Any] | None = None
    if conn is not None:
        from recovery_cli.store import plan as store_plan

        doc = store_plan.load_plan(conn)
    full = doc if doc is not None else plan_model.empty_document()
    if json_out:
        emit_json({key: plan_model.get(full, key)} if key else full)
        return
    from recovery_cli.ui import plan as ui_plan

    if doc is None and key is None:
        ui_plan.print_no_plan()
        return
    ui_plan.print_plan(full, key)


def add(
    section: SectionArg,
    text: Annotated[str, typer.Argument(metavar="TEXT",
                                        help="The item's text (for contacts: the name).",
                                        show_default=False)],
    response: Annotated[str | None, typer.Option(
        "--response", "-r", help="What you'll do (triggers, warning_signs, breaking_down).",
        metavar="R")] = None,
    rule: Annotated[str | None, typer.Option(
        "--rule", help="An early warning rule (warning_signs), e.g. 'mood <= 3 for 3 days'.",
        metavar="RULE")] = None,
    role: Annotated[str | None, typer.Option("--role", metavar="ROLE", help="Contacts: their role.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", metavar="PHONE", help="Contacts: phone number.")] = None,
    email: Annotated[str | None, typer.Option("--email", metavar="EMAIL", help="Contacts: email.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", metavar="NOTES", help="Contacts: notes.")] = None,
) -> None:
    """Add an item to a plan section (a text section is replaced). For scripts."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.plan import document as plan_model
    from recovery_cli.store import plan as store_plan

    spec = plan_model.leaf(section)
    value = plan_model.clean_text(text, "The text" if spec.kind != "contacts" else "The name")
    contact_opts = {"--role": role, "--phone": phone, "--email": email, "--notes": notes}
    if spec.kind != "contacts":
        used = [flag for flag, v in contact_opts.items() if v is not None]
        if used:
            raise InputError(f"{used[0]} only goes with 'plan add contacts NAME'.")
    if response is not None and spec.kind != "pairs":
        raise InputError("--response only goes with triggers, warning_signs and breaking_down.")
    if rule is not None and not spec.has_rule:
        raise InputError("--rule only goes with warning_signs.")
    canonical_rule: str | None = None
    if rule is not None:
        canonical_rule = _rule_checker().canonical(rule)
    resp = plan_model.clean_text(response, "The response") if response else None

    conn = state().db()
    now = clock.now()
    if spec.kind == "text":
        store_plan.set_text(conn, spec.key, value, now)
        print(f"Saved {spec.title} ({spec.key}).")
        _crisis_check([value], None)
        return
    if spec.kind == "contacts":
        person = plan_model.contact(
            value,
            plan_model.clean_text(role, "The role") if role else None,
            plan_model.check_phone(phone) if phone else None,
            plan_model.check_email(email) if email else None,
            plan_model.clean_text(notes, "The notes") if notes else None,
        )
        pos = store_plan.add_contact(conn, person, now)
    else:
        pos = store_plan.add_item(conn, spec.key, value, now, response=resp, rule=canonical_rule)
    print(f"Added to {spec.title} ({spec.key}) as item {pos}.")
    if canonical_rule is not None:
        _note_unknown_choice(conn, canonical_rule)
    _crisis_check([value, resp, role, notes], None)


def _strings(doc: Any) -> list[str]:
    """Every text in a plan document (or part of one)."""
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, dict):
        return [t for v in doc.values() for t in _strings(v)]
    if isinstance(doc, list):
        return [t for v in doc for t in _strings(v)]
    return []


def _crisis_check(texts: list[str | None], before: Any) -> None:
    """After saving: the crisis-language note (once) when texts written now use the list's
    words; texts the plan already held (`before`) don't count again."""
    from recovery_cli.cli import _crisis_note

    old = set(_strings(before))
    _crisis_note.after_saving([t for t in texts if t and t not in old],
                              saved="your plan is saved")


def _note_unknown_choice(conn: sqlite3.Connection, rule_text: str) -> None:
    """A gentle note when `ITEM:CHOICE` names an option the check-in doesn't offer (yet)."""
    from recovery_cli.plan import rules as warnings
    from recovery_cli.store import plan as store_plan

    rule = warnings.parse_rule(rule_text)
    if rule.kind != "choice" or rule.item is None:
        return
    known: set[str] = set()
    for checklist in state().checkin_forms():
        item = checklist.item(rule.item)
        if item is None:
            continue
        for option in checklist.options_for(item):
            known.add(warnings.norm_choice(str(option.value)))
            known.add(warnings.norm_choice(option.label))
        if item.source and item.source.startswith("plan."):
            section = item.source.removeprefix("plan.")
            known.update(warnings.norm_choice(t) for t in store_plan.section_texts(conn, section))
    if known and rule.choice not in known:
        print(f"Note: '{rule.choice}' is not one of the check-in's options for {rule.item} yet; "
              "the rule matches once a check-in ticks it.", file=sys.stderr)


def remove(
    section: SectionArg,
    n: Annotated[int, typer.Argument(metavar="N",
                                     help="The item's number, as 'plan show' shows it (from 1).",
                                     show_default=False)],
) -> None:
    """Remove item N from a plan section (N counts from 1, as 'plan show' numbers them)."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError, NotFoundError
    from recovery_cli.plan import document as plan_model
    from recovery_cli.store import plan as store_plan

    spec = plan_model.leaf(section)
    if n < 1:
        raise InputError(f"N counts from 1 (as 'recovery plan show' numbers items), not {n}.")
    conn = _existing_db()
    if conn is None:
        raise NotFoundError("You don't have a plan yet, so there is nothing to remove.")
    removed = store_plan.remove(conn, spec.key, n, clock.now())
    from recovery_cli.ui.safe import terminal_safe

    print(terminal_safe(f"Removed from {spec.title} ({spec.key}): {removed}"))


def check(json_out: JsonOption = False) -> None:
    """Which early warning signs match your recent check-ins, since when, and what to do."""
    from recovery_cli.cli._plan_check import show

    show(json_out)


def edit(
    section: Annotated[
        str | None,
        typer.Argument(metavar="[SECTION]",
                       help="Only this section (e.g. triggers, crisis, safety); default: "
                       "choose, or walk through everything.", show_default=False),
    ] = None,
) -> None:
    """Walk through your plan and add, change, remove or reorder items. Skip anything."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import MissingAnswerError
    from recovery_cli.plan import document as plan_model

    leaves = plan_model.leaves_for(section)
    if not interactive():
        raise MissingAnswerError(
            "'plan edit' asks questions and there is no terminal to ask in: use "
            "'recovery plan add SECTION TEXT' and 'recovery plan remove SECTION N' instead."
        )
    from recovery_cli.prompts import plan as prompts_plan
    from recovery_cli.store import plan as store_plan
    from recovery_cli.ui import plan as ui_plan

    conn = state().db()
    existing = store_plan.load_plan(conn)
    first = existing is None
    doc = existing if existing is not None else plan_model.empty_document()
    import copy

    before = copy.deepcopy(doc)
    if first:
        ui_plan.print_intro(leaves)
    elif section is None:
        choice = prompts_plan.ask_start(doc)
        if choice != prompts_plan.EVERYTHING:
            leaves = plan_model.leaves_for(choice)
    checker = _rule_checker()
    outcome = prompts_plan.run_wizard(
        doc, leaves,
        show=lambda spec, value: ui_plan.print_section(spec, value, explain=True),
        canonical_rule=checker.canonical,
        offer_defaults=first or not any(doc["warning_signs"]),
    )
    if outcome == "save":
        store_plan.save_plan(conn, doc, clock.now())
        print("Saved your plan. 'recovery plan show' shows it all.")
        _crisis_check(list(_strings(doc)), before)
    elif outcome == "discard":
        print("Nothing was saved.")
    elif first:
        print("Nothing to save yet. Come back whenever you like.")
    elif prompts_plan.ask_mark_reviewed():
        store_plan.mark_reviewed(conn, clock.now())
        print("Marked your plan as reviewed today.")


for _name, _command in (("show", show), ("edit", edit), ("add", add), ("remove", remove),
                        ("check", check)):
    plan_app.command(_name)(_command)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(plan_app, name="plan")
