"""`recovery crisis`: the data file's shape and facts, and a command that works with no data,
no plan, no network and a broken home."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from recovery_cli.core import paths
from recovery_cli.core.checklists import load_crisis

CRISIS_TOML = paths.builtin_data_dir() / "crisis.toml"
PHONE = re.compile(r"^(\d{3,6}|\d{2,4}( \d{1,4}){1,4}|1-\d{3}-\d{3}-\d{4})$")
TEXT = re.compile(r"^(\d{3,6}|\d{4}( \d{2,3}){3}|[A-Z]+ to \d{3,6})$")
EMAIL = re.compile(r"^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
EMERGENCY = re.compile(r"^\d{2,5}( or \d{2,5})*$")
REQUIRED_REGIONS = ("US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "IT", "NL", "SE", "IN",
                    "ZA", "BR")


def raw() -> dict[str, Any]:
    return tomllib.loads(CRISIS_TOML.read_text(encoding="utf-8"))


def test_every_entry_has_a_sound_shape() -> None:
    """Issue 16: every line has a way to reach it (phone, text or url), the service's own
    page as `source`, a `verified_on` date; every region with lines has an emergency number."""
    data = raw()
    assert data["lines"], "no crisis lines"
    allowed = {"region", "name", "description", "phone", "text", "url", "email", "hours",
               "source", "verified_on"}
    for ln in data["lines"]:
        where = f"{ln.get('region')} {ln.get('name')}"
        assert set(ln) <= allowed, where
        assert re.fullmatch(r"[A-Z]{2}|INTL", ln["region"]), where
        assert ln["name"].strip(), where
        assert any(ln.get(k) for k in ("phone", "text", "url")), where
        if "phone" in ln:
            assert PHONE.match(ln["phone"]), where
        if "text" in ln:
            assert TEXT.match(ln["text"]), where
        for key in ("url", "source"):
            if key in ln:
                url = urlparse(ln[key])
                assert url.scheme == "https" and "." in url.netloc and " " not in ln[key], where
        assert "source" in ln, f"{where}: no source"
        if "email" in ln:
            assert EMAIL.match(ln["email"]), where
        verified = ln["verified_on"]
        assert isinstance(verified, date), f"{where}: verified_on must be a TOML date"
        # 988 went live on 2022-07-16; a check can't be dated in the future
        assert date(2022, 7, 16) <= verified <= date.today(), where
    emergency = {em["region"]: em["number"] for em in data["emergency"]}
    for region, number in emergency.items():
        assert re.fullmatch(r"[A-Z]{2}|INTL", region)
        if region != "INTL":
            assert EMERGENCY.match(number), (region, number)
    assert "112" not in emergency["INTL"], "never '112' as the hint for everywhere"
    line_regions = {ln["region"] for ln in data["lines"]} - {"INTL"}
    for region in line_regions:
        assert region in emergency, f"{region} has lines but no emergency number"
        assert region in data["names"], f"{region} has no display name"
    for code, shows in data["regions"].items():
        assert re.fullmatch(r"[A-Z]{2}", code)
        assert all(r in line_regions for r in shows), code
    assert set(REQUIRED_REGIONS) <= line_regions
    load_crisis(CRISIS_TOML)  # and the program's own model accepts it


def test_every_region_config_accepts_shows_a_phone_number(cli: Any) -> None:
    """Each region `config set region` accepts shows at least one phone number, in the block
    `recovery crisis` prints and in its --json."""
    from recovery_cli.plan import crisis

    data = load_crisis(CRISIS_TOML)
    known = crisis.known_regions(data)
    assert len(set(known) - {"UK"}) >= 15
    for code in known:
        assert cli("config", "set", "region", code.lower()).exit_code == 0, code
        doc = cli("crisis", "--json").json()
        phones = [ln["phone"] for ln in doc["lines"] if ln["phone"] and ln["region"] != "INTL"]
        assert phones, code
        assert all(em["number"] for em in doc["emergency"])
        out = cli("crisis").stdout
        assert f"call {phones[0]}" in out, code


def test_entries_match_the_verified_facts() -> None:
    """Checked against each service's own pages on 2026-12-01 (docs/CRISIS_LINES.md)."""
    data = load_crisis(CRISIS_TOML)
    by = {(ln.region, ln.name): ln for ln in data.lines}
    us = by[("US", "988 Suicide & Crisis Lifeline")]
    assert us.phone == "988" and us.text == "988"
    assert us.url and urlparse(us.url).netloc == "988lifeline.org"
    assert by[("US", "Crisis Text Line")].text == "HOME to 741741"
    assert by[("GB", "Samaritans")].email == "jo@samaritans.org"
    assert by[("IE", "Samaritans")].email == "jo@samaritans.ie"
    for region in ("GB", "IE"):
        assert by[(region, "Samaritans")].phone == "116 123"
    assert by[("GB", "Shout")].text == "SHOUT to 85258"
    phones: dict[str, str] = {}
    for ln in data.lines:  # each region's first line
        if ln.phone:
            phones.setdefault(ln.region, ln.phone)
    assert phones["CA"] == "988" and phones["AU"] == "13 11 14" and phones["NZ"] == "1737"
    assert phones["DE"] == "0800 111 0 111" and phones["FR"] == "3114"
    assert phones["ES"] == "024" and phones["NL"] == "113" and phones["SE"] == "90101"
    assert phones["IN"] == "14416" and phones["ZA"] == "0800 567 567" and phones["BR"] == "188"
    intl = [ln for ln in data.lines if ln.region == "INTL"]
    assert any(ln.url and urlparse(ln.url).netloc == "findahelpline.com" for ln in intl)
    emergency = {e.region: e.number for e in data.emergency}
    assert emergency["US"] == emergency["CA"] == "911"
    assert emergency["AU"] == "000" and emergency["NZ"] == "111"
    assert "999" in emergency["GB"] and "112" in emergency["IE"] and "999" in emergency["IE"]
    for region in ("DE", "FR", "ES", "IT", "NL", "SE", "IN", "ZA"):
        assert "112" in emergency[region], region
    assert "192" in emergency["BR"]
    assert emergency["INTL"] == "your local emergency number"


