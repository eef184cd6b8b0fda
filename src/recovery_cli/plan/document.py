"""The relapse-prevention and safety plan: its sections, their shapes and validation (pure).

The structure joins two well-known ones: a wellness action plan (how I am when well, a
toolbox, daily maintenance, triggers, early warning signs, when things are breaking down, a
crisis plan and a post-crisis plan) and the six steps of a safety plan (plus a reason for
living). The wording here is our own.

Section ids (DESIGN.md "Plan sections"): a *leaf* is what `plan add` / `plan remove` name,
e.g. `toolbox`, `triggers`, `crisis.helps`, `safety.coping_alone`, `contacts`. Leaves are one
of four kinds:
- "text": one piece of text (when_well, post_crisis, crisis.takes_over_when ...)
- "list": a list of texts (toolbox, daily, crisis.helps, safety.coping_alone ...)
- "pairs": a list of {text, response} (triggers, breaking_down); warning_signs also has `rule`
- "contacts": the shared list of {name, role, phone, email, notes}
"""

from __future__ import annotations

import re
from typing import Any, Literal, NamedTuple

from recovery_cli.core.errors import InputError

Kind = Literal["text", "list", "pairs", "contacts"]


class Section(NamedTuple):
    key: str  # leaf id, e.g. "safety.coping_alone"
    kind: Kind
    title: str
    explain: str  # one line, our own words
    item_word: str = "item"
    has_rule: bool = False

    @property
    def group(self) -> str | None:
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def sub(self) -> str:
        return self.key.split(".", 1)[-1]


SECTIONS: tuple[Section, ...] = (
    Section("when_well", "text", "When I'm well",
            "What you are like when things are going well: your reference point."),
    Section("toolbox", "list", "Wellness toolbox",
            "Things that help you stay well or feel better: activities, people, habits, skills."),
    Section("daily", "list", "Every day",
            "Small things to do every day to keep well."),
    Section("as_needed", "list", "Now and then",
            "Things you might need to do some days: a reminder list to glance at."),
    Section("triggers", "pairs", "Triggers",
            "Outside events that can knock you off balance, and what you'll do when they happen.",
            "trigger"),
    Section("warning_signs", "pairs", "Early warning signs",
            "Quiet changes inside you that say it's time to act, what you'll do, and an "
            "optional rule so recovery can point them out.", "sign", has_rule=True),
    Section("breaking_down", "pairs", "When things are breaking down",
            "Stronger signs that things are getting worse while you can still act, and a "
            "stronger plan.", "sign"),
    Section("crisis.supporters", "list", "Crisis: my supporters",
            "The people you'd like to step in and help if you can't look after yourself.",
            "supporter"),
    Section("crisis.takes_over_when", "text", "Crisis: when others take over",
            "The signs that tell your supporters it's time for them to step in."),
    Section("crisis.helps", "list", "Crisis: what helps",
            "What helps you in a crisis: care, treatments, places, ways of being with you."),
    Section("crisis.avoid", "list", "Crisis: what to avoid",
            "What doesn't help, or that you'd rather not have, in a crisis."),
    Section("crisis.preferences", "text", "Crisis: my preferences",
            "Anything else you want respected: care, who looks after what at home, pets, "
            "work or bills."),
    Section("crisis.not_involved", "list", "Crisis: people I don't want involved",
            "People you do not want involved in your care or in decisions during a crisis "
            "(and why, if you like).", "person"),
    Section("crisis.treatment_preferences.preferred", "list",
            "Crisis: treatments I prefer",
            "Medications, treatments and facilities (a hospital, a crisis house, a service) "
            "you would prefer, and why if you like.", "preference"),
    Section("crisis.treatment_preferences.not_accepted", "list",
            "Crisis: treatments I don't accept",
            "Medications, treatments and facilities you do not want, and why if you like."),
    Section("crisis.inactivation", "list", "Crisis: when supporters can stop using this plan",
            "Signs that the crisis has passed and your supporters no longer need to follow "
            "this plan, e.g. 'I have slept six hours or more for three nights'.", "sign"),
    Section("post_crisis", "text", "After a crisis",
            "How you'd like to get back to your routines gently after a crisis."),
    Section("safety.warning_signs", "list", "Safety plan 1: warning signs",
            "Thoughts, moods, situations or behaviours that tell you a crisis may be building.",
            "sign"),
    Section("safety.coping_alone", "list", "Safety plan 2: things I can do on my own",
            "Things you can do alone, at any hour, to take your mind off things for a while."),
    Section("safety.distraction", "list", "Safety plan 3: people and places for distraction",
            "People to be with and places to go that take your mind off things, without having "
            "to explain."),
    Section("safety.ask_for_help", "list", "Safety plan 4: people I can ask for help",
            "Friends or family you can tell that you are struggling (with their number).",
            "person"),
    Section("safety.professionals", "list", "Safety plan 5: professionals and crisis lines",
            "Your clinician, a crisis line, the nearest emergency department (with numbers).",
            "contact"),
    Section("safety.safe_surroundings", "list", "Safety plan 6: making my surroundings safer",
            "Steps that make it harder to act on harmful urges, such as asking someone to keep "
            "things for you."),
    Section("safety.reason_for_living", "text", "Safety plan: a reason for living",
            "Something or someone that matters to you and keeps you going."),
    Section("contacts", "contacts", "Contacts",
            "People and services in your plan: name, role, phone, email and notes.", "contact"),
)

BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
GROUPS: dict[str, tuple[str, ...]] = {
    "crisis": ("supporters", "takes_over_when", "helps", "avoid", "preferences", "not_involved",
               "treatment_preferences.preferred", "treatment_preferences.not_accepted",
               "inactivation"),
    "safety": ("warning_signs", "coping_alone", "distraction", "ask_for_help", "professionals",
               "safe_surroundings", "reason_for_living"),
}
GROUP_TITLES = {"crisis": "Crisis plan", "safety": "Safety plan"}
GROUP_EXPLAIN = {
    "crisis": "For when others need to take over: who (and who not), when, what you want and "
              "don't, and when they can stop.",
    "safety": "Six steps to follow, in order, if things get very hard, and a reason for living.",
}
# The top-level keys of the plan document, in order (DESIGN.md).
TOP_KEYS = ("when_well", "toolbox", "daily", "as_needed", "triggers", "warning_signs",
            "breaking_down", "crisis", "post_crisis", "safety", "contacts", "last_reviewed")

MAX_TEXT = 2000

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{1,30}[0-9]$|^[0-9]{3,}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def section_names() -> str:
    return ", ".join(s.key for s in SECTIONS)


def parts_of(key: str) -> list[Section]:
    """The leaves under a group or sub-group key ('crisis', 'crisis.treatment_preferences')."""
    return [s for s in SECTIONS if s.key.startswith(key + ".")]


def leaf(name: str) -> Section:
    """The leaf section a person named (`plan add` / `plan remove`); InputError otherwise."""
    key = name.strip().lower().replace("-", "_")
    if key in BY_KEY:
        return BY_KEY[key]
    if parts_of(key):
        subs = ", ".join(s.key for s in parts_of(key))
        raise InputError(f"'{name}' has several parts; name one of them: {subs}.")
    raise InputError(f"No plan section '{name}'. Sections: {section_names()}.")


def show_key(name: str) -> str:
    """A key `plan show --section` accepts: a top-level key, a part of a group that has parts
    of its own (crisis.treatment_preferences) or a leaf."""
    key = name.strip().lower().replace("-", "_")
    if key in TOP_KEYS or key in BY_KEY or parts_of(key):
        return key
    raise InputError(
        f"No plan section '{name}'. Sections: {', '.join(TOP_KEYS)} "
        f"(or a part such as safety.coping_alone)."
    )


def leaves_for(name: str | None) -> list[Section]:
    """The leaves a wizard walks for `plan edit [SECTION]` (all when None)."""
    if name is None:
        return list(SECTIONS)
    key = name.strip().lower().replace("-", "_")
    if key in GROUPS:
        return [BY_KEY[f"{key}.{s}"] for s in GROUPS[key]]
    if key not in BY_KEY and parts_of(key):
        return parts_of(key)
    return [leaf(name)]


def clean_text(text: str, what: str = "The text") -> str:
    t = " ".join(text.split()) if "\n" not in text else text.strip()
    if not t:
        raise InputError(f"{what} is empty; please type something.")
    if len(t) > MAX_TEXT:
        raise InputError(f"{what} is longer than {MAX_TEXT} characters; please shorten it.")
    return t


def check_phone(phone: str) -> str:
    p = phone.strip()
    if not _PHONE.match(p):
        raise InputError(
            f"'{phone}' doesn't look like a phone number: use digits, spaces, + ( ) - or ., "
            "e.g. +44 20 7946 0000."
        )
    return p


