"""The report's composed sections (export/document.py): each sentence is written once and every
format shows it word for word."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from html import unescape
from pathlib import Path
from typing import Any

from recovery_cli.core import clock


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def test_every_composed_sentence_is_in_markdown_html_and_pdf(cli: Any, home: Path,
                                                             tmp_path: Path) -> None:
    from markdown_it import MarkdownIt
    from pypdf import PdfReader

    from recovery_cli.core.checklists import load_checklists
    from recovery_cli.export import document
    from recovery_cli.export.report import DEFAULT_SECTIONS, Options
    from recovery_cli.export.report_build import build_report
    from recovery_cli.store import open_db

    assert cli("demo").exit_code == 0
    today = clock.today()
    conn = open_db(home)
    report = build_report(conn, load_checklists(home),
                          Options(today - timedelta(days=29), today, DEFAULT_SECTIONS,
                                  default_sections=True),
                          datetime.combine(today, time(12)).astimezone())
    sections = [*document.compose(report), document.compose_warnings(report)]
    # Every section of the report comes from the one composed document (issue 22).
    assert {"summary", "charts", "questionnaires", "stage", "warnings", "medications",
            "events", "next", "checkins", "journal", "about"} <= {
        sec.id for sec in sections if sec}
    sentences = [x for sec in sections if sec for b in sec.blocks
                 for x in (b.items if isinstance(b, document.Bullets) else
                           [b.text] if isinstance(b, document.Paragraph | document.Heading)
                           else [e.heading for e in b.entries]
                           if isinstance(b, document.Entries) else
                           [c for row in b.rows for c in row if c]
                           if isinstance(b, document.Table) and b.kind != "checkins" else [])]
    sentences += [sec.title for sec in sections  # Markdown leaves out charts alone
                  if sec and not all(isinstance(b, document.ChartGroup) for b in sec.blocks)]
    assert any("previous" in s for s in sentences)
    assert any("your mood averaged" in s for s in sentences)
    md = cli("export", "--format", "md").stdout
    md_text = _words(unescape(re.sub(r"<[^>]+>", " ", MarkdownIt("commonmark").render(md))))
    html = cli("export", "--format", "html", "-o", "-").stdout
    html_text = _words(unescape(re.sub(r"<[^>]+>", " ", html)))
    assert cli("export", "--format", "pdf", "-o", str(tmp_path / "r.pdf")).exit_code == 0
    pdf_text = _words(" ".join(p.extract_text() for p in PdfReader(str(tmp_path / "r.pdf")).pages))
    for s in sentences:
        for name, text in (("md", md_text), ("html", html_text), ("pdf", pdf_text)):
            assert _words(s) in text, (name, s)
