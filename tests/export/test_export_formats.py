"""recovery export: every format parsed back with a real parser, content checked, hostile
text inert, private entries left out unless asked, files 0600 and never overwritten."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from export_seed import EVIL_BODY, EVIL_NOTE, EVIL_TITLE, OLD_BODY, PRIVATE_BODY, seed


class Collect(HTMLParser):
    """Every start tag with its attributes, and the document's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> Collect:
    p = Collect()
    p.feed(text)
    p.close()
    return p


def assert_inert(p: Collect) -> None:
    names = [t for t, _ in p.tags]
    assert "script" not in names
    assert "img" not in names
    for tag, attrs in p.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        assert not any((v or "").lower().startswith("javascript:") for v in attrs.values())


@pytest.fixture
def seeded(home: Path) -> Any:
    return seed(home)


def test_markdown_is_commonmark_and_inert(cli: Any, seeded: Any) -> None:
    from markdown_it import MarkdownIt

    r = cli("export", "--format", "md")
    assert r.exit_code == 0, r.stderr
    md = r.stdout
    assert md.startswith("# Recovery report")
    start = (seeded.toordinal() - 29)
    from datetime import date

    from recovery_cli.export.document import human_date

    assert f"{human_date(date.fromordinal(start))} to {human_date(seeded)}" in md
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    p = parse_html(rendered)
    assert_inert(p)
    text = "".join(p.text)
    assert EVIL_TITLE in text  # shown as text, not run
    assert "<img src=x onerror=alert(1)>" in text
    assert '=HYPERLINK("http://evil.example","click")' in text
    assert "Ελληνικά, Русский, café." in text
    assert PRIVATE_BODY not in md
    assert OLD_BODY not in md  # outside the last 30 days
    assert "private entries left out: 1" in text
    assert "1 private journal entry was left out" in r.stderr
    # tables, questionnaire with band and change marker, safety flag, stage, warnings
    heads = [t for t, _ in p.tags]
    assert "table" in heads
    assert "Moderate" in text and "Mild" in text
    assert "-6 (better, reliable)" in text
    assert "Safety flags" in text
    assert "most like stage 3" in text
    assert "Low mood several days" in text
    assert "Work or study stress" in text  # option labels, not ids
    assert "discuss with a clinician" in text
    assert "does not diagnose" in text


def test_markdown_include_private_and_sections(cli: Any, seeded: Any) -> None:
    r = cli("export", "--include-private", "--section", "journal")
    assert r.exit_code == 0, r.stderr
    assert PRIVATE_BODY in r.stdout
    assert "(private)" in r.stdout
    assert "## Check-ins" not in r.stdout and "## Questionnaires" not in r.stdout
    r = cli("export", "--section", "journal", "--tag", "#Therapy")
    assert "Talked about boundaries" in r.stdout
    assert "Hello" not in r.stdout


