"""Medications, events and sessions on the demo home: trends, history, plan check, stage,
remind, every export format (the PDF's charts carry event markers: its text and a rendered
page), the JSON round trip through import, and the CSV files."""

from __future__ import annotations

import csv
import itertools
import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

DEMO: dict[str, Path] = {}


@pytest.fixture
def demo_home(cli: Any, home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo home (made once, copied for each test)."""
    if "home" not in DEMO:
        template = tmp_path_factory.mktemp("demo") / "home"
        r = cli("--home", str(template), "demo")
        assert r.exit_code == 0, r.stderr
        assert "2 medications (one dose change), 6 life events" in r.stdout
        DEMO["home"] = template
    shutil.copytree(DEMO["home"], home)
    return home


def ok(cli: Any, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stderr)
    return r


def test_demo_has_two_medications_with_a_change_six_events_and_sessions(cli: Any,
                                                                        demo_home: Path) -> None:
    meds = ok(cli, "meds", "list", "--json").json()
    assert [m["name"] for m in meds] == ["Sertraline", "Propranolol"]
    assert [d["dose"] for d in meds[0]["doses"]] == ["50 mg", "100 mg"]
    assert meds[1]["as_needed"] is True
    events = ok(cli, "event", "list", "--json").json()
    assert len([e for e in events if e["kind"] not in ("session", "medication")]) == 6
    sessions = ok(cli, "session", "list", "--json").json()
    days = [date.fromisoformat(s["date"]) for s in sessions["sessions"]]
    assert len(days) >= 6 and {(b - a).days for a, b in itertools.pairwise(days)} == {14}
    assert date.fromisoformat(sessions["next"]["date"]) > date.today()
    assert len(ok(cli, "session", "bring", "--json").json()) == 2


def test_trends_marks_events_under_the_sparklines(cli: Any, demo_home: Path) -> None:
    text = ok(cli, "trends", "--days", "90").stdout
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Events"))
    assert lines[row - 1].strip().startswith("one mark per")  # right under the sparklines
    legend = "\n".join(lines[row + 1:row + 20])
    assert "Work contract ended" in legend and "Sertraline changed to 100 mg" in legend
    doc = ok(cli, "trends", "--days", "90", "--json").json()
    assert any(e["source"] == "medication" for e in doc["events"])


def test_history_and_plan_check_show_missed_medication(cli: Any, demo_home: Path) -> None:
    rows = ok(cli, "history", "--days", "7", "--json").json()
    missed = [r for r in rows if r["medication_missed"]]
    assert missed and all(r["medication_missed"] == ["Sertraline"] for r in missed)
    assert all(r["as_needed"] is not None for r in rows)
    text = ok(cli, "history", "--days", "7").stdout
    assert "missed Sertraline" in text
    signs = ok(cli, "plan", "check", "--json").json()
    assert "missed medication on 2 of 7 days" in [s["rule"] for s in signs]


def test_stage_evidence_counts_sessions(cli: Any, demo_home: Path) -> None:
    doc = ok(cli, "stage", "--json").json()
    tools = doc["evidence"]["tools"]
    assert tools["sessions_days"] == 90 and tools["sessions_recent"] >= 6
    assert "Therapy sessions:" in ok(cli, "stage").stdout


def test_new_warning_rules(cli: Any, home: Path) -> None:
    from recovery_cli.plan import rules as warnings

    assert warnings.parse_rule("Missed meds on 2 of 7 days").text == \
        "missed medication on 2 of 7 days"
    assert warnings.parse_rule("no sessions for 21 days").text == "no session for 21 days"
    r = cli("plan", "add", "warning_signs", "x", "--rule", "missed medication on 8 of 7 days")
    assert r.exit_code == 2
    ok(cli, "plan", "add", "warning_signs", "Drifting from therapy", "--rule",
       "no session for 21 days")
    assert ok(cli, "plan", "check", "--json").json() == []  # never logged: nothing to say
    ok(cli, "session", "log", "--date", (date.today() - timedelta(days=22)).isoformat())
    [sign] = ok(cli, "plan", "check", "--json").json()
    assert sign["sign"] == "Drifting from therapy"
    ok(cli, "session", "log", "--date", "yesterday")
    assert ok(cli, "plan", "check", "--json").json() == []


def test_remind_the_day_before_the_appointment_not_in_quiet_hours(cli: Any, home: Path) -> None:
    from recovery_cli.reminders import schedule as reminders

    ok(cli, "session", "next", (date.today() + timedelta(days=1)).isoformat())
    due = ok(cli, "remind", "--json").json()["due"]
    [session] = [d for d in due if d["kind"] == "session"]
    assert session["message"] == ("Your appointment is tomorrow: `recovery session prep` gets a "
                                  "one-page summary ready.")
    settings = reminders.Settings("20:00", "22:00-08:00", (), 0)
    tomorrow = date.today() + timedelta(days=1)
    recorded = reminders.Recorded(next_session=tomorrow)
    quiet = datetime.combine(date.today(), datetime.min.time()).replace(hour=23)
    assert reminders.due_reminders(quiet, settings, recorded, {}) == []
    noon = quiet.replace(hour=12)
    assert [d.kind for d in reminders.due_reminders(noon, settings, recorded, {})] == ["session"]
    later = reminders.Recorded(next_session=tomorrow + timedelta(days=1))
    assert reminders.due_reminders(noon, settings, later, {}) == []


def test_markdown_and_html_show_medications_events_and_the_bring_list(
        cli: Any, demo_home: Path, tmp_path: Path) -> None:
    from html.parser import HTMLParser

    md = ok(cli, "export", "--format", "md", "--from", "90 days ago").stdout
    assert "## Medications" in md and "## Events" in md and "## For the next session" in md
    assert "| Sertraline | 50 mg |" in md and "100 mg" in md
    assert "Work contract ended" in md and "Ask whether the higher sertraline dose" in md
    out = tmp_path / "r.html"
    ok(cli, "export", "--format", "html", "--from", "90 days ago", "-o", str(out))
    page = out.read_text()

    class Markers(HTMLParser):
        count = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "g" and ("class", "marker") in attrs:
                self.count += 1

    parser = Markers()
    parser.feed(page)
    assert parser.count >= 2 * 12  # every event on both check-in charts (and questionnaires)
    assert "Work contract ended" in page and 'id="events"' in page


def test_pdf_charts_carry_event_markers(cli: Any, demo_home: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    ok(cli, "export", "--format", "pdf", "--from", "60 days ago", "-o", str(out))
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    assert "Medications" in text and "Events" in text and "For the next session" in text
    assert "The numbers are the markers on the charts." in text
    assert "Sertraline changed to 100 mg" in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(out),
                    str(tmp_path / "page")], check=True, timeout=60)
    from PIL import Image

    [png] = list(tmp_path.glob("page*.png"))
    img = Image.open(png).convert("RGB")
    w, h = img.size
    amber = sum(1 for x in range(w) for y in range(h)
                if (px := img.getpixel((x, y))) and isinstance(px, tuple)
                and px[0] > 170 and 90 < px[1] < 150 and px[2] < 80)
    assert amber > 20, "no amber event markers drawn on page 1's charts"


def test_csv_files_for_medications_doses_events_sessions_bring(cli: Any, demo_home: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "csv"
    ok(cli, "export", "--format", "csv", "--from", "120 days ago", "-o", f"{out}/")

    def read(name: str) -> list[dict[str, str]]:
        with (out / name).open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    assert [m["name"] for m in read("medications.csv")] == ["Sertraline", "Propranolol"]
    assert [(d["medication"], d["dose"], d["kind"]) for d in read("dose_changes.csv")] == [
        ("Sertraline", "100 mg", "change")]
    assert len(read("events.csv")) >= 7  # six events and the dose change
    assert all(s["with"] == "Dr Okafor" for s in read("sessions.csv"))
    assert len(read("bring_list.csv")) == 2


def test_json_round_trip_is_lossless(cli: Any, demo_home: Path, tmp_path: Path) -> None:
    ok(cli, "meds", "stop", "propranolol", "--why", "not needed")
    ok(cli, "event", "add", "Tagged", "--tag", "family", "--date", "yesterday")
    ok(cli, "session", "bring", "--done", "1")
    dump = tmp_path / "all.json"
    ok(cli, "export", "--format", "json", "--include-private", "-o", str(dump))
    tables = json.loads(dump.read_text())["tables"]
    for t in ("medications", "medication_doses", "medication_days", "medication_day_items",
              "events", "event_tags", "next_session", "bring_items"):
        assert tables[t], t
    other = tmp_path / "other"
    r = cli("import", str(dump), env={"RECOVERY_HOME": str(other)})
    assert r.exit_code == 0, r.stderr
    env = {"RECOVERY_HOME": str(other)}
    for args in (("meds", "list", "--all", "--json"), ("event", "list", "--json"),
                 ("session", "list", "--json"), ("session", "bring", "--list", "--all", "--json")):
        assert cli(*args, env=env).json() == cli(*args).json(), args

    def meds_of(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(r["date"], r["medication"], r["medication_missed"], r["as_needed"])
                for r in rows]

    history = ("history", "--days", "120", "--json")
    assert meds_of(cli(*history, env=env).json()) == meds_of(cli(*history).json())
    again = tmp_path / "again.json"
    assert cli("export", "--format", "json", "--include-private", "-o", str(again),
               env=env).exit_code == 0
    assert json.loads(again.read_text())["tables"] == tables
