"""Issue 25: the report's stage section shows the profile, says when the answers don't point
to one stage (no "Stage 1" badge on a tie), and says the model is the project's own, not a
validated instrument, in the section and in "About this report", in md, html and pdf."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from test_export_formats import parse_html

NOTE = "the project's own five-stage model, not a validated instrument"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _tie(cli: Any) -> None:
    assert cli("checkin", "--mood", "6").exit_code == 0
    assert cli("assess", "take", "stages", "--answers", ",".join(["0"] * 30)).exit_code == 0


def _after(text: str, marker: str) -> str:
    assert marker in text, marker
    return text[text.index(marker):]


def test_markdown_tie_shows_the_profile_and_the_model_note(cli: Any) -> None:
    _tie(cli)
    md = cli("export", "--format", "md").stdout
    stage = _after(md, "## Stage")[: md.index("##", md.index("## Stage") + 3) - md.index(
        "## Stage")]
    assert "does not point to one stage" in stage
    assert "most like stage" not in stage.lower()
    assert sum(1 for line in stage.splitlines() if line.startswith("| ") and " 0 |" in line) == 5
    assert NOTE in _flat(stage)
    assert NOTE in _flat(_after(md, "## About this report"))
    assert "- Stage self-assessment: the answers don't point to one stage" in md


def test_html_tie_has_no_stage_badge_and_shows_the_profile(cli: Any, tmp_path: Path) -> None:
    _tie(cli)
    out = tmp_path / "r.html"
    assert cli("export", "--format", "html", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    text = _flat("".join(parse_html(html).text))
    summary = text[text.index("Summary"): text.index("Check-ins", text.index("Summary") + 8)]
    assert "Stage 1" not in summary and "No single stage" in summary
    assert "Stage 1 " not in text
    stage = text[text.index("Stage The latest"):]
    assert "does not point to one stage" in stage
    assert html.count('<td class="bar">') == 5
    assert NOTE in stage
    assert NOTE in _after(text, "About this report")


def test_html_clear_reading_keeps_its_badge_and_marks_the_stage(cli: Any, tmp_path: Path) -> None:
    cli("checkin", "--mood", "6")
    per = {1: 1, 2: 1, 3: 5, 4: 2, 5: 1}
    from recovery_cli.core.checklists import load_checklists

    cl = load_checklists(None).get("stages")
    cli("assess", "take", "stages", "--answers", ",".join(str(per[i.stage or 0]) for i in cl.items))
    out = tmp_path / "r.html"
    assert cli("export", "--format", "html", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    text = _flat("".join(parse_html(html).text))
    assert "Stage 3" in text and "most like stage 3" in text
    assert html.count('class="most-like"') == 1
    assert "leading the next stage by 60 points" in text


def test_pdf_stage_section_profile_tie_and_note(cli: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _tie(cli)
    out = tmp_path / "r.pdf"
    assert cli("export", "--format", "pdf", "-o", str(out)).exit_code == 0
    text = _flat("\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages))
    stage = _after(text, "The latest stage self-assessment")
    assert "does not point to one stage" in stage
    for name in ("Acknowledgment & Awareness", "Maintenance & Relapse Prevention"):
        assert name in stage
    assert "near" in stage
    assert NOTE in stage
    assert NOTE in _after(text, "About this report")
    assert "Stage 1" not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_report_without_a_stage_result_has_no_model_line(
    cli: Any, fmt: str, tmp_path: Path
) -> None:
    cli("checkin", "--mood", "6")
    out = tmp_path / f"r.{fmt}"
    assert cli("export", "--format", fmt, "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "No stage self-assessment in this period." in text
    assert NOTE not in text


def test_csv_stage_table_leaves_most_like_empty_on_a_tie(cli: Any, tmp_path: Path) -> None:
    _tie(cli)
    folder = tmp_path / "t"
    assert cli("export", "-f", "csv", "-o", str(folder) + "/").exit_code == 0
    with (folder / "stage.csv").open(newline="", encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    assert rows[-1]["most_like_stage"] == "" and rows[-1]["near_stages"] == "1 2 3 4 5"


def test_a_report_names_the_near_stages_of_a_person_in_between(cli: Any) -> None:
    from test_stage_retake import _arg

    cli("checkin", "--mood", "6")
    cli("assess", "take", "stages", "--answers", _arg("between stage 4 and 5"))
    md = _flat(cli("export", "--format", "md").stdout)
    assert "does not point to one stage: the answers are about as close to stages 4 and 5." in md
    assert "| 4 | Integration \\& Meaning-Making | 80 |" in md and "| near |" in md
