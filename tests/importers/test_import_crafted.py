"""Crafted recovery-JSON files (issue 24, item 5): every row is validated before anything is
written, so a bad value exits 2 naming the table and row, and nothing is imported; the home
keeps working afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Result
from test_bad_input import checkpoint, one_line, snapshot


@pytest.fixture
def export(cli: Any, home: Path, tmp_path: Path) -> dict[str, Any]:
    """A full export of a home with something in most tables (then the home is emptied)."""
    for args in (("journal", "write", "a day", "--tag", "walk"),
                 ("checkin", "--mood", "4", "--sleep", "7"),
                 ("assess", "take", "phq2", "--answers", "1,1"),
                 ("plan", "add", "toolbox", "Tea"),
                 ("goals", "add", "Walk", "--step", "Shoes"),
                 ("skills", "practice", "box_breathing", "--helpful", "6")):
        assert cli(*args).exit_code == 0, args
    out = tmp_path / "full.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    import shutil

    shutil.rmtree(home)
    assert cli("journal", "write", "already here").exit_code == 0
    checkpoint(home)
    return doc


def _row(doc: dict[str, Any], table: str, **match: Any) -> dict[str, Any]:
    rows: list[dict[str, Any]] = doc["tables"][table]
    return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))


def _import(cli: Any, home: Path, tmp_path: Path, doc: dict[str, Any], raw: str | None = None,
            dry_run: bool = False) -> Result:
    f = tmp_path / "crafted.json"
    f.write_text(raw if raw is not None else json.dumps(doc), encoding="utf-8")
    return cli("import", str(f), *(("--dry-run",) if dry_run else ()))  # type: ignore[no-any-return]


CRAFTED: dict[str, tuple[Any, str]] = {
    # name: (change to the export, what the message names)
    "huge_sequence": (lambda d: d["sequences"].update(entries=2**63 - 1), "sequences"),
    "negative_sequence": (lambda d: d["sequences"].update(entries=-5), "sequences"),
    "text_sequence": (lambda d: d["sequences"].update(entries="9"), "sequences"),
    "mood_infinite": (lambda d: _row(d, "checkin_values", item="mood").update(num=1e999),
                      "checkin_values[0]"),
    "mood_too_high": (lambda d: _row(d, "checkin_values", item="mood").update(num=11),
                      "outside 0 to 10"),
    "mood_as_text": (lambda d: _row(d, "checkin_values", item="mood").update(num=None,
                                                                           text="happy"),
                     "must be a number"),
    "mood_string_number": (lambda d: _row(d, "checkin_values", item="mood").update(num="4"),
                           "num"),
    "taken_at_zzz": (lambda d: d["tables"]["assessments"][0].update(taken_at="zzz"),
                     "taken_at"),
    "private_7": (lambda d: d["tables"]["entries"][0].update(private=7), "private"),
    "starred_text": (lambda d: d["tables"]["entries"][0].update(starred="yes"), "starred"),
    "day_not_a_day": (lambda d: d["tables"]["entries"][0].update(day="not-a-day"), "day"),
    "checkin_day_bad": (lambda d: d["tables"]["checkins"][0].update(day="2026-02-30"), "day"),
    "id_zero": (lambda d: d["tables"]["entries"][0].update(id=0), "id"),
    "id_huge": (lambda d: d["tables"]["entries"][0].update(id=2**62), "id"),
    "id_float": (lambda d: d["tables"]["entries"][0].update(id=1.5), "id"),
    "body_missing": (lambda d: d["tables"]["entries"][0].pop("body"), "body"),
    "body_number": (lambda d: d["tables"]["entries"][0].update(body=5), "body"),
    "created_far_zone": (lambda d: d["tables"]["entries"][0].update(
        created_at="0001-01-01T00:00:00+14:00"), "created_at"),
    "answer_out_of_scale": (lambda d: d["tables"]["assessment_answers"][0].update(value=9),
                            "outside 0 to 3"),
    "answer_nan": (lambda d: d["tables"]["assessment_answers"][0].update(value=float("nan")),
                   "value"),
    "percentage_over": (lambda d: d["tables"]["assessments"][0].update(percentage=400),
                        "percentage"),
    "safety_flag_2": (lambda d: d["tables"]["assessments"][0].update(safety_flag=2),
                      "safety_flag"),
    "helpful_99": (lambda d: d["tables"]["skill_practice"][0].update(helpful=99), "helpful"),
    "lone_surrogate": (lambda d: d["tables"]["entries"][0].update(body="a \ud800 b"),
                       "surrogate"),
    "by_day_bad": (lambda d: d["tables"]["goals"][0].update(by_day="soon"), "by_day"),
}


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_rows_are_refused_before_anything_is_written(
        cli: Any, home: Path, tmp_path: Path, export: dict[str, Any], name: str,
        dry_run: bool) -> None:
    change, named = CRAFTED[name]
    change(export)
    before = snapshot(home)
    err = one_line(_import(cli, home, tmp_path, export, dry_run=dry_run), 2)
    assert named in err and "nothing was imported" in err, err
    assert snapshot(home) == before


def test_the_table_and_row_are_named(cli: Any, home: Path, tmp_path: Path,
                                     export: dict[str, Any]) -> None:
    export["tables"]["entries"][0]["private"] = 7
    err = one_line(_import(cli, home, tmp_path, export), 2)
    assert "tables.entries[0]" in err and "line " in err, err


def test_booleans_as_true_false_or_numbers(cli: Any, home: Path, tmp_path: Path,
                                           export: dict[str, Any]) -> None:
    """Another branch writes true/false in the export; both forms import."""
    export["tables"]["entries"][0].update(private=True, starred=False)
    r = _import(cli, home, tmp_path, export)
    assert r.exit_code == 0, r.stderr
    entries = cli("journal", "list", "--json").json()
    assert any(e["private"] for e in entries)


def test_after_a_refused_file_the_home_still_works(cli: Any, home: Path, tmp_path: Path,
                                                   export: dict[str, Any]) -> None:
    """The reported symptoms: a huge counter made every later write fail with 'disk is
    full', an infinite mood broke trends, a bad taken_at broke assess list."""
    export["sequences"]["entries"] = 2**63 - 1
    one_line(_import(cli, home, tmp_path, export), 2)
    assert cli("journal", "write", "still fine").exit_code == 0
    assert cli("trends").exit_code == 0
    assert cli("assess", "list").exit_code == 0


def test_the_untouched_export_still_imports(cli: Any, home: Path, tmp_path: Path,
                                            export: dict[str, Any]) -> None:
    """The control: the validation refuses nothing our own export writes."""
    r = _import(cli, home, tmp_path, export)
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert len(cli("journal", "list", "--json").json()) == 2


def test_json_nested_deeply_is_one_line(cli: Any, home: Path, tmp_path: Path,
                                        export: dict[str, Any]) -> None:
    text = json.dumps(export)
    deep = "[" * 50_000 + "]" * 50_000
    raw = text.replace('"tables": {', '"tables": {"entries": [' + deep + '], ', 1)
    before = snapshot(home)
    err = one_line(_import(cli, home, tmp_path, export, raw=raw), 2)
    assert "nothing was imported" in err
    assert snapshot(home) == before
