"""The shipped data files, read without pydantic (plain_data), are exactly what pydantic makes
of them: the same fields, values and types (issue 23). This is where the shipped files are
validated, so the daily commands need not import pydantic to read them."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from recovery_cli.core import paths, plain_data
from recovery_cli.core.checklists import load_checklists, load_crisis, load_model
from recovery_cli.core.models import Checklist, CrisisData

SHIPPED = sorted(paths.builtin_checklists_dir().glob("*.toml"))


def typed(value: Any) -> Any:
    """A value with the type of every leaf kept, so 0 and 0.0 (or '1' and 1) differ."""
    if isinstance(value, BaseModel):
        return {k: typed(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # plain_data's named tuples
        return {name: typed(getattr(value, name)) for name in value._fields}
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_checklist_reads_the_same_both_ways(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    validated = load_model(path, Checklist)
    plain = plain_data.Checklist.of(data)
    assert typed(plain) == typed(validated)
    assert set(plain._fields) == set(Checklist.model_fields)
    first = validated.items[0]
    assert typed(plain.options_for(plain.items[0])) == typed(validated.options_for(first))


def test_the_shipped_crisis_file_reads_the_same_both_ways() -> None:
    path = paths.builtin_data_dir() / "crisis.toml"
    validated = load_model(path, CrisisData)
    plain = plain_data.CrisisData.of(tomllib.loads(path.read_text(encoding="utf-8")))
    assert typed(plain) == typed(validated)
    assert isinstance(plain.lines[0].verified_on, date)


def test_every_model_field_has_a_plain_twin() -> None:
    """A field added to a model without its twin here would silently be missing."""
    from recovery_cli.core import models

    for name in ("Option", "Item", "Band", "Scoring", "Change", "SafetyRule", "ItemFlag",
                 "Checklist", "CrisisLine", "Emergency", "CrisisFallback", "CrisisData"):
        model = getattr(models, name)
        twin = getattr(plain_data, name)
        assert set(twin._fields) == set(model.model_fields), name


def test_the_daily_loader_is_plain_until_a_file_of_ones_own(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "checklists").mkdir(parents=True)
    daily = load_checklists(home)
    assert all(isinstance(c, plain_data.Checklist) for c in daily.checklists.values())
    assert typed(daily.checklists) == typed(load_checklists(home, validate=True).checklists)
    assert isinstance(load_crisis(), plain_data.CrisisData)
    assert isinstance(load_crisis(validate=True), CrisisData)
    # A person's own file is validated, with the shipped ones, on the path that meets it.
    (home / "checklists" / "mine.toml").write_text(
        'id = "mine"\ntitle = "Mine"\nkind = "instrument"\nscale = [{value = 0, label = "No"}]\n'
        '[[items]]\nid = "a"\ntext = "A"\n')
    own = load_checklists(home)
    assert isinstance(own.checklists["mine"], Checklist)
    assert isinstance(own.checklists["phq9"], Checklist)


def test_unexpected_keys_fall_back_to_the_validating_path() -> None:
    with pytest.raises(KeyError):
        plain_data.Checklist.of({"id": "x", "title": "X", "kind": "checkin", "items": [],
                                 "colour": "red"})
    with pytest.raises(TypeError):
        plain_data.Band.of({"min": "low", "max": 3, "label": "x"})
