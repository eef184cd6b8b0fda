"""app.journal (write / edit / search) called with a Session on a temporary home: the day an
entry belongs to, tags that follow the text, search with its snippets, and bad input that
leaves the journal untouched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recovery_cli.app import journal
from recovery_cli.app.session import Session
from recovery_cli.core.errors import InputError, NotFoundError
from recovery_cli.store import journal as store

LATE = datetime(2026, 3, 11, 0, 30, tzinfo=UTC)  # after midnight, before 04:00


@pytest.fixture
def session(home: Path) -> Iterator[Session]:
    s = Session(home_override=str(home), clock=lambda: LATE)
    yield s
    s.close()


def test_write_after_midnight_counts_for_the_evening_before(session: Session) -> None:
    saved = journal.write(session, "Long evening, finally calm. #sleep", title="Late")
    entry = journal.get(session, saved.entry_id)
    assert entry.day == "2026-03-10" and entry.created_at.startswith("2026-03-11T00:30")
    assert entry.tags == ["sleep"] and entry.title == "Late"
    given = journal.write(session, "Written about a given moment.",
                          when=datetime(2026, 3, 9, 1, 0, tzinfo=UTC))
    assert journal.get(session, given.entry_id).day == "2026-03-09"  # --date: its own day


def test_a_blank_entry_or_a_bad_tag_saves_nothing(session: Session) -> None:
    with pytest.raises(InputError, match="empty"):
        journal.write(session, "  \n\t ")
    with pytest.raises(InputError):
        journal.write(session, "Fine text", tags=["#"])
    assert store.list_entries(session.db(), limit=10) == []


def test_edit_changes_only_what_differs_and_tags_follow_the_text(session: Session) -> None:
    saved = journal.write(session, "Walked with #anna today", tags=["outside"])
    entry = journal.get(session, saved.entry_id)
    assert journal.edit(session, entry, body="Walked with #anna today") is None
    changed = journal.edit(session, entry, body="Walked alone today", title=None, starred=True)
    assert changed is not None
    assert changed.tags == ["outside"] and changed.starred and changed.title is None
    titled = journal.edit(session, changed, title="A walk")
    assert titled is not None and titled.title == "A walk" and titled.body == "Walked alone today"
    with pytest.raises(InputError, match="can't be left empty"):
        journal.edit(session, titled, body="   ")
    assert journal.get(session, saved.entry_id).body == "Walked alone today"
    with pytest.raises(NotFoundError):
        journal.get(session, 999)


def test_search_finds_by_words_prefixes_and_accents_best_first(session: Session) -> None:
    a = journal.write(session, "Anxious before the meeting; breathing helped.").entry_id
    b = journal.write(session, "A café with Sam, no anxiety at all.", title="Café").entry_id
    journal.write(session, "Nothing to see here.")
    found = journal.search(session, "anx*")
    assert sorted(e.id for e, _ in found.hits) == sorted([a, b]) and not found.windowed
    cafe = journal.search(session, "cafe")
    assert [e.id for e, _ in cafe.hits] == [b]
    assert "Café" in cafe.hits[0][1] or "café" in cafe.hits[0][1]
    assert journal.search(session, "anx* NOT sam").hits[0][0].id == a
    assert len(journal.search(session, "anx* NOT sam").hits) == 1
    assert journal.search(session, "walrus").hits == []


def test_entries_filter_by_tag_with_the_journals_tag_rule_and_delete_is_final(
        session: Session) -> None:
    a = journal.write(session, "Busy day at #Work", starred=True).entry_id
    b = journal.write(session, "Quiet evening #home").entry_id
    assert [e.id for e in journal.entries(session, tag="@work")] == [a]  # #work, @work, work
    assert [e.id for e in journal.entries(session, starred=True)] == [a]
    with pytest.raises(InputError):
        journal.entries(session, tag="#")  # a typo never widens the list to everything
    assert journal.tags(session) == [("home", 1), ("work", 1)]
    journal.delete(session, journal.get(session, b))
    with pytest.raises(NotFoundError):
        journal.get(session, b)
    assert journal.tags(session) == [("work", 1)]
