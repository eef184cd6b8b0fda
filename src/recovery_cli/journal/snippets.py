"""Highlighted search snippets of journal entries (`journal search`): which words of an
entry's text match the query's terms, marked with HL_START/HL_END around them."""

from __future__ import annotations

import re

from recovery_cli.journal.text import HL_END, HL_START, Term

# Highlighted snippets are made here rather than by FTS5's snippet(), which has to re-read the
# index for every hit (slow for prefixes on a large journal). The index's tokenizer is
# unicode61 with diacritics removed: runs of letters and digits, compared case- and
# accent-folded. This imitation only decides what to highlight; FTS5 decides what matches.
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*", re.UNICODE)


def fold(token: str) -> str:
    """Case- and accent-folded, as the index compares words."""
    import unicodedata

    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _term_tokens(terms: list[Term]) -> list[tuple[list[str], bool]]:
    """(folded tokens, last is a prefix) for every term that is not negated by NOT."""
    out: list[tuple[list[str], bool]] = []
    negate = False
    for term in terms:
        if term.kind == "op":
            negate = term.text == "NOT"
            continue
        if not negate:
            toks = [fold(t) for t in _TOKEN.findall(term.text)]
            if toks:
                out.append((toks, term.kind == "prefix"))
        negate = False
    return out


def _hits(tokens: list[str], wanted: list[tuple[list[str], bool]]) -> set[int]:
    hit: set[int] = set()
    for seq, prefix in wanted:
        k = len(seq)
        for i in range(len(tokens) - k + 1):
            if all(tokens[i + j] == seq[j] for j in range(k - 1)) and (
                tokens[i + k - 1].startswith(seq[-1]) if prefix else tokens[i + k - 1] == seq[-1]
            ):
                hit.update(range(i, i + k))
    return hit


def _scan(text: str, wanted: list[tuple[list[str], bool]]) -> tuple[list[tuple[int, int]], set[int]]:
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return spans, _hits([fold(text[a:b]) for a, b in spans], wanted)


def make_snippet(
    title: str | None, body: str, terms: list[Term], size: int = 16
) -> str:
    """A short piece of the entry around the best cluster of matched words, with the matched
    words between HL_START and HL_END, `…` where text was cut, on one line."""
    wanted = _term_tokens(terms)
    text = body
    spans, hit = _scan(body, wanted)
    if not hit and title:
        title_spans, title_hit = _scan(title, wanted)
        if title_hit:
            text, spans, hit = title, title_spans, title_hit
    if not spans:
        return " ".join(text.split())
    # the window of `size` tokens holding the most hits, started a little before the first
    best_start, best = 0, -1
    ordered = sorted(hit)
    for first in ordered or [0]:
        start = max(0, first - 3)
        count = sum(1 for h in ordered if start <= h < start + size)
        if count > best:
            best_start, best = start, count
    best_start = max(0, min(best_start, len(spans) - size))  # a full window where possible
    end = min(len(spans), best_start + size)
    pieces: list[str] = ["…" if best_start > 0 else ""]
    pos = spans[best_start][0] if best_start > 0 else 0
    for i in range(best_start, end):
        a, b = spans[i]
        pieces.append(text[pos:a])
        word = text[a:b]
        pieces.append(f"{HL_START}{word}{HL_END}" if i in hit else word)
        pos = b
    if end < len(spans):
        pieces.append("…")
    else:
        pieces.append(text[pos:])
    return " ".join("".join(pieces).split())


def snippet_plain(snippet: str, start: str = "**", end: str = "**") -> str:
    """A snippet with the highlight marks replaced (for JSON and plain text)."""
    return snippet.replace(HL_START, start).replace(HL_END, end)
