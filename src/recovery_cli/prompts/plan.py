"""The `recovery plan edit` wizard: walk the plan's sections, add, change, remove and reorder
items, skip anything. Works on an in-memory copy of the plan; the caller saves it (in one
transaction) only when the person says so, so Ctrl-C at any question leaves nothing written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from recovery_cli.core.errors import InputError
from recovery_cli.plan import document as plan_model
from recovery_cli.prompts import ask_checkbox, ask_confirm, ask_select, run, text_question

CANCELLED = "Plan edit cancelled; nothing was saved."

Show = Callable[[plan_model.Section, Any], None]
Canonical = Callable[[str], str]  # a rule as typed -> its canonical form; raises InputError

EVERYTHING = "__all__"


def _validator(check: Callable[[str], object] | None, required: bool) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        if not text.strip():
            return "Please type something (Ctrl-C stops without saving)." if required else True
        if check is None:
            return True
        try:
            check(text)
        except InputError as exc:
            return exc.message
        return True

    return validate


def _ask(message: str, *, default: str = "", check: Callable[[str], object] | None = None,
         required: bool = False) -> str:
    q = text_question(message, default=default, validate=_validator(check, required))
    return str(run(q, CANCELLED)).strip()


def _length(text: str) -> str:
    return plan_model.clean_text(text)


def ask_start(doc: dict[str, Any]) -> str:
    """Which part to work on: everything in order, or one top-level section."""
    choices: list[tuple[str, str]] = [("Everything, one section at a time", EVERYTHING)]
    for key in plan_model.TOP_KEYS:
        if key == "last_reviewed":
            continue
        if key in plan_model.GROUPS:
            title = plan_model.GROUP_TITLES[key]
            filled = any(plan_model.get(doc, f"{key}.{s}") for s in plan_model.GROUPS[key])
        else:
            title = plan_model.BY_KEY[key].title
            filled = bool(plan_model.get(doc, key))
        choices.append((f"{title}{'' if filled else '  (empty)'}", key))
    return ask_select("Which part of your plan would you like to work on?", choices,
                      cancelled=CANCELLED)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _action(spec: plan_model.Section, count: int, *, single: bool, last: bool,
            step: str = "") -> str:
    word = spec.item_word
    choices: list[tuple[str, str]] = []
    if spec.kind == "text":
        choices.append(("Change it" if count else "Write it", "write"))
        if count:
            choices.append(("Clear it", "clear"))
    else:
        choices.append((f"Add another {word}" if count else f"Add {_a(word)}", "add"))
        if count:
            choices.append((f"Change {_a(word)}", "edit"))
            choices.append((f"Remove {_a(word)}", "remove"))
        if count > 1:
            choices.append((f"Move {_a(word)}", "move"))
    if single:
        choices.append(("Done", "finish"))
    else:
        choices.append(("Next section" if not last else "Done", "next"))
        if not last:
            choices.append(("Save and finish now", "finish"))
    where = f" ({step})" if step else ""
    return ask_select(f"{spec.title}{where}: what would you like to do?", choices,
                      cancelled=CANCELLED)


def _pick(spec: plan_model.Section, items: Sequence[Any], verb: str) -> int:
    choices = [(f"{n}. {plan_model.item_label(spec, it)}", n - 1)
               for n, it in enumerate(items, start=1)]
    return ask_select(f"Which {spec.item_word} would you like to {verb}?", choices,
                      cancelled=CANCELLED)


def _pair(spec: plan_model.Section, canonical_rule: Canonical,
          current: dict[str, Any] | None) -> dict[str, Any] | None:
    cur = current or {}
    text = _ask(f"{spec.item_word.capitalize()} (Enter on an empty line goes back):",
                default=cur.get("text", ""), check=_length)
    if not text:
        return None
    response = _ask("What you'll do when it happens (Enter to skip):",
                    default=cur.get("response") or "", check=_length)
    rule: str | None = None
    if spec.has_rule:
        typed = _ask("A rule so recovery can point it out, e.g. 'mood <= 3 for 3 days' "
                     "(Enter to skip):", default=cur.get("rule") or "", check=canonical_rule)
        rule = canonical_rule(typed) if typed else None
    return plan_model.pair(spec, plan_model.clean_text(text), response or None, rule)


def _contact(current: dict[str, Any] | None) -> dict[str, Any] | None:
    cur = current or {}
    name = _ask("Name (Enter on an empty line goes back):", default=cur.get("name") or "",
                check=_length)
    if not name:
        return None
    role = _ask("Role, e.g. friend, therapist, crisis team (Enter to skip):",
                default=cur.get("role") or "", check=_length)
    phone = _ask("Phone (Enter to skip):", default=cur.get("phone") or "",
                 check=plan_model.check_phone)
    email = _ask("Email (Enter to skip):", default=cur.get("email") or "",
                 check=plan_model.check_email)
    notes = _ask("Notes (Enter to skip):", default=cur.get("notes") or "", check=_length)
    return plan_model.contact(plan_model.clean_text(name), role or None, phone or None,
                              email or None, notes or None)


def _item(spec: plan_model.Section, canonical_rule: Canonical, current: Any | None) -> Any | None:
    if spec.kind == "pairs":
        return _pair(spec, canonical_rule, current)
    if spec.kind == "contacts":
        return _contact(current)
    text = _ask(f"{spec.item_word.capitalize()} (Enter on an empty line goes back):",
                default=current or "", check=_length)
    return plan_model.clean_text(text) if text else None


def _offer_defaults(spec: plan_model.Section, items: list[Any]) -> None:
    choices = [(f"{sign}  [rule: {rule}]", n)
               for n, (sign, _response, rule) in enumerate(plan_model.DEFAULT_WARNING_SIGNS)]
    picked = ask_checkbox(
        "Some early warning signs many people use. Tick any to start from (Space ticks, "
        "Enter goes on; you can change them later):", choices, cancelled=CANCELLED)
    for n in picked:
        sign, response, rule = plan_model.DEFAULT_WARNING_SIGNS[n]
        items.append(plan_model.pair(spec, sign, response, rule))


def run_wizard(doc: dict[str, Any], leaves: Sequence[plan_model.Section], *, show: Show,
               canonical_rule: Canonical, offer_defaults: bool) -> str:
    """Edit `doc` in place, walking `leaves`. Returns "unchanged", "save" (something changed
    and the person wants it saved) or "discard"."""
    before = copy.deepcopy(doc)
    single = len(leaves) == 1
    i = 0
    offered = False
    while i < len(leaves):
        spec = leaves[i]
        value = plan_model.get(doc, spec.key)
        show(spec, value)
        if spec.key == "warning_signs" and offer_defaults and not offered and not value:
            offered = True
            _offer_defaults(spec, value)
            if value:
                show(spec, value)
        count = (1 if value else 0) if spec.kind == "text" else len(value)
        action = _action(spec, count, single=single, last=i == len(leaves) - 1,
                         step="" if single else f"{i + 1} of {len(leaves)}")
        if action == "next":
            i += 1
            continue
        if action == "finish":
            break
        if action == "write":
            keep = "leaves it as it was" if value else "goes back"
            text = _ask(f"{spec.title} (Enter on an empty line {keep}):",
                        default=value or "", check=_length)
            if text:
                plan_model.put(doc, spec.key, plan_model.clean_text(text))
        elif action == "clear":
            plan_model.put(doc, spec.key, "")
        elif action == "add":
            new = _item(spec, canonical_rule, None)
            if new is not None:
                value.append(new)
        elif action == "edit":
            n = _pick(spec, value, "change")
            new = _item(spec, canonical_rule, value[n])
            if new is not None:
                value[n] = new
        elif action == "remove":
            n = _pick(spec, value, "remove")
            del value[n]
        elif action == "move":
            n = _pick(spec, value, "move")
            positions = [(f"Position {p}", p - 1) for p in range(1, len(value) + 1)]
            to = ask_select("Move it to:", positions, default=n, cancelled=CANCELLED)
            value.insert(to, value.pop(n))
    if doc == before:
        return "unchanged"
    return "save" if ask_confirm("Save your plan?", default=True, cancelled=CANCELLED) else "discard"


def ask_mark_reviewed() -> bool:
    return ask_confirm("Nothing changed. Mark your plan as reviewed today?", default=True,
                       cancelled=CANCELLED)