def test_crisis_with_an_empty_home_shows_every_region_and_creates_nothing(
        cli: Any, home: Path) -> None:
    r = cli("crisis")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for needle in ("988", "741741", "116 123", "findahelpline.com", "911", "999", "112",
                   "UK & Ireland"):
        assert needle in out, needle
    assert "last checked on" in out
    assert not home.exists()


def test_crisis_region_selection(cli: Any, home: Path) -> None:
    us = cli("crisis", "--region", "us")  # lower case works
    assert us.exit_code == 0, us.stderr
    assert "988" in us.stdout and "findahelpline.com" in us.stdout and "911" in us.stdout
    assert "116 123" not in us.stdout and "999" not in us.stdout
    for code in ("GB", "uk", "IE"):
        out = cli("crisis", "--region", code).stdout
        assert "116 123" in out and "findahelpline.com" in out, code
        assert "988" not in out, code
    fr = cli("crisis", "--region", "FR")
    assert fr.exit_code == 0
    assert "3114" in fr.stdout and "France 112 or 15" in fr.stdout
    au = cli("crisis", "--region", "AU").stdout
    assert "13 11 14" in au and "Australia 000" in au and "112" not in au


@pytest.mark.parametrize("code", ["XX", "usa", "1", "Narnia", ""])
def test_crisis_refuses_an_unknown_region(cli: Any, home: Path, code: str) -> None:
    """Issue 16: an unknown or malformed --region is bad input (exit 2, one line naming the
    known regions), not a block without a number."""
    r = cli("crisis", "--region", code)
    assert r.exit_code == 2, (code, r.stdout)
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Known regions:" in lines[0] and "AU" in lines[0] and "NZ" in lines[0]
    assert "Traceback" not in r.stderr
    assert not home.exists()


@pytest.mark.parametrize("code", ["XX", "usa", "1", "JP"])
def test_config_set_region_refuses_a_region_without_lines(cli: Any, home: Path,
                                                          code: str) -> None:
    assert cli("config", "set", "region", "CA").exit_code == 0
    before = (home / "config.toml").read_bytes()
    r = cli("config", "set", "region", code)
    assert r.exit_code == 2
    assert "Known regions:" in r.stderr and "CA" in r.stderr and "findahelpline.com" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert (home / "config.toml").read_bytes() == before
    assert cli("config", "set", "region", "nz").exit_code == 0
    assert cli("config", "get", "region").stdout.strip() == "NZ"
    assert cli("config", "set", "region", "").exit_code == 0  # clearing stays possible


