"""The optional mood-elevation checklist (issue 19): off by default, on with `config set
checkin.extras elevation`; its answers draw the life chart in trends and the reports."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from conftest import Keys, no_tty
from recovery_cli.trends import lifechart

DATA = Path(__file__).parents[2] / "data" / "checklists" / "elevation.toml"


def ok(cli: Any, *args: str) -> Any:
    r = no_tty(cli, *args)
    assert r.exit_code == 0, r.stderr
    return r


def ago(n: int) -> str:
    return (date.today() - timedelta(days=n + 1)).isoformat()  # never today (day boundary)


def test_the_file_is_our_own_plain_wording() -> None:
    doc = tomllib.loads(DATA.read_text(encoding="utf-8"))
    assert doc["kind"] == "checkin_extra" and doc["attribution"] == "recovery-cli, own wording"
    assert [o["value"] for o in doc["scale"]] == [0, 1, 2, 3, 4]
    assert [i["id"] for i in doc["items"]] == list(lifechart.ELEVATION_ITEMS)
    text = DATA.read_text(encoding="utf-8").lower()
    for word in ("altman", "asrm", "ymrs", "mania rating", "diagnos"):
        assert word not in text


def test_off_by_default_and_on_when_asked(cli: Any, home: Path) -> None:
    r = no_tty(cli, "checkin", "--mood", "6", "--set", "elev_high=2")
    assert r.exit_code == 2 and "no item 'elev_high'" in r.stderr
    assert "elev_high" not in ok(cli, "checkin", "--mood", "6", "--json").json()
    ok(cli, "config", "set", "checkin.extras", "elevation")
    doc = ok(cli, "checkin", "--mood", "6", "--set", "elev_high=2", "--set", "elev_risks=4",
             "--json").json()
    assert doc["elev_high"] == 2 and doc["elev_risks"] == 4 and doc["elev_racing"] is None
    bad = no_tty(cli, "checkin", "--set", "elev_high=5")
    assert bad.exit_code == 2
    assert no_tty(cli, "config", "set", "checkin.extras", "nothing_like_it").exit_code == 2
    ok(cli, "config", "set", "checkin.extras", "")
    assert no_tty(cli, "checkin", "--set", "elev_high=1").exit_code == 2  # off again
    assert ok(cli, "history", "--json").json()[-1]["elev_high"] == 2  # answers are kept


def test_asked_in_the_evening_check_in_only_when_on(cli: Any, keys: Any, home: Path) -> None:
    from recovery_cli.cli import _common

    _common.reset_state()
    assert all(c.id != "elevation" for c in _common.state().checkin_forms())
    ok(cli, "config", "set", "checkin.extras", "elevation")
    _common.reset_state()
    assert [c.id for c in _common.state().checkin_forms()][-1] == "elevation"
    keys("5" + Keys.ENTER * 30)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr


def test_trends_and_reports_draw_the_life_chart(cli: Any, home: Path, tmp_path: Path) -> None:
    for n, mood in ((1, "8"), (2, "7"), (3, "2"), (4, "5")):
        ok(cli, "checkin", "--date", ago(n), "--mood", mood)
    assert ok(cli, "trends", "--days", "7", "--json").json()["life_chart"] is None
    assert "Life chart" not in ok(cli, "trends", "--days", "7").stdout
    ok(cli, "config", "set", "checkin.extras", "elevation")
    for n, (high, racing) in ((1, ("4", "4")), (2, ("2", "1")), (4, ("0", "0"))):
        ok(cli, "checkin", "--date", ago(n), "--set", f"elev_high={high}",
           "--set", f"elev_racing={racing}", "--set", "elev_talking=4")
    ok(cli, "event", "add", "Started a new job", "--date", ago(2))
    life = {p["date"]: p for p in ok(cli, "trends", "--days", "7", "--json").json()["life_chart"]}
    assert life[ago(1)]["elevation"] == 12 and life[ago(4)]["elevation"] == 4
    assert life[ago(3)] == {"date": ago(3), "elevation": None, "low_mood": 2}
    text = ok(cli, "trends", "--days", "7").stdout
    chart = text[text.index("Life chart"):].splitlines()
    top = next(i for i, row in enumerate(chart) if row.startswith("Elevated"))
    above, line, below = chart[top:top + 3], chart[top + 3], chart[top + 4:top + 7]
    assert above[0].startswith("Elevated") and "█" in above[0]  # 12: three steps up
    assert "1" in line and "─" in line  # the event on the line
    assert below[0].startswith("Low mood") and "█" in below[1]  # mood 2: two steps down
    out = tmp_path / "r.md"
    ok(cli, "export", "--format", "md", "--from", ago(6), "-o", str(out))
    md = out.read_text(encoding="utf-8")
    assert "### Life chart" in md and "Elevated" in md
    html = tmp_path / "r.html"
    ok(cli, "export", "--format", "html", "--from", ago(6), "-o", str(html))
    assert 'class="lifechart"' in html.read_text(encoding="utf-8")
    ok(cli, "export", "--format", "pdf", "--from", ago(6), "-o", str(tmp_path / "r.pdf"))


def test_life_chart_steps() -> None:
    assert [lifechart.height(t) for t in (None, 0, 1, 2, 5, 6, 11, 12, 24)] == \
        [0, 0, 0, 1, 1, 2, 2, 3, 3]
    assert [lifechart.depth(m) for m in (None, 10, 5, 4, 3, 2, 1, 0)] == [0, 0, 0, 1, 1, 2, 2, 3]
