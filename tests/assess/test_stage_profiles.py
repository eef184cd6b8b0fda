"""The stage evaluation rule against written profiles (tests/data/stage_profiles.toml): one
typical person per stage, people in between, uniform and random responders, each with the
reading the rule must give. Also through the real CLI, so `assess take` and `stage --json`
agree with the data set."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.assess import stage
from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.models import Checklist

DATA = Path(__file__).parents[1] / "data" / "stage_profiles.toml"
PROFILES: list[dict[str, Any]] = tomllib.loads(DATA.read_text(encoding="utf-8"))["profiles"]


@pytest.fixture(scope="module")
def stages() -> Checklist:
    return load_checklists(None).get("stages")


def item_answers(cl: Checklist, per_stage: dict[str, list[int]]) -> dict[str, float]:
    """The profile's answers keyed by item id (each stage's list in its items' order)."""
    seen: dict[int, int] = {}
    out: dict[str, float] = {}
    for item in cl.items:
        assert item.stage is not None
        k = seen.get(item.stage, 0)
        out[item.id] = float(per_stage[str(item.stage)][k])
        seen[item.stage] = k + 1
    return out


def test_the_data_set_covers_what_the_rule_must_handle() -> None:
    assert len(PROFILES) >= 10
    expected = [p["expected"] for p in PROFILES]
    assert {1, 2, 3, 4, 5} <= set(expected)
    names = " ".join(p["name"] for p in PROFILES)
    assert names.count("between") >= 2
    assert "all 0" in names and "all 5" in names and "random" in names
    for p in PROFILES:
        assert sorted(p["answers"]) == ["1", "2", "3", "4", "5"]
        assert all(len(v) == 6 and all(0 <= x <= 5 for x in v) for v in p["answers"].values())


@pytest.mark.parametrize("person", PROFILES, ids=[p["name"] for p in PROFILES])
def test_each_written_profile_gets_its_expected_reading(
    stages: Checklist, person: dict[str, Any]
) -> None:
    p = stage.profile(stages, item_answers(stages, person["answers"]))
    if person["expected"] == "none":
        assert p.stage is None, (person["name"], p.scores)
        assert p.tied == person["tied"], (person["name"], p.scores)
    else:
        assert p.stage == person["expected"], (person["name"], p.scores)
        assert p.tied == []
        assert p.margin >= stage.MARGIN - 1e-9


def _answers_arg(cl: Checklist, person: dict[str, Any]) -> str:
    by_id = item_answers(cl, person["answers"])
    return ",".join(str(int(by_id[i.id])) for i in cl.items)


def _person(name: str) -> dict[str, Any]:
    return next(p for p in PROFILES if p["name"] == name)


def test_a_stage_5_person_is_read_as_stage_5_through_the_cli(cli: Any, stages: Checklist) -> None:
    """Issue 25: a maintenance-stage respondent was 'most like stage 2'."""
    for name in ("typical stage 5", "stage 5 with ongoing therapy"):
        taken = cli("assess", "take", "stages", "--answers",
                    _answers_arg(stages, _person(name)), "--json")
        assert taken.exit_code == 0, taken.stderr
        assert taken.json()["reading"]["stage"] == 5
        assert taken.json()["band"] == "Most like stage 5: Maintenance & Relapse Prevention"
        doc = cli("stage", "--json").json()
        assert (doc["stage"], doc["tied"]) == (5, [])
        assert "most like stage 5" in cli("stage").stdout


def test_a_person_in_between_is_told_so_with_the_profile(cli: Any, stages: Checklist) -> None:
    taken = cli("assess", "take", "stages", "--answers",
                _answers_arg(stages, _person("between stage 4 and 5")))
    assert taken.exit_code == 0, taken.stderr
    assert "don't point to one stage" in taken.stdout
    assert "stages 4 and 5" in taken.stdout
    for n in range(1, 6):  # the profile is shown: five rows with a share each
        assert any(line.lstrip().startswith(f"{n} ") and "%" in line
                   for line in taken.stdout.splitlines()), taken.stdout
    doc = cli("stage", "--json").json()
    assert doc["stage"] is None and doc["name"] is None
    assert doc["tied"] == [4, 5]
    assert set(doc["scores"]) == {"1", "2", "3", "4", "5"}
    assert doc["margin"] < stage.MARGIN
