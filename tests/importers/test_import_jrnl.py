"""recovery import of jrnl files (plain text and JSON export): counts, fields, re-runs, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ptyutil import spawn_recovery
from recovery_cli.store import open_db
from recovery_cli.store.export_reads import Window, iter_entries

FIXTURES = Path(__file__).parents[1] / "fixtures" / "jrnl"
TXT = FIXTURES / "sample_journal.txt"
JSON = FIXTURES / "sample_journal.json"


def stored(home: Path) -> list[Any]:
    conn = open_db(home)
    try:
        return list(iter_entries(conn, Window(include_private=True)))
    finally:
        conn.close()


def expected() -> list[dict[str, Any]]:
    return list(json.loads(JSON.read_text(encoding="utf-8"))["entries"])


@pytest.mark.parametrize("path", [TXT, JSON], ids=["txt", "json"])
def test_fixture_imports_every_field(cli: Any, home: Path, path: Path) -> None:
    r = cli("import", str(path))
    assert r.exit_code == 0, r.stderr
    assert "Added: 7 journal entries" in r.stderr
    entries = stored(home)
    want = expected()
    assert len(entries) == len(want) == 7
    for got, w in zip(entries, want, strict=True):
        assert got.day == w["date"]
        assert got.created_at[11:16] == w["time"]
        assert (got.title or "") == w["title"]
        assert got.body == w["body"]
        assert got.starred == w["starred"]
        assert set(got.tags) == {t.lstrip("#@") for t in w["tags"]}
        assert not got.private
    starred = [e for e in entries if e.starred]
    assert [e.title for e in starred] == ["Great session with @dr_lee today!"]
    two_paragraphs = next(e for e in entries if e.title == "Evening check-in")
    assert "\n\nSecond paragraph" in two_paragraphs.body
    title_only = next(e for e in entries if e.day == "2026-11-16")
    assert title_only.body == "" and title_only.title == "Title only entry with no body"


def test_txt_and_json_give_the_same_entries_and_rerun_skips(cli: Any, home: Path) -> None:
    assert cli("import", str(TXT)).exit_code == 0
    r = cli("import", str(JSON))
    assert r.exit_code == 0
    assert "Already there (skipped): 7 journal entries" in r.stderr
    assert "Added: nothing" in r.stderr
    assert len(stored(home)) == 7
    # The journal's own commands see them, searchable.
    found = cli("journal", "search", "boundaries", "--json")
    assert found.exit_code == 0
    assert len(found.json()) == 1


def test_auto_detects_both(home: Path) -> None:
    from recovery_cli import importers

    assert importers.detect(TXT) == "jrnl-txt"
    assert importers.detect(JSON) == "jrnl-json"


def test_dry_run_changes_nothing(cli: Any, home: Path) -> None:
    r = cli("import", str(TXT), "--dry-run")
    assert r.exit_code == 0
    assert "Would add: 7 journal entries" in r.stderr
    assert not (home / "recovery.db").exists()
    assert cli("import", str(TXT)).exit_code == 0
    r = cli("import", str(JSON), "--dry-run")
    assert "Already there (skipped): 7 journal entries" in r.stderr
    assert len(stored(home)) == 7


def test_txt_rules_preamble_star_sentence_and_encrypted(cli: Any, home: Path,
                                                        tmp_path: Path) -> None:
    p = tmp_path / "j.txt"
    p.write_text(
        "Some notes I wrote before the journal.\n\n"
        "[2024-05-01 07:05] Woke early. Made coffee and read. #morning *\n\n"
        "[2024-05-02 09:00 PM] Evening\nA [1] footnote and\n[note] a line.\n",
        encoding="utf-8",
    )
    r = cli("import", str(p))
    assert r.exit_code == 0, r.stderr
    assert "Line 1 comes before the first dated entry" in r.stderr
    first, second = stored(home)
    assert first.title == "Woke early." and first.body == "Made coffee and read. #morning"
    assert first.starred and first.tags == ["morning"]
    assert second.created_at[11:16] == "21:00" and "[note] a line." in second.body
    enc = tmp_path / "enc.txt"
    enc.write_bytes(b"JRNLv3\x00\x10gibberish")
    r = cli("import", str(enc), "--format", "jrnl-txt")
    assert r.exit_code == 2 and "encrypted" in r.stderr


def test_bad_jrnl_files_exit_2_naming_where(cli: Any, home: Path, tmp_path: Path) -> None:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    doc["entries"][2]["date"] = "March 2nd"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    r = cli("import", str(bad))
    assert r.exit_code == 2
    assert "entry 3" in r.stderr and "2024-03-01" in r.stderr
    assert "nothing was imported" in r.stderr.lower()
    broken = tmp_path / "broken.json"
    broken.write_text('{"entries": [\n  {"title": "x",\n', encoding="utf-8")
    r = cli("import", str(broken), "--format", "jrnl-json")
    assert r.exit_code == 2 and "line" in r.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("just some words\nno dates at all\n", encoding="utf-8")
    r = cli("import", str(plain), "--format", "jrnl-txt")
    assert r.exit_code == 2 and "line 1" in r.stderr and "[2024-03-01 08:30]" in r.stderr
    r = cli("import", str(plain))
    assert r.exit_code == 2 and "--format" in r.stderr
    assert cli("import", str(tmp_path / "missing.txt")).exit_code == 2
    assert cli("import", str(TXT), "--format", "word").exit_code == 2
    assert not stored(home)


def test_fixture_copy_matches_shared(tmp_path: Path) -> None:
    """The tests' own copy of the jrnl fixture parses like jrnl's export of it."""
    from recovery_cli.importers import jrnl_json, jrnl_txt

    a = jrnl_txt.read(TXT).entries
    b = jrnl_json.read(JSON).entries
    assert [(e.created_at, e.title, e.body, e.starred, set(e.tags)) for e in a] == [
        (e.created_at, e.title, e.body, e.starred, set(e.tags)) for e in b]
    copy = tmp_path / "x.txt"
    shutil.copy(TXT, copy)
    assert len(jrnl_txt.read(copy).entries) == 7


@pytest.mark.pty
def test_big_import_in_a_terminal_shows_progress_then_counts(home: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    big = tmp_path / "big.txt"
    big.write_text("\n".join(
        f"[2020-{1 + i // 28 % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}] Entry {i}\n"
        f"Body {i} #bulk\n" for i in range(2500)), encoding="utf-8")
    child = spawn_recovery(home, "import", str(big), size=(30, 110), timeout=60)
    child.expect("Importing")
    child.expect("Added: 2500 journal entries")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(stored(home)) == 2500



def test_a_long_text_journal_names_the_right_line(cli: Any, home: Path, tmp_path: Path) -> None:
    """Each header's line is counted on from the one before (counting from the file's start
    for every entry was quadratic: 100,000 entries took most of an hour), and still right."""
    entries = [f"[2024-03-{1 + i % 28:02d} 08:{i % 60:02d}] Entry {i}\nLine one.\nLine two.\n"
               for i in range(3000)]
    entries.append("[0001-01-01 08:00] Far too early\nText.\n")  # 4 lines per entry before
    path = tmp_path / "long.txt"
    path.write_text("\n".join(entries))
    r = cli("import", str(path), "--format", "jrnl-txt")
    assert r.exit_code == 2, r.stderr
    assert f"line {3000 * 4 + 1}:" in r.stderr and "0001-01-01" in r.stderr
