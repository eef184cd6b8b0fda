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

from recovery_cli import paths
from recovery_cli.checklists import load_crisis

CRISIS_TOML = paths.builtin_data_dir() / "crisis.toml"
PHONE = re.compile(r"^(\d{3}|\d{3} \d{3}|1-\d{3}-\d{3}-\d{4}|\+?\d[\d ]{5,18}\d)$")
TEXT = re.compile(r"^(\d{3,6}|[A-Z]+ to \d{3,6})$")
EMAIL = re.compile(r"^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
EMERGENCY = re.compile(r"^\d{3}( or \d{3})*$")


def raw() -> dict[str, Any]:
    return tomllib.loads(CRISIS_TOML.read_text(encoding="utf-8"))


def test_every_entry_has_a_sound_shape() -> None:
    data = raw()
    assert data["lines"], "no crisis lines"
    allowed = {"region", "name", "description", "phone", "text", "url", "email", "hours",
               "verified_on"}
    for ln in data["lines"]:
        where = f"{ln.get('region')} {ln.get('name')}"
        assert set(ln) <= allowed, where
        assert re.fullmatch(r"[A-Z]{2}|INTL", ln["region"]), where
        assert ln["name"].strip(), where
        assert any(ln.get(k) for k in ("phone", "text", "url", "email")), where
        if "phone" in ln:
            assert PHONE.match(ln["phone"]), where
        if "text" in ln:
            assert TEXT.match(ln["text"]), where
        if "url" in ln:
            url = urlparse(ln["url"])
            assert url.scheme == "https" and "." in url.netloc and " " not in ln["url"], where
        if "email" in ln:
            assert EMAIL.match(ln["email"]), where
        verified = ln["verified_on"]
        assert isinstance(verified, date), f"{where}: verified_on must be a TOML date"
        # 988 went live on 2022-07-16; a check can't be dated in the future
        assert date(2022, 7, 16) <= verified <= date.today(), where
    for em in data["emergency"]:
        assert re.fullmatch(r"[A-Z]{2}|INTL", em["region"])
        if em["region"] != "INTL":
            assert EMERGENCY.match(em["number"]), em
    line_regions = {ln["region"] for ln in data["lines"]}
    for code, shows in data["regions"].items():
        assert re.fullmatch(r"[A-Z]{2}", code)
        assert all(r in line_regions for r in shows), code
    load_crisis(CRISIS_TOML)  # and the program's own model accepts it


def test_entries_match_the_verified_facts() -> None:
    """domain.md §5.1: US 988 call/text (+ chat at 988lifeline.org), Crisis Text Line
    MHA to 741741, Samaritans 116 123 for the UK and Ireland (jo@samaritans.org),
    findahelpline.com everywhere, emergency 911 / 999 / 112."""
    data = load_crisis(CRISIS_TOML)
    by = {(ln.region, ln.name): ln for ln in data.lines}
    us = by[("US", "988 Suicide & Crisis Lifeline")]
    assert us.phone == "988" and us.text == "988"
    assert us.url and urlparse(us.url).netloc == "988lifeline.org"
    assert by[("US", "Crisis Text Line")].text == "MHA to 741741"
    for region in ("GB", "IE"):
        sam = by[(region, "Samaritans")]
        assert sam.phone == "116 123" and sam.email == "jo@samaritans.org"
    intl = [ln for ln in data.lines if ln.region == "INTL"]
    assert any(ln.url and urlparse(ln.url).netloc == "findahelpline.com" for ln in intl)
    emergency = {e.region: e.number for e in data.emergency}
    assert emergency["US"] == "911"
    assert emergency["GB"] == "999"
    assert "112" in emergency["IE"] and "999" in emergency["IE"]
    assert "INTL" in emergency


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
    us = cli("crisis", "--region", "US").stdout
    assert "988" in us and "findahelpline.com" in us and "911" in us
    assert "116 123" not in us and "999" not in us
    for code in ("GB", "uk", "IE"):
        out = cli("crisis", "--region", code).stdout
        assert "116 123" in out and "findahelpline.com" in out, code
        assert "988" not in out, code
    fr = cli("crisis", "--region", "FR")
    assert fr.exit_code == 0
    assert "findahelpline.com" in fr.stdout and "no lines stored for FR" in fr.stdout
    bad = cli("crisis", "--region", "Narnia")
    assert bad.exit_code == 0
    assert "988" in bad.stdout and "116 123" in bad.stdout
    assert "not a two-letter country code" in bad.stderr


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


def test_safety_plan_contacts_follow_the_lines(cli: Any, home: Path) -> None:
    cli("plan", "add", "contacts", "Sam", "--role", "friend", "--phone", "07700 900123")
    cli("plan", "add", "safety.ask_for_help", "My sister Jo")
    cli("plan", "add", "safety.professionals", "Dr Lee, 020 7946 0000")
    cli("plan", "add", "safety.coping_alone", "Cold water on my face")
    db = home / "recovery.db"
    before = db.read_bytes()
    r = cli("crisis")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.index("findahelpline.com") < out.index("From your safety plan")
    for needle in ("Sam", "07700 900123", "My sister Jo", "Dr Lee", "Cold water on my face"):
        assert needle in out, needle
    assert db.read_bytes() == before


def test_no_plan_means_no_plan_block(cli: Any, home: Path) -> None:
    cli("config", "set", "region", "US")
    from recovery_cli.store import open_db

    open_db(home).close()  # a database without a plan
    r = cli("crisis")
    assert r.exit_code == 0 and "From your safety plan" not in r.stdout


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
    from recovery_cli import plan as plan_model
    from recovery_cli.ui import plan as ui_plan

    doc = plan_model.empty_document()
    ui_plan.print_safety_plan(doc)
    assert "recovery plan edit safety" in capsys.readouterr().out
    doc["safety"]["warning_signs"] = ["Can't sleep, racing thoughts"]
    doc["safety"]["reason_for_living"] = "My kids"
    doc["contacts"] = [plan_model.contact("Sam", "friend", "07700 900123")]
    ui_plan.print_safety_plan(doc)
    out = capsys.readouterr().out
    for needle in ("Your safety plan", "Warning signs", "racing thoughts", "A reason for living",
                   "My kids", "Sam", "07700 900123"):
        assert needle in out, needle
