"""Issue 16's content corrections: what a person and a script see.

(The verbatim instrument texts are checked in test_instruments_text.py.)
"""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys
from export_seed import seed
from recovery_cli.core import clock
from recovery_cli.store import assessments, open_db, transaction
from recovery_cli.tools.skills import load_skills

# Two full stops in a row that are not part of an ellipsis ("distribute.. Released").
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)")


def test_assess_list_json_says_which_items_are_scored(cli: Any) -> None:
    doc = {c["id"]: c for c in cli("assess", "list", "--json").json()}
    for cid in ("phq9", "gad7"):
        items = doc[cid]["items"]
        assert [i["scored"] for i in items] == [True] * (len(items) - 1) + [False], cid
        assert items[-1]["id"] == "difficulty"
    assert all(i["scored"] for i in doc["who5"]["items"] + doc["gad2"]["items"])
    assert all(set(i) >= {"id", "text", "scored"} for c in doc.values() for i in c["items"])


def test_gad7_takes_its_difficulty_question_unscored(cli: Any) -> None:
    seven = cli("assess", "take", "gad7", "--answers", "1,1,1,1,1,1,1", "--json")
    assert seven.exit_code == 0, seven.stderr
    eight = cli("assess", "take", "gad7", "--answers", "1,1,1,1,1,1,1,3", "--json").json()
    assert eight["score"] == 7 and eight["answers"]["difficulty"] == 3
    bad = cli("assess", "take", "gad7", "--answers", "1,1,1,1,1,1,1,4")
    assert bad.exit_code == 2 and "difficulty" in bad.stderr


def test_who5_shows_its_instruction_before_the_questions(cli: Any, keys: Any) -> None:
    keys(Keys.ENTER * 5)  # "All of the time" for each statement
    r = cli("assess", "take", "who5")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    instruction = ("Please indicate for each of the five statements which is closest to how you "
                   "have been feeling over the last two weeks. Notice that higher numbers mean "
                   "better well-being.")
    assert instruction in text
    assert text.index(instruction) < text.index("Over the last two weeks…")


def test_tipp_caution_covers_heart_eating_disorders_and_cold_allergy(cli: Any) -> None:
    text = " ".join(cli("skills", "show", "tipp").stdout.split())
    for words in ("heart condition", "low resting heart rate", "beta-blockers",
                  "eating disorder", "allergic to cold"):
        assert words in text, words
    assert "Where it comes from: Marsha M. Linehan" in text


def test_urge_surfing_points_to_the_safety_plan_and_crisis(cli: Any) -> None:
    text = " ".join(cli("skills", "show", "urge_surfing").stdout.split())
    assert "If the urge is to harm yourself" in text
    assert "recovery plan show safety" in text and "recovery crisis" in text


def test_problem_solving_ends_by_reviewing_how_it_went() -> None:
    skill = load_skills(None).skills["problem_solving"]
    assert "review how it went" in skill.steps[-1].text
    assert skill.steps[-1].fields == ["review"]


CREDITED = {
    "tipp": "Linehan", "check_the_facts": "Linehan", "opposite_action": "Linehan",
    "dear_man": "Linehan", "stop": "Linehan", "self_compassion_break": "Neff",
    "urge_surfing": "Marlatt", "thought_record": "Beck", "cognitive_distortions": "Beck",
    "behavioural_activation": "Lewinsohn", "problem_solving": "D'Zurilla",
    "body_scan": "Kabat-Zinn", "values_action": "Hayes",
}


def test_every_builtin_skill_credits_where_it_comes_from(cli: Any) -> None:
    lib = load_skills(None)
    assert lib.errors == []
    for skill in lib.skills.values():
        assert skill.credit, skill.id
    for sid, name in CREDITED.items():
        assert name in lib.skills[sid].credit, sid
        assert name in cli("skills", "show", sid, "--json").json()["credit"]
    assert "Martell" in lib.skills["behavioural_activation"].credit
    assert "Nezu" in lib.skills["problem_solving"].credit


def test_an_own_skill_file_saying_attribution_still_loads(cli: Any, home: Path) -> None:
    folder = home / "skills"
    folder.mkdir(parents=True)
    (folder / "walk.toml").write_text(
        'id = "walk"\ntitle = "A walk"\ncategory = "values"\nstage = 4\nsummary = "Walk."\n'
        'attribution = "My therapist"\nsteps = ["Shoes on.", "Out the door."]\n')
    r = cli("skills", "show", "walk")
    assert r.exit_code == 0, r.stderr
    assert "Where it comes from: My therapist" in " ".join(r.stdout.split())


def _history_with_every_notice(home: Path) -> None:
    """The seed, plus a WHO-5 result (its notice once read "Zealand.. Public domain") and a
    practised skill (credited in the end matter)."""
    today = seed(home)
    day = today - timedelta(days=4)
    taken = clock.iso(datetime.combine(day, time(9)).astimezone())
    conn = open_db(home)
    assessments.save_result(
        conn, checklist="who5", checklist_version=1, kind="instrument", taken_at=taken,
        day=day.isoformat(), answers=[(f"q{i}", 3.0) for i in range(1, 6)], score=15,
        band="Not in the poor well-being range", percentage=60, safety_flag=False)
    with transaction(conn):
        conn.execute("INSERT INTO skill_practice (skill, practiced_at, day, helpful, note) "
                     "VALUES ('tipp', ?, ?, 4, '')", (taken, day.isoformat()))
    conn.close()


@pytest.mark.parametrize("fmt", ["md", "html", "csv-folder", "pdf"])
def test_no_report_format_doubles_a_full_stop(cli: Any, home: Path, tmp_path: Path,
                                              fmt: str) -> None:
    _history_with_every_notice(home)
    if fmt in ("md", "html"):
        r = cli("export", "--format", fmt, "-o", "-")
        assert r.exit_code == 0, r.stderr
        text = r.stdout
        assert "Psychiatric Centre North Zealand" in text
        assert "Linehan" in text  # the practised skill's credit
    elif fmt == "pdf":
        from pypdf import PdfReader

        out = tmp_path / "r.pdf"
        assert cli("export", "--format", "pdf", "-o", str(out)).exit_code == 0
        text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "Linehan" in " ".join(text.split())
    else:
        folder = tmp_path / "csv"
        assert cli("export", "--format", "csv", "-o", str(folder) + os.sep).exit_code == 0
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))
    flat = " ".join(text.split())
    assert DOUBLED.search(flat) is None, DOUBLED.findall(flat)[:3]
    if fmt == "md":
        assert "distribute. Released by Pfizer" in flat
        assert "North Zealand. Public domain." in flat


def test_the_sentence_joiner_never_doubles_a_stop() -> None:
    from recovery_cli.export.report import sentences

    assert sentences("Ends with a stop.", "No stop", "", "Ends (with a bracket)") == (
        "Ends with a stop. No stop. Ends (with a bracket).")
    assert sentences("Wait…", " Spaces. ") == "Wait… Spaces."