def test_a_region_without_lines_never_asserts_112_outside_europe(cli: Any, home: Path) -> None:
    """A hand-edited config can still name a region we hold no lines for: findahelpline.com
    and "your local emergency number", with 112 only for a European country."""
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text('region = "JP"\n', encoding="utf-8")
    out = cli("crisis").stdout
    assert "no lines stored for JP" in out and "findahelpline.com" in out
    assert "your local emergency number" in out and "112" not in out
    (home / "config.toml").write_text('region = "NO"\n', encoding="utf-8")
    out = cli("crisis").stdout
    assert "no lines stored for NO" in out and "NO 112" in out
    flagged = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--json")
    doc = flagged.json()["crisis"]
    assert doc["region"] == "NO"
    assert {"region": "NO", "number": "112"} in doc["emergency"]


def test_doctor_names_a_configured_region_without_lines(cli: Any, home: Path) -> None:
    assert cli("config", "set", "region", "SE").exit_code == 0
    assert "crisis lines" not in cli("doctor").stdout + cli("doctor").stderr
    (home / "config.toml").write_text('region = "JP"\n', encoding="utf-8")
    r = cli("doctor", "--json")
    assert r.exit_code == 1
    problems = [p for p in r.json()["problems"] if p.startswith("crisis lines")]
    assert len(problems) == 1 and "JP" in problems[0] and "findahelpline.com" in problems[0]


def test_uk_and_ireland_together_keep_both_emails(cli: Any) -> None:
    out = cli("crisis").stdout
    assert "UK & Ireland: Samaritans" in out
    assert "jo@samaritans.org" in out and "jo@samaritans.ie" in out
    doc = cli("crisis", "--json").json()
    emails = {ln["region"]: ln["email"] for ln in doc["lines"] if ln["name"] == "Samaritans"}
    assert emails == {"GB": "jo@samaritans.org", "IE": "jo@samaritans.ie"}


def test_configured_region_is_used_and_region_overrides_it(cli: Any) -> None:
    assert cli("config", "set", "region", "GB").exit_code == 0
    out = cli("crisis").stdout
    assert "116 123" in out and "988" not in out
    out = cli("crisis", "--region", "US").stdout
    assert "988" in out and "116 123" not in out


