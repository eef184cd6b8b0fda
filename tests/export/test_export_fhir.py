"""recovery export --format fhir: a FHIR R4 Bundle that the library validates, LOINC codes
that match the table cited in docs/FHIR.md (panel on the response, total score on the
observation), answers that come back exactly, and the usual export promises (period, 0600,
no overwrite, no partial file, kind messages)."""

from __future__ import annotations

import json
import re
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import tz_env
from recovery_cli.core import clock
from recovery_cli.store import assessments, open_db

ROOT = Path(__file__).resolve().parents[2]

# The right pairs, written out here independently of export/fhir_codes.py (sources: the
# loinc.org pages cited in docs/FHIR.md). GAD-2 and WHO-5 have no verified LOINC panel or
# total-score code: they must be sent without one, never with a guessed one.
PAIRS = {
    "phq9": ("44249-1", "44261-6"),
    "phq2": ("55757-9", "55758-7"),
    "gad7": ("69737-5", "70274-6"),
}
UNCODED = {"gad2", "who5"}
PHQ9_ITEMS = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
              "44253-3", "44260-8"]
GAD7_ITEMS = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
ANSWERS = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}

OWN = """id = "evening"
title = "Evening"
kind = "instrument"
scale = [{ value = 0, label = "No" }, { value = 1, label = "Yes" }]
[scoring]
method = "sum"
[[items]]
id = "calm"
text = "Did you feel calm?"
"""


def at(d: date, hour: int = 10) -> str:
    return clock.iso(datetime.combine(d, time(hour)).astimezone())


def seed(home: Path, today: date) -> None:
    """One result of every instrument (PHQ-9 with item 9 answered), a stage self-assessment,
    a result of the person's own checklist, and an old PHQ-2 outside the default period."""
    (home / "checklists").mkdir(parents=True, exist_ok=True)
    (home / "checklists" / "evening.toml").write_text(OWN, encoding="utf-8")
    conn = open_db(home)
    d = today - timedelta(days=3)

    def save(checklist: str, answers: list[tuple[str, float]], score: float | None, *,
             band: str | None = None, kind: str = "instrument", day: date = d, hour: int = 10,
             percentage: float | None = None, flag: bool = False) -> None:
        assessments.save_result(
            conn, checklist=checklist, checklist_version=1, kind=kind, taken_at=at(day, hour),
            day=day.isoformat(), answers=answers, score=score, band=band,
            percentage=percentage, safety_flag=flag)

    phq9 = [(f"q{i}", float(i % 4)) for i in range(1, 9)] + [("q9", 1.0), ("difficulty", 2.0)]
    save("phq9", phq9, 13, band="Moderate", flag=True, hour=9)
    save("phq2", [("q1", 2.0), ("q2", 1.0)], 3, band="Positive screen", hour=10)
    save("gad7", [(f"q{i}", float((i + 1) % 4)) for i in range(1, 8)] + [("difficulty", 1.0)],
         11, band="Moderate", hour=11)
    save("gad2", [("q1", 0.0), ("q2", 3.0)], 3, band="Positive screen", hour=12)
    save("who5", [("q1", 5.0), ("q2", 4.0), ("q3", 2.0), ("q4", 0.0), ("q5", 1.0)], 12,
         band="Poor well-being (raw score below 13)", percentage=48, hour=13)
    save("stages", [("s1", 1.0), ("s2", 3.0)], None, kind="stage", hour=14)
    save("evening", [("calm", 1.0)], 1, hour=15)
    save("phq2", [("q1", 0.0), ("q2", 0.0)], 0, band="Negative screen",
         day=today - timedelta(days=90))
    conn.close()


@pytest.fixture
def seeded(home: Path) -> date:
    today = clock.today()
    seed(home, today)
    return today


