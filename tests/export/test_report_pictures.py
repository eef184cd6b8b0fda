"""Looking at the report (issue 18): the demo's PDF pages rendered to pictures (pypdfium2), the
chart titles found with their axes through the PDF's text positions (pypdf), and the HTML's
charts and check-in table as a phone and a wide screen get them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.core import clock

pdfium = pytest.importorskip("pypdfium2")

TICK = re.compile(r"^\d{1,2} [A-Z][a-z]{2}$")
CHART_TITLES = ("Mood (0-10)", "Sleep (hours)", "Anxiety (0-10)", "Energy (0-10)", "PHQ-9",
                "GAD-7", "WHO-5 Well-Being Index")
FOOTER_MM = 18.0
NO_JOURNAL = ("--section", "checkins", "--section", "assessments", "--section", "stage",
              "--section", "warnings")


@pytest.fixture
def demo_home(cli: Any) -> None:
    assert cli("demo").exit_code == 0


def export_pdf(cli: Any, out: Path, *args: str) -> Path:
    r = cli("export", "--format", "pdf", "-o", str(out), *args)
    assert r.exit_code == 0, r.stderr
    return out


def blank_share(page: Any) -> float:
    """How much of the page body (above the footer) lies outside the span from the first to
    the last row with any ink: 0 for a full page, ~1 for an empty one."""
    image = page.render(scale=0.5, grayscale=True).to_pil()
    width, height = image.size
    body = int(height * (1 - FOOTER_MM / 297))
    data = image.tobytes()
    inked = [y for y in range(body) if min(data[y * width:(y + 1) * width]) < 200]
    if not inked:
        return 1.0
    return 1 - (inked[-1] - inked[0] + 1) / body


def page_texts(path: Path) -> list[list[tuple[str, float]]]:
    """Per page, each text run with its height on the page (points from the bottom)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(str(path)).pages:
        runs: list[tuple[str, float]] = []

        def visit(text: str, cm: Any, tm: Any, *_: Any, runs: list[tuple[str, float]] = runs) -> None:
            if text.strip():
                runs.append((text.strip(), float(tm[5]) * float(cm[3]) + float(cm[5])))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def test_demo_pdf_pages_are_never_mostly_blank(cli: Any, demo_home: None, tmp_path: Path) -> None:
    for args in ((), NO_JOURNAL, ("--from", (clock.today() - timedelta(days=89)).isoformat())):
        doc = pdfium.PdfDocument(str(export_pdf(cli, tmp_path / "r.pdf", "--force", *args)))
        shares = [round(blank_share(p), 2) for p in doc]
        assert max(shares) <= 0.85, (args, shares)


def test_demo_report_without_journal_fits_four_pages(cli: Any, demo_home: None,
                                                     tmp_path: Path) -> None:
    doc = pdfium.PdfDocument(str(export_pdf(cli, tmp_path / "r.pdf", *NO_JOURNAL)))
    assert len(doc) <= 4


def test_every_chart_title_sits_on_the_page_of_its_axis(cli: Any, demo_home: None,
                                                        tmp_path: Path) -> None:
    for args in ((), ("--from", (clock.today() - timedelta(days=89)).isoformat())):
        pages = page_texts(export_pdf(cli, tmp_path / "r.pdf", "--force", *args))
        found: dict[str, tuple[int, float]] = {}
        for n, runs in enumerate(pages):
            for text, y in runs:
                if text in CHART_TITLES and text not in found:
                    found[text] = (n, y)
        assert set(found) == set(CHART_TITLES), sorted(found)  # anxiety and energy too
        for title, (n, y) in found.items():
            below = [ty for text, ty in pages[n] if TICK.match(text) and y - 200 < ty < y]
            assert below, f"{title}: no date axis under it on page {n + 1}"


def test_pdf_has_weekly_dates_band_names_words_for_flags_and_a_human_date(
        cli: Any, demo_home: None, tmp_path: Path) -> None:
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in
                     PdfReader(str(export_pdf(cli, tmp_path / "r.pdf"))).pages)
    start = clock.today() - timedelta(days=29)
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    assert f"{monday.day} {monday:%b}" in text
    assert f"{(monday + timedelta(days=7)).day} {monday + timedelta(days=7):%b}" in text
    assert "Moderately severe (15+)" in text and "Mild (5+)" in text
    assert "who5_low_item" not in text
    assert "At least one answer was" in text
    assert not re.search(r"generated \d{4}-\d\d-\d\dT", text)
    assert "What went along with mood" in text
    assert "previous" in text


def test_html_charts_are_full_width_svg_and_the_checkin_table_fits_a_phone(
        cli: Any, demo_home: None) -> None:
    html = cli("export", "--format", "html", "-o", "-").stdout
    assert "height: auto; max-width: 40rem" not in html
    assert re.search(r"svg \{ width: 100%; height: auto; display: block; \}", html)
    assert html.count('<svg viewBox="0 0 720 ') >= 7
    assert 'data-label="Mood"' in html and "td::before { content: attr(data-label)" in html
    assert "<polyline" in html and 'class="band"' in html


def test_chart_model_gaps_singles_bands_ticks_and_markers() -> None:
    from recovery_cli.core.checklists import load_checklists
    from recovery_cli.export import charts
    from recovery_cli.export.report import Point, Series
    from recovery_cli.timeline.events import Event

    start, end = date(2026, 11, 2), date(2026, 11, 30)
    pts = [Point("2026-11-02", 3), Point("2026-11-03", 4), Point("2026-11-05", 6),
           Point("2026-11-10", 5), Point("2026-11-11", 5)]
    events = [Event(1, "2026-11-04", "life", "Moved house"),
              Event(None, "2026-11-09", "medication", "Sertraline changed to 100 mg",
                    source="medication")]
    c = charts.build(Series("mood", "Mood", 0, 10, pts), start, end, charts.markers(events),
                     daily=True)
    assert [[p.day for p in r] for r in c.runs] == [["2026-11-02", "2026-11-03"],
                                                    ["2026-11-10", "2026-11-11"]]
    assert [p.day for p in c.singles] == ["2026-11-05"]  # a gap on each side: a lone dot
    assert [t.label for t in c.ticks] == ["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    assert [(m.label, m.medication) for m in c.markers] == [("1", False), ("2", True)]
    phq9 = load_checklists(None).checklists["phq9"]
    once = charts.build(Series("phq9", "PHQ-9", 0, 27, [Point("2026-11-20", 12)]), start, end,
                        [], daily=False, checklist=phq9)
    assert [(b.value, b.name) for b in once.bands] == [
        (5, "Mild"), (10, "Moderate"), (15, "Moderately severe"), (20, "Severe")]
    assert [p.value for p in once.singles] == [12]
