"""Issue 16: the PHQ-9 item-9 rule is code, not only data.

A person's own `checklists/phq9.toml` without `[[safety]]` used to switch off the crisis block
and the safety flag, with `doctor` silent. Now such a file is refused (the built-in PHQ-9 is
used), named in `doctor` and on stderr; the other safety rules stay data.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from recovery_cli.assess import scoring
from recovery_cli.core.checklists import load_checklists
from recovery_cli.core.paths import builtin_checklists_dir

ITEM9_TWO = "0,0,0,0,0,0,0,0,2"


def builtin_phq9_text() -> str:
    return (builtin_checklists_dir() / "phq9.toml").read_text(encoding="utf-8")


def without_safety(text: str) -> str:
    start = text.index("[[safety]]")
    end = text.index("[[items]]", start)
    return text[:start] + text[end:]


def write_own(home: Path, text: str, name: str = "phq9.toml") -> Path:
    folder = home / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "recovery.db") as conn:
        return conn.execute(sql).fetchall()


def test_own_phq9_without_the_item9_rule_is_refused_and_the_builtin_kept(home: Path) -> None:
    own = write_own(home, without_safety(builtin_phq9_text()).replace(
        'title = "PHQ-9"', 'title = "My PHQ-9"'))
    loaded = load_checklists(home)
    phq9 = loaded.checklists["phq9"]
    assert phq9.title == "PHQ-9"  # the built-in one
    assert loaded.origin["phq9"].parent == builtin_checklists_dir()
    [error] = loaded.errors
    assert str(own) in error.message
    assert "item-9 safety rule" in error.message and "built-in PHQ-9 is used" in error.message


def test_take_with_a_refused_override_still_shows_the_crisis_block_and_flags(
    cli: Any, home: Path
) -> None:
    own = write_own(home, without_safety(builtin_phq9_text()))
    r = cli("assess", "take", "phq9", "--answers", ITEM9_TWO)
    assert r.exit_code == 0, r.stderr
    assert "988" in r.stdout and r.stdout.index("988") < r.stdout.index("Score: 2 of 27")
    assert f"Skipped a checklist file: {own}" in r.stderr
    assert rows(home, "SELECT safety_flag FROM assessments") == [(1,)]


def test_doctor_names_the_refused_override(cli: Any, home: Path) -> None:
    own = write_own(home, without_safety(builtin_phq9_text()))
    r = cli("doctor")
    assert r.exit_code == 1
    text = " ".join((r.stdout + r.stderr).split())
    assert str(own) in text and "item-9 safety rule" in text


def test_a_weaker_item9_rule_is_refused_too(home: Path) -> None:
    # Fires only at 3 ("Nearly every day"): "Several days" would pass silently.
    write_own(home, builtin_phq9_text().replace('operator = ">="\nvalue = 1',
                                                'operator = ">="\nvalue = 3'))
    loaded = load_checklists(home)
    assert len(loaded.errors) == 1
    assert loaded.origin["phq9"].parent == builtin_checklists_dir()


def test_own_phq9_keeping_the_rule_is_used(cli: Any, home: Path) -> None:
    write_own(home, builtin_phq9_text().replace('title = "PHQ-9"', 'title = "PHQ-9 (mine)"'))
    loaded = load_checklists(home)
    assert loaded.errors == []
    assert loaded.checklists["phq9"].title == "PHQ-9 (mine)"
    r = cli("assess", "take", "phq9", "--answers", ITEM9_TWO, "--json")
    assert r.exit_code == 0 and r.json()["safety_flag"] is True
    assert "Skipped" not in r.stderr


def test_the_rule_is_code_even_when_the_data_lacks_it() -> None:
    builtin = load_checklists(None).checklists["phq9"]
    stripped = builtin.model_copy(update={"safety": []})
    answers = {f"q{i}": 0.0 for i in range(1, 10)} | {"q9": 1.0}
    result = scoring.score(stripped, answers)
    assert result.safety_flag is True and result.safety_items == ["q9"]
    assert scoring.safety_hit(stripped, "q9", 1) is True
    assert scoring.safety_hit(stripped, "q9", 0) is False


def test_other_safety_rules_stay_data(cli: Any, home: Path) -> None:
    write_own(home, """
id = "mine"
title = "My check"
kind = "instrument"
scale = [{ value = 0, label = "No" }, { value = 1, label = "Yes" }]
[[safety]]
item = "b"
operator = ">="
value = 1
[[items]]
id = "a"
text = "First"
[[items]]
id = "b"
text = "Second"
""", name="mine.toml")
    assert cli("assess", "take", "mine", "--answers", "1,0", "--json").json()["safety_flag"] is False
    r = cli("assess", "take", "mine", "--answers", "0,1", "--json")
    assert r.json()["safety_flag"] is True
    # Item 9 of the PHQ-9 is the only rule in code: another checklist's q9 is just an item.
    write_own(home, """
id = "other"
title = "Other"
kind = "instrument"
scale = [{ value = 0, label = "No" }, { value = 1, label = "Yes" }]
[[items]]
id = "q9"
text = "Ninth"
""", name="other.toml")
    assert cli("assess", "take", "other", "--answers", "1", "--json").json()["safety_flag"] is False


def test_remind_uses_the_builtin_phq9_and_names_the_refused_file(
    home: Path, capsys: Any
) -> None:
    from recovery_cli.main import main

    own = write_own(home, without_safety(builtin_phq9_text()).replace(
        'title = "PHQ-9"', 'title = "My PHQ-9"').replace("frequency_days = 14",
                                                       "frequency_days = 3"))
    # A home in use for more than a week (a brand-new one is reminded only of the check-in).
    assert main(["checkin", "--date", "10 days ago", "--mood", "5"]) == 0
    capsys.readouterr()
    assert main(["remind", "--json"]) == 0
    out, err = capsys.readouterr()
    due = [d for d in json.loads(out)["due"] if d["command"] == "recovery assess take phq9"]
    assert len(due) == 1 and "My PHQ-9" not in due[0]["message"]
    assert f"Skipped a checklist file: {own}" in err
