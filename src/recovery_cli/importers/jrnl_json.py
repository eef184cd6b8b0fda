"""jrnl's JSON export (`jrnl --format json`): entries with date, time, title, body, tags, star.

Shape (peers.md §A.4): `{"tags": {...}, "entries": [{"title", "body", "date": "YYYY-MM-DD",
"time": "HH:MM", "tags": ["#mood", "@anna"], "starred": bool, ...}]}`. Tag order is not stable
in jrnl's output, so tags are kept as a set. Minute resolution, no time zone: the local offset
of that day is applied.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from recovery_cli.core.errors import InputError
from recovery_cli.core.imported import NewEntry
from recovery_cli.importers import Parsed, check_text, instant, load_json

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _bad(path: Path, where: str, expected: str) -> InputError:
    return InputError(f"{path}: {where}: expected {expected}; nothing was imported.")


def read(path: Path) -> Parsed:
    doc = load_json(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise _bad(path, "top level", 'an object with an "entries" list (a jrnl JSON export)')
    parsed = Parsed("jrnl-json")
    for n, raw in enumerate(doc["entries"], start=1):
        parsed.entries.append(_entry(path, n, raw))
    parsed.entries.sort(key=lambda e: e.created_at)
    return parsed


def _entry(path: Path, n: int, raw: Any) -> NewEntry:
    where = f"entry {n}"
    if not isinstance(raw, dict):
        raise _bad(path, where, "an object with date, time, title and body")
    day = raw.get("date")
    try:
        day_ok = isinstance(day, str) and date.fromisoformat(day).isoformat() == day
    except ValueError:
        day_ok = False
    if not day_ok:
        raise _bad(path, where, f'"date" like 2024-03-01 (found {day!r})')
    assert isinstance(day, str)
    t = raw.get("time", "09:00")
    m = _TIME.match(t) if isinstance(t, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise _bad(path, where, f'"time" like 21:15 (found {t!r})')
    title = raw.get("title", "")
    body = raw.get("body", "")
    if not isinstance(title, str) or not isinstance(body, str):
        raise _bad(path, where, '"title" and "body" as text')
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
        raise _bad(path, where, '"tags" as a list of text')
    starred = raw.get("starred", False)
    if not isinstance(starred, bool):
        raise _bad(path, where, '"starred" as true or false')
    title = title.strip()
    body = body.strip()
    if not title and not body:
        raise _bad(path, where, "a title or a body")
    check_text(path, where, title, body, *tags)
    moment = datetime.combine(date.fromisoformat(day),
                              time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)))
    return NewEntry(
        created_at=instant(path, where, moment),
        day=day,
        title=title or None,
        body=body,
        tags=tuple(tags),
        starred=starred,
        source="import:jrnl",
    )
