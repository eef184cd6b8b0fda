"""`recovery demo`: a made-up history that passes the same validation as real input, only in
an empty home, all or nothing."""

from __future__ import annotations

import itertools
import sqlite3
import statistics
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.core.records import CheckinDay
from recovery_cli.demo import content as demo_content
from recovery_cli.demo import history as demo
from recovery_cli.trends import window as trends

TODAY = date(2026, 5, 20)
TABLES = ("checkins", "entries", "assessments", "plan_items", "plan_contacts", "plan_texts",
          "life_values", "goals", "skill_practice")


def counts(home: Path) -> dict[str, int]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def checklists() -> Any:
    from recovery_cli.core.checklists import load_checklists

    return load_checklists(None)


def stage_items() -> list[int]:
    return [i.stage or 0 for i in checklists().get("stages").items]


# --- the generator (pure) -----------------------------------------------------------------


def test_same_seed_same_history_and_only_days_before_today() -> None:
    a = demo.generate(TODAY, 60, seed=3)
    b = demo.generate(TODAY, 60, seed=3)
    assert a == b
    assert a != demo.generate(TODAY, 60, seed=4)
    days = [c.day for c in a.checkins]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert days[0] >= (TODAY - timedelta(days=60)).isoformat()
    assert days[-1] == (TODAY - timedelta(days=1)).isoformat()  # today is left for the person
    assert 0.8 * 60 < len(days) < 60  # a few days without a check-in, as in life


@pytest.mark.parametrize("seed", [1, 7, 42])
@pytest.mark.parametrize("days", [14, 90, 365])
def test_every_checkin_answer_passes_the_checkin_validation(days: int, seed: int) -> None:
    from recovery_cli.checkin.logic import build_items, coerce

    data = demo.generate(TODAY, days, seed=seed, stage_items=stage_items())
    plan_options = {"plan.triggers": [t["text"] for t in data.plan["triggers"]],
                    "plan.toolbox": list(data.plan["toolbox"])}
    specs = {s.id: s for s in build_items(checklists().of_kind("checkin"), plan_options)}
    for c in data.checkins:
        assert "mood" in c.answers
        for item, text in c.answers.items():
            assert item in specs, item
            value = coerce(specs[item], text)  # raises InputError on anything a person couldn't type
            if specs[item].type == "multi":
                assert isinstance(value, list)
                assert value == [v for v in text.split(",") if v]  # built-in option values


def test_every_rule_parses_and_the_plan_fits_its_sections() -> None:
    from recovery_cli.plan import document as plan_model
    from recovery_cli.plan import rules as warnings

    plan = demo_content.demo_plan()
    for key, value in plan.items():
        spec = plan_model.leaf(key)
        if spec.kind == "pairs":
            for item in value:
                plan_model.clean_text(item["text"])
                if "rule" in item:
                    assert spec.has_rule
                    rule = warnings.parse_rule(
                        item["rule"], numbers={"mood", "energy", "sleep_hours", "sleep_quality",
                                               "anxiety"},
                        singles={"medication"}, multis={"symptoms", "triggers", "coping"},
                        instruments={"phq9", "gad7", "who5"})
                    assert rule.text == item["rule"]
        elif spec.kind == "contacts":
            for c in value:
                plan_model.check_phone(c["phone"])
    assert sum(1 for w in plan["warning_signs"] if w.get("rule")) >= 4