def export(cli: Any, out: Path, *args: str) -> tuple[dict[str, Any], str]:
    r = cli("export", "--format", "fhir", "-o", str(out), *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(out.read_text(encoding="utf-8")), r.stderr


def resources(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_with_the_library_for_every_instrument(cli: Any, seeded: date,
                                                                 tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    out = tmp_path / "bundle.json"
    data, err = export(cli, out)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    responses = resources(data, "QuestionnaireResponse")
    got = sorted(r["identifier"]["value"].split("/")[0] for r in responses)
    assert got == ["gad2", "gad7", "phq2", "phq9", "who5"]  # no stage, no own checklist
    for r in responses:
        QuestionnaireResponse.model_validate(r)
    observations = resources(data, "Observation")
    assert len(observations) == 5
    for o in observations:
        Observation.model_validate(o)
        assert o["category"][0]["coding"][0]["code"] == "survey"
        assert o["valueQuantity"]["code"] == "{score}"
    assert "stage self-assessment is not in the FHIR bundle" in err
    assert "own checklists" in err
    assert "Evening" not in out.read_text() and "stages" not in out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_loinc_pairs_match_the_cited_table(cli: Any, seeded: date, tmp_path: Path) -> None:
    data, _ = export(cli, tmp_path / "b.json")
    by_url = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    seen = set()
    for obs in resources(data, "Observation"):
        qr = by_url[obs["derivedFrom"][0]["reference"]]
        checklist = qr["identifier"]["value"].split("/")[0]
        seen.add(checklist)
        codings = obs["code"].get("coding", [])
        if checklist in UNCODED:
            assert "questionnaire" not in qr and codings == []
            continue
        panel, total = PAIRS[checklist]
        assert qr["questionnaire"] == f"http://loinc.org/q/{panel}"
        assert [(c["system"], c["code"]) for c in codings] == [("http://loinc.org", total)]
        assert panel != total
    assert seen == set(PAIRS) | UNCODED
    # The documented table says the same.
    doc = (ROOT / "docs" / "FHIR.md").read_text(encoding="utf-8")
    for checklist, (panel, total) in PAIRS.items():
        title = {"phq9": "PHQ-9", "phq2": "PHQ-2", "gad7": "GAD-7"}[checklist]
        assert re.search(rf"^\| {re.escape(title)} \| {panel} \| {total} \|", doc, re.M), title


def test_item_and_answer_codes(cli: Any, seeded: date, tmp_path: Path) -> None:
    data, _ = export(cli, tmp_path / "b.json")
    qrs = {r["identifier"]["value"].split("/")[0]: r for r in resources(data, "QuestionnaireResponse")}
    phq9 = qrs["phq9"]["item"]
    assert [i["linkId"] for i in phq9] == [*PHQ9_ITEMS, "difficulty"]
    item9 = phq9[8]["answer"][0]["valueCoding"]
    assert (item9["system"], item9["code"], item9["display"]) == (
        "http://loinc.org", "LA6569-3", "Several days")
    assert phq9[9]["answer"][0] == {"valueInteger": 2}  # no verified code: sent uncoded
    assert [i["linkId"] for i in qrs["gad7"]["item"]] == [*GAD7_ITEMS, "difficulty"]
    assert [i["linkId"] for i in qrs["gad2"]["item"]] == GAD7_ITEMS[:2]
    assert [i["linkId"] for i in qrs["phq2"]["item"]] == PHQ9_ITEMS[:2]
    for checklist in ("phq9", "phq2", "gad7", "gad2"):
        for item in qrs[checklist]["item"]:
            if item["linkId"] != "difficulty":
                assert item["answer"][0]["valueCoding"]["code"] in ANSWERS
    assert [i["answer"][0] for i in qrs["who5"]["item"]] == [
        {"valueInteger": v} for v in (5, 4, 2, 0, 1)]


def test_answers_round_trip(cli: Any, seeded: date, home: Path, tmp_path: Path) -> None:
    from recovery_cli.export import fhir

    data, _ = export(cli, tmp_path / "b.json")
    back = fhir.read_answers(data)
    conn = open_db(home)
    stored = [r for r in assessments.history(conn, start=(seeded - timedelta(days=29)).isoformat())
              if r.checklist in {*PAIRS, *UNCODED}]
    conn.close()
    assert len(back) == len(stored) == 5
    for (checklist, authored, answers), rec in zip(back, stored, strict=True):
        assert checklist == rec.checklist
        assert answers == rec.answers
        assert datetime.fromisoformat(authored) == datetime.fromisoformat(rec.taken_at)
    # LOINC-coded answers carry their meaning: the code maps back to the stored number.
    phq9 = next(r for r in resources(data, "QuestionnaireResponse")
                if r["identifier"]["value"].startswith("phq9/"))
    assert [ANSWERS[i["answer"][0]["valueCoding"]["code"]] for i in phq9["item"][:9]] == [
        1, 2, 3, 0, 1, 2, 3, 0, 1]


def test_scores_bands_safety_and_who5_percentage(cli: Any, seeded: date, tmp_path: Path) -> None:
    data, _ = export(cli, tmp_path / "b.json")
    obs = {o["code"]["text"]: o for o in resources(data, "Observation")}
    phq9 = obs["PHQ-9 total score"]
    assert phq9["valueQuantity"]["value"] == 13
    assert phq9["interpretation"] == [{"text": "Moderate"}]
    notes = " ".join(n["text"] for n in phq9["note"])
    assert "Safety" in notes and "better off dead" in notes and "Several days (1)" in notes
    who5 = obs["WHO-5 Well-Being Index total score"]
    assert who5["valueQuantity"]["value"] == 12
    assert who5["component"][0]["valueQuantity"] == {
        "value": 48, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}
    assert not any("Safety" in n["text"] for n in obs["GAD-7 total score"]["note"])


def test_period_from_to(cli: Any, seeded: date, tmp_path: Path) -> None:
    old = seeded - timedelta(days=90)
    data, _ = export(cli, tmp_path / "old.json", "--from", (old - timedelta(days=1)).isoformat(),
                     "--to", (old + timedelta(days=1)).isoformat())
    responses = resources(data, "QuestionnaireResponse")
    assert [r["identifier"]["value"].split("/")[0] for r in responses] == ["phq2"]
    data, _ = export(cli, tmp_path / "all.json", "--from", old.isoformat())
    assert len(resources(data, "QuestionnaireResponse")) == 6


def test_anonymous_patient_is_stable_and_name_is_optional(cli: Any, seeded: date, home: Path,
                                                          tmp_path: Path) -> None:
    a, _ = export(cli, tmp_path / "a.json")
    b, _ = export(cli, tmp_path / "b.json")
    pa, pb = resources(a, "Patient"), resources(b, "Patient")
    assert len(pa) == 1 and pa[0]["id"] == pb[0]["id"]
    assert "name" not in pa[0] and set(pa[0]) == {"resourceType", "id"}
    assert (home / "fhir-patient-id").read_text().strip() == pa[0]["id"]
    assert stat.S_IMODE((home / "fhir-patient-id").stat().st_mode) == 0o600
    ref = f"urn:uuid:{pa[0]['id']}"
    assert all(r["subject"]["reference"] == ref for r in resources(a, "QuestionnaireResponse"))
    named, _ = export(cli, tmp_path / "n.json", "--name", "  Alex Example ")
    assert resources(named, "Patient")[0]["name"] == [{"text": "Alex Example"}]


def test_empty_period_still_a_valid_bundle(cli: Any, tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    data, err = export(cli, tmp_path / "empty.json")
    Bundle.model_validate(data)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == ["Patient"]
    assert "No questionnaire results in this period" in err


def test_stdout_without_o(cli: Any, seeded: date) -> None:
    r = cli("export", "--format", "fhir")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["resourceType"] == "Bundle"


def test_bad_input(cli: Any, seeded: date, tmp_path: Path) -> None:
    r = cli("export", "--format", "md", "--name", "Alex")
    assert r.exit_code == 2 and "--name is only used with --format fhir" in r.stderr
    r = cli("export", "--format", "fhir", "--name", "  ", "-o", str(tmp_path / "x.json"))
    assert r.exit_code == 2 and not (tmp_path / "x.json").exists()
    target = tmp_path / "exists.json"
    target.write_text("mine")
    r = cli("export", "--format", "fhir", "-o", str(target))
    assert r.exit_code == 1 and "already exists" in r.stderr and target.read_text() == "mine"
    assert r.stderr.strip().count("\n") == 0  # the one clear line, no notes about contents
    assert cli("export", "--format", "fhir", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["resourceType"] == "Bundle"
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    r = cli("export", "--format", "fhir", "-o", str(blocker / "b.json"))
    assert r.exit_code == 1 and str(blocker) in r.stderr and "Traceback" not in r.stderr
    r = cli("export", "--format", "fhir", "--from", "2026-11-10", "--to", "2026-11-01")
    assert r.exit_code == 2
    for extra in (["--include-private"], ["--tag", "work"], ["--section", "journal"]):
        r = cli("export", "--format", "fhir", "-o", str(tmp_path / "y.json"), *extra)
        assert r.exit_code == 2 and "never the journal" in r.stderr, extra
        assert not (tmp_path / "y.json").exists()


def test_ctrl_c_while_rendering_leaves_no_file(cli: Any, seeded: date, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.export import fhir

    def interrupted(bundle: Any) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(fhir, "render", interrupted)
    folder = tmp_path / "out"
    folder.mkdir()
    r = cli("export", "--format", "fhir", "-o", str(folder / "b.json"))
    assert r.exit_code == 130
    assert list(folder.iterdir()) == []


def test_no_journal_or_checkin_in_the_bundle(cli: Any, seeded: date, tmp_path: Path) -> None:
    assert cli("journal", "write", "Open-entry-text-XYZ").exit_code == 0
    assert cli("journal", "write", "Private-entry-text-XYZ", "--private").exit_code == 0
    assert cli("checkin", "--mood", "4", "--note", "Checkin-note-XYZ").exit_code == 0
    out = tmp_path / "b.json"
    export(cli, out)
    text = out.read_text(encoding="utf-8")
    assert "XYZ" not in text


def test_round_trip_of_an_answer_off_the_scale(cli: Any, home: Path, tmp_path: Path) -> None:
    """An older result with half-point answers (tests/export_seed.py) has no LOINC answer
    code for 0.5: it is sent as valueDecimal under the item's own id and still comes back."""
    from export_seed import seed as seed_report
    from recovery_cli.export import fhir

    seed_report(home)
    data, _ = export(cli, tmp_path / "b.json")
    conn = open_db(home)
    stored = {r.taken_at: r.answers for r in assessments.history(conn, checklist="phq9")}
    conn.close()
    back = fhir.read_answers(data)
    assert len(back) == len(stored) == 2
    for _, authored, answers in back:
        match = [a for t, a in stored.items()
                 if datetime.fromisoformat(t) == datetime.fromisoformat(authored)]
        assert match == [answers]
    assert any(0.5 in answers.values() for _, _, answers in back)


def imported_by(args: list[str], home: Path, out: Path) -> tuple[set[str], Any]:
    """The modules a real run of `recovery ARGS` imported (tests/cli/test_startup.py's wrapper,
    with this checkout's src first on the path)."""
    import subprocess
    import sys

    from conftest import IMPORTS_WRAPPER

    env = {"PATH": "/usr/bin:/bin", "HOME": str(home.parent), "RECOVERY_HOME": str(home),
           "PYTHONPATH": str(ROOT / "src"), **tz_env()}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_WRAPPER.format(out=str(out)), json.dumps(args)],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    return set(json.loads(out.read_text())), done


@pytest.mark.parametrize("args", [["export"], ["export", "-f", "json"], ["checkin", "--help"]])
def test_fhir_library_only_on_its_path(args: list[str], seeded: date, home: Path,
                                       tmp_path: Path) -> None:
    modules, done = imported_by(args, home, tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert not any(m.split(".")[0] in ("fhir", "fhir_core") for m in modules)
    # The guard can fail: the FHIR path does import it.
    modules, done = imported_by(["export", "-f", "fhir"], home, tmp_path / "fhir.json")
    assert done.returncode == 0, done.stderr
    assert "fhir.resources.R4B.bundle" in modules
