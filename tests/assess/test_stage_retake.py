"""Issue 25: a retake that points lower than last time is met with a kind line and what helped
before (skills practised, plan steps, read from the record); results answered to the earlier
statements (version 1) are read with today's rule and marked as such."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from recovery_cli.core.checklists import load_checklists
from test_stage_profiles import PROFILES, _answers_arg


def _arg(name: str) -> str:
    cl = load_checklists(None).get("stages")
    return _answers_arg(cl, next(p for p in PROFILES if p["name"] == name))


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_a_lower_retake_gets_a_kind_line_with_what_helped_before(cli: Any) -> None:
    assert cli("skills", "practice", "box_breathing", "--helpful", "7").exit_code == 0
    assert cli("skills", "practice", "box_breathing", "--helpful", "6").exit_code == 0
    assert cli("plan", "add", "toolbox", "Walk by the river").exit_code == 0
    first = cli("assess", "take", "stages", "--answers", _arg("typical stage 5"))
    assert "Moving back" not in first.stdout
    again = cli("assess", "take", "stages", "--answers", _arg("typical stage 3"))
    assert again.exit_code == 0, again.stderr
    text = _flat(again.stdout)
    assert "Your answers point to an earlier stage than last time (stage 5 on" in text
    assert "Moving back is part of recovery, not a failure; here is what helped you before:" in text
    assert "Box breathing: practised 2 times" in text
    assert "From your plan: Walk by the river" in text
    panel = _flat(cli("stage").stdout)
    assert "Moving back is part of recovery" in panel and "Walk by the river" in panel
    doc = cli("stage", "--json")
    assert doc.json()["stage"] == 3  # stdout stays one JSON document; the line is on stderr
    assert "Moving back is part of recovery" in doc.stderr


def test_a_lower_retake_with_nothing_recorded_still_gets_the_kind_line(cli: Any) -> None:
    cli("assess", "take", "stages", "--answers", _arg("typical stage 4"))
    again = _flat(cli("assess", "take", "stages", "--answers", _arg("typical stage 2")).stdout)
    assert "Moving back is part of recovery, not a failure." in again
    assert "recovery skills list" in again


def test_a_higher_or_equal_retake_says_nothing_about_moving_back(cli: Any) -> None:
    cli("assess", "take", "stages", "--answers", _arg("typical stage 2"))
    up = cli("assess", "take", "stages", "--answers", _arg("typical stage 4"))
    same = cli("assess", "take", "stages", "--answers", _arg("typical stage 4"))
    assert "Moving back" not in up.stdout + same.stdout
    assert "Moving back" not in cli("stage").stdout


def _old_result(home: Path, shares: dict[str, float], stage: int) -> None:
    """A version-1 result as wave 1 stored it (a five-way tie read as stage 1)."""
    from recovery_cli.store import open_db
    from recovery_cli.store.assessments import save_result

    conn = open_db(home)
    try:
        save_result(conn, checklist="stages", checklist_version=1, kind="stage",
                    taken_at="2026-10-01T20:00:00+00:00", day="2026-10-01",
                    answers=[("s1_noticing", 0.0)], score=None,
                    band=f"Most like stage {stage}: Acknowledgment & Awareness",
                    percentage=None, safety_flag=False, stage=stage, subscales=shares)
    finally:
        conn.close()


def test_results_of_the_earlier_statements_are_read_with_todays_rule_and_marked(
    cli: Any, home: Path
) -> None:
    cli("config", "show")  # creates the home
    _old_result(home, {"1": 0.0, "2": 0.0, "3": 0.0, "4": 0.0, "5": 0.0}, 1)
    doc = cli("stage", "--json").json()
    assert doc["stage"] is None and doc["tied"] == [1, 2, 3, 4, 5]
    panel = _flat(cli("stage").stdout)
    assert "earlier version of the statements" in panel
    assert "most like stage 1" not in panel.lower()
    hist = cli("stage", "--history", "--json").json()
    assert hist[0]["checklist_version"] == 1 and hist[0]["stage"] is None
    table = cli("stage", "--history").stdout
    assert "*" in table and "earlier version of the statements" in _flat(table)
    hist = cli("assess", "history", "stages", "--json").json()
    assert (hist[0]["stage"], hist[0]["band"]) == (None, "No single stage (earlier statements)")
    assert "Most like stage 1" not in cli("assess", "history").stdout
    # the stored row itself is left as it was written
    conn = sqlite3.connect(home / "recovery.db")
    try:
        assert conn.execute("SELECT stage, checklist_version FROM assessments").fetchall() == [
            (1, 1)]
    finally:
        conn.close()


def test_a_retake_is_compared_only_with_the_same_statements(cli: Any, home: Path) -> None:
    cli("config", "show")
    _old_result(home, {"1": 0.1, "2": 0.1, "3": 0.1, "4": 0.1, "5": 0.9}, 5)
    again = cli("assess", "take", "stages", "--answers", _arg("typical stage 2"))
    assert again.exit_code == 0, again.stderr
    assert "Moving back" not in again.stdout


def test_a_guided_journal_prompt_after_a_tie_comes_from_a_near_stage(cli: Any) -> None:
    """No stage 1 by default: after 'near stages 4 and 5' the prompt is from stage 4 or 5."""
    from recovery_cli.core import paths
    from recovery_cli.core.checklists import load_model
    from recovery_cli.core.models import JournalPrompts

    data = load_model(paths.builtin_data_dir() / "journal_prompts.toml", JournalPrompts)
    near = set(data.for_stage(4).prompts) | set(data.for_stage(5).prompts)
    cli("assess", "take", "stages", "--answers", _arg("between stage 4 and 5"))
    for _ in range(4):
        entry_id = int(cli("journal", "write", "--prompt", "an answer").stdout)
        assert cli("journal", "show", str(entry_id), "--json").json()["title"] in near
