"""Checklist files: validation errors name the file and the field; others still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.paths import builtin_checklists_dir

GOOD = """
id = "mine"
title = "My check"
kind = "instrument"
scale = [{ value = 0, label = "No" }, { value = 1, label = "Yes" }]
[[items]]
id = "a"
text = "First"
[[items]]
id = "b"
text = "Second"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text)
    return p


def test_builtin_checklists_load_without_errors() -> None:
    result = load_checklists(None)
    assert result.errors == []
    assert "checkin" in result.checklists
    assert builtin_checklists_dir().is_dir()


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (GOOD.replace('text = "First"', 'text = "First"\ntype = "slider"'), "items[a].type", "Input should be"),
        (GOOD.replace('title = "My check"\n', ""), "title", "Field required"),
        (GOOD.replace('id = "b"', 'id = "a"'), "", "duplicate item id 'a'"),
        (GOOD + "\n[[items]\n", "", "TOML syntax error"),
        (GOOD.replace('kind = "instrument"', 'kind = "quiz"'), "kind", "Input should be"),
        (GOOD.replace("[[items]]\nid = \"a\"", "[[items]]\nid = \"a\"\ntype = \"number\""),
         "items[a]", "needs 'min' and 'max'"),
    ],
)
def test_bad_checklist_is_named_with_its_field(home: Path, text: str, field: str, words: str) -> None:
    folder = home / "checklists"
    bad = write(folder, "broken.toml", text)
    write(folder, "fine.toml", GOOD.replace('id = "mine"', 'id = "fine"'))
    result = load_checklists(home)
    assert len(result.errors) == 1
    err = result.errors[0]
    assert str(bad) in err.message
    assert words in err.message
    if field:
        assert f"field '{field}'" in err.message
    assert "fine" in result.checklists and "checkin" in result.checklists


def test_user_checklist_overrides_builtin_by_id(home: Path) -> None:
    write(home / "checklists", "checkin.toml", GOOD.replace('id = "mine"', 'id = "checkin"'))
    result = load_checklists(home)
    assert result.checklists["checkin"].title == "My check"
    assert result.origin["checkin"].parent == home / "checklists"


def test_duplicate_ids_in_one_folder(home: Path) -> None:
    write(home / "checklists", "a.toml", GOOD)
    write(home / "checklists", "b.toml", GOOD)
    result = load_checklists(home)
    assert len(result.errors) == 1
    assert "b.toml" in result.errors[0].message and "also used by a.toml" in result.errors[0].message


def test_doctor_names_a_broken_checklist(cli, home: Path) -> None:
    write(home / "checklists", "oops.toml", "id = ")
    r = cli("doctor")
    assert r.exit_code == 1
    assert "oops.toml" in r.stdout + r.stderr
