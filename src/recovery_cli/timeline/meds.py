"""Medications: names, doses and their history, and the check-in's medication answers.

Pure: takes data, returns data (no clock, database, prompt or print). A dose is free text as
the person writes it ("50 mg", "half a tablet"); a number and unit are parsed from it when
there is one, for charts. A dose change is a new `Dose`, never an overwrite, so `doses`
is the whole history, oldest first (the first is the starting dose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from recovery_cli.core.errors import InputError, NotFoundError

TAKEN = ("all", "some", "none")
_DOSE = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>mcg|µg|ug|mg|g|ml|iu|units?|drops?|tablets?|tabs?|"
    r"capsules?|caps?|puffs?|patch(?:es)?|sprays?)?\b",
    re.IGNORECASE,
)
_UNITS = {"µg": "mcg", "ug": "mcg", "unit": "units", "drop": "drops", "tablet": "tablets",
          "tab": "tablets", "tabs": "tablets", "capsule": "capsules", "cap": "capsules",
          "caps": "capsules", "puff": "puffs", "patch": "patches", "spray": "sprays"}
MAX_AS_NEEDED = 50


class Dose(NamedTuple):
    """One dose as taken from `day` on (the start, or a change)."""

    id: int
    medication_id: int
    day: str
    dose: str | None
    amount: float | None
    unit: str | None
    note: str | None
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.day, "dose": self.dose, "amount": self.amount,
                "unit": self.unit, "note": self.note, "created_at": self.created_at}


class Medication(NamedTuple):
    id: int
    name: str
    schedule: tuple[str, ...]
    as_needed: bool
    started: str
    stopped: str | None
    stop_reason: str | None
    note: str | None
    created_at: str
    doses: tuple[Dose, ...] = ()

    @property
    def current_dose(self) -> str | None:
        return self.doses[-1].dose if self.doses else None

    def dose_on(self, day: str) -> str | None:
        current = None
        for d in self.doses:
            if d.day <= day:
                current = d.dose
        return current

    def active_on(self, day: str) -> bool:
        return self.started <= day and (self.stopped is None or day < self.stopped)

    @property
    def active(self) -> bool:
        return self.stopped is None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "dose": self.current_dose,
                "when": list(self.schedule), "as_needed": self.as_needed,
                "started": self.started, "stopped": self.stopped,
                "stop_reason": self.stop_reason, "note": self.note,
                "created_at": self.created_at, "doses": [d.to_json() for d in self.doses]}


class DayMeds(NamedTuple):
    """One day's answers to the check-in's medication questions. `taken` None: skipped.
    `as_needed` None: not asked (no as-needed medication, or it was skipped)."""

    day: str
    taken: str | None
    missed: tuple[int, ...] = ()
    as_needed: Mapping[int, float] | None = None


def name_key(name: str) -> str:
    """The form names are matched in: case-insensitive, spaces collapsed."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("A medication needs a name, e.g. recovery meds add sertraline.")
    if len(cleaned) > 100:
        raise InputError("A medication name can be at most 100 characters.")
    return cleaned


def clean_text(text: str | None, what: str) -> str | None:
    """Optional free text: None or stripped; an empty string given on purpose is refused."""
    if text is None:
        return None
    cleaned = text.strip()
    if not cleaned:
        raise InputError(f"{what} is empty; leave the flag out or write something.")
    return cleaned


def parse_schedule(text: str | None) -> tuple[str, ...]:
    """`--when morning,evening` as a tuple of lower-case words (order kept, no repeats)."""
    if text is None:
        return ()
    parts = [" ".join(p.split()).lower() for p in text.split(",")]
    if not any(parts):
        raise InputError("--when takes times of day separated by commas, e.g. morning,evening.")
    return tuple(dict.fromkeys(p for p in parts if p))


def parse_dose(text: str | None) -> tuple[float | None, str | None]:
    """The first number in a dose and the unit right after it, when there is one:
    "50 mg" -> (50.0, "mg"), "1.5mg" -> (1.5, "mg"), "2 tablets" -> (2.0, "tablets"),
    "half a tablet" -> (None, None)."""
    if not text:
        return None, None
    m = _DOSE.search(text)
    if m is None:
        return None, None
    amount = float(m.group("n").replace(",", "."))
    unit = m.group("u")
    if unit is not None:
        unit = unit.lower()
        unit = _UNITS.get(unit, unit)
    return amount, unit