def test_a_broken_config_still_shows_the_lines(cli: Any, home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text("region = [", encoding="utf-8")
    r = cli("crisis")
    assert r.exit_code == 0
    assert "988" in r.stdout and "116 123" in r.stdout


def _full_safety_plan(cli: Any) -> None:
    for args in (("contacts", "Sam", "--role", "friend", "--phone", "07700 900123"),
                 ("safety.reason_for_living", "My daughter Ada"),
                 ("safety.coping_alone", "Cold water on my face"),
                 ("safety.distraction", "The library on Hill Street"),
                 ("safety.ask_for_help", "My sister Jo"),
                 ("safety.professionals", "Dr Lee, 020 7946 0000"),
                 ("safety.safe_surroundings", "Pills stay with Jo"),
                 ("safety.warning_signs", "Not sleeping for days")):
        assert cli("plan", "add", *args).exit_code == 0, args


PLAN_ORDER = ("My daughter Ada", "Cold water on my face", "The library on Hill Street",
              "My sister Jo", "Dr Lee", "Sam · friend", "Pills stay with Jo",
              "Not sleeping for days")


def test_crisis_shows_the_whole_safety_plan_after_the_lines(cli: Any, home: Path) -> None:
    """Issue 16: `recovery crisis` showed contacts but not the reason for living, the
    distraction list or the safe-surroundings steps the PHQ-9 item 9 flow shows."""
    _full_safety_plan(cli)
    db = home / "recovery.db"
    before = db.read_bytes()
    r = cli("crisis")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.index("findahelpline.com") < out.index("From your safety plan")
    positions = [out.index(needle) for needle in PLAN_ORDER]
    assert positions == sorted(positions), positions
    for title in ("A reason for living", "Things I can do on my own",
                  "People and places for distraction", "Making my surroundings safer"):
        assert title in out, title
    assert db.read_bytes() == before


def test_crisis_and_phq9_item9_show_the_same_plan(cli: Any) -> None:
    """One rendering for both: the plan block after a flagged PHQ-9 is the one crisis shows."""
    _full_safety_plan(cli)
    crisis_out = cli("crisis").stdout
    block = crisis_out[crisis_out.index("From your safety plan"):]
    flagged = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").stdout
    assert block.strip() in flagged


def test_crisis_json_carries_the_lines_and_the_plan(cli: Any) -> None:
    _full_safety_plan(cli)
    cli("config", "set", "region", "AU")
    r = cli("crisis", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["region"] == "AU"
    assert [ln["phone"] for ln in doc["lines"] if ln["region"] == "AU"] == ["13 11 14"]
    assert {"region": "AU", "number": "000"} in doc["emergency"]
    assert all(ln["source"].startswith("https://") and ln["verified_on"] for ln in doc["lines"])
    plan = doc["plan"]
    assert plan["reason_for_living"] == "My daughter Ada"
    assert plan["distraction"] == ["The library on Hill Street"]
    assert plan["safe_surroundings"] == ["Pills stay with Jo"]
    assert plan["contacts"][0]["name"] == "Sam"
    assert "13 11 14" in r.stderr  # the human text too, on stderr
    assert cli("crisis", "--json", "--region", "NZ").json()["lines"][0]["phone"] == "1737"


def test_crisis_json_without_a_plan(cli: Any, home: Path) -> None:
    doc = cli("crisis", "--json").json()
    assert doc["plan"] is None and doc["region"] is None
    assert not home.exists()


def test_no_plan_means_no_plan_block(cli: Any, home: Path) -> None:
    cli("config", "set", "region", "US")
    from recovery_cli.store import open_db

    open_db(home).close()  # a database without a plan
    r = cli("crisis")
    assert r.exit_code == 0 and "From your safety plan" not in r.stdout
    assert "recovery plan edit safety" in r.stdout


def test_crisis_with_sockets_blocked(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("plan", "add", "contacts", "Sam", "--phone", "07700 900123")

    def no_network(*args: object, **kwargs: object) -> socket.socket:
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    r = cli("crisis")
    assert r.exit_code == 0, r.stderr
    assert "988" in r.stdout and "116 123" in r.stdout and "Sam" in r.stdout


def test_a_damaged_or_newer_database_does_not_stop_the_lines(cli: Any, home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / "recovery.db").write_bytes(b"this is not a database" * 100)
    r = cli("crisis")
    assert r.exit_code == 0
    assert "988" in r.stdout and "116 123" in r.stdout
    (home / "recovery.db").unlink()
    conn = sqlite3.connect(home / "recovery.db")
    conn.execute("CREATE TABLE checkins (id INTEGER)")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    r = cli("crisis")
    assert r.exit_code == 0
    assert "988" in r.stdout


def test_crisis_never_imports_the_store_library_or_prompts(tmp_path: Path) -> None:
    """In a fresh process: no sqlite_utils, no questionary, no database created."""
    home = tmp_path / "fresh"
    code = (
        "import sys\n"
        "from recovery_cli.main import main\n"
        "rc = main(['crisis'])\n"
        "assert rc == 0, rc\n"
        "bad = [m for m in ('sqlite_utils', 'questionary', 'fpdf', 'jinja2') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "print('OK-NO-HEAVY')\n"
    )
    env = dict(os.environ, RECOVERY_HOME=str(home), NO_COLOR="1")
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    assert "OK-NO-HEAVY" in p.stdout and "988" in p.stdout
    assert not home.exists()


def test_print_safety_plan(capsys: pytest.CaptureFixture[str]) -> None:
    from recovery_cli.plan import document as plan_model
    from recovery_cli.ui import plan as ui_plan

    doc = plan_model.empty_document()
    ui_plan.print_safety_plan(doc)
    assert "recovery plan edit safety" in capsys.readouterr().out
    doc["safety"]["warning_signs"] = ["Can't sleep, racing thoughts"]
    doc["safety"]["reason_for_living"] = "My kids"
    doc["contacts"] = [plan_model.contact("Sam", "friend", "07700 900123")]
    ui_plan.print_safety_plan(doc)
    out = capsys.readouterr().out
    for needle in ("From your safety plan", "Warning signs", "racing thoughts", "A reason for living",
                   "My kids", "Sam", "07700 900123"):
        assert needle in out, needle


def test_lines_reach_the_person_when_the_data_cannot_be_used(
        cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.core import checklists
    from recovery_cli.core.errors import ChecklistError
    from recovery_cli.plan import crisis

    def broken_select(*args: object) -> Any:
        raise ValueError("boom")

    monkeypatch.setattr(crisis, "select", broken_select)
    r = cli("crisis")
    assert r.exit_code == 0 and "988" in r.stdout and "116 123" in r.stdout
    assert "boom" in r.stderr

    def broken(path: Any = None) -> Any:
        raise ChecklistError("crisis.toml", "lines", "is missing")

    monkeypatch.setattr(checklists, "load_crisis", broken)
    for args in (("crisis",), ("crisis", "--region", "XX"), ("learn",)):
        r = cli(*args)
        assert r.exit_code == 0, args
        assert "988" in r.stdout and "findahelpline.com" in r.stdout, args
    doc = cli("crisis", "--json").json()
    assert "988" in doc["message"] and doc["lines"] == []
