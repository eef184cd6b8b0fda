"""Journal text, pure: tags from `#words`/`@words`, titles in editor text, safe FTS5 queries,
and an entry's JSON shape (the crisis-language check is recovery_cli.plan.crisis_language).

Nothing here reads the clock, the database, a prompt or prints. Kept light (only `re`), as
every journal command imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    from recovery_cli.core.records import Entry

# A tag starts at the beginning of the text or after whitespace or an opening bracket, is `#`
# or `@` then a word character, and goes on with word characters, `-`, `_`, `/` or `+`.
# So "email me@example.com" and "issue#4" are not tags; "#work-life" and "@Anna" are.
_TAG = re.compile(r"(?<![^\s(\[{\"'“‘])[#@](\w[\w\-/+]*)", re.UNICODE)
_TRAILING = "-/+"
_SURROGATE = re.compile("[\ud800-\udfff]")

# Marks around the matched words in a search snippet. Private-use characters so that no text a
# person wrote can be mistaken for them; `ui` and the JSON output turn them into styles/`**`.
HL_START = "\ue000"
HL_END = "\ue001"


# ---------------------------------------------------------------------------------------------
# Text a person gave us


def clean_text(text: str) -> str:
    """Make any string storable as UTF-8: bytes that were not UTF-8 (lone surrogates from argv
    or a file) become U+FFFD. Every valid character is kept exactly."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def is_blank(text: str | None) -> bool:
    return text is None or text.strip() == ""


def strip_piped(text: str) -> str:
    """Piped or edited text: drop the newline(s) an editor or `echo` leaves at the end; keep
    everything else byte for byte."""
    return text.rstrip("\r\n")


def split_editor_text(text: str) -> tuple[str | None, str]:
    """Editor (or multi-line prompt) text -> (title, body).

    The first line is the title only when it has text and is followed by a blank line; else
    there is no title and the whole text is the body. Leading blank lines and trailing newlines
    are dropped.
    """
    text = strip_piped(text)
    lines = text.split("\n")
    if len(lines) >= 3 and lines[0].strip() and lines[1].strip() == "":
        title = lines[0].strip()
        body = "\n".join(lines[2:]).lstrip("\n")
        if body.strip():
            return title, body
        return title, ""
    return None, text.lstrip("\n")


def join_editor_text(title: str | None, body: str) -> str:
    """The text to put in the editor for an entry, so that `split_editor_text` gives it back.

    An entry without a title whose first line is followed by a blank line starts with an empty
    line, so that line does not turn into a title after editing."""
    if title:
        return f"{title}\n\n{body}\n"
    lines = body.split("\n")
    if len(lines) >= 3 and lines[0].strip() and lines[1].strip() == "":
        return f"\n{body}\n"
    return f"{body}\n"


# A report (md, html, pdf) shows at most this many words of one entry, then says how many more
# the journal holds: a 10 MB entry made a 2,200-page PDF in 50 s (issue 24). About ten printed
# pages; the longest entries people write by hand are well under it. JSON and CSV keep all.
EXCERPT_WORDS = 5000
_WORD = re.compile(r"\S+")


def excerpt(body: str, words: int = EXCERPT_WORDS) -> tuple[str, int]:
    """(the text up to its `words`-th word, as written, how many words follow). One pass."""
    if len(body) <= words:  # no more words than characters: nothing to cut (most entries)
        return body, 0
    end = 0
    for count, match in enumerate(_WORD.finditer(body), start=1):
        end = match.end()
        if count == words:
            break
    else:
        return body, 0
    rest = len(body[end:].split())
    return (body, 0) if rest == 0 else (body[:end], rest)


def excerpted(entries: list[Entry], words: int = EXCERPT_WORDS) -> list[Entry]:
    """Entries as a report shows them: a body longer than `words` words cut there, with a
    last paragraph saying how many more words the journal holds."""

    out: list[Entry] = []
    for entry in entries:
        text, more = excerpt(entry.body, words)
        if more:
            noun = "word" if more == 1 else "words"
            entry = entry._replace(body=f"{text}\n\n…({more:,} more {noun} in the journal)")
        out.append(entry)
    return out


def first_line(entry_title: str | None, body: str, width: int = 60) -> str:
    """What a list shows for an entry: its title, else the first non-empty line of the body."""
    text = entry_title or next((ln.strip() for ln in body.split("\n") if ln.strip()), "")
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text


# ---------------------------------------------------------------------------------------------
# Tags


