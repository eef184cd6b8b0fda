"""The crisis-language word list: does a text someone wrote use words that can be about
wanting to die or to hurt themselves? (pure; the phrases are data/crisis_phrases.toml)

One list for every place a person writes (check-ins, the journal, skill practices, the intake,
goals, the plan, imports). It is a word list on the person's own computer: it knows nothing of
what they meant, and the callers only offer crisis lines, kindly. It leans towards a false
alarm rather than a miss: negation is not read ("I don't want to die" matches too), but a few
idioms are ("my back is killing me" has no phrase, "I nearly killed myself laughing" and
"career suicide" are idioms). docs/CRISIS_LANGUAGE.md describes the rules and their limits.

Cheap on the daily paths: the list is read only when there is a text to check, from
data/crisis_phrases.json (the TOML compiled by recovery_cli.plan.crisis_language_build, with each
phrase's needed words worked out) when it is in step with the TOML, else from the TOML itself;
each pattern is compiled only when a text holds the words it needs. Numbers in
docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from recovery_cli.core.shipped import checksum as checksum  # the compiled JSON's check

CACHE_VERSION = 1
_APOSTROPHES = "'’‘ʼ`´′"
# words (letters and digits), and the marks that end a clause or stand for a pause
_TOKEN = re.compile(r"[^\W_]+|[.,;:!?()\[\]{}…–—]")
MARKS = {**{c: "." for c in ".,;:!?()[]{}"}, **{c: "…" for c in "…–—"}}



class LazyPattern:
    """A pattern compiled on first use."""

    def __init__(self, source: str) -> None:
        self.pattern = source
        self._rx: re.Pattern[str] | None = None

    def findall(self, text: str) -> list[Any]:
        if self._rx is None:
            self._rx = re.compile(self.pattern)
        return self._rx.findall(text)


class Phrase:
    """One phrase: its pattern, compiled when first needed, and the strings one of which
    every text it matches contains (None: no such strings, always searched)."""

    __slots__ = ("_rx", "keys", "source")

    def __init__(self, source: str, keys: frozenset[str] | None) -> None:
        self.source = source
        self.keys = keys
        self._rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.source)
        return self._rx


class PhraseList(NamedTuple):
    """The list: how words are read, the phrases and the idioms."""

    spelling: dict[str, str]
    filler: frozenset[str]
    phrases: tuple[Phrase, ...]
    idioms: Phrase | None
    # each needed string -> the phrases (by index) that need it; phrases that need none
    by_key: Mapping[str, tuple[int, ...]] = {}
    always: tuple[int, ...] = ()
    # needed strings that start a word (" suicid"): found with one pattern, a trie of them,
    # which gives the longest at each word's start; `implied` adds the shorter ones there
    word_starts: LazyPattern | None = None
    implied: Mapping[str, tuple[str, ...]] = {}
    inside: tuple[str, ...] = ()  # the other needed strings, looked for one by one

    def normalise(self, text: str) -> str:
        """The text as the phrases read it: ' . i want to die . ' (see the data file)."""
        t = text.lower()
        for mark in _APOSTROPHES:
            if mark in t:
                t = t.replace(mark, "")
        t = t.replace("...", "…").replace("\r", "").replace("\n\n", " . ")
        spelling, filler = self.spelling, self.filler
        words = [spelling.get(w, w) for w in _TOKEN.findall(t) if w not in filler]
        return " . " + " ".join(words) + " . "

    def _idiom_spans(self, t: str) -> list[tuple[int, int]]:
        if self.idioms is None:
            return []
        return [m.span() for m in self.idioms.rx.finditer(t)]

    def first_match(self, text: str, *, prefilter: bool = True) -> str | None:
        """The first phrase the text uses (as normalised), or None. `prefilter=False` searches
        every phrase (tests compare both)."""
        t = self.normalise(text)
        if prefilter:
            present = [k for k in self.inside if k in t]
            if self.word_starts is not None:
                implied = self.implied
                for start in set(self.word_starts.findall(t)):
                    present.extend(implied[start])
            wanted = set(self.always)
            by_key = self.by_key
            for key in present:
                wanted.update(by_key[key])
            order = sorted(wanted)
        else:
            order = list(range(len(self.phrases)))
        idiom_spans: list[tuple[int, int]] | None = None
        for index in order:
            phrase = self.phrases[index]
            pos = 0
            while (m := phrase.rx.search(t, pos)) is not None:
                if idiom_spans is None:  # idioms are read only once a phrase is there
                    idiom_spans = self._idiom_spans(t)
                a, b = m.span()
                if not any(a < ib and ia < b for ia, ib in idiom_spans):
                    return m.group(0).strip()
                pos = a + 1
        return None


def data_path() -> Path:
    from recovery_cli.core import paths

    return paths.builtin_data_dir() / "crisis_phrases.toml"


def cache_path() -> Path:
    return data_path().with_suffix(".json")


def from_cache(doc: dict[str, Any]) -> PhraseList:
    """A PhraseList from the compiled JSON (see crisis_language_build.to_cache)."""
    phrases = tuple(Phrase(p["source"], frozenset(p["keys"]) if p["keys"] is not None else None)
                    for p in doc["phrases"])
    return PhraseList(
        spelling=dict(doc["spelling"]), filler=frozenset(doc["filler"]), phrases=phrases,
        idioms=Phrase(doc["idioms"], None) if doc["idioms"] else None,
        by_key={k: tuple(v) for k, v in doc["by_key"].items()}, always=tuple(doc["always"]),
        word_starts=LazyPattern(doc["word_starts"]) if doc["word_starts"] else None,
        implied={k: tuple(v) for k, v in doc["implied"].items()}, inside=tuple(doc["inside"]),
    )


@cache
def builtin_list() -> PhraseList:
    """The shipped list, read once per process: the compiled JSON when it was made from this
    TOML, else the TOML compiled now (slower, same answers)."""
    raw = data_path().read_bytes()
    try:
        doc = json.loads(cache_path().read_text("utf-8"))
        if doc.get("version") == CACHE_VERSION and doc.get("source") == checksum(raw):
            return from_cache(doc)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from recovery_cli.plan.crisis_language_build import compile_list, parse_toml

    return compile_list(parse_toml(raw), data_path().name)


def first_match(*texts: str | None) -> str | None:
    """The first crisis phrase any of the texts uses (normalised, for tests and docs)."""
    for text in texts:
        if text and not text.isspace():  # the list is read only once there is a text
            found = builtin_list().first_match(text)
            if found is not None:
                return found
    return None


def mentions_crisis(*texts: str | None) -> bool:
    """True when any of the texts uses a phrase from the list (e.g. "kill myself", "I can't go
    on anymore", "better off without me", "self-harm"). A word list on this machine: it knows
    nothing of what the person means, and the caller only offers crisis lines, kindly."""
    return first_match(*texts) is not None
