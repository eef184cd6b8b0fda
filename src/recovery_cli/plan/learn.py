"""`recovery learn`: the page's text as data (data/learn.toml), read and checked here.

Pure and stdlib-only: the page is small and fixed, so it is checked by hand (a missing or
wrong field is a ChecklistError naming it) rather than through a pydantic model.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recovery_cli.core import paths
from recovery_cli.core.errors import ChecklistError


@dataclass(frozen=True)
class Section:
    title: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    after: str = ""


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Page:
    title: str
    intro: str
    sections: list[Section]
    sources: list[Source]
    urgent: str = ""  # shown first: where to go right now, before any reading


def _str(where: str, node: dict[str, Any], key: str, path: Path, *, required: bool) -> str:
    value = node.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ChecklistError(str(path), f"{where}{key}", "expected a non-empty text")
    return value.strip()


def parse(data: dict[str, Any], path: Path) -> Page:
    sections = []
    for n, node in enumerate(data.get("sections") or []):
        where = f"sections[{n}]."
        items = node.get("items", [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise ChecklistError(str(path), f"{where}items", "expected a list of texts")
        section = Section(_str(where, node, "title", path, required=True),
                          _str(where, node, "text", path, required=False), list(items),
                          _str(where, node, "after", path, required=False))
        if not (section.text or section.items):
            raise ChecklistError(str(path), f"{where}text", "a section needs text or items")
        sections.append(section)
    sources = []
    for n, node in enumerate(data.get("sources") or []):
        where = f"sources[{n}]."
        url = _str(where, node, "url", path, required=True)
        if not url.startswith("https://"):
            raise ChecklistError(str(path), f"{where}url", "expected an https:// address")
        sources.append(Source(_str(where, node, "name", path, required=True), url))
    if not sections or not sources:
        raise ChecklistError(str(path), "sections" if not sections else "sources",
                             "the page needs sections and the sources it was written from")
    return Page(_str("", data, "title", path, required=True),
                _str("", data, "intro", path, required=True), sections, sources,
                _str("", data, "urgent", path, required=False))


def load(path: Path | None = None) -> Page:
    path = path or paths.builtin_data_dir() / "learn.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(str(path), "", f"TOML syntax error: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(str(path), "", f"can't be read: {exc}") from exc
    return parse(data, path)


def page_json(page: Page) -> dict[str, Any]:
    return {
        "title": page.title,
        "urgent": page.urgent or None,
        "intro": page.intro,
        "sections": [{"title": s.title, "text": s.text or None, "items": s.items,
                      "after": s.after or None} for s in page.sections],
        "sources": [{"name": s.name, "url": s.url} for s in page.sources],
    }
