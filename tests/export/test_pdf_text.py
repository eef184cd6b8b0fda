"""The PDF report's own text drawing (export/pdf_text.py) writes what fpdf2 itself would, and
the report is made without the modules it does not need (issue 23: a one-year PDF in a
second). Not timed: benchmarks/ times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import IMPORTS_WRAPPER, tz_env

SAMPLES = ["Zoë's café", "mood ≥ 7 — «très bien»", "Ελληνικά, Русский, Łódź", "(a) \\ b)",
           "", "   ", "2026-12-02", "PHQ-9", "Zoë's café", "\u25a1 placeholder", "ﬁ ligature"]


def _pdf() -> Any:
    from recovery_cli.export.pdf_fonts import fonts_dir, import_fpdf

    import_fpdf()
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("DejaVu", "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts_dir() / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf


def _draw_all(pdf: Any, draw: Any) -> None:
    for i, text in enumerate(SAMPLES):
        pdf.set_font("DejaVu", "B" if i % 3 == 0 else "", 7 + i % 4)
        pdf.set_text_color(30 + i, 35, 48) if i % 2 else pdf.set_text_color(0, 0, 0)
        draw(pdf, 16 + i, 20 + 5.5 * i, text)


def test_plain_text_writes_what_fpdf2_writes_byte_for_byte() -> None:
    """Same page content and the same embedded subset: the report's text looks as before."""
    from recovery_cli.export.pdf_text import PlainText

    theirs, ours = _pdf(), _pdf()
    plain = PlainText(ours)
    _draw_all(theirs, lambda pdf, x, y, text: pdf.text(x, y, text))
    _draw_all(ours, lambda pdf, x, y, text: plain.drawer()(x, y, text))
    assert bytes(ours.pages[1].contents) == bytes(theirs.pages[1].contents)
    for key in ("dejavu", "dejavuB"):
        assert list(ours.fonts[key].subset.items()) == list(theirs.fonts[key].subset.items())


def test_plain_widths_are_fpdf2s_widths() -> None:
    """Lines wrap where they did: every width is the float fpdf2 computes."""
    from recovery_cli.export.pdf_text import PlainText

    pdf = _pdf()
    plain = PlainText(pdf)
    for size in (6, 7.5, 9.5, 13):
        pdf.set_font("DejaVu", "", size)
        width, fits = plain.measure()
        for text in [*SAMPLES, "Page 3 of {nb}"]:
            assert width(text) == pdf.get_string_width(text), text
            assert fits(text, width(text) * 1.01 + 0.01) == ("{nb}" not in text)
            assert not fits(text, width(text))


def test_the_plain_path_gives_way_to_fpdf2_when_text_is_underlined() -> None:
    from recovery_cli.export.pdf_text import PlainText

    theirs, ours = _pdf(), _pdf()
    for pdf in (theirs, ours):
        pdf.set_font("DejaVu", "U", 9)
    theirs.text(20, 20, "underlined")
    PlainText(ours).draw(20, 20, "underlined")
    assert bytes(ours.pages[1].contents) == bytes(theirs.pages[1].contents)
    assert b" re f" in bytes(ours.pages[1].contents)  # the underline itself




@pytest.mark.parametrize("own_checklist", [False, True])
def test_pdf_report_leaves_out_images_signing_and_pydantic(cli: Any, home: Path, tmp_path: Path,
                                                           own_checklist: bool) -> None:
    """Pillow, cryptography and numpy are never loaded for the PDF (fpdf2 would import them
    for images and signatures); pydantic only for a checklist file of the person's own."""
    import os
    from datetime import timedelta

    from pypdf import PdfReader

    from recovery_cli.core import clock

    today = clock.today()
    for n in range(14):  # a fortnight of check-ins and a journal entry (no skills practised)
        day = (today - timedelta(days=n)).isoformat()
        assert cli("checkin", "--date", day, "--mood", str(3 + n % 5), "--sleep", "7",
                   "--note", "Zoë ≥ fine").exit_code == 0
    assert cli("journal", "write", "Ελληνικά, Русский, café.").exit_code == 0
    if own_checklist:
        (home / "checklists").mkdir(mode=0o700, exist_ok=True)
        (home / "checklists" / "mine.toml").write_text(
            'id = "mine"\ntitle = "Mine"\nkind = "instrument"\n'
            'scale = [{value = 0, label = "No"}, {value = 1, label = "Yes"}]\n'
            '[[items]]\nid = "a"\ntext = "A question of my own"\n')
    out, listing = tmp_path / "report.pdf", tmp_path / "modules.json"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "RECOVERY_HOME": str(home),
           **({"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}),
           **tz_env()}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_WRAPPER.format(out=str(listing)),
         json.dumps(["export", "--format", "pdf", "-o", str(out)])],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = {m.split(".")[0] for m in json.loads(listing.read_text())}
    assert "fpdf" in modules and "fontTools" in modules  # the real path was taken
    assert not modules & {"PIL", "cryptography", "numpy"}
    assert ("pydantic" in modules) == own_checklist
    reader = PdfReader(str(out))
    assert "Recovery report" in (reader.pages[0].extract_text() or "")
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSansBold" in f for f in fonts) and any("DejaVuSansBook" in f for f in fonts)


def test_wrapped_lines_never_overflow_and_are_filled() -> None:
    """A paragraph's lines stay inside the column, and no line could have taken the next
    word: long journal paragraphs wrap as the reader expects."""
    import random

    from recovery_cli.export.pdf import _Doc

    pdf = _pdf()
    doc = _Doc.__new__(_Doc)  # the wrapping alone, on a bare document with the report's fonts
    doc.pdf, doc._widths, doc.fallback = pdf, {}, False
    from recovery_cli.export.pdf_text import PlainText

    doc.plain = PlainText(pdf)
    rng = random.Random(7)
    vocabulary = ["a", "I", "walk", "Zoë", "café", "≥", "breakfast", "", "appointment",
                  "Ελληνικά", "(yes)", "anxious", "mood", "x" * 20]
    for size, room in ((9.5, 178.0), (8, 40.0), (7, 17.5)):
        pdf.set_font("DejaVu", "", size)
        for _ in range(40):
            text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 120)))
            lines = doc.wrap(text, room)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
            for line, after in zip(lines, [*lines[1:], None], strict=True):
                assert pdf.get_string_width(line) <= room + 1e-6
                if after is not None and room >= 40:  # (a word cut to fit a narrow column
                    taken = f"{line} {after.split(' ')[0]}"  # may leave a line part-filled)
                    assert pdf.get_string_width(taken) > room - 1e-6
