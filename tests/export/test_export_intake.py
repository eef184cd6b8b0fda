"""recovery export --section intake: the latest intake in every format, parsed back with real
parsers (markdown-it, html.parser, pypdf, csv, json); the person's words stay inert text."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest

from export_seed import seed
from test_export_formats import assert_inert, parse_html

HOSTILE = "<script>alert('intake')</script> & more"
FORMULA = '=HYPERLINK("http://evil.example","x")'

SETS = [
    f"brings_me={HOSTILE}",
    "since_when=Since the spring, on and off",
    "symptoms=Waking at 4am",
    f"symptoms={FORMULA}",
    "triggers=Deadlines at work",
    "medications=Sertraline 50 mg",
    "questions=How often should we meet?",
]


@pytest.fixture
def with_intake(cli: Any, home: Path) -> Any:
    today = seed(home)
    args: list[str] = []
    for s in SETS:
        args += ["--set", s]
    r = cli("intake", *args)
    assert r.exit_code == 0, r.stderr
    return today


def test_markdown_default_includes_the_intake(cli: Any, with_intake: Any) -> None:
    from markdown_it import MarkdownIt

    r = cli("export")
    assert r.exit_code == 0, r.stderr
    md = r.stdout
    assert "## Intake" in md
    # after the summary, before the check-ins
    assert md.index("## Summary") < md.index("## Intake") < md.index("## Check-ins")
    p = parse_html(MarkdownIt("commonmark").enable("table").render(md))
    assert_inert(p)
    text = "".join(p.text)
    assert HOSTILE in text  # shown as text
    for label in ("What brings me", "Since when", "What I've noticed",
                  "What seems to set it off", "Medications", "Questions for my therapist"):
        assert label in text, label
    for answer in ("Since the spring, on and off", "Waking at 4am", FORMULA,
                   "Deadlines at work", "Sertraline 50 mg", "How often should we meet?"):
        assert answer in text, answer
    assert "What I've tried" not in text  # unanswered fields are left out
    assert "Prepared for an appointment, updated " + with_intake.isoformat() in text
    assert "Intake for an appointment: updated" in text  # the summary line


def test_section_intake_alone(cli: Any, with_intake: Any) -> None:
    r = cli("export", "--section", "intake")
    assert r.exit_code == 0, r.stderr
    assert "## Intake" in r.stdout and "Sertraline 50 mg" in r.stdout
    assert "## Check-ins" not in r.stdout and "## Journal" not in r.stdout
    r = cli("export", "--section", "journal")
    assert "## Intake" not in r.stdout and "Sertraline" not in r.stdout


def test_html_intake_is_escaped(cli: Any, with_intake: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = cli("export", "-f", "html", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    raw = out.read_text(encoding="utf-8")
    p = parse_html(raw)
    assert_inert(p)
    assert "&lt;script&gt;alert(&#39;intake&#39;)&lt;/script&gt; &amp; more" in raw
    ids = [a.get("id") for t, a in p.tags if t == "section"]
    assert "intake" in ids and ids.index("intake") < ids.index("checkins")
    text = "".join(p.text)
    assert HOSTILE in text and FORMULA in text and "Sertraline 50 mg" in text
    assert "Questions for my therapist" in text and "How often should we meet?" in text


def test_pdf_has_the_intake(cli: Any, with_intake: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    r = cli("export", "-f", "pdf", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    assert "Intake" in text and "What brings me" in text
    assert HOSTILE in text
    assert "Waking at 4am" in text and "Sertraline 50 mg" in text
    assert "How often should we meet?" in text


def test_csv_folder_has_an_intake_table(cli: Any, with_intake: Any, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    r = cli("export", "-f", "csv", "-o", str(folder) + os.sep)
    assert r.exit_code == 0, r.stderr
    assert (folder / "intake.csv").is_file()
    with (folder / "intake.csv").open(newline="", encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    assert [row["field"] for row in rows] == ["brings_me", "since_when", "symptoms", "symptoms",
                                              "triggers", "medications", "questions"]
    assert rows[0]["answer"] == HOSTILE and rows[0]["label"] == "What brings me"
    assert rows[3]["answer"] == "'" + FORMULA  # a spreadsheet shows it as text
    assert all(row["updated_at"].startswith(with_intake.isoformat()) for row in rows)


def test_json_section_intake_carries_its_tables(cli: Any, with_intake: Any) -> None:
    r = cli("export", "-f", "json", "--section", "intake")
    assert r.exit_code == 0, r.stderr
    tables = json.loads(r.stdout)["tables"]
    assert set(tables) == {"intakes", "intake_answers"}
    assert {a["value"] for a in tables["intake_answers"]} >= {HOSTILE, "Sertraline 50 mg"}


def test_no_intake_default_leaves_it_out_asked_says_so(cli: Any, home: Path,
                                                      tmp_path: Path) -> None:
    seed(home)
    r = cli("export")
    assert r.exit_code == 0, r.stderr
    assert "## Intake" not in r.stdout and "Intake for an appointment" not in r.stdout
    r = cli("export", "--section", "intake")
    assert r.exit_code == 0, r.stderr
    assert "## Intake" in r.stdout and "No intake filled in yet." in r.stdout
    folder = tmp_path / "t"
    r = cli("export", "-f", "csv", "--section", "intake", "-o", str(folder) + os.sep)
    assert r.exit_code == 0, r.stderr
    with (folder / "intake.csv").open(newline="", encoding="utf-8") as fp:
        assert list(csv.DictReader(fp)) == []


def test_the_latest_intake_is_shown(cli: Any, with_intake: Any) -> None:
    r = cli("intake", "edit", "--set", "hopes=Sleeping through the night")
    assert r.exit_code == 0, r.stderr
    r = cli("intake", "--set", "brings_me=A new start")  # a fresh intake for a new appointment
    assert r.exit_code == 0, r.stderr
    md = cli("export", "--section", "intake").stdout
    assert "A new start" in md
    assert "Sertraline" not in md and "Sleeping through" not in md
