"""The check-in's pieces shared by `checkin` and `history` (cli/_checkin_run.py and
cli/_history.py): the checklist's items with the plan's options, the skills practised, the
flags' answers. No typer here, so the fast paths (cli/_fast.py) can use them."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Any

from recovery_cli.cli._common import state

if TYPE_CHECKING:
    from recovery_cli.checkin.logic import Answer, ItemSpec


def _plan_options(conn: sqlite3.Connection | None, sources: set[str]) -> dict[str, list[str]]:
    """Texts of the plan sections that feed multi-select options (e.g. plan.triggers).
    Empty until there is a plan (or with a plan store that can't give them)."""
    out: dict[str, list[str]] = {}
    if conn is None:
        return out
    from recovery_cli.store import plan as store_plan

    for source in sources:
        try:
            out[source] = list(store_plan.section_texts(conn, source.removeprefix("plan.")))
        except NotImplementedError:  # tests/checkin/test_checkin.py: a plan store without it
            out[source] = []
    return out


def _specs(
    conn: sqlite3.Connection | None, extra: dict[str, list[tuple[str, str]]] | None = None
) -> list[ItemSpec]:
    from recovery_cli.checkin.logic import build_items
    from recovery_cli.core.errors import NotFoundError

    checklists = state().checkin_forms()
    sources = {i.source for c in checklists for i in c.items if i.source and i.source.startswith("plan.")}
    specs = build_items(checklists, _plan_options(conn, sources), extra)
    if not specs:
        raise NotFoundError("No check-in checklist could be loaded; 'recovery doctor' shows why.")
    return specs


def _skill_titles(ids: set[str]) -> dict[str, str]:
    """Skill id -> its title in the library (the person's own skills included). Broken skill
    files are skipped quietly here: `recovery skills list` and `doctor` name them."""
    from recovery_cli.tools.skills import load_skills

    library = load_skills(state().home).skills
    return {i: library[i].title for i in ids if i in library}


def _practised(conn: sqlite3.Connection, day: str) -> list[tuple[str, str, str]]:
    """The skills practised on `day` as (id, title, when last practised), first practised
    first. Only one day is read; the library is loaded only when there is something."""
    from recovery_cli.store import skills as store_skills

    log = store_skills.practice_log(conn, day, day)  # newest first
    if not log:
        return []
    last: dict[str, str] = {}
    for p in log:
        last.setdefault(p.skill, p.practiced_at)
    order = list(dict.fromkeys(p.skill for p in reversed(log)))
    titles = _skill_titles(set(order))
    return [(s, titles.get(s) or s.replace("_", " ").capitalize(), last[s]) for s in order]


def _with_skill_labels(
    conn: sqlite3.Connection, specs: list[ItemSpec], rows: list[Any]
) -> list[ItemSpec]:
    """Specs whose coping options also name the practised skills ticked on these days (shown
    by their titles, not their ids)."""
    from recovery_cli.checkin.logic import COPING

    coping = next((s for s in specs if s.id == COPING and s.type == "multi"), None)
    if coping is None:
        return specs
    known = {str(v) for v, _ in coping.options}
    unknown = {c for r in rows for c in r.choices.get(COPING, []) if c not in known}
    titles = _skill_titles(unknown) if unknown else {}
    return _specs(conn, {COPING: sorted(titles.items())}) if titles else specs


def _given(
    specs: list[ItemSpec], named: dict[str, str | None], sets: list[str]
) -> dict[str, Answer]:
    """Flag values coerced against the checklist (exit 2 with the allowed values when bad)."""
    from recovery_cli.checkin.logic import coerce, split_set
    from recovery_cli.core.errors import InputError

    by_id = {s.id: s for s in specs}
    raw: dict[str, str] = {}
    for item, value in named.items():
        if value is None:
            continue
        if item not in by_id:
            raise InputError(f"Your check-in has no '{item}' item, so that flag can't be used.")
        raw[item] = value
    for text in sets:
        item, value = split_set(text)
        if item not in by_id:
            raise InputError(
                f"--set: the check-in has no item '{item}'. Items: {', '.join(by_id)}."
            )
        if item in raw:
            raise InputError(f"'{item}' is given twice; give it once.")
        raw[item] = value
    return {item: coerce(by_id[item], value) for item, value in raw.items()}


def _streaks() -> bool:
    try:
        return bool(state().config().streaks)
    except Exception:  # a broken config file must not hide a saved check-in
        return False


def _exists(day: date) -> bool:
    """A check-in is stored for `day` (one made ahead of today, further east)."""
    from recovery_cli.core import paths

    st = state()
    if not paths.db_path(st.home).is_file():
        return False
    from recovery_cli.store import checkins as store

    return store.get_day(st.db(), day.isoformat()) is not None