def test_questionnaire_answers_pass_scoring_and_follow_mood() -> None:
    from recovery_cli.assess import scoring
    from recovery_cli.assess import stage as stage_logic

    data = demo.generate(TODAY, 120, stage_items=stage_items())
    cls = checklists()
    by_day: dict[str, dict[str, float]] = {}
    read: list[int | None] = []
    for a in data.assessments:
        cl = cls.get(a.checklist)
        answers = scoring.parse_answers(cl, a.answers)  # what `assess take --answers` runs
        result = scoring.score(cl, answers)
        assert not result.safety_flag
        if a.checklist == "stages":
            read.append(stage_logic.profile(cl, answers).stage)
        else:
            assert result.score is not None
            by_day.setdefault(a.day, {})[a.checklist] = result.score
    taken = sorted(by_day)
    assert len(taken) >= 8  # every two weeks over 120 days
    gaps = {(date.fromisoformat(b) - date.fromisoformat(a)).days
            for a, b in itertools.pairwise(taken)}
    assert gaps == {demo.ASSESS_EVERY}
    # PHQ-9 is highest (worst) and WHO-5 lowest around the rough patch, compared with the end.
    moods = {c.day: float(c.answers["mood"]) for c in data.checkins}
    worst = max(taken, key=lambda d: by_day[d]["phq9"])
    assert by_day[worst]["phq9"] > by_day[taken[-1]]["phq9"]
    assert by_day[worst]["who5"] < by_day[taken[-1]]["who5"]
    near = [m for d, m in moods.items() if abs((date.fromisoformat(d) -
                                                 date.fromisoformat(worst)).days) <= 7]
    assert statistics.fmean(near) < statistics.fmean(moods.values())
    stages = [a for a in data.assessments if a.checklist == "stages"]
    assert len(stages) == 2
    assert read == [2, 3]  # a coherent reading: stage 2 in the rough patch, 3 recently


def _days(data: demo.DemoData) -> list[CheckinDay]:
    out = []
    for c in data.checkins:
        values: dict[str, float | str] = {}
        choices: dict[str, list[str]] = {}
        for k, v in c.answers.items():
            if k in ("symptoms", "triggers", "coping"):
                choices[k] = [x for x in v.split(",") if x]
            elif k in ("medication", "note"):
                values[k] = v
            else:
                values[k] = float(v)
        out.append(CheckinDay(c.day, values, choices))
    return out


def test_the_story_has_the_patterns_trends_look_for() -> None:
    data = demo.generate(TODAY, 365, seed=11)
    days = _days(data)
    t = trends.compute(TODAY, 365, days)

    def diff(kind: str, choice: str | None, lag: str = trends.LAG_SAME) -> float:
        return next(a.difference for a in t.associations
                    if a.kind == kind and a.choice == choice and a.lag == lag)

    assert diff("coping", "walk") > 0.5
    assert diff("triggers", "conflict") < -0.5
    assert diff("sleep", None) > 0.3
    assert diff("medication", None, trends.LAG_NEXT) > 0
    by = {w.weekday: w.average or 0 for w in t.weekdays}
    assert by["Saturday"] > by["Monday"]
    # A rough patch in the middle, and recovery by the end.
    moods = [d.number("mood") or 0 for d in days]
    third = len(moods) // 3
    middle = moods[int(len(moods) * 0.4):int(len(moods) * 0.55)]
    assert statistics.fmean(middle) < statistics.fmean(moods[:third]) - 1
    assert statistics.fmean(moods[-third:]) > statistics.fmean(middle) + 1
    assert sum(e.private for e in data.entries) == 2
    assert all(e.tags for e in data.entries)


# --- the command ----------------------------------------------------------------------------


def test_demo_fills_a_fresh_home_and_suggests_the_tour(cli: Any, home: Path) -> None:
    r = cli("demo", "--days", "60")
    assert r.exit_code == 0, r.stderr
    n = counts(home)
    assert n["checkins"] > 45 and n["entries"] > 5 and n["assessments"] >= 12
    assert n["plan_items"] > 10 and n["plan_contacts"] == 2
    assert n["life_values"] == 3 and n["goals"] == 2 and n["skill_practice"] > 0
    for cmd in ("recovery trends", "recovery stage", "recovery plan check",
                "recovery export --format html"):
        assert cmd in r.stdout
    assert f"{n['checkins']} evening check-ins" in r.stdout
    assert str(home) in r.stdout
    leftovers = [p.name for p in home.iterdir() if p.name.startswith(".demo-")]
    assert leftovers == []