def test_html_self_contained_escaped_and_private(cli: Any, seeded: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = cli("export", "--format", "html")
    assert r.exit_code == 0, r.stderr
    files = list(tmp_path.glob("recovery-report_*.html"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    text = files[0].read_text(encoding="utf-8")
    p = parse_html(text)
    assert_inert(p)
    names = [t for t, _ in p.tags]
    assert "style" in names and "svg" in names and "polyline" in names
    assert not any(t == "link" or (t == "img") for t in names)  # nothing fetched
    content = "".join(p.text)
    assert EVIL_TITLE in content
    assert "<img src=x onerror=alert(1)>" in content
    assert PRIVATE_BODY not in text
    assert "1 private journal entry was left out" in content
    assert "most like stage 3" in content
    assert "@media print" in text

    again = cli("export", "--format", "html")
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert files[0].read_text(encoding="utf-8") == text
    forced = cli("export", "--format", "html", "--force", "--include-private")
    assert forced.exit_code == 0
    assert PRIVATE_BODY in files[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600


def test_pdf_text_fonts_footer_and_end_matter(cli: Any, seeded: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    r = cli("export", "--format", "pdf", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(str(out))
    pages = [p.extract_text() or "" for p in reader.pages]
    text = "\n".join(pages)
    assert "Recovery report" in pages[0] and "Summary" in pages[0]
    assert "Mood" in pages[0]
    assert "Ελληνικά, Русский, café." in text
    assert EVIL_TITLE in text
    assert PRIVATE_BODY not in text
    n = len(pages)
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {n}" in page
        assert "to " + seeded.isoformat() in page  # the period in every footer
    assert "does not diagnose" in pages[-1]
    assert "Pfizer" in text  # PHQ-9's attribution
    fonts = {str(f.get("/BaseFont")) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    assert any("DejaVu" in f for f in fonts)


def test_pdf_cjk_placeholder_or_system_font(cli: Any, home: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from export_seed import at
    from recovery_cli.core import clock
    from recovery_cli.core.imported import NewEntry
    from recovery_cli.export import pdf as pdf_mod
    from recovery_cli.store import open_db, transaction
    from recovery_cli.store.import_writes import Writer

    today = clock.today()
    conn = open_db(home)
    with transaction(conn):
        Writer(conn).add_entry(NewEntry(created_at=at(today), day=today.isoformat(),
                                        body="今日はとても疲れた。 Ok."))
    conn.close()
    out = tmp_path / "cjk.pdf"
    assert cli("export", "-f", "pdf", "-o", str(out)).exit_code == 0
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    if pdf_mod.find_system_font("今日") is None:
        assert pdf_mod.PLACEHOLDER * 3 in text
        assert "the HTML export has the full text" in text
    else:
        assert "今日" in text


def test_csv_stdout_checkins_neutralised(cli: Any, seeded: Any) -> None:
    r = cli("export", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 12
    assert {"day", "mood", "sleep_hours", "coping", "note"} <= set(rows[0])
    notes = [row["note"] for row in rows if row["note"]]
    assert notes == ["'" + EVIL_NOTE]
    assert rows[-1]["day"] == seeded.isoformat()
    assert rows[-1]["mood"] == "0"
    assert rows[0]["coping"] == "breathing; walk"


def test_csv_folder_one_file_per_table(cli: Any, seeded: Any, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    r = cli("export", "-f", "csv", "-o", str(folder) + os.sep)
    assert r.exit_code == 0, r.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["bring_list.csv", "checkins.csv", "dose_changes.csv", "events.csv",
                     "journal.csv", "medications.csv", "questionnaires.csv", "sessions.csv",
                     "snaps.csv", "stage.csv", "warnings.csv"]  # issue 17: the five timeline
    # files; issue 19: snaps.csv
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    with (folder / "journal.csv").open(newline="", encoding="utf-8") as fp:
        journal = list(csv.DictReader(fp))
    evil = next(j for j in journal if j["title"] == EVIL_TITLE)
    assert evil["body"] == EVIL_BODY  # starts with "Hello", left as it is
    assert all(not j["body"].startswith(("=", "+", "-", "@")) for j in journal)
    assert PRIVATE_BODY not in (folder / "journal.csv").read_text(encoding="utf-8")
    with (folder / "questionnaires.csv").open(newline="", encoding="utf-8") as fp:
        q = list(csv.DictReader(fp))
    assert [x["score"] for x in q] == ["14", "8"]
    assert q[1]["delta"] == "-6" and q[1]["reliable"] == "1" and q[1]["safety_flag"] == "1"
    again = cli("export", "-f", "csv", "-o", str(folder) + os.sep)
    assert again.exit_code == 1


def test_csv_neutralises_every_formula_start() -> None:
    from recovery_cli.export.csv import safe

    for bad in ("=1+1", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx", "  =1"):
        assert safe(bad).startswith("'"), bad
    assert safe("-5") == "-5" and safe("7.5") == "7.5" and safe("fine") == "fine"


def test_json_versioned_every_table_private_out(cli: Any, seeded: Any) -> None:
    r = cli("export", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["format"] == "recovery-export" and doc["version"] == 1
    tables = doc["tables"]
    for t in ("checkins", "checkin_values", "entries", "entry_tags", "assessments",
              "assessment_answers", "plan_items", "intakes", "goals", "life_values",
              "skill_practice", "skill_practice_fields"):
        assert t in tables
    bodies = [e["body"] for e in tables["entries"]]
    assert PRIVATE_BODY not in bodies and OLD_BODY in bodies  # all time by default
    assert doc["private_left_out"] == 1
    assert len(tables["checkins"]) == 12
    full = json.loads(cli("export", "-f", "json", "--include-private").stdout)
    assert PRIVATE_BODY in [e["body"] for e in full["tables"]["entries"]]


def test_bad_requests_exit_2(cli: Any) -> None:
    assert cli("export", "--format", "docx").exit_code == 2
    assert cli("export", "--section", "diary").exit_code == 2
    r = cli("export", "--from", "2026-11-10", "--to", "2026-11-01")
    assert r.exit_code == 2 and "after" in r.stderr
    assert cli("export", "--from", "someday soonish").exit_code == 2


def test_empty_home_exports_kindly(cli: Any, tmp_path: Path) -> None:
    r = cli("export")
    assert r.exit_code == 0
    assert "No check-ins in this period." in r.stdout
    out = tmp_path / "empty.pdf"
    assert cli("export", "-f", "pdf", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")
