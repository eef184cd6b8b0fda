"""`recovery learn` (issue 16: information and education, the missing sixth strategy), the
--help epilog kept in step with data/crisis.toml, and `recovery crisis` on an encrypted home
in a real terminal: the lines before the passphrase prompt."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from recovery_cli.core import paths
from recovery_cli.core.checklists import load_crisis
from recovery_cli.core.errors import ChecklistError
from recovery_cli.plan.learn import load, parse

SECTIONS = ("Warning signs in yourself", "Warning signs in someone else", "Urges pass",
            "Making your surroundings safer", "How to help someone else")
# Never in user-facing text (DESIGN.md, safety): the page informs, it does not assess.
CLAIMS = re.compile(r"\b(diagnos\w*|detect\w*|treat|treats|treatment|assess your risk|risk "
                    r"score|screen\w*)\b", re.IGNORECASE)


def test_the_page_has_every_part_and_its_sources(cli: Any, home: Path) -> None:
    r = cli("learn")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    flat = " ".join(out.split())
    assert flat.index("run 'recovery crisis'") < flat.index("Thoughts of suicide are")  # help first
    positions = [out.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert out.index("Urges pass") < out.index("\nWhere to go\n") < out.index("Written in our own")
    for needle in ("Are you thinking about suicide?", "Listen", "Stay with them",
                   "Connect them with help", "recovery plan edit safety"):
        assert needle in out, needle
    # where to go: the region's lines and emergency numbers (US, UK & Ireland when unset)
    assert "988" in out and "116 123" in out and "911" in out
    for source in ("988lifeline.org", "samaritans.org", "who.int"):
        assert source in out[out.index("Written in our own"):], source
    assert "can't tell how at risk anyone is" in " ".join(out.split())
    assert not CLAIMS.search(out), CLAIMS.search(out)
    assert not home.exists()


def test_the_page_follows_the_region(cli: Any) -> None:
    au = cli("learn", "--region", "au").stdout
    assert "13 11 14" in au and "Australia 000" in au and "call 988" not in au
    cli("config", "set", "region", "ZA")
    za = cli("learn").stdout
    assert "0800 567 567" in za and "South Africa 112 or 10111" in za
    bad = cli("learn", "--region", "usa")
    assert bad.exit_code == 2 and "Known regions:" in bad.stderr and bad.stdout == ""


@pytest.mark.parametrize("width", [60, 80])
def test_the_page_reads_at_80_columns(cli: Any, width: int, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    from recovery_cli import ui

    monkeypatch.setenv("COLUMNS", str(width))
    ui.console.cache_clear()
    try:
        out = cli("learn").stdout
    finally:
        ui.console.cache_clear()
    prose = [line for line in out.splitlines() if not line.strip().startswith("https://")]
    assert max(len(line) for line in prose) <= width
    for source in load().sources:  # addresses stay whole, on a line of their own
        assert f"    {source.url}\n" in out, source.url


def test_learn_json(cli: Any) -> None:
    r = cli("learn", "--json", "--region", "IE")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert list(doc) == ["title", "urgent", "intro", "sections", "sources", "crisis"]
    assert "recovery crisis" in doc["urgent"]
    assert [s["title"] for s in doc["sections"]] == list(SECTIONS)
    assert all(s["url"].startswith("https://") for s in doc["sources"])
    assert doc["crisis"]["region"] == "IE"
    emails = [ln["email"] for ln in doc["crisis"]["lines"] if ln["email"]]
    assert emails == ["jo@samaritans.ie"]


def test_the_page_data_is_checked(tmp_path: Path) -> None:
    page = load()
    assert len(page.sections) == len(SECTIONS) and len(page.sources) >= 3
    with pytest.raises(ChecklistError, match="sources"):
        parse({"title": "t", "intro": "i", "sections": [{"title": "a", "text": "b"}]},
              tmp_path / "learn.toml")
    with pytest.raises(ChecklistError, match="url"):
        parse({"title": "t", "intro": "i", "sections": [{"title": "a", "text": "b"}],
               "sources": [{"name": "n", "url": "http://example.org"}]}, tmp_path / "x.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("title = [", encoding="utf-8")
    with pytest.raises(ChecklistError, match="TOML"):
        load(broken)


def test_help_epilog_names_only_numbers_in_the_crisis_data(cli: Any) -> None:
    """The --help epilog is fixed text; each number in it must be a line in crisis.toml for
    the regions it names."""
    from recovery_cli.core import messages

    data = load_crisis(paths.builtin_data_dir() / "crisis.toml")
    phones = {(ln.region, ln.phone) for ln in data.lines} | {
        (ln.region, ln.text) for ln in data.lines}
    epilog = messages.HELP_EPILOG
    for regions, number in ((("US", "CA"), "988"), (("GB", "IE"), "116 123"),
                            (("AU",), "13 11 14")):
        assert number in epilog
        for region in regions:
            assert (region, number) in phones, (region, number)
    assert "findahelpline.com" in epilog and "112" not in epilog
    help_text = " ".join(cli("--help").stdout.split())
    assert "13 11 14" in help_text and "findahelpline.com" in help_text


@pytest.mark.pty
@pytest.mark.timeout(120)
def test_crisis_on_an_encrypted_home_shows_the_lines_before_the_passphrase(
        cli: Any, home: Path, tmp_path: Path) -> None:
    """Issue 16: lines first, never after a passphrase prompt; the plan follows the unlock."""
    pytest.importorskip("sqlcipher3")
    pexpect = pytest.importorskip("pexpect")
    from ptyutil import spawn_recovery

    assert cli("plan", "add", "safety.reason_for_living", "Walks with Bramble").exit_code == 0
    pfile = tmp_path / "pass"
    pfile.write_text("tea at four\n")
    pfile.chmod(0o600)
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 0, r.stderr
    child = spawn_recovery(home, "crisis", size=(40, 80), timeout=30,
                           unset=("NO_COLOR", "RECOVERY_PASSPHRASE_FILE",
                                  "RECOVERY_PASSPHRASE_COMMAND"))
    child.expect("988")
    child.expect("findahelpline.com")
    before_prompt = child.before
    child.expect("Passphrase for your safety plan")
    assert "Walks with Bramble" not in before_prompt + child.before
    assert "Your safety plan is encrypted: type your passphrase" in child.before
    child.send("tea at four\r")
    child.expect("From your safety plan")
    child.expect("Walks with Bramble")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
