"""recovery session prep: one page since the last session, in every format; exactly one PDF
page for the demo home and for a dense home; private entries left out; bad input."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from export_seed import PRIVATE_BODY, seed
from recovery_cli.core import clock


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.fixture
def seeded(home: Path) -> date:
    return seed(home)


def dense_home(cli: Any, home: Path, tmp_path: Path, days: int = 800) -> None:
    """Over two years of daily check-ins with questionnaires every two weeks (the benchmark's
    generator), a safety-flagged PHQ-9 lately, 300 events, 40 bring items, five medications
    with many dose changes and a session three weeks ago."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import generate

    today = clock.today()
    data: Any = generate.checkin_history(days, today)
    answers = data["tables"]["assessment_answers"]
    last_phq = max(a["id"] for a in data["tables"]["assessments"] if a["checklist"] == "phq9")
    for a in answers:
        if a["assessment_id"] == last_phq and a["item"] == "q9":
            a["value"] = 2.0
    (tmp_path / "history.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli("import", str(tmp_path / "history.json")).exit_code == 0
    from recovery_cli.store import events, meds, transaction
    from recovery_cli.store.db import open_db

    conn = open_db(home)
    stamp = clock.iso(clock.now())
    with transaction(conn):
        for i in range(300):
            d = (today - timedelta(days=i % 120)).isoformat()
            events.add(conn, day=d, kind="life", text=f"Something that happened number {i} "
                       "with a rather long description of it", impact=(i % 5) - 2, tags=[],
                       with_whom=None, note=None, now=stamp)
        events.add(conn, day=(today - timedelta(days=21)).isoformat(), kind="session",
                   text="Session", impact=None, tags=[], with_whom="Dr Lee", note=None,
                   now=stamp)
        for i in range(40):
            events.add_bring(conn, f"A question to bring, number {i}, about sleep and work",
                             stamp)
        for m in range(5):
            mid = meds.add(conn, f"Medicine{m}", dose="10 mg", schedule=["morning"],
                           as_needed=False, started=(today - timedelta(days=100)).isoformat(),
                           note=None, now=stamp)
            for k in range(12):
                meds.change_dose(conn, mid, (today - timedelta(days=19 - k)).isoformat(),
                                 f"{20 + k} mg", None, stamp)


def test_demo_pdf_is_one_page_with_every_part(cli: Any, tmp_path: Path) -> None:
    assert cli("demo").exit_code == 0
    out = tmp_path / "prep.pdf"
    r = cli("session", "prep", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert pages(out) == 1
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = pdf_text(out)
    for heading in ("Safety first", "Questionnaires", "The last 6 weeks", "Medications",
                    "To bring and to ask"):
        assert heading in text
    order = [text.index(h) for h in ("Safety first", "Questionnaires", "The last 6 weeks",
                                     "To bring and to ask")]
    assert order == sorted(order)
    assert "since the session on" in text  # the demo logs sessions


def test_dense_home_is_still_one_page_and_says_how_many_more(cli: Any, home: Path,
                                                              tmp_path: Path) -> None:
    dense_home(cli, home, tmp_path)
    out = tmp_path / "dense.pdf"
    r = cli("session", "prep", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert pages(out) == 1
    text = " ".join(pdf_text(out).split())
    assert "more" in text  # rows were cut, and it says so
    assert "asks for a conversation about safety" in text  # the flagged PHQ-9 item 9
    # a longer period (a whole year) still fits
    out2 = tmp_path / "year.pdf"
    since = (clock.today() - timedelta(days=365)).isoformat()
    assert cli("session", "prep", "--since", since, "-o", str(out2)).exit_code == 0
    assert pages(out2) == 1


def test_period_defaults_to_since_the_last_session(cli: Any, seeded: date) -> None:
    r = cli("session", "prep", "-f", "md")
    assert r.exit_code == 0, r.stderr
    from recovery_cli.export.document import human_date

    four_weeks = seeded - timedelta(days=27)
    assert f"{human_date(four_weeks)} to {human_date(seeded)}" in r.stdout
    session = seeded - timedelta(days=4)
    assert cli("session", "log", "--date", session.isoformat()).exit_code == 0
    r = cli("session", "prep", "-f", "md")
    assert f"{human_date(session + timedelta(days=1))} to {human_date(seeded)}" in r.stdout
    assert f"since the session on {human_date(session)}" in r.stdout


def test_markdown_has_safety_first_and_leaves_private_out(cli: Any, seeded: date) -> None:
    r = cli("session", "prep", "--format", "md")
    assert r.exit_code == 0, r.stderr
    md = r.stdout
    assert md.index("## Safety first") < md.index("## Questionnaires")
    assert "asks for a conversation about safety" in md
    assert "Low mood several days" in md  # a warning sign (compose_warnings)
    assert "Therapy" in md  # a shared journal entry's title
    assert PRIVATE_BODY not in md
    assert "private entries left out: 1" in md
    assert "| PHQ-9 |" in md and "Mild" in md


def test_include_private_shows_the_private_entry(cli: Any, seeded: date) -> None:
    from recovery_cli.export.document import human_date

    private_day = human_date(seeded - timedelta(days=2))  # the seed's untitled private entry
    without = cli("session", "prep", "-f", "md").stdout
    with_private = cli("session", "prep", "-f", "md", "--include-private").stdout
    assert "private entries left out: 1" in without
    assert f"; {private_day};" not in without
    assert "private entries left out" not in with_private
    assert f"; {private_day};" in with_private


def test_html_and_terminal(cli: Any, seeded: date, tmp_path: Path) -> None:
    out = tmp_path / "prep.html"
    assert cli("session", "prep", "-o", str(out)).exit_code == 0  # the extension decides
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<svg" in html and "Safety first" in html
    assert "<script" not in html and PRIVATE_BODY not in html
    r = cli("session", "prep")  # no -o: the terminal format, plain when piped
    assert r.exit_code == 0, r.stderr
    assert "Safety first" in r.stdout and "\x1b[" not in r.stdout
    assert len(r.stdout.splitlines()) <= 45


def test_a_period_with_no_data_says_so_and_writes_a_valid_file(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    r = cli("session", "prep", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert pages(out) == 1
    assert "No data in this period" in pdf_text(out)
    assert "no data in this period" in r.stderr
    md = cli("session", "prep", "-f", "md").stdout
    assert "No data in this period" in md


def test_bad_input(cli: Any, seeded: date, tmp_path: Path) -> None:
    r = cli("session", "prep", "--format", "docx")
    assert r.exit_code == 2 and "--format" in r.stderr and "Traceback" not in r.stderr
    r = cli("session", "prep", "-o", str(tmp_path / "x.odt"))
    assert r.exit_code == 2
    r = cli("session", "prep", "--since", "not a day")
    assert r.exit_code == 2
    r = cli("session", "prep", "--since", "2999-01-01")
    assert r.exit_code == 2
    out = tmp_path / "p.md"
    out.write_text("keep me", encoding="utf-8")
    r = cli("session", "prep", "-o", str(out))
    assert r.exit_code == 1 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli("session", "prep", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Since the last session")
    r = cli("session", "prep", "-o", str(tmp_path / "missing" / "p.pdf"))
    assert r.exit_code == 1 and "missing" in r.stderr


def test_ctrl_c_while_writing_leaves_no_file(cli: Any, seeded: date, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.cli import _export_files

    real = _export_files.private_file

    def interrupted(target: Path, force: bool) -> Any:
        import contextlib

        @contextlib.contextmanager
        def cm() -> Any:
            with real(target, force) as fp:
                fp.write("half")
                raise KeyboardInterrupt
                yield fp

        return cm()

    monkeypatch.setattr(_export_files, "private_file", interrupted)
    folder = tmp_path / "out"
    folder.mkdir()
    r = cli("session", "prep", "-o", str(folder / "p.pdf"))
    assert r.exit_code == 130
    assert list(folder.iterdir()) == []  # neither the file nor its temporary copy
