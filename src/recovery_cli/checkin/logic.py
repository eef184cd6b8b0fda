"""The daily check-in's rules, as pure functions: which items it asks, how a typed or flag
value becomes a stored answer, and the JSON shape (the summary shown after saving is
checkin/summary.py).

No clock, database, prompt or print here: callers pass the data and the day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.core.errors import InputError
from recovery_cli.core.records import CheckinDay

if TYPE_CHECKING:
    from recovery_cli.core.models import Checklist, Item

CHECKIN_ID = "checkin"
COPING = "coping"  # the multi-select that also offers the skills practised that day

# The items with a flag of their own; every item (these included) also takes --set ID=VALUE.
FLAGS: dict[str, str] = {
    "mood": "--mood",
    "energy": "--energy",
    "sleep_hours": "--sleep",
    "anxiety": "--anxiety",
    "note": "--note",
}

Answer = float | str | list[str] | None

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_NA = {"na", "n/a", "not applicable", "none", "-"}


class ItemSpec(NamedTuple):
    """One check-in question, with its options already resolved (plan texts included)."""

    id: str
    text: str
    type: str  # scale | choice | multi | number | text | yes_no
    required: bool = False
    lo: float | None = None
    hi: float | None = None
    decimals: int = 0
    min_label: str | None = None
    max_label: str | None = None
    options: tuple[tuple[float | str, str], ...] = ()  # (stored value, label)
    help: str | None = None

    @property
    def stored_as(self) -> str:
        """'num', 'text' or 'choices': where the answer lives in the store."""
        if self.type in ("number", "scale"):
            return "num"
        if self.type == "multi":
            return "choices"
        return "text"

    @property
    def flag(self) -> str:
        """How to give this item on the command line (named in "missing" errors)."""
        return FLAGS.get(self.id, f"--set {self.id}=VALUE")

    @property
    def flag_name(self) -> str:
        """The flag as named in "bad value" errors."""
        return FLAGS.get(self.id, f"--set {self.id}")

    def label_of(self, value: float | str) -> str:
        for v, label in self.options:
            if v == value or str(v) == str(value):
                return label
        return fmt_value(value)


def fmt_value(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def slug(text: str) -> str:
    """A stable value for a plan text used as an option: 'Arguments at work' -> 'arguments_at_work'."""
    return re.sub(r"[^\w]+", "_", text.strip().lower()).strip("_")


def _spec(
    checklist: Checklist,
    item: Item,
    plan_options: Mapping[str, Sequence[str]],
    extra_options: Mapping[str, Sequence[tuple[str, str]]],
) -> ItemSpec:
    opts: list[tuple[float | str, str]] = []
    if item.type == "scale":
        for o in checklist.options_for(item):
            opts.append((float(o.value), o.label))
    elif item.type == "yes_no":
        opts = [("yes", "Yes"), ("no", "No")]
    elif item.type in ("choice", "multi"):
        for o in item.options or []:
            opts.append((str(o.value), o.label))
        if item.source:
            known = {str(v) for v, _ in opts} | {label.lower() for _, label in opts}
            extra = []
            for text in plan_options.get(item.source, ()):
                value = slug(text)
                if not value or value in known or text.lower() in known:
                    continue
                known.add(value)
                extra.append((value, text))
            opts = extra + opts  # the person's own plan comes first
        if item.type == "multi" and extra_options.get(item.id):
            known = {str(v) for v, _ in opts}  # by value: the ticks name these values
            first: list[tuple[float | str, str]] = []
            for value, label in extra_options[item.id]:
                if value in known:
                    continue
                known.add(value)
                first.append((value, label))
            opts = first + opts  # e.g. the skills practised that day, ticked by default
    lo, hi = item.min, item.max
    if item.type == "scale" and opts:
        nums = [float(v) for v, _ in opts]
        lo = min(nums) if lo is None else lo
        hi = max(nums) if hi is None else hi
    return ItemSpec(
        id=item.id,
        text=item.text,
        type=item.type,
        required=item.required,
        lo=lo,
        hi=hi,
        # One rule for every typed scale: one decimal is always fine (a Daylio 7.5 mood can be
        # kept on re-running that day's check-in); an item may allow more.
        decimals=max(item.decimals, SCALE_DECIMALS) if item.type == "number" else item.decimals,
        min_label=item.min_label,
        max_label=item.max_label,
        options=tuple(opts),
        help=item.help,
    )


def build_items(
    checklists: Iterable[Checklist],
    plan_options: Mapping[str, Sequence[str]] | None = None,
    extra_options: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> list[ItemSpec]:
    """The check-in's questions: the `checkin` checklist first, then every other checklist of
    kind "checkin" (by id), and the extras passed in (kind "checkin_extra", e.g. elevation),
    adding their items. An id already asked keeps its first definition.
    `extra_options` maps a multi-select's id to (value, label) options offered before its own
    (the check-in passes the skills practised that day for `coping`)."""
    plan_options = plan_options or {}
    extra_options = extra_options or {}
    ordered = sorted(
        (c for c in checklists if c.kind in ("checkin", "checkin_extra")),
        key=lambda c: (c.id != CHECKIN_ID, c.id),
    )
    specs: list[ItemSpec] = []
    seen: set[str] = set()
    for checklist in ordered:
        for item in checklist.items:
            if item.id in seen:
                continue
            seen.add(item.id)
            specs.append(_spec(checklist, item, plan_options, extra_options))
    return specs


def _instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def with_practised(
    current: Answer, practised: Sequence[tuple[str, str]], answered_at: str | None
) -> list[str] | None:
    """The coping answer once the skills practised that day are added, or None when nothing
    changes. `practised` holds (skill id, when it was last practised that day); `answered_at`
    is when the day's check-in was last saved (None: no check-in yet).

    Coping never answered that day: every practised skill. Answered already: the skills
    practised since then join the ticks, so a skill the person unticked stays unticked."""
    ticks = [str(c) for c in current] if isinstance(current, list) else []
    since = _instant(answered_at) if answered_at and isinstance(current, list) else None
    added = False
    for skill, at in practised:
        if skill in ticks:
            continue
        if isinstance(current, list) and answered_at:
            when = _instant(at)
            try:
                newer = when is None or since is None or when >= since
            except TypeError:  # one with an offset, one without: compare the text
                newer = at >= answered_at
            if not newer:
                continue
        ticks.append(skill)
        added = True
    return ticks if added else None


_TODAY = re.compile(r"\b(about |for )?today\b", re.IGNORECASE)
_LAST_NIGHT = re.compile(r"\blast night\b", re.IGNORECASE)


def for_day(specs: Sequence[ItemSpec], when: str) -> list[ItemSpec]:
    """The questions worded for the day being checked in: "Mood today" becomes "Mood
    yesterday" or "Mood on Sunday 29 November 2026", "One line about today" "One line about
    yesterday", "Hours of sleep last night" "... the night before". `when` is ui.day_words'."""
    if when == "today":
        return list(specs)

    def reword(text: str) -> str:
        def day(m: re.Match[str]) -> str:
            lead = m.group(1) or ""
            return f"{lead}{when}" if lead or when == "yesterday" else f"on {when}"

        text = _TODAY.sub(day, text)
        return _LAST_NIGHT.sub("the night before", text)


    return [s._replace(text=reword(s.text)) for s in specs]