def normalise_tag(raw: str) -> str:
    """`#Work`, `@work` and `work` are all the tag `work`. Inner spaces become `-`.

    Control characters (newlines and tabs included), format characters (bidi overrides,
    zero-width spaces) and bytes that are not UTF-8 are refused: a tag is shown in lists and
    filters exports, so it must look like what it is (issue 24)."""
    import unicodedata

    bad = next((ch for ch in raw.strip()
                if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")), None)
    if bad is not None:
        shown = raw.encode("unicode_escape", "backslashreplace").decode("ascii")[:60]
        what = ("bytes that are not UTF-8" if unicodedata.category(bad) == "Cs"
                else f"the invisible or control character U+{ord(bad):04X}")
        raise InputError(f"'{shown}' is not a tag: it holds {what}. Use letters, digits, "
                         "- and _.")
    tag = raw.strip().lstrip("#@").strip().lower()
    tag = "-".join(tag.split())
    if not tag:
        raise InputError(f"'{raw}' is not a tag: a tag needs at least one letter or digit.")
    return tag


def extract_tags(*texts: str | None) -> list[str]:
    """Tags written in the text as `#word` or `@word`, lower-case, without the sign, in order of
    first appearance. Numbers alone (`#2 on my list`) are not tags."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        for match in _TAG.finditer(text):
            tag = match.group(1).rstrip(_TRAILING).lower()
            if tag and not tag.isdigit():
                seen.setdefault(tag, None)
    return list(seen)


def merge_tags(*groups: Iterable[str]) -> list[str]:
    """Normalised, de-duplicated, in order of first appearance."""
    seen: dict[str, None] = {}
    for group in groups:
        for raw in group:
            seen.setdefault(normalise_tag(raw), None)
    return list(seen)


def retag(
    current: Sequence[str],
    old_texts: tuple[str | None, str],
    new_texts: tuple[str | None, str],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> list[str]:
    """Tags after an edit: tags written in the old text and gone from the new text go, tags in
    the new text come, `add` and `remove` apply last. Tags given with `--tag` stay.

    Linear in the text and the tags: an edit that leaves the text as it was (only `--tag`,
    `--untag`, `--star` ...) does not read the text at all, so it costs the same on a 10 MB
    entry as on a line (issue 24)."""
    if old_texts == new_texts:
        kept, new_inline = list(current), []
    else:
        old_inline = set(extract_tags(*old_texts))
        new_inline = extract_tags(*new_texts)
        new_set = set(new_inline)
        kept = [t for t in current if t not in old_inline or t in new_set]
    gone = {normalise_tag(t) for t in remove}
    return [t for t in merge_tags(kept, new_inline, add) if t not in gone]


# ---------------------------------------------------------------------------------------------
# Search: a person's words -> a safe FTS5 MATCH expression

_OPERATORS = {"AND", "OR", "NOT"}
_WORD_CHAR = re.compile(r"[^\W_]", re.UNICODE)


class Term(NamedTuple):
    """One part of a search: a word, a `prefix*`, a "phrase", or an operator (AND/OR/NOT)."""

    kind: str  # word | prefix | phrase | op
    text: str


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _tokens(query: str) -> list[Term]:
    """Split a query into terms. Raises InputError on an opening quote without a closing one."""
    out: list[Term] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise InputError(
                    "The search has an opening \" without a closing one. Put a phrase in "
                    'double quotes, like "felt calm".'
                )
            phrase = query[i + 1 : end]
            i = end + 1
            if i < n and query[i] == "*":
                out.append(Term("prefix", phrase))
                i += 1
            else:
                out.append(Term("phrase", phrase))
            continue
        j = i
        while j < n and not query[j].isspace() and query[j] != '"':
            j += 1
        word = query[i:j]
        i = j
        if word in _OPERATORS:
            out.append(Term("op", word))
        elif word.endswith("*"):
            out.append(Term("prefix", word.rstrip("*")))
        else:
            out.append(Term("word", word))
    return out


def parse_query(query: str) -> list[Term]:
    """What a person typed -> the terms to search for: words (all must appear), `anx*`
    prefixes, "exact phrases", and AND/OR/NOT in capitals between terms (anywhere else they
    are ignored). Punctuation alone is left out. InputError for an unbalanced quote or a query
    with nothing to search for."""
    terms: list[Term] = []
    pending_op: Term | None = None
    for term in _tokens(clean_text(query).replace("\x00", " ")):  # FTS5 stops at a NUL
        if term.kind == "op":
            if terms and pending_op is None:
                pending_op = term
            continue
        if not _WORD_CHAR.search(term.text):
            continue  # punctuation alone matches nothing; leave it out
        if pending_op:
            terms.append(pending_op)
            pending_op = None
        terms.append(term)
    if not terms:
        raise InputError(
            "Nothing to search for: type one or more words, a prefix like anx*, or a "
            '"phrase in quotes".'
        )
    return terms


def fts_query(query: str | list[Term]) -> str:
    """A safe FTS5 MATCH expression for a query (every term quoted, so nothing a person types
    can be FTS5 syntax). Accents and case are folded by the index's tokenizer."""
    terms = parse_query(query) if isinstance(query, str) else query
    out: list[str] = []
    for term in terms:
        if term.kind == "op":
            out.append(term.text)
        else:
            out.append(_quote(term.text) + ("*" if term.kind == "prefix" else ""))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Output shapes


def entry_json(entry: Entry) -> dict[str, Any]:
    """The `--json` shape of an entry (DESIGN.md)."""
    return {
        "id": entry.id,
        "created_at": entry.created_at,
        "date": entry.day,
        "title": entry.title,
        "body": entry.body,
        "tags": list(entry.tags),
        "private": entry.private,
        "starred": entry.starred,
    }