def test_demo_data_is_stored_like_real_input(cli: Any, home: Path) -> None:
    assert cli("demo", "--days", "30").exit_code == 0
    conn = sqlite3.connect(home / "recovery.db")
    try:
        sources = {r[0] for r in conn.execute("SELECT DISTINCT source FROM checkins")}
        rules = [r[0] for r in conn.execute(
            "SELECT rule FROM plan_items WHERE rule IS NOT NULL ORDER BY position")]
        stage_rows = conn.execute("SELECT count(*) FROM assessments WHERE kind = 'stage' "
                                  "AND stage IS NOT NULL").fetchone()[0]
        private = conn.execute("SELECT count(*) FROM entries WHERE private = 1").fetchone()[0]
    finally:
        conn.close()
    assert sources == {"demo"}
    assert "mood <= 3 for 3 days" in rules and "phq9 deterioration" in rules
    assert stage_rows == 2 and private >= 1
    # The other commands read it back as they read real input.
    hist = cli("history", "--days", "7", "--json")
    assert hist.exit_code == 0 and len(hist.json()) >= 5
    doc = cli("stage", "--json").json()
    assert (doc["stage"], doc["tied"]) == (3, [])
    panel = cli("stage").stdout  # the demo's reading is shown with its profile
    assert "most like stage 3" in panel and "◀" in panel
    assert sum(1 for line in panel.splitlines() if "%" in line and "░" in line) == 5
    check = cli("plan", "check", "--json")
    assert check.exit_code == 0
    assert any("sleep_hours < 5" in m["rule"] for m in check.json())
    tr = cli("trends", "--json")
    assert tr.exit_code == 0 and tr.json()["checkins"] >= 20 and tr.json()["assessments"]
    assert cli("journal", "list", "--json").exit_code == 0


def test_demo_refuses_a_home_with_data_and_changes_nothing(cli: Any, home: Path) -> None:
    assert cli("checkin", "--mood", "5").exit_code == 0
    before = counts(home)
    db = (home / "recovery.db").read_bytes()
    r = cli("demo")
    assert r.exit_code == 1
    assert "already has data" in r.stderr and "nothing was changed" in r.stderr
    assert counts(home) == before
    assert (home / "recovery.db").read_bytes() == db


@pytest.mark.parametrize("args", [("journal", "write", "just one line"),
                                  ("plan", "add", "toolbox", "Music")])
def test_any_data_at_all_makes_a_home_non_empty(cli: Any, home: Path, args: tuple[str, ...]) -> None:
    assert cli(*args).exit_code == 0
    assert cli("demo").exit_code == 1
    assert counts(home)["checkins"] == 0


def test_demo_twice_is_refused_the_second_time(cli: Any, home: Path) -> None:
    assert cli("demo", "--days", "20").exit_code == 0
    before = counts(home)
    assert cli("demo", "--days", "20").exit_code == 1
    assert counts(home) == before


def test_a_home_with_only_settings_counts_as_empty(cli: Any, home: Path) -> None:
    assert cli("config", "set", "streaks", "true").exit_code == 0
    assert cli("demo", "--days", "20").exit_code == 0
    out = cli("trends").stdout
    assert "Days logged in the last 30:" in out


def test_a_value_real_input_would_refuse_stops_the_demo_before_anything_lands(
        cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = demo.generate

    def broken(*a: Any, **k: Any) -> demo.DemoData:
        data = real(*a, **k)
        bad = demo.DemoCheckin(data.checkins[-1].day, data.checkins[-1].at,
                               {**data.checkins[-1].answers, "mood": "11"})
        return demo.DemoData([*data.checkins[:-1], bad], *[getattr(data, f) for f in (
            "entries", "assessments", "plan", "values", "goals", "practices", "plan_at")])

    monkeypatch.setattr(demo, "generate", broken)
    r = cli("demo", "--days", "20")
    assert r.exit_code == 1  # not the person's input: a request that can't be done
    assert "--mood" in r.stderr and "Nothing was added" in r.stderr
    assert all(v == 0 for v in counts(home).values())
    assert not [p for p in home.iterdir() if p.name.startswith(".demo-")]


def test_interrupted_demo_leaves_the_home_empty(cli: Any, home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import demo_writes

    def interrupted(source: Any, target: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_writes, "copy_into", interrupted)
    r = cli("demo", "--days", "20")
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr.lower()
    assert all(v == 0 for v in counts(home).values())


def test_demo_days_bounds(cli: Any, home: Path) -> None:
    assert cli("demo", "--days", "3").exit_code == 2
    assert not (home / "recovery.db").exists() or all(v == 0 for v in counts(home).values())