SCALE_DECIMALS = 1  # every number a person types on a scale may have one decimal


def _range_words(spec: ItemSpec) -> str:
    lo = fmt_value(float(spec.lo if spec.lo is not None else 0))
    hi = fmt_value(float(spec.hi if spec.hi is not None else 0))
    if spec.decimals == 0:
        return f"a whole number from {lo} to {hi}"
    return f"a number from {lo} to {hi} (up to {spec.decimals} decimal{'s' if spec.decimals > 1 else ''})"


def _choice_words(spec: ItemSpec) -> str:
    return ", ".join(fmt_value(v) for v, _ in spec.options)


def _match_option(spec: ItemSpec, raw: str) -> float | str | None:
    t = " ".join(raw.strip().lower().split())
    for value, label in spec.options:
        if t == fmt_value(value).lower() or t == label.lower() or (
            isinstance(value, str) and t == value.replace("_", " ")
        ):
            return value
    values = {str(v) for v, _ in spec.options}
    for group, target in ((_YES, "yes"), (_NO, "no"), (_NA, "na")):
        if t in group and target in values:
            return target
    return None


def parse_number(spec: ItemSpec, raw: str) -> float:
    """A typed number checked against the item's range and decimals; InputError otherwise."""
    t = raw.strip().replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        value = float("nan")
    lo = spec.lo if spec.lo is not None else float("-inf")
    hi = spec.hi if spec.hi is not None else float("inf")
    ok = value == value and lo <= value <= hi  # NaN != NaN
    if ok and round(value, spec.decimals) != value:
        ok = False  # more decimals than the item takes (one on every scale)
    if not ok:
        raise InputError(f"{spec.flag_name} takes {_range_words(spec)}, not '{raw}'.")
    return round(value, spec.decimals)


