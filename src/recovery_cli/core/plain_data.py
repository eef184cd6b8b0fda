"""The shipped checklists and crisis lines read with `tomllib` alone (issue 23).

pydantic costs 60-140 ms to import, more than a whole daily command is allowed. The files in
the package's `data/` folder never change after a release, so they are validated where they
are made, at test time (tests/core/test_plain_data.py builds every shipped file both ways and
requires the same fields, values and types), and at run time this module turns them into
plain named tuples (cheap to define: issue 23) with the same attribute names, defaults and
methods as the models in `models.py`. `checklists.py` takes this path only for the shipped files, and only while the
home holds no checklist file of the person's own; a file a person edits is always validated by
pydantic on the path that first meets it, and `recovery doctor` validates everything.

Anything unexpected here (a missing key, a wrong type) raises, and the caller falls back to the
validating path, so a damaged install is reported exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple


def _f(value: Any) -> float | None:
    """A pydantic `float` field: an int becomes a float (0 -> 0.0), None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _ff(value: Any) -> float:
    out = _f(value)
    if out is None:
        raise TypeError("a number is needed")
    return out


def _known(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    extra = set(data) - allowed
    if extra:  # the models forbid extra keys: let the validating path name them
        raise KeyError(f"unknown keys {sorted(extra)}")
    return data


class Option(NamedTuple):
    value: int | float | str
    label: str

    @classmethod
    def of(cls, d: dict[str, Any]) -> Option:
        _known(d, {"value", "label"})
        value = d["value"]
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError(f"option value {value!r}")
        return cls(value=value, label=str(d["label"]))


def _options(items: Any) -> list[Option]:
    return [Option.of(o) for o in items]


class Item(NamedTuple):
    id: str
    text: str
    type: str = "scale"
    required: bool = False
    min: float | None = None
    max: float | None = None
    decimals: int = 0
    min_label: str | None = None
    max_label: str | None = None
    options: list[Option] | None = None
    source: str | None = None
    stage: int | None = None
    help: str | None = None
    scored: bool = True

    @classmethod
    def of(cls, d: dict[str, Any]) -> Item:
        _known(d, set(cls._fields))
        opts = d.get("options")
        return cls(**{**d, "min": _f(d.get("min")), "max": _f(d.get("max")),
                      "options": None if opts is None else _options(opts)})


class Band(NamedTuple):
    min: float
    max: float
    label: str
    note: str = ""

    @classmethod
    def of(cls, d: dict[str, Any]) -> Band:
        _known(d, set(cls._fields))
        return cls(**{**d, "min": _ff(d["min"]), "max": _ff(d["max"])})


class Scoring(NamedTuple):
    method: str = "sum"
    transform: float = 1.0
    bands: Sequence[Band] = []
    bands_on: str = "score"

    @classmethod
    def of(cls, d: dict[str, Any]) -> Scoring:
        _known(d, set(cls._fields))
        return cls(**{**d, "transform": _ff(d.get("transform", 1.0)),
                      "bands": [Band.of(b) for b in d.get("bands", [])]})


class Change(NamedTuple):
    meaningful: float | None = None
    reliable: float | None = None
    on: str = "score"
    higher_is_better: bool = False

    @classmethod
    def of(cls, d: dict[str, Any]) -> Change:
        _known(d, set(cls._fields))
        return cls(**{**d, "meaningful": _f(d.get("meaningful")),
                      "reliable": _f(d.get("reliable"))})


class SafetyRule(NamedTuple):
    item: str
    operator: str
    value: float
    action: str = "crisis"

    @classmethod
    def of(cls, d: dict[str, Any]) -> SafetyRule:
        _known(d, set(cls._fields))
        return cls(**{**d, "value": _ff(d["value"])})


class ItemFlag(NamedTuple):
    id: str
    operator: str
    value: float
    message: str
    when: str = "any_item"

    @classmethod
    def of(cls, d: dict[str, Any]) -> ItemFlag:
        _known(d, set(cls._fields))
        return cls(**{**d, "value": _ff(d["value"])})


class Checklist(NamedTuple):
    id: str
    title: str
    kind: str
    items: list[Item]
    version: int = 1
    timeframe: str = ""
    instruction: str = ""
    stem: str = ""
    frequency_days: int | None = None
    scale: Sequence[Option] = []
    scoring: Scoring = Scoring()
    change: Change | None = None
    safety: Sequence[SafetyRule] = []
    flags: Sequence[ItemFlag] = []
    attribution: str = ""
    license: str = ""
    source_url: str = ""
    short_form_of: str | None = None

    @classmethod
    def of(cls, d: dict[str, Any]) -> Checklist:
        _known(d, set(cls._fields))
        change = d.get("change")
        return cls(**{
            **d,
            "items": [Item.of(i) for i in d["items"]],
            "scale": _options(d.get("scale", [])),
            "scoring": Scoring.of(d.get("scoring", {})),
            "change": None if change is None else Change.of(change),
            "safety": [SafetyRule.of(r) for r in d.get("safety", [])],
            "flags": [ItemFlag.of(f) for f in d.get("flags", [])],
        })

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Checklist:
        """As pydantic's `model_copy(update=...)`: a copy with some fields replaced."""
        return self._replace(**(update or {}))

    # The two methods of models.Checklist, the same code.
    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def options_for(self, item: Item) -> list[Option]:
        return list(item.options or self.scale)


class CrisisLine(NamedTuple):
    region: str
    name: str
    source: str
    verified_on: date
    description: str = ""
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    email: str | None = None
    hours: str = ""

    @classmethod
    def of(cls, d: dict[str, Any]) -> CrisisLine:
        _known(d, set(cls._fields))
        day = d["verified_on"]
        if isinstance(day, str):
            day = date.fromisoformat(day)
        if not isinstance(day, date):
            raise TypeError(f"verified_on {day!r}")
        return cls(**{**d, "verified_on": day})


class Emergency(NamedTuple):
    region: str
    number: str

    @classmethod
    def of(cls, d: dict[str, Any]) -> Emergency:
        _known(d, {"region", "number"})
        return cls(region=d["region"], number=d["number"])


class CrisisFallback(NamedTuple):
    europe_112: Sequence[str] = []


class CrisisData(NamedTuple):
    lines: list[CrisisLine]
    emergency: Sequence[Emergency] = []
    regions: Mapping[str, list[str]] = {}
    names: Mapping[str, str] = {}
    fallback: CrisisFallback = CrisisFallback()

    @classmethod
    def of(cls, d: dict[str, Any]) -> CrisisData:
        _known(d, set(cls._fields))
        fallback = _known(d.get("fallback", {}), {"europe_112"})
        return cls(
            lines=[CrisisLine.of(x) for x in d["lines"]],
            emergency=[Emergency.of(x) for x in d.get("emergency", [])],
            regions={k.upper(): [r.upper() for r in rs] for k, rs in d.get("regions", {}).items()},
            names=dict(d.get("names", {})),
            fallback=CrisisFallback(europe_112=list(fallback.get("europe_112", []))),
        )