def closest(name: str, names: Iterable[str]) -> str | None:
    """The known name most like `name` (a prefix first, then spelling), or None."""
    import difflib

    choices = list(names)
    key = name_key(name)
    by_key = {name_key(n): n for n in choices}
    prefixed = [n for k, n in by_key.items() if k.startswith(key) or key.startswith(k)]
    if prefixed:
        return prefixed[0]
    found = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.5)
    return by_key[found[0]] if found else None


def find(meds: Sequence[Medication], name: str, *, active_only: bool = False) -> Medication:
    """The medication called `name` (any case): the one taken now, else the last stopped.
    NotFoundError (exit 1) naming the closest known name."""
    key = name_key(name)
    pool = [m for m in meds if m.active or not active_only]
    hits = [m for m in pool if name_key(m.name) == key]
    if hits:
        active = [m for m in hits if m.active]
        return active[0] if active else max(hits, key=lambda m: (m.stopped or "", m.id))
    near = closest(name, dict.fromkeys(m.name for m in pool))
    hint = f" Did you mean '{near}'?" if near else ""
    listed = " 'recovery meds list --all' shows them." if pool else (
        " Your list is empty: 'recovery meds add NAME' adds one.")
    raise NotFoundError(f"No medication called '{name.strip()}'.{hint}{listed}")


def scheduled_on(meds: Sequence[Medication], day: str) -> list[Medication]:
    """The regular (not as-needed) medications taken on `day`: the "Taken as planned?" ones."""
    return [m for m in meds if not m.as_needed and m.active_on(day)]


def as_needed_on(meds: Sequence[Medication], day: str) -> list[Medication]:
    return [m for m in meds if m.as_needed and m.active_on(day)]


def parse_meds_flag(text: str, scheduled: Sequence[Medication]) -> tuple[str, tuple[int, ...]]:
    """`--meds all|none|missed:NAME,NAME` -> (taken, ids of the missed ones)."""
    raw = text.strip()
    low = raw.lower()
    if not scheduled:
        raise InputError("--meds: you have no regular medication listed for that day "
                         "('recovery meds add NAME' adds one).")
    if low == "all":
        return "all", ()
    if low == "none":
        return "none", tuple(m.id for m in scheduled)
    if low.startswith("missed:"):
        names = [n for n in (p.strip() for p in raw[len("missed:"):].split(",")) if n]
        if not names:
            raise InputError("--meds missed: names the ones missed, e.g. missed:sertraline.")
        ids = tuple(dict.fromkeys(find(scheduled, n).id for n in names))
        if len(ids) == len(scheduled):
            return "none", ids
        return "some", ids
    raise InputError(f"--meds takes all, none or missed:NAME,NAME, not '{raw}'.")


def parse_as_needed(texts: Sequence[str], available: Sequence[Medication]) -> dict[int, float]:
    """`--as-needed NAME[=count]` (count 1 when left out; 0 says none taken)."""
    out: dict[int, float] = {}
    if texts and not available:
        raise InputError("--as-needed: you have no as-needed medication listed for that day "
                         "('recovery meds add NAME --as-needed' adds one).")
    for text in texts:
        name, sep, count_text = text.partition("=")
        if not name.strip():
            raise InputError("--as-needed takes NAME or NAME=COUNT, e.g. --as-needed lorazepam=2.")
        count = 1.0
        if sep:
            try:
                count = float(count_text.strip().replace(",", "."))
            except ValueError:
                raise InputError(f"--as-needed {text}: the count must be a number from 0 to "
                                 f"{MAX_AS_NEEDED}.") from None
            if not 0 <= count <= MAX_AS_NEEDED or count != int(count):
                raise InputError(f"--as-needed {text}: the count must be a whole number from 0 "
                                 f"to {MAX_AS_NEEDED}.")
        med = find(available, name)
        out[med.id] = out.get(med.id, 0.0) + count
    return out


def medication_value(taken: str | None) -> str | None:
    """The check-in's yes/no `medication` item from the detailed answer (so rules, trends and
    reports that read it keep working): all -> yes, some or none -> no."""
    if taken is None:
        return None
    return "yes" if taken == "all" else "no"


def day_json(day: DayMeds | None, names: Mapping[int, str]) -> dict[str, Any]:
    """`history --json`'s `medication_missed` (list of names) and `as_needed` (name ->
    count); null when not asked."""
    if day is None:
        return {"medication_missed": None, "as_needed": None}
    missed = None if day.taken is None else [names.get(i, str(i)) for i in day.missed]
    as_needed = None
    if day.as_needed is not None:
        as_needed = {names.get(i, str(i)): (int(c) if float(c).is_integer() else c)
                     for i, c in day.as_needed.items()}
    return {"medication_missed": missed, "as_needed": as_needed}
