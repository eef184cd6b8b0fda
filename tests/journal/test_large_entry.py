"""A 10 MB journal entry (issue 24, item 14): a report shows a bounded excerpt of it with a
note of how many words follow, the JSON export keeps all of it, and a tag edit neither reads
the text again nor re-indexes it.

Before: `export --format pdf` of such an entry made a 2,200-page PDF in ~50 s and `journal
edit ID --tag x` took ~8.5 s (the update trigger re-indexed the whole text, and the tags were
recomputed with a scan of the text and a quadratic list lookup). The assertions count work
(pages, bytes, index segments, calls), never a tight wall-clock time.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.journal import text as journal_text


def _big_text(target: int = 10_000_000, seed: int = 24) -> str:
    """About `target` characters of words from a large vocabulary, with paragraphs and
    inline tags, like a journal typed (or pasted) for years into one entry."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(20_000)]
    words = rng.choices(vocab, k=target // 7)
    for i in range(0, len(words), 97):
        words[i] = "#" + words[i]
    for i in range(50, len(words), 120):
        words[i] += "\n\n"
    return " ".join(words)


@pytest.fixture(scope="module")
def big_text() -> str:
    return _big_text()


def _write(cli: Any, text: str) -> int:
    r = cli("journal", "write", "--date", "yesterday", input=text)
    assert r.exit_code == 0, r.stderr
    return int(r.stdout.strip())


def _words(text: str) -> int:
    return len(text.split())


def test_excerpt_keeps_short_text_and_counts_the_rest() -> None:
    assert journal_text.excerpt("one two  three", 3) == ("one two  three", 0)
    assert journal_text.excerpt("one two\n\nthree four five", 3) == ("one two\n\nthree", 2)
    assert journal_text.excerpt("", 3) == ("", 0)


def test_report_of_a_10mb_entry_is_bounded_and_says_what_is_left_out(
        cli: Any, home: Path, tmp_path: Path, big_text: str) -> None:
    _write(cli, big_text)
    total = _words(big_text)
    more = total - journal_text.EXCERPT_WORDS
    note = f"…({more:,} more words in the journal)"
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"report.{fmt}"
        cpu = time.process_time()
        r = cli("export", "--format", fmt, "-o", str(out))
        cpu = time.process_time() - cpu
        assert r.exit_code == 0, r.stderr
        data = out.read_bytes()
        # bounded: the excerpt (~5,000 words, ~35 KB of text) and the rest of the report
        assert len(data) < 1_500_000, (fmt, len(data))
        assert cpu < 30, (fmt, cpu)  # generous: was ~50 s for the PDF alone
        if fmt == "pdf":
            pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page/")
            pages = max(pages, data.count(b"/Type /Page") - data.count(b"/Type /Pages"))
            assert 1 < pages < 40, pages  # was 2,201 pages
        else:
            text = data.decode()
            assert note in text
            assert big_text[:200] in text.replace("\\\n", "\n") or fmt == "html"
    # the lossless copy keeps every word
    out = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    bodies = [e["body"] for e in doc["tables"]["entries"]] if "tables" in doc else [
        e["body"] for e in doc["entries"]]
    assert big_text.rstrip("\r\n") in bodies


def test_report_of_ordinary_entries_is_unchanged(cli: Any, tmp_path: Path) -> None:
    text = " ".join(["steady"] * journal_text.EXCERPT_WORDS)  # exactly the limit: all shown
    _write(cli, text)
    out = tmp_path / "r.md"
    assert cli("export", "--format", "md", "-o", str(out)).exit_code == 0
    shown = out.read_text()
    assert "more words in the journal" not in shown
    assert shown.count("steady") == journal_text.EXCERPT_WORDS


def _index_state(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT count(*), coalesce(max(rowid), 0) FROM entries_fts_data")
        n, top = row.fetchone()
    return int(n), int(top)


def test_tag_edit_of_a_10mb_entry_does_not_rescan_or_reindex(
        cli: Any, home: Path, big_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _write(cli, big_text)
    db = home / "recovery.db"
    before = _index_state(db)
    calls: list[int] = []
    real = journal_text.extract_tags

    def counting(*texts: str | None) -> list[str]:
        calls.append(sum(len(t or "") for t in texts))
        return real(*texts)

    monkeypatch.setattr(journal_text, "extract_tags", counting)
    cpu = time.process_time()
    r = cli("journal", "edit", str(entry), "--tag", "long-one", "--star")
    cpu = time.process_time() - cpu
    assert r.exit_code == 0, r.stderr
    assert calls == []  # the text was not scanned for tags again
    assert _index_state(db) == before  # no re-index: the index's segments are untouched
    assert cpu < 5, cpu  # generous: was ~8.5 s
    shown = cli("journal", "show", str(entry), "--json").json()
    assert "long-one" in shown["tags"] and shown["starred"] is True
    assert len(shown["body"]) == len(big_text.rstrip("\r\n"))
    # the index still answers for the entry, and follows a text edit
    word = big_text.split()[1].lstrip("#")
    assert cli("journal", "search", word, "--json").json()[0]["id"] == entry
    assert cli("journal", "edit", str(entry), "--text", "quite short now").exit_code == 0
    assert _index_state(db) != before
    assert cli("journal", "search", "short", "--json").json()[0]["id"] == entry
    assert cli("journal", "search", word, "--json").json() == []


def test_retag_is_linear_in_the_tags() -> None:
    tags = [f"tag{i}" for i in range(60_000)]
    old = " ".join("#" + t for t in tags)
    new = old + " and one more line"
    cpu = time.process_time()
    result = journal_text.retag(tags, (None, old), (None, new), ["extra"])
    cpu = time.process_time() - cpu
    assert result == [*tags, "extra"]
    assert cpu < 3, cpu  # a list lookup per tag was quadratic: ~10 s here