def coerce(spec: ItemSpec, raw: str) -> Answer:
    """Turn a flag's text into the stored answer for `spec`; InputError (exit 2) naming the
    flag and what it accepts. An empty text means "no answer" (None); for a multi-select it
    means "none of them" ([])."""
    text = raw.strip()
    if spec.type == "multi":
        picked: list[str] = []
        unknown: list[str] = []
        for part in text.split(","):
            if not part.strip():
                continue
            value = _match_option(spec, part)
            if value is None:
                unknown.append(part.strip())
            elif str(value) not in picked:
                picked.append(str(value))
        if unknown:
            raise InputError(
                f"{spec.flag_name}: '{', '.join(unknown)}' is not one of the choices "
                f"({_choice_words(spec)}); separate several with commas."
            )
        return picked
    if text == "":
        if spec.required:
            raise InputError(f"{spec.flag_name} needs a value: {_describe(spec)}.")
        return None
    if spec.type == "number":
        return parse_number(spec, text)
    if spec.type == "text":
        return text
    value = _match_option(spec, text)
    if value is None and spec.type == "scale":
        try:
            num = float(text.replace(",", "."))
        except ValueError:
            num = float("nan")
        value = next((v for v, _ in spec.options if v == num), None)
    if value is None:
        raise InputError(f"{spec.flag_name} takes one of: {_choice_words(spec)} (not '{raw}').")
    return float(value) if spec.type == "scale" else str(value)


def _describe(spec: ItemSpec) -> str:
    if spec.type == "number":
        return _range_words(spec)
    if spec.type in ("choice", "yes_no", "scale", "multi"):
        return "one of " + _choice_words(spec)
    return "some text"


def split_set(text: str) -> tuple[str, str]:
    """`--set ITEM=VALUE` -> (item, value)."""
    item, sep, value = text.partition("=")
    item = item.strip()
    if not sep or not item:
        raise InputError(f"--set takes ITEM=VALUE (for example --set sleep_quality=4), not '{text}'.")
    return item, value


def stored_answer(spec: ItemSpec, day: CheckinDay | None) -> Answer:
    """What `day` holds for `spec` (None when unanswered)."""
    if day is None:
        return None
    if spec.stored_as == "choices":
        got = day.choices.get(spec.id)
        return None if got is None else list(got)
    v = day.values.get(spec.id)
    if v is None:
        return None
    if spec.stored_as == "num":
        return v if isinstance(v, float) else None
    return str(v)


def split_answers(
    specs: Sequence[ItemSpec], answers: Mapping[str, Answer]
) -> tuple[dict[str, float | str | None], dict[str, list[str] | None]]:
    """Answers keyed by item -> (values, choices) as `store.checkins.save_checkin` takes them."""
    by_id = {s.id: s for s in specs}
    values: dict[str, float | str | None] = {}
    choices: dict[str, list[str] | None] = {}
    for item, answer in answers.items():
        spec = by_id.get(item)
        if spec is not None and spec.stored_as == "choices":
            choices[item] = None if answer is None else [str(a) for a in answer] if isinstance(
                answer, list) else [str(answer)]
        else:
            values[item] = answer if not isinstance(answer, list) else ", ".join(answer)
    return values, choices


def _json_number(v: float) -> int | float:
    return int(v) if v.is_integer() else v


def to_json(day: CheckinDay, specs: Sequence[ItemSpec]) -> dict[str, Any]:
    """The `history --json` / `checkin --json` object: `date`, then every item id (custom ones
    too; items no longer in a checklist but stored are kept), missing values null,
    multi-selects as lists."""
    out: dict[str, Any] = {"date": day.day}
    for spec in specs:
        answer = stored_answer(spec, day)
        out[spec.id] = _json_number(answer) if isinstance(answer, float) else answer
    for item in sorted(set(day.values) | set(day.choices)):
        if item in out:
            continue
        if item in day.choices:
            out[item] = list(day.choices[item])
        else:
            v = day.values[item]
            out[item] = _json_number(v) if isinstance(v, float) else v
    return out
