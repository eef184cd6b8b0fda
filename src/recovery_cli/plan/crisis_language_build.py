"""Builds the crisis-language list (recovery_cli.plan.crisis_language) from
data/crisis_phrases.toml: expands `{name}` words, works out the strings each phrase needs (so
a text is searched only with the phrases it could match), and writes the compiled JSON that
ships beside the TOML (`python -m recovery_cli.plan.crisis_language_build` after editing the TOML;
tests/plan/test_crisis_language.py fails while it is out of step). Not on the daily paths: only
used when the JSON is missing or stale, and by tests.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from recovery_cli.plan.crisis_language import (
    CACHE_VERSION,
    MARKS,
    LazyPattern,
    Phrase,
    PhraseList,
    cache_path,
    checksum,
    data_path,
)

_MACRO = re.compile(r"\{(\w+)\}")

# Words too common to rule a text out on their own (see `_keys`).
_COMMON = frozenset(
    ["i", "a", "to", "be", "my", "the", "of", "in", "on", "is", "it", "and", "do", "not", "am", "me", "with", "for", "this", "that", "want", "would", "could", "need", "can", "no", "all", "so", "off", "out", "up", "way", "one", "will", "going", "feel", "like", "think", "about", "have", "had", "was", "were", "at", "go", "take", "took", "end", "ending", "life", "live", "living", "if", "he", "she", "they", "everyone", "family", "point"]
)


# ---- which strings a pattern needs (so most texts skip most phrases) -------------------------

# ("lit", char) | ("any", None) | ("grp", branches) | ("opt", branches) | ("keys", _Keys)
_Node = tuple[str, object]
_Keys = tuple[frozenset[str], bool]  # (strings, True when each is at the start of the match)
# each {name}: its keys without and with a space before it
_Macros = dict[str, tuple[_Keys | None, _Keys | None]]


def _parse(p: str, macros: _Macros, i: int = 0, nested: bool = False
           ) -> tuple[list[list[_Node]], int]:
    """A phrase as written in the data file (before `{name}` and spaces are expanded), as
    branches of nodes. Covers the subset of regular expressions the phrases use; anything it
    does not know (quantifiers, classes, escapes such as \\w) becomes a node that needs
    nothing. A space breaks a word run and starts the next one (" to"): in the compiled
    pattern an optional "…" sits before each space."""
    branches: list[list[_Node]] = [[]]
    while i < len(p):
        c = p[i]
        node: _Node
        if c == "|":
            branches.append([])
            i += 1
            continue
        if c == ")":
            if not nested:
                raise ValueError(f"unbalanced ')' at {i}")
            return branches, i + 1
        if c == "(":
            if p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):  # zero width: needs nothing
                _inner, i = _parse(p, macros, i + (3 if p[i + 2] in "=!" else 4), True)
                node = ("any", None)
            elif p.startswith("(?:", i) or not p.startswith("(?", i):
                inner, i = _parse(p, macros, i + (3 if p.startswith("(?:", i) else 1), True)
                node = ("grp", inner)
            else:
                raise ValueError(f"unknown group at {i}")
        elif c == "{":
            end = p.index("}", i)
            node, i = ("keys", macros[p[i + 1:end]]), end + 1
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
        elif c == " ":
            branches[-1].append(("any", None))
            node, i = ("lit", " "), i + 1
        else:
            node, i = ("lit", c), i + 1
        if i < len(p) and p[i] in "?*":  # optional: needs nothing
            i += 2 if i + 1 < len(p) and p[i + 1] == "?" else 1
            node = ("opt", node[1] if node[0] == "grp" else [[node]])
        elif i < len(p) and p[i] == "+":
            branches[-1].append(node)
            node = ("any", None)
            i += 1
        branches[-1].append(node)
    if nested:
        raise ValueError("a '(' is not closed")
    return branches, i


@cache
def _score(keys: frozenset[str]) -> tuple[int, int, int, int]:
    """Lower is better: no common word, each a word's start (cheap to look for), long, few."""
    weak = any(k.strip() in _COMMON or len(k.strip()) < 3 for k in keys)
    inside = any(not k.startswith(" ") for k in keys)
    return (int(weak), int(inside), -min(len(k) for k in keys), len(keys))




def _ends_with_space(branches: list[list[_Node]]) -> bool:
    """True when every way through ends with a space."""
    def last(node: _Node) -> bool:
        if node[0] == "lit":
            return node[1] == " "
        return node[0] == "grp" and _ends_with_space(node[1])  # type: ignore[arg-type]

    return all(branch and last(branch[-1]) for branch in branches)


def _needed(branches: list[list[_Node]], space: bool) -> _Keys | None:
    """`space`: a space comes just before these branches in every text (then the strings of
    a branch that starts with a word carry it: " burden")."""
    out: set[str] = set()
    anchored = True
    for branch in branches:
        found = _needed_seq(branch, space)
        if found is None:
            return None
        out |= found[0]
        anchored = anchored and found[1]
    return frozenset(out), anchored


