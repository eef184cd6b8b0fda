"""data/shipped.json: the shipped TOML files parsed when they are made, so the daily commands
need not run tomllib over them (issue 23). Used only while in step with the files' bytes."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from recovery_cli.core import paths, plain_data, shipped
from recovery_cli.core.checklists import load_checklists, load_crisis


def test_the_shipped_json_is_in_step_with_the_toml_files() -> None:
    assert shipped.cache_path().read_text("utf-8") == shipped.cache_text(), (
        "a shipped TOML file changed: run 'python -m recovery_cli.core.shipped'")


@pytest.mark.parametrize("path", shipped.sources(), ids=lambda p: p.name)
def test_the_copy_reads_as_the_file_does(path: Path) -> None:
    make = plain_data.CrisisData if path.name == "crisis.toml" else plain_data.Checklist
    from_copy = make.of(shipped.read(path))
    from_file = make.of(tomllib.loads(path.read_text("utf-8")))
    assert from_copy == from_file
    assert repr(from_copy) == repr(from_file)  # the same types too (1 is not 1.0)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.builtin_data_dir(), data)
    monkeypatch.setattr(paths, "builtin_data_dir", lambda: data)
    shipped._compiled.cache_clear()
    yield data
    shipped._compiled.cache_clear()


def test_a_file_edited_after_the_copy_was_made_is_read_itself(data_copy: Path,
                                                             tmp_path: Path) -> None:
    phq9 = data_copy / "checklists" / "phq9.toml"
    phq9.write_text(phq9.read_text("utf-8").replace('title = "PHQ-9"', 'title = "PHQ-9 (new)"'),
                    "utf-8")
    crisis = data_copy / "crisis.toml"
    crisis.write_text(crisis.read_text("utf-8").replace('[names]\n', '[names]\nZZ = "Zedland"\n'),
                      "utf-8")
    assert load_checklists(tmp_path / "home").checklists["phq9"].title == "PHQ-9 (new)"
    assert load_crisis().names["ZZ"] == "Zedland"


@pytest.mark.parametrize("damage", ["", "{not json", '{"version": 99, "files": {}}',
                                    '{"version": 1, "files": []}'])
def test_a_missing_or_damaged_copy_changes_nothing(data_copy: Path, tmp_path: Path,
                                                   damage: str) -> None:
    expected = load_checklists(tmp_path / "home", validate=True).checklists
    if damage:
        (data_copy / "shipped.json").write_text(damage, "utf-8")
    else:
        (data_copy / "shipped.json").unlink()
    shipped._compiled.cache_clear()
    daily = load_checklists(tmp_path / "home")
    assert sorted(daily.checklists) == sorted(expected)
    assert all(isinstance(c, plain_data.Checklist) for c in daily.checklists.values())
    assert daily.checklists["phq9"].title == expected["phq9"].title
    assert isinstance(load_crisis(), plain_data.CrisisData)


def test_the_copy_holds_every_shipped_file() -> None:
    assert set(shipped._compiled()) == {shipped._key(p) for p in shipped.sources()}


def _in_a_fresh_process(code: str) -> str:
    """What `code` prints, run in a new interpreter (so sys.modules says what it imported)."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reading_the_shipped_files_needs_no_toml_parser(tmp_path: Path) -> None:
    """What the daily commands read (checklists, crisis lines) comes from the copy."""
    out = _in_a_fresh_process(
        "import sys; from pathlib import Path; "
        "from recovery_cli.core.checklists import load_checklists, load_crisis; "
        f"assert load_checklists(Path({str(tmp_path)!r})).checklists['phq9']; "
        "assert load_crisis().lines; print('tomllib' in sys.modules)")
    assert out.strip() == "False"


def test_remind_reads_the_shipped_questionnaires_without_a_toml_parser(tmp_path: Path) -> None:
    out = _in_a_fresh_process(
        "import sys; from pathlib import Path; "
        "from recovery_cli.reminders.run import load_questionnaires; "
        f"q = load_questionnaires(Path({str(tmp_path)!r}), ['phq9', 'who5']); "
        "print(sorted(q), q['phq9'].frequency_days, 'tomllib' in sys.modules)")
    assert out.split() == ["['phq9',", "'who5']", "14", "False"]
