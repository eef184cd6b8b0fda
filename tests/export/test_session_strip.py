"""session prep's six-week strip: the date labels of its three narrow charts never run into
each other (label boxes measured with the real font, in the PDF, the HTML and the terminal),
and the mood chart shows the day's range where a day has several moments (snaps)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from export_seed import seed

DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2}$")
FONT = Path(__file__).resolve().parents[2] / "data/fonts/DejaVuSans.ttf"


@pytest.fixture
def seeded(home: Path) -> date:
    return seed(home)


def _snaps(home: Path, today: date) -> list[str]:
    """Two snaps a day on three days of the last weeks, spreading the mood 0-10; their days."""
    from recovery_cli.store import snaps
    from recovery_cli.store.db import open_db

    conn = open_db(home)
    days = [(today - timedelta(days=n)).isoformat() for n in (3, 10, 20)]
    for d in days:
        snaps.add_snap(conn, at=f"{d}T09:00:00+00:00", day=d, mood=0.0)
        snaps.add_snap(conn, at=f"{d}T20:00:00+00:00", day=d, mood=10.0)
    conn.close()
    return days


def _overlaps(boxes: list[tuple[float, float]], gap: float) -> list[tuple[Any, Any]]:
    boxes = sorted(boxes)
    return [(a, b) for a, b in pairwise(boxes) if b[0] < a[1] + gap]


def test_pdf_date_labels_do_not_overlap(cli: Any, seeded: date, tmp_path: Path) -> None:
    from fpdf import FPDF
    from pypdf import PdfReader

    out = tmp_path / "prep.pdf"
    assert cli("session", "prep", "--since", (seeded - timedelta(days=27)).isoformat(),
               "-o", str(out)).exit_code == 0
    found: list[tuple[str, float, float, float]] = []  # text, x, y, font size

    def visit(text: str, cm: Any, tm: Any, fd: Any, size: float) -> None:
        if DATE.match(text.strip()):
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5],
                          size * tm[0] * cm[0] or size))

    PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    assert len(found) >= 6, found  # three charts, two or more dates each
    measure = FPDF(unit="pt")
    measure.add_font("DejaVu", "", str(FONT))
    rows: dict[int, list[tuple[float, float]]] = {}
    for text, x, y, size in found:
        measure.set_font("DejaVu", "", size)
        rows.setdefault(round(y), []).append((x, x + measure.get_string_width(text)))
    space = 2.8  # points: a little under the width of two spaces at 6 pt
    for y, boxes in rows.items():
        assert not _overlaps(boxes, space), (y, boxes)


def test_html_date_labels_do_not_overlap(cli: Any, seeded: date, tmp_path: Path) -> None:
    from PIL import ImageFont

    out = tmp_path / "prep.html"
    assert cli("session", "prep", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg .*?</svg>", html)
    assert len(svgs) >= 2
    for svg in svgs:
        labels = re.findall(r"<text x='([\d.]+)' y='[\d.]+' font-size='(\d+)' "
                            r"text-anchor='middle'>(\d{1,2} [A-Z][a-z]{2})</text>", svg)
        assert len(labels) >= 2
        boxes = []
        for x, size, text in labels:
            w = ImageFont.truetype(str(FONT), int(size)).getlength(text)
            boxes.append((float(x) - w / 2, float(x) + w / 2))
        assert not _overlaps(boxes, 4.0), boxes


def test_terminal_strip_has_dates_that_do_not_run_together(cli: Any, seeded: date) -> None:
    r = cli("session", "prep")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    at = next(i for i, x in enumerate(lines) if x.strip().startswith("Mood (0-10)"))
    row = next(x for x in lines[at:] if re.search(r"\d{1,2} [A-Z][a-z]{2}", x))
    labels = re.findall(r"\d{1,2} [A-Z][a-z]{2}", row)
    assert len(labels) >= 2
    assert re.fullmatch(r"\s*\d{1,2} [A-Z][a-z]{2}(\s+\d{1,2} [A-Z][a-z]{2})*", row), row


def test_mood_strip_shows_the_days_range_in_every_format(cli: Any, home: Path, seeded: date,
                                                        tmp_path: Path) -> None:
    from recovery_cli.export.charts import RANGE_NOTE

    days = _snaps(home, seeded)
    md = cli("session", "prep", "-f", "md").stdout
    assert "a range on 3 days with moments, widest 0-10" in md
    assert RANGE_NOTE.split(":")[0] in md
    out = tmp_path / "prep.html"
    assert cli("session", "prep", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    for d in days:
        assert f"<title>{d}: 0-10</title>" in html  # a bar from 0 to 10 on that day
    pdf = tmp_path / "prep.pdf"
    assert cli("session", "prep", "-o", str(pdf)).exit_code == 0
    from pypdf import PdfReader

    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "Mood range: from the day's lowest" in text
    term = cli("session", "prep").stdout.splitlines()
    mood = next(i for i, x in enumerate(term) if x.strip().startswith("Mood (0-10)"))
    row = term[mood + 1]
    assert row.strip().startswith("Mood range")
    first = len(term[mood]) - len(term[mood].split()[-1])  # where the one-a-day line begins
    start = seeded - timedelta(days=41)
    marked = [start + timedelta(days=i - first) for i, ch in enumerate(row)
              if i >= first and ch != " "]
    assert sorted(d.isoformat() for d in marked) == sorted(days)


def test_no_snaps_no_range(cli: Any, seeded: date) -> None:
    md = cli("session", "prep", "-f", "md").stdout
    assert "a range on" not in md and "Mood range" not in md
    assert "Mood range" not in cli("session", "prep").stdout
