"""jrnl's plain-text journal file (peers.md §A.3).

An entry starts where a line begins with `[DATE] ` and DATE reads as a date; the rest of that
line is the title (a trailing `*` stars the entry), the following lines are the body. A
one-line entry is split at its first sentence, as jrnl does. Tags (`#word`, `@word`) are read
from the text, lower-cased. Dates are naive local times in jrnl's `timeformat`; the common
formats are tried (`%Y-%m-%d %H:%M` first). Text before the first entry is reported, not
silently dropped.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from recovery_cli.core.errors import InputError
from recovery_cli.core.imported import NewEntry
from recovery_cli.importers import Parsed, instant

_HEADER = re.compile(r"(?:^|\n)\[([^\]\n]+)\] ")
_TAG = re.compile(r"(?<!\S)([#@][-+*#/\w]+)")
_SENTENCE = re.compile(r"^(.*?[.!?…。！？])\s+(\S.*)$", re.DOTALL)
_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %I:%M%p",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%d %b %Y %H:%M",
    "%b %d %Y %H:%M",
)


def parse_stamp(text: str) -> datetime | None:
    t = text.strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(t, fmt)
        except ValueError:
            continue
    if len(t) > 6:  # like jrnl, short bracket contents ([1], [note]) are never dates
        try:
            moment = datetime.fromisoformat(t)
        except ValueError:
            return None
        return moment.replace(tzinfo=None) if moment.tzinfo else moment
    return None


def looks_like(head: str) -> bool:
    return any(parse_stamp(m.group(1)) for m in _HEADER.finditer(head))


def split_title(text: str) -> tuple[str, str]:
    """jrnl's rule: the first line when there is a newline, else the first sentence."""
    text = text.strip()
    if "\n" in text:
        title, body = text.split("\n", 1)
        return title.strip(), body.strip()
    m = _SENTENCE.match(text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return text, ""


def tags_in(text: str) -> tuple[str, ...]:
    return tuple(sorted({t.lower() for t in _TAG.findall(text)}))


def read(path: Path) -> Parsed:
    raw = path.read_bytes()
    if raw.startswith(b"JRNL"):
        raise InputError(
            f"{path}: line 1: this jrnl journal is encrypted; decrypt it first with "
            "'jrnl --decrypt --file PLAIN.txt', then import that file. Nothing was imported."
        )
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: line {line}: not UTF-8 text; expected a jrnl plain-text journal. "
            "Nothing was imported."
        ) from None
    heads: list[tuple[int, int, datetime]] = []  # (header start, text start, moment)
    for m in _HEADER.finditer(text):
        moment = parse_stamp(m.group(1))
        if moment is not None:
            start = m.start() + (1 if text[m.start()] == "\n" else 0)
            heads.append((start, m.end(), moment))
    if not heads:
        raise InputError(
            f"{path}: line 1: expected a jrnl entry header such as "
            "'[2024-03-01 08:30] Title' at the start of a line; found none. Nothing was imported."
        )
    parsed = Parsed("jrnl-txt")
    preamble = text[: heads[0][0]].strip()
    if preamble:
        lines = text[: heads[0][0]].rstrip().count("\n") + 1
        which = "Line 1 comes" if lines == 1 else f"Lines 1-{lines} come"
        parsed.warnings.append(
            f"{which} before the first dated entry and {'was' if lines == 1 else 'were'} not "
            "imported (jrnl ignores such text too)."
        )
    line, counted = 1, 0  # the line of each header, counted on from the one before
    for i, (start, body_start, moment) in enumerate(heads):
        line += text.count("\n", counted, start)  # (from the file's start each time was
        counted = start  # quadratic: 100,000 entries took most of an hour)
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        chunk = text[body_start:end]
        first, _, rest = chunk.partition("\n")
        starred = False
        first = first.rstrip()
        if first.endswith("*"):
            starred = True
            first = first[:-1].rstrip()
        title, body = split_title(first + ("\n" + rest if rest.strip() else ""))
        if not title and not body:
            continue
        created = instant(path, f"line {line}", moment)
        parsed.entries.append(NewEntry(
            created_at=created,
            day=moment.date().isoformat(),
            title=title or None,
            body=body,
            tags=tags_in(title + "\n" + body),
            starred=starred,
            source="import:jrnl",
        ))
    parsed.entries.sort(key=lambda e: e.created_at)
    return parsed
