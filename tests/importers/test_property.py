"""Property tests (hypothesis): any Unicode text, in every place a person can write it,
survives JSON export -> import; any jrnl plain-text journal imports title, body and date
exactly; and the HTML, Markdown and CSV exports show the text as text (escaped: no tag, link
or formula comes out of what a person wrote).

Random histories of entries and check-ins through JSON are in test_import_roundtrip.py
(`test_random_histories_round_trip`); this file adds the other tables (plan, goals, values,
intake, practice notes) and every Unicode category but lone surrogates, control characters
included. Example counts are modest so the suite stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# RECOVERY_PROPERTY_EXAMPLES=200 runs a deeper, randomised search (the suite's default is a
# fixed, quick one).
_DEEP = int(os.environ.get("RECOVERY_PROPERTY_EXAMPLES", "0"))
SETTINGS = settings(max_examples=_DEEP or 12, deadline=None, derandomize=not _DEEP, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Every code point but lone surrogates (which can't be UTF-8; the journal turns them into
# U+FFFD, tested in test_journal.py).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
TEXT = st.text(ANY_CHAR, min_size=1, max_size=40).filter(lambda t: t.strip() != "")
# Characters that mean something in HTML, Markdown, CSV, JSON or a shell, weighted in.
NASTY = st.sampled_from([*"<>&\"'`*_[]()#!|\\=+-@\t\n\r{}$%~^ ",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](http://x)", "![i](x)",
    "=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3", "&amp;", "&#x3C;", "]]>",
    "<!--", "-->", "\u202e", "\u200b", "\ufeff", "\x00", "\x1b[31m", "𝔘𝔫𝔦", "👩‍👩‍👧",
])
MIXED = st.lists(st.one_of(NASTY, st.text(ANY_CHAR, max_size=6)), min_size=1,
                 max_size=8).map("".join).filter(lambda t: t.strip() != "")


def _run(cli: Any, home: Path, *args: str) -> Any:
    r = cli("--home", str(home), *args)
    assert r.exit_code == 0, (args, r.stderr)
    return r


def _export_tables(cli: Any, home: Path) -> dict[str, Any]:
    r = _run(cli, home, "export", "--format", "json", "--include-private", "-o", "-")
    return dict(json.loads(r.stdout)["tables"])


def _without_times(tables: dict[str, Any]) -> dict[str, Any]:
    """Row content minus the clock (creation times differ between two writes of the same)."""
    def strip(row: Any) -> Any:
        if isinstance(row, dict):
            return {k: v for k, v in row.items() if not k.endswith(("_at", "applied"))}
        return row
    return {t: [strip(r) for r in rows] for t, rows in tables.items()}


# --- JSON export -> import: every table ------------------------------------------------------


@SETTINGS
@given(texts=st.lists(st.one_of(TEXT, MIXED), min_size=8, max_size=8))
def test_any_text_everywhere_survives_json_export_and_import(cli: Any,
                                                             texts: list[str]) -> None:
    t = texts
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a", Path(tmp) / "b"
        _run(cli, a, "journal", "write", "--title", t[0], "--private", "--", t[1])
        _run(cli, a, "checkin", "--mood", "5", "--note", t[2])
        _run(cli, a, "plan", "add", "triggers", "--response", t[4], "--", t[3])
        _run(cli, a, "plan", "add", "contacts", "--role", t[5], "--", t[6])
        _run(cli, a, "values", "add", "--", t[7])
        _run(cli, a, "goals", "add", "--why", t[1], "--step", t[2], "--", t[0])
        _run(cli, a, "skills", "practice", "box_breathing", "--helpful", "5", "--note", t[3])
        _run(cli, a, "intake", "--set", f"brings_me={t[4]}", "--set", f"questions={t[5]}")
        before = _export_tables(cli, a)
        dump = Path(tmp) / "dump.json"
        _run(cli, a, "export", "--format", "json", "--include-private", "-o", str(dump))
        _run(cli, b, "import", str(dump))
        after = _export_tables(cli, b)
        assert after == before
        # And the text is what was typed (titles are one line: runs of spaces become one).
        entry = _run(cli, b, "journal", "show", "1", "--json").json()
        assert entry["body"] == t[1]
        assert entry["title"] == (" ".join(t[0].split()) or None)
        values = [v["text"] for v in _run(cli, b, "values", "list", "--json").json()]
        assert values == [" ".join(t[7].split())]  # a value is one line too


# --- jrnl plain text -------------------------------------------------------------------------

# A jrnl file's own rules: a title is one line (not ending in '*', no surrounding blanks); a
# body's lines never start with '[' (that could be a new entry) and it has no surrounding
# blanks; '\r' is a line ending. Within those, any character.
_LINE_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_LINE = st.text(_LINE_CHARS, min_size=1, max_size=30).map(str.strip).filter(
    lambda s: s != "" and not s.startswith("[") and not s.endswith("*"))
_BODY = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)
_JRNL_ENTRY = st.tuples(st.integers(0, 3000), _LINE, _BODY, st.booleans())


@SETTINGS
@given(entries=st.lists(_JRNL_ENTRY, min_size=1, max_size=6, unique_by=lambda e: e[0]))
def test_any_jrnl_text_journal_imports_exactly(cli: Any,
                                               entries: list[tuple[int, str, str, bool]]) -> None:
    start = datetime(2023, 1, 1, 8, 0)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        path = Path(tmp) / "journal.txt"
        parts = []
        for minutes, title, body, star in entries:
            when = start + timedelta(hours=minutes)
            parts.append(f"[{when:%Y-%m-%d %H:%M}] {title}{' *' if star else ''}\n{body}\n\n")
        path.write_text("".join(parts), encoding="utf-8")
        _run(cli, home, "import", str(path), "--format", "jrnl-txt")
        got = _run(cli, home, "journal", "list", "-n", "100", "--json").json()
        want = sorted(entries, key=lambda e: e[0], reverse=True)
        assert [(e["title"], e["body"], e["starred"]) for e in got] == [
            (title, body, star) for _, title, body, star in want]
        assert [e["created_at"][:16] for e in got] == [
            (start + timedelta(hours=m)).strftime("%Y-%m-%dT%H:%M") for m, *_ in want]


# --- exports show text as text ---------------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _squash(text: str) -> str:
    """Text without whitespace (exports wrap, indent and break lines) or NULs (HTML drops
    them, as it must)."""
    return re.sub(r"[\s\x00]+", "", text)


def _html(source: str) -> _Html:
    p = _Html()
    p.feed(source)
    p.close()
    return p


def _seeded_export(cli: Any, home: Path, title: str, body: str, note: str, fmt: str) -> str:
    _run(cli, home, "journal", "write", "--title", title, "--tag", "mine", "--", body)
    _run(cli, home, "checkin", "--mood", "5", "--note", note)
    _run(cli, home, "plan", "add", "toolbox", "--", note)
    return str(_run(cli, home, "export", "--format", fmt, "-o", "-").stdout)


@SETTINGS
@given(title=MIXED, body=MIXED, note=MIXED)
def test_html_export_escapes_everything(cli: Any, title: str, body: str, note: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        doc = _html(_seeded_export(cli, home, title, body, note, "html"))
        plain = _html(_seeded_export(cli, Path(tmp) / "plain", "t", "b", "n", "html"))
        # No element or attribute came from the person's text.
        assert doc.tags <= plain.tags | {"br", "p"}, doc.tags - plain.tags
        assert set(doc.attrs) <= set(plain.attrs)
        shown = _squash("".join(doc.text))
        for text in (" ".join(title.split()), body, note):
            assert _squash(text) in shown


@SETTINGS
@given(title=MIXED, body=MIXED, note=MIXED)
def test_markdown_export_renders_as_the_text(cli: Any, title: str, body: str, note: str) -> None:
    from markdown_it import MarkdownIt

    with tempfile.TemporaryDirectory() as tmp:
        md = MarkdownIt("commonmark", {"html": True}).enable("table")
        doc = _html(md.render(_seeded_export(cli, Path(tmp) / "h", title, body, note, "md")))
        plain = _html(md.render(_seeded_export(cli, Path(tmp) / "p", "t", "b", "n", "md")))
        assert doc.tags <= plain.tags | {"br", "p"}, doc.tags - plain.tags  # no link, img, em
        assert set(doc.attrs) <= set(plain.attrs)
        shown = _squash("".join(doc.text))
        for text in (" ".join(title.split()), body, note):
            assert _squash(text.replace("\x00", "\ufffd")) in shown.replace("\x00", "\ufffd")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@SETTINGS
@given(note=MIXED)
def test_csv_export_keeps_text_and_neutralises_formulas(cli: Any, note: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        _run(cli, home, "checkin", "--mood", "5", "--note", note)
        note = _run(cli, home, "history", "--json").json()[0]["note"]  # as stored (trimmed)
        out = _run(cli, home, "export", "--format", "csv", "-o", "-").stdout
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert len(rows) == 1
        cell = rows[0]["note"]
        if re.fullmatch(r"-?\d+(\.\d+)?", note):
            assert cell == note
        elif note.lstrip(" ").startswith(_FORMULA):
            assert cell == "'" + note
        else:
            assert cell == note
        for value in rows[0].values():
            assert not (value or "").lstrip(" ").startswith(_FORMULA) or \
                re.fullmatch(r"-?\d+(\.\d+)?", value or "")