def check_email(email: str) -> str:
    e = email.strip()
    if not _EMAIL.match(e):
        raise InputError(f"'{email}' doesn't look like an email address (name@example.org).")
    return e


def empty_document() -> dict[str, Any]:
    """Every key of the plan, empty (`plan show --json` for a person with no plan)."""
    doc: dict[str, Any] = {}
    for key in TOP_KEYS:
        if key in GROUPS:
            doc[key] = {}
            for sub in GROUPS[key]:
                put(doc, f"{key}.{sub}", _empty(BY_KEY[f"{key}.{sub}"].kind))
        elif key == "last_reviewed":
            doc[key] = None
        else:
            doc[key] = _empty(BY_KEY[key].kind)
    return doc


def _empty(kind: Kind) -> Any:
    return "" if kind == "text" else []


def get(doc: dict[str, Any], key: str) -> Any:
    """The value of a leaf, a group or a top-level key in a plan document (dotted keys walk
    nested objects: crisis.treatment_preferences.preferred)."""
    value: Any = doc
    for part in key.split("."):
        value = value[part]
    return value


def put(doc: dict[str, Any], key: str, value: Any) -> None:
    *path, last = key.split(".")
    where = doc
    for part in path:
        where = where.setdefault(part, {})
    where[last] = value


def pair(section: Section, text: str, response: str | None = None,
         rule: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text, "response": response or None}
    if section.has_rule:
        item["rule"] = rule or None
    return item


def contact(name: str, role: str | None = None, phone: str | None = None,
            email: str | None = None, notes: str | None = None) -> dict[str, Any]:
    return {"name": name, "role": role or None, "phone": phone or None, "email": email or None,
            "notes": notes or None}


# What a hard moment needs from the plan, in the order `recovery crisis` and a PHQ-9 item 9
# answer show it: why to hold on, what to do alone, who and where, then safer surroundings;
# the warning signs (step 1, already recognised by then) last.
CRISIS_KEYS = ("safety.reason_for_living", "safety.coping_alone", "safety.distraction",
               "safety.ask_for_help", "safety.professionals", "contacts",
               "safety.safe_surroundings", "safety.warning_signs")


def crisis_sections(doc: dict[str, Any]) -> list[tuple[Section, Any]]:
    """The safety plan's filled sections (and contacts), in CRISIS_KEYS order."""
    out = []
    for key in CRISIS_KEYS:
        value = get(doc, key)
        if value:
            out.append((BY_KEY[key], value))
    return out


def crisis_json(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """The same sections as data (every key present, empty when unfilled); None: no plan."""
    if doc is None:
        return None
    return {key.removeprefix("safety."): get(doc, key) for key in CRISIS_KEYS}


def is_empty(doc: dict[str, Any]) -> bool:
    return all(not get(doc, s.key) for s in SECTIONS)


def item_label(section: Section, item: Any) -> str:
    """One line for an item of any kind (numbered lists, wizard choices)."""
    if section.kind == "contacts":
        bits = [item["name"]]
        bits += [item[f] for f in ("role", "phone", "email") if item.get(f)]
        return " · ".join(bits)
    if section.kind == "pairs":
        line = str(item["text"])
        if item.get("response"):
            line += f" → {item['response']}"
        if item.get("rule"):
            line += f"  [rule: {item['rule']}]"
        return line
    return str(item)


# Offered when a plan is first made; each is a warning sign, a response and a rule. The
# person picks any (none are added without being chosen) and can change them later.
DEFAULT_WARNING_SIGNS: tuple[tuple[str, str, str], ...] = (
    ("Several low days in a row",
     "Pick something from my toolbox each day and tell someone I trust how I'm doing.",
     "mood <= 3 for 3 days"),
    ("Sleeping much less than usual",
     "Wind down earlier, keep screens out of bed, and mention it to my doctor if it goes on.",
     "sleep_hours < 5 on 2 of 3 days"),
    ("Anxiety staying high",
     "Do a breathing exercise twice a day and plan one calming thing each day.",
     "anxiety >= 7 for 3 days"),
    ("Conflict keeps coming up",
     "Take a break before answering, and talk it through with someone on my side.",
     "triggers:conflict 3 times in 7 days"),
    ("Stopping my check-ins",
     "Do a short check-in, even just my mood. No need to catch up on the missed days.",
     "no checkin for 4 days"),
    ("A questionnaire shows things getting clearly worse",
     "Book a time to talk it over with my clinician.",
     "phq9 deterioration"),
)
