"""The crisis-language word list: does a text someone wrote use words that can be about
wanting to die or to hurt themselves? (pure; the phrases are data/crisis_phrases.toml)

One list for every place a person writes (check-ins, the journal, skill practices, the intake,
goals, the plan, imports). It is a word list on the person's own computer: it knows nothing of
what they meant, and the callers only offer crisis lines, kindly. It leans towards a false
alarm rather than a miss: negation is not read ("I don't want to die" matches too), but a few
idioms are ("my back is killing me" has no phrase, "I nearly killed myself laughing" and
"career suicide" are idioms). docs/SAFETY.md describes the rules and their limits.

Cheap on the daily paths: only `re` and `tomllib` (standard library); the file is read and
its patterns compiled once per process, on the first text checked (about 2 ms, measured in
docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_APOSTROPHES = "'’‘ʼ`´′"
# words (letters and digits), and the marks that end a clause or stand for a pause
_TOKEN = re.compile(r"[^\W_]+|[.,;:!?()\[\]{}…–—]")
_MARKS = {**{c: "." for c in ".,;:!?()[]{}"}, **{c: "…" for c in "…–—"}}
_MACRO = re.compile(r"\{(\w+)\}")


# Words too common to rule a text out on their own (see `_keys`).
_COMMON = frozenset(
    ["i", "a", "to", "be", "my", "the", "of", "in", "on", "is", "it", "and", "do", "not", "am", "me", "with", "for", "this", "that", "want", "would", "could", "need", "can", "no", "all", "so", "off", "out", "up", "way", "one", "will", "going", "feel", "like", "think", "about", "have", "had", "was", "were", "at", "go", "take", "took", "end", "ending", "life", "live", "living", "if", "he", "she", "they", "everyone", "family", "point"]
)


@dataclass
class _Phrase:
    """One phrase: its pattern, compiled when first needed, and the strings one of which
    every text it matches contains (None: no such strings, always searched)."""

    source: str
    keys: frozenset[str] | None
    _rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.source)
        return self._rx


@dataclass(frozen=True)
class PhraseList:
    """The list: how words are read, the phrases and the idioms."""

    spelling: dict[str, str]
    filler: frozenset[str]
    phrases: tuple[_Phrase, ...]
    idioms: _Phrase | None
    keys: tuple[str, ...] = ()  # every phrase's keys, each once

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
        present = {k for k in self.keys if k in t}
        idiom_spans: list[tuple[int, int]] | None = None
        for phrase in self.phrases:
            if prefilter and phrase.keys is not None and present.isdisjoint(phrase.keys):
                continue
            pos = 0
            while (m := phrase.rx.search(t, pos)) is not None:
                if idiom_spans is None:  # idioms are read only once a phrase is there
                    idiom_spans = self._idiom_spans(t)
                a, b = m.span()
                if not any(a < ib and ia < b for ia, ib in idiom_spans):
                    return m.group(0).strip()
                pos = a + 1
        return None


# ---- which strings a pattern needs (so most texts skip most phrases) -------------------------

_Node = tuple[str, object]  # ("lit", char) | ("any", None) | ("grp", branches)


def _parse(p: str, i: int = 0) -> tuple[list[list[_Node]], int]:
    """The subset of regular expressions the phrases use, as branches of nodes; anything it
    does not know (quantifiers, classes, escapes) becomes a node that needs nothing."""
    branches: list[list[_Node]] = [[]]
    while i < len(p):
        c = p[i]
        node: _Node | None
        if c == "|":
            branches.append([])
            i += 1
            continue
        if c == ")":
            return branches, i + 1
        if c == "(":
            if p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):  # zero width: needs nothing
                _inner, i = _parse(p, i + (3 if p[i + 2] in "=!" else 4))
                node = ("any", None)
            elif p.startswith("(?:", i):
                inner, i = _parse(p, i + 3)
                node = ("grp", inner)
            elif p.startswith("(?", i):
                raise ValueError(f"unknown group at {i}")
            else:
                inner, i = _parse(p, i + 1)
                node = ("grp", inner)
        elif c == "\\":
            nxt = p[i + 1] if i + 1 < len(p) else ""
            node = ("lit", nxt) if nxt and not nxt.isalnum() else ("any", None)
            i += 2
        elif c == "[":
            j = i + 1
            while j < len(p) and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            node, i = ("any", None), j + 1
        elif c == ".":
            node, i = ("any", None), i + 1
        else:
            node, i = ("lit", c), i + 1
        if i < len(p) and p[i] in "?*{":  # optional: needs nothing
            if p[i] == "{":
                i = p.index("}", i) + 1
            else:
                i += 1
            if i < len(p) and p[i] == "?":
                i += 1
            node = ("any", None)
        elif i < len(p) and p[i] == "+":
            branches[-1].append(node)
            node = ("any", None)
            i += 1
        branches[-1].append(node)
    return branches, i


def _score(keys: frozenset[str]) -> tuple[int, int, int]:
    weak = any(k.strip() in _COMMON or len(k.strip()) < 3 for k in keys)
    return (int(weak), -min(len(k) for k in keys), len(keys))


def _needed(branches: list[list[_Node]]) -> frozenset[str] | None:
    out: set[str] = set()
    for branch in branches:
        found = _needed_seq(branch)
        if found is None:
            return None
        out |= found
    return frozenset(out)


def _needed_seq(nodes: list[_Node]) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run = ""
    for kind, value in nodes:
        if kind == "lit":
            run += str(value)
            continue
        if run:
            candidates.append(frozenset([run]))
        run = ""
        if kind == "grp":
            assert isinstance(value, list)
            found = _needed(value)
            if found:
                candidates.append(found)
    if run:
        candidates.append(frozenset([run]))
    candidates = [c for c in candidates if all(k.strip() for k in c)]
    return min(candidates, key=_score) if candidates else None


def _keys(pattern: str) -> frozenset[str] | None:
    """Strings one of which every text the pattern matches contains; None when unsure."""
    try:
        branches, end = _parse(pattern)
    except (ValueError, IndexError):
        return None
    return _needed(branches) if end >= len(pattern) else None


def _expand(pattern: str, words: dict[str, str], where: str) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise ValueError(f"{where}: unknown {{{name}}} in the phrase '{pattern}'")
        return f"(?:{words[name]})"

    for _ in range(3):  # words may use other words
        pattern = _MACRO.sub(one, pattern)
    # a space also steps over an ellipsis or a dash ("I want to... die")
    return pattern.replace(" ", "(?: …)? ")


def _compiled(pattern: str) -> str:
    """A phrase on whole words: the text is ' . word word . '."""
    return f" (?:{pattern})(?= )"


def compile_list(data: dict[str, object], where: str = "crisis_phrases.toml") -> PhraseList:
    """A PhraseList from the parsed TOML (ValueError naming the problem when it is malformed).
    Patterns are compiled when a text first needs them."""
    raw_words = data.get("words", {})
    raw_spelling = data.get("spelling", {})
    raw_filler = data.get("filler", [])
    if not isinstance(raw_words, dict) or not isinstance(raw_spelling, dict) \
            or not isinstance(raw_filler, list):
        raise ValueError(f"{where}: [words], [spelling] and filler must be tables and a list")
    words = {str(k): str(v) for k, v in raw_words.items()}
    found: dict[str, list[str]] = {"phrases": [], "idioms": []}
    for key, out in found.items():
        groups = data.get(key, [])
        if not isinstance(groups, list):
            raise ValueError(f"{where}: [[{key}]] must be a list of tables")
        for group in groups:
            matches = group.get("match", []) if isinstance(group, dict) else None
            if not isinstance(matches, list):
                raise ValueError(f"{where}: each [[{key}]] needs a 'match' list")
            out.extend(_expand(str(p), words, where) for p in matches)
    if not found["phrases"]:
        raise ValueError(f"{where}: no phrases")
    idioms = found["idioms"]
    phrases = tuple(_Phrase(_compiled(p), _keys(_compiled(p))) for p in found["phrases"])
    filler = frozenset(str(w).lower() for w in raw_filler)
    return PhraseList(
        spelling={**_MARKS, **{
            str(k).lower(): " ".join(w for w in str(v).lower().split() if w not in filler)
            for k, v in raw_spelling.items()}},
        filler=filler,
        phrases=phrases,
        idioms=_Phrase(_compiled("|".join(f"(?:{i})" for i in idioms)), None) if idioms else None,
        keys=tuple(sorted({k for p in phrases for k in p.keys or ()})),
    )


def check_patterns(phrase_list: PhraseList) -> None:
    """Compile every pattern now (ValueError naming a bad one); tests and `doctor` use it."""
    for phrase in (*phrase_list.phrases, *([phrase_list.idioms] if phrase_list.idioms else [])):
        try:
            phrase.rx  # noqa: B018
        except re.error as exc:
            raise ValueError(f"a phrase is not a valid pattern ({exc}): {phrase.source}") from None


def load_list(path: Path) -> PhraseList:
    import tomllib

    with path.open("rb") as fp:
        return compile_list(tomllib.load(fp), path.name)


def data_path() -> Path:
    from recovery_cli import paths

    return paths.builtin_data_dir() / "crisis_phrases.toml"


@cache
def builtin_list() -> PhraseList:
    """The shipped list, read and compiled once per process."""
    return load_list(data_path())


def first_match(*texts: str | None) -> str | None:
    """The first crisis phrase any of the texts uses (normalised, for tests and docs)."""
    phrase_list = builtin_list()
    for text in texts:
        if text:
            found = phrase_list.first_match(text)
            if found is not None:
                return found
    return None


def mentions_crisis(*texts: str | None) -> bool:
    """True when any of the texts uses a phrase from the list (e.g. "kill myself", "I can't go
    on anymore", "better off without me", "self-harm"). A word list on this machine: it knows
    nothing of what the person means, and the caller only offers crisis lines, kindly."""
    return first_match(*texts) is not None


def count_mentions(texts_per_record: list[list[str | None]]) -> int:
    """How many records (each a list of its texts) use a phrase from the list."""
    return sum(1 for texts in texts_per_record if mentions_crisis(*texts))
