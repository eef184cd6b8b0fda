"""Names people type for things with ids (questionnaires, skills): `PHQ-9`, `phq-9`, `PHQ9`
and `phq9` are one questionnaire, `Box breathing` and `box_breathing` one skill. Case,
spaces and punctuation never matter; an unknown name gets the closest known one suggested."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def key(text: str) -> str:
    """What is left of a name once case, spaces and punctuation are dropped."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def resolve(text: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The id whose id or other names (a title) match `text`; None when none does.

    `names` maps each id to its other names. An exact id wins; then ids, then titles, by key."""
    if text in names:
        return text
    wanted = key(text)
    if not wanted:
        return None
    for ident in names:
        if key(ident) == wanted:
            return ident
    for ident, others in names.items():
        if any(key(o) == wanted for o in others):
            return ident
    return None


def closest(text: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The id most like `text` (by its id or other names), or None when nothing is close."""
    import difflib

    by_key: dict[str, str] = {}
    for ident, others in names.items():
        for name in (ident, *others):
            by_key.setdefault(key(name), ident)
    match = difflib.get_close_matches(key(text), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None


def did_you_mean(text: str, names: Mapping[str, Iterable[str]]) -> str:
    """' Did you mean phq9?' or ''."""
    near = closest(text, names)
    return f" Did you mean {near}?" if near else ""
