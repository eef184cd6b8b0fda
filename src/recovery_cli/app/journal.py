"""Use cases of the journal: `write` a new entry, `edit` one, `search` by words, `get` one,
list them (`entries`), `delete` one, count the `tags`.
The text arrives already gathered (an argument, the editor, a pipe: the cli's business) and
each write is one transaction in the store. Bad input raises InputError (exit 2) before
anything is written; an unknown id raises NotFoundError (exit 1)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, NamedTuple

from recovery_cli.app.session import Session

if TYPE_CHECKING:
    from recovery_cli.core.records import Entry
    from recovery_cli.journal.text import Term


class Keep(enum.Enum):
    """A field `edit` leaves as it is (None means "no title", so it can't say that)."""

    KEEP = 0


KEEP = Keep.KEEP


def title_of(raw: str | None) -> str | None:
    """A title is one line; an empty one is no title."""
    if raw is None:
        return None
    from recovery_cli.journal.text import clean_text

    title = " ".join(clean_text(raw).split())
    return title or None


def get(session: Session, entry_id: int) -> Entry:
    from recovery_cli.store import journal as store

    return store.require_entry(session.db(), entry_id)


def guided_prompt(session: Session) -> tuple[int, str]:
    """A guided prompt (`journal write --prompt`) for the stage the person's latest stage
    self-assessment is most like: stage 1 when there is none yet, one of the near stages when
    it named none. -> (stage, prompt)."""
    import random

    from recovery_cli.app.stage import profile_of
    from recovery_cli.core import paths
    from recovery_cli.core.checklists import load_model
    from recovery_cli.core.models import JournalPrompts
    from recovery_cli.store import assessments

    stage = assessments.latest_stage_number(session.db())
    if stage is None:  # none taken yet (stage 1), or no single stage: one of the near ones
        latest = assessments.latest_stage(session.db())
        p = profile_of(session, latest) if latest is not None else None
        stage = random.choice(p.tied) if p is not None and p.tied else 1
    data = load_model(paths.builtin_data_dir() / "journal_prompts.toml", JournalPrompts)
    chosen = data.for_stage(stage if stage in (1, 2, 3, 4, 5) else 1)
    return chosen.stage, random.choice(chosen.prompts)


class Written(NamedTuple):
    entry_id: int
    title: str | None
    body: str
    created: datetime


def write(session: Session, body: str, *, title: str | None = None, tags: list[str] | None = None,
          private: bool = False, starred: bool = False, when: datetime | None = None) -> Written:
    """Save a new entry: `body` (cleaned text), a one-line `title`, `tags` (with #tags found in
    the text merged in), written `when` (its calendar day) or now (the day it belongs to, the
    day's end considered)."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.journal.text import extract_tags, is_blank, merge_tags
    from recovery_cli.store import journal as store

    extra = merge_tags(tags or [])
    if is_blank(body):
        raise InputError("The entry is empty, so nothing was saved.")
    now = session.now()
    moment = when if when is not None else now
    day = moment.date() if when is not None else clock.day_of(moment)
    entry_id = store.add_entry(
        session.db(), created_at=clock.iso(moment), day=day.isoformat(), body=body,
        title=title, tags=merge_tags(extra, extract_tags(title, body)), private=private,
        starred=starred, updated_at=clock.iso(now))
    return Written(entry_id, title, body, moment)


def edit(session: Session, entry: Entry, *, body: str | None = None,
         title: str | Literal[Keep.KEEP] | None = KEEP, tag: list[str] | None = None,
         untag: list[str] | None = None, private: bool | None = None,
         starred: bool | None = None, when: datetime | None = None) -> Entry | None:
    """Change `entry` (as read by `get`): the given fields only. The entry's tags follow its
    text (#tags added or removed with it) besides `tag`/`untag`. None when nothing would
    change (nothing is written then); else the entry as saved."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.journal.text import is_blank, retag
    from recovery_cli.store import journal as store

    new_body = entry.body if body is None else body
    new_title = entry.title if title is KEEP else title
    if is_blank(new_body):
        raise InputError(
            f"Entry {entry.id} can't be left empty, so nothing was changed. To remove it, use "
            f"'recovery journal delete {entry.id}'.")
    changes: dict[str, object] = {}
    if new_body != entry.body:
        changes["body"] = new_body
    if new_title != entry.title:
        changes["title"] = new_title
    tags = retag(entry.tags, (entry.title, entry.body), (new_title, new_body), tag or [],
                 untag or [])
    if tags != entry.tags:
        changes["tags"] = tags
    if private is not None and private != entry.private:
        changes["private"] = private
    if starred is not None and starred != entry.starred:
        changes["starred"] = starred
    if when is not None:
        changes["created_at"] = clock.iso(when)
        changes["day"] = when.date().isoformat()
    if not changes:
        return None
    return store.update_entry(session.db(), entry.id, updated_at=clock.iso(session.now()),
                              **changes)


class Found(NamedTuple):
    """Search results, best first: each entry with its snippet (matching words marked), and
    whether the ranking covered only the newest `window` matching entries."""

    hits: list[tuple[Entry, str]]
    windowed: bool
    window: int
    terms: list[Term]


def search(session: Session, text: str, limit: int = 20) -> Found:
    """Entries matching `text` (all words; prefixes like anx*; "phrases"; AND/OR/NOT); a
    malformed query raises InputError."""
    from recovery_cli.journal.snippets import make_snippet
    from recovery_cli.journal.text import fts_query, parse_query
    from recovery_cli.store import journal as store

    terms = parse_query(text)
    result = store.search_entries(session.db(), fts_query(terms), limit=limit)
    hits = [(h.entry, make_snippet(h.entry.title, h.entry.body, terms)) for h in result.hits]
    return Found(hits, result.windowed, store.RANK_WINDOW, terms)


def entries(session: Session, *, start: date | None = None, end: date | None = None,
            tag: str | None = None, starred: bool = False, limit: int = 20) -> list[Entry]:
    """Entries newest first (private ones included), within start..end, with `tag` (the
    journal's tag rule: a bad tag is an InputError), starred only if asked."""
    from recovery_cli.journal.text import normalise_tag
    from recovery_cli.store import journal as store

    return store.list_entries(
        session.db(), start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        tag=normalise_tag(tag) if tag is not None else None, starred=starred, limit=limit)


def delete(session: Session, entry: Entry) -> None:
    """Delete `entry` (one transaction); NotFoundError when it has gone meanwhile."""
    from recovery_cli.store import journal as store

    if not store.delete_entry(session.db(), entry.id):
        raise store.not_found(entry.id)


def tags(session: Session) -> list[tuple[str, int]]:
    """Every tag with how many entries carry it, most used first."""
    from recovery_cli.store import journal as store

    return store.tag_counts(session.db())
