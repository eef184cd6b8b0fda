"""Issue 16: import and every export recompute a result's score, band and safety flag from its
answers, and the therapist report names the flagged item, its text and the answer given.

Before, `import` copied `safety_flag` and `band` as stored: a recovery-json file with q9 = 2 and
`safety_flag` 0 reached the therapist report with no safety flag.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from recovery_cli.core import clock
from recovery_cli.store import assessments, open_db

ITEM9_TEXT = "Thoughts that you would be better off dead or of hurting yourself in some way"
ITEM9_WORDS = f"item 9 ({ITEM9_TEXT}): More than half the days"


def at(day: date, hour: int = 10) -> str:
    return clock.iso(datetime.combine(day, time(hour)).astimezone())


def save(home: Path, *, checklist: str = "phq9", answers: list[tuple[str, float]],
         score: float | None, band: str | None, safety_flag: bool, days_ago: int = 3,
         percentage: float | None = None) -> None:
    """A stored result exactly as given (an old row, or a hand-edited file's)."""
    day = date.today() - timedelta(days=days_ago)
    conn = open_db(home)
    assessments.save_result(
        conn, checklist=checklist, checklist_version=1, kind="instrument", taken_at=at(day),
        day=day.isoformat(), answers=answers, score=score, band=band, percentage=percentage,
        safety_flag=safety_flag)
    conn.close()


def phq9(q9: float, rest: float = 0.0) -> list[tuple[str, float]]:
    return [(f"q{i}", rest) for i in range(1, 9)] + [("q9", q9)]


def stored(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "recovery.db") as conn:
        return conn.execute(
            "SELECT checklist, score, band, safety_flag FROM assessments ORDER BY id").fetchall()


def export_json(cli: Any, home: Path) -> dict[str, Any]:
    r = cli("export", "--format", "json", "-o", "-", env={"RECOVERY_HOME": str(home)})
    assert r.exit_code == 0, r.stderr
    doc: dict[str, Any] = json.loads(r.stdout)
    return doc


def tampered_file(cli: Any, home: Path, tmp_path: Path) -> Path:
    """A recovery-json file whose PHQ-9 (q9 = 2) says safety_flag 0 and a wrong band, and whose
    GAD-7 has a wrong score; a WHO-5 in it is right."""
    save(home, answers=phq9(2), score=2, band="Minimal / none", safety_flag=True)
    save(home, checklist="gad7", answers=[(f"q{i}", 2.0) for i in range(1, 8)], score=14,
         band="Moderate", safety_flag=False, days_ago=2)
    save(home, checklist="who5", answers=[(f"q{i}", 3.0) for i in range(1, 6)], score=15,
         band="Not in the poor well-being range", percentage=60, safety_flag=False, days_ago=1)
    doc = export_json(cli, home)
    rows = doc["tables"]["assessments"]
    rows[0]["safety_flag"] = 0
    rows[0]["band"] = "Severe"
    rows[1]["score"] = 3
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_import_recomputes_and_counts_the_results_that_disagreed(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    path = tampered_file(cli, home, tmp_path)
    other = tmp_path / "other"
    env = {"RECOVERY_HOME": str(other)}
    dry = cli("import", str(path), "--dry-run", env=env)
    assert dry.exit_code == 0, dry.stderr
    assert ("2 results had a score, band or safety flag that did not match their answers; "
            "recomputed.") in dry.stderr
    r = cli("import", str(path), env=env)
    assert r.exit_code == 0, r.stderr
    assert "Added: 3 questionnaire results" in r.stderr
    assert ("2 results had a score, band or safety flag that did not match their answers; "
            "recomputed.") in r.stderr
    assert stored(other) == [("phq9", 2.0, "Minimal / none", 1), ("gad7", 14.0, "Moderate", 0),
                             ("who5", 15.0, "Not in the poor well-being range", 0)]
    md = cli("export", "--format", "md", "-o", "-", env=env).stdout
    assert "## Safety flags" in md
    assert ITEM9_WORDS in " ".join(md.split())


def test_a_file_that_agrees_with_its_answers_says_nothing_about_recomputing(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    save(home, answers=phq9(1), score=1, band="Minimal / none", safety_flag=True)
    path = tmp_path / "fine.json"
    path.write_text(json.dumps(export_json(cli, home)), encoding="utf-8")
    r = cli("import", str(path), env={"RECOVERY_HOME": str(tmp_path / "other")})
    assert r.exit_code == 0, r.stderr
    assert "recomputed" not in r.stderr


def test_every_export_recomputes_an_old_row_with_a_wrong_flag(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    save(home, answers=phq9(2, rest=1), score=3, band="Minimal / none", safety_flag=False)
    assert stored(home) == [("phq9", 3.0, "Minimal / none", 0)]  # the export changes nothing
    [row] = export_json(cli, home)["tables"]["assessments"]
    assert (row["score"], row["band"], row["safety_flag"]) == (10.0, "Moderate", 1)
    md = cli("export", "--format", "md", "-o", "-").stdout
    flat = " ".join(md.split())
    assert "1 with a safety flag (below)" in flat and ITEM9_WORDS in flat
    assert "(score 10) has an answer that asks for a conversation about safety: " in flat
    html = cli("export", "--format", "html", "-o", "-").stdout
    assert ITEM9_WORDS in " ".join(html.split())
    folder = tmp_path / "csv"
    assert cli("export", "-f", "csv", "-o", str(folder) + os.sep).exit_code == 0
    [q] = list(csv.DictReader(io.StringIO((folder / "questionnaires.csv").read_text("utf-8"))))
    assert (q["score"], q["band"], q["safety_flag"]) == ("10", "Moderate", "1")
    assert (q["safety_items"], q["safety_answers"]) == ("q9", ITEM9_WORDS)
    assert stored(home) == [("phq9", 3.0, "Minimal / none", 0)]


def test_pdf_names_the_item_and_the_answer(cli: Any, home: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    save(home, answers=phq9(2), score=2, band="Minimal / none", safety_flag=False)
    out = tmp_path / "r.pdf"
    assert cli("export", "--format", "pdf", "-o", str(out)).exit_code == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "item 9 (Thoughts that you would be better off dead or of hurting yourself in some " \
           "way): More than half the days" in text


def test_a_flag_is_dropped_only_when_every_answer_is_there(cli: Any, home: Path) -> None:
    # An older, partial PHQ-9 (no q8): its score is kept, its stored flag never dropped.
    partial = [(f"q{i}", 0.0) for i in range(1, 8)] + [("q9", 0.0)]
    save(home, answers=partial, score=0, band="Minimal / none", safety_flag=True, days_ago=4)
    # A complete one whose stored flag its answers don't support: corrected to no flag.
    save(home, answers=phq9(0), score=0, band="Minimal / none", safety_flag=True, days_ago=3)
    # A questionnaire file that is not loaded: left as stored.
    save(home, checklist="gone", answers=[("a", 3.0)], score=99, band="Odd", safety_flag=False,
         days_ago=2)
    rows = export_json(cli, home)["tables"]["assessments"]
    assert [(r["checklist"], r["score"], r["safety_flag"]) for r in rows] == [
        ("phq9", 0.0, 1), ("phq9", 0.0, 0), ("gone", 99.0, 0)]
    flat = " ".join(cli("export", "--format", "md", "-o", "-").stdout.split())
    assert "1 with a safety flag (below)" in flat
    assert "which item is not known from what is stored" in flat