def _needed_seq(nodes: list[_Node], space: bool) -> _Keys | None:
    """The most telling strings a sequence needs: a run of literal characters, a group's
    strings, or a group's strings that start it joined to the run just before. A key is
    "anchored" when it starts exactly where the sequence's match starts."""
    candidates: list[_Keys] = []
    run = " " if space else ""  # the space before the sequence, outside its match
    run_at_start, at_start = not space, True
    for kind, value in nodes:
        if kind == "lit":
            run += str(value)
            space = value == " "
            continue
        if run.strip():
            candidates.append((frozenset([run]), run_at_start))
        if kind == "opt":  # needs nothing; a space still comes next if it ends with one
            assert isinstance(value, list)
            space = space and _ends_with_space(value)
        elif kind in ("grp", "keys"):
            if kind == "grp":
                assert isinstance(value, list)
                found = _needed(value, space)
                given_space = space
            else:  # a {name}: its strings worked out with and without a space before it
                assert isinstance(value, tuple)
                found, given_space = value[1 if space else 0], space
            if found and found[0]:
                keys, anchored = found
                candidates.append((keys, anchored and at_start and not run and not given_space))
                if run and anchored and not given_space:  # the run, then the group's start
                    candidates.append((frozenset(run + k for k in keys), run_at_start))
            space = kind == "grp" and _ends_with_space(value)  # type: ignore[arg-type]
        else:
            space = False
        run, run_at_start, at_start = "", False, False
    if run.strip():
        candidates.append((frozenset([run]), run_at_start))
    candidates = [c for c in candidates if all(k.strip() for k in c[0])]
    return min(candidates, key=lambda c: _score(c[0])) if candidates else None


def _keys(phrase: str, macros: _Macros | None = None, *, spaced: bool = True) -> frozenset[str] | None:
    """Strings one of which every text the phrase (as written in the data file) matches
    contains; None when unsure. `macros`: the keys of each {name}. A compiled phrase follows
    a space (`spaced`)."""
    found = _keys_of(phrase, macros or {}, spaced)
    return found[0] if found else None


def _keys_of(text: str, macros: _Macros, space: bool = False) -> _Keys | None:
    try:
        branches, end = _parse(text, macros)
    except (ValueError, IndexError, KeyError):
        return None
    return _needed(branches, space) if end >= len(text) else None


def _macro_keys(words: dict[str, str]) -> _Macros:
    """Each {name}'s strings: (without a space before it, with one)."""
    out: _Macros = {}
    for _ in range(3):  # words may use other words
        for name, text in words.items():
            if out.get(name) is None or None in out[name]:
                out[name] = (_keys_of(text, out, False), _keys_of(text, out, True))
    return out


def _trie(words: list[str]) -> str:
    """One pattern for many words, sharing their beginnings (much faster than a|b|c)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


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
            out.extend(str(p) for p in matches)
    if not found["phrases"]:
        raise ValueError(f"{where}: no phrases")
    idioms = found["idioms"]
    macros = _macro_keys(words)
    phrases = tuple(Phrase(_compiled(_expand(p, words, where)), _keys(p, macros))
                    for p in found["phrases"])
    filler = frozenset(str(w).lower() for w in raw_filler)
    all_keys = sorted({k for p in phrases for k in p.keys or ()})
    starts = sorted(k[1:] for k in all_keys if k.startswith(" ") and k[1:].isalnum())
    return PhraseList(
        spelling={**MARKS, **{
            str(k).lower(): " ".join(w for w in str(v).lower().split() if w not in filler)
            for k, v in raw_spelling.items()}},
        filler=filler,
        phrases=phrases,
        idioms=Phrase(_compiled("|".join(f"(?:{_expand(i, words, where)})" for i in idioms)),
                       None) if idioms else None,
        by_key={k: tuple(i for i, p in enumerate(phrases) if p.keys and k in p.keys)
                for k in all_keys},
        always=tuple(i for i, p in enumerate(phrases) if p.keys is None),
        word_starts=LazyPattern(f" ({_trie(starts)})") if starts else None,
        implied={w: tuple(f" {v}" for v in starts if w.startswith(v)) for w in starts},
        inside=tuple(k for k in all_keys if k[1:] not in starts or not k.startswith(" ")),
    )


def check_patterns(phrase_list: PhraseList) -> None:
    """Compile every pattern now (ValueError naming a bad one); tests and `doctor` use it."""
    for phrase in (*phrase_list.phrases, *([phrase_list.idioms] if phrase_list.idioms else [])):
        try:
            phrase.rx  # noqa: B018
        except re.error as exc:
            raise ValueError(f"a phrase is not a valid pattern ({exc}): {phrase.source}") from None


def parse_toml(raw: bytes) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(raw.decode("utf-8"))


def to_cache(phrase_list: PhraseList, source: str) -> dict[str, Any]:
    """The JSON document crisis_language.from_cache reads back."""
    return {
        "version": CACHE_VERSION,
        "source": source,
        "note": "Made from crisis_phrases.toml by 'python -m recovery_cli.plan.crisis_language_build'"
                "; edit the TOML, not this file.",
        "spelling": phrase_list.spelling,
        "filler": sorted(phrase_list.filler),
        "phrases": [{"source": p.source, "keys": sorted(p.keys) if p.keys is not None else None}
                    for p in phrase_list.phrases],
        "idioms": phrase_list.idioms.source if phrase_list.idioms else None,
        "by_key": {k: list(v) for k, v in phrase_list.by_key.items()},
        "always": list(phrase_list.always),
        "word_starts": phrase_list.word_starts.pattern if phrase_list.word_starts else None,
        "implied": {k: list(v) for k, v in phrase_list.implied.items()},
        "inside": list(phrase_list.inside),
    }


def cache_text() -> str:
    """The compiled JSON for the shipped TOML, as it should be on disk."""
    import json

    raw = data_path().read_bytes()
    doc = to_cache(compile_list(parse_toml(raw), data_path().name), checksum(raw))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main() -> None:
    cache_path().write_text(cache_text(), encoding="utf-8")
    print(f"Wrote {cache_path()}")


if __name__ == "__main__":
    main()
