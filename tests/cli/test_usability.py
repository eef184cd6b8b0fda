"""The usability pass: what people see in an 80-column terminal, piped, with NO_COLOR; the
words of help texts and reminders. Each test pins one thing that used to look or read badly."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """columns(80): the next commands render into a console that wide (as a terminal would)."""
    from recovery_cli import ui

    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))
        ui.console.cache_clear()
        ui.err_console.cache_clear()

    yield set_width
    ui.console.cache_clear()
    ui.err_console.cache_clear()


def fits(text: str, width: int) -> bool:
    return all(len(line) <= width for line in text.splitlines())


# --- history ---------------------------------------------------------------------------------


def test_history_at_80_columns_keeps_words_whole(cli: Any, columns: Any) -> None:
    columns(80)
    assert cli("checkin", "--date", "yesterday", "--mood", "4", "--energy", "3", "--sleep", "5.5",
               "--anxiety", "7", "--set", "sleep_quality=2",
               "--set", "symptoms=worry,physical_tension,poor_concentration,irritability",
               "--set", "triggers=conflict,work_stress,poor_sleep",
               "--set", "coping=breathing,called_someone,journaling", "--set", "medication=na",
               "--note", "Tired and flat, but I did the check-in.").exit_code == 0
    assert cli("checkin", "--mood", "7", "--set", "coping=walk").exit_code == 0
    r = cli("history")
    assert r.exit_code == 0
    out = r.stdout
    assert fits(out, 80), out
    lines = out.splitlines()
    header = lines[0].split()
    assert header[:3] == ["Date", "Mood", "Energy"] and header[-1] == "Meds"
    # Every label and every ticked option is whole on some line (nothing folded mid-word).
    for words in ("Worry or racing thoughts", "Physical tension or", "Conflict with someone",
                  "Called or texted someone", "Not applicable",
                  "Tired and flat, but I did the check-in."):
        assert any(words in line for line in lines), (words, out)
    # Multi-selects go on their own indented lines under their day, labelled.
    day_line = next(i for i, line in enumerate(lines) if line.endswith("Not applicable"))
    assert lines[day_line].split()[2:7] == ["4", "3", "5.5", "2", "7"]
    below = lines[day_line + 1]
    assert below.startswith(" ") and below.strip().startswith("Noticed: ")
    assert any(line.strip() == "Coping: Went for a walk" for line in lines)
    assert lines[-1] == "2 check-ins from " + lines[-1].split(" from ")[1]


def test_history_narrow_terminal_moves_numbers_that_do_not_fit(cli: Any, columns: Any) -> None:
    columns(44)
    assert cli("checkin", "--mood", "6", "--energy", "5", "--sleep", "7", "--anxiety", "3",
               "--set", "sleep_quality=4").exit_code == 0
    out = cli("history").stdout
    assert fits(out, 44), out
    assert any(line.strip() in ("Anxiety: 3", "Sleep q.: 4") for line in out.splitlines()), out


def test_history_shows_user_text_verbatim(cli: Any, columns: Any) -> None:
    columns(80)
    assert cli("checkin", "--mood", "5", "--note", "[bold]not markup[/bold] :smile:").exit_code == 0
    assert "Note: [bold]not markup[/bold] :smile:" in cli("history").stdout


# --- remind ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("responses", "said"), [
    (["Wind-down routine; tell my therapist."], "Your plan says: Wind-down routine; tell my therapist."),
    (["Call Sam.", "Book a GP appointment."], "Your plan says: Call Sam; Book a GP appointment."),
    (["Call Sam", "Breathe"], "Your plan says: Call Sam; Breathe."),
    (["Ask for help!"], "Your plan says: Ask for help!"),
    (["Wait it out..."], "Your plan says: Wait it out..."),
    (["  ", "."], None),
])
def test_a_warning_reminder_quotes_the_plan_with_one_full_stop(
    responses: list[str], said: str | None
) -> None:
    from datetime import datetime

    from recovery_cli.core.records import WarningMatch
    from recovery_cli.reminders.schedule import Recorded, Settings, due_reminders

    match = WarningMatch("Sleeping badly", "sleep_hours < 5 on 2 of 3 days", "2026-03-08",
                         responses)
    [r] = due_reminders(datetime(2026, 3, 10, 12, 0), Settings(checkin_time="23:59",
                        assessments=()), Recorded(warnings=[match]), {})
    assert ".." not in r.message.replace("...", "")
    if said is None:
        assert "Your plan says" not in r.message
        assert r.message.endswith("since 2026-03-08).")
    else:
        assert r.message.endswith(said)


# --- help ------------------------------------------------------------------------------------


def test_help_paragraphs_wrap_to_the_terminal_not_to_the_source(cli: Any) -> None:
    r = cli("--help", env={"COLUMNS": "100"})
    assert r.exit_code == 0
    lines = [line.strip("│ ") for line in r.stdout.splitlines()]
    flat = " ".join(" ".join(lines).split())
    assert "with" not in lines and "plan)" not in lines, r.stdout  # a docstring's line breaks
    assert "self-assessment is most like (or that it points to no single one), its profile" in flat
    r = cli("checkin", "--help", env={"COLUMNS": "80"})
    assert "Running it" not in [line.strip()[-10:] for line in r.stdout.splitlines()], r.stdout
    assert "Running it again the same day" in " ".join(r.stdout.split())


def test_unfold_help_keeps_paragraphs_and_click_escapes() -> None:
    from recovery_cli.cli._common import unfold_help

    text = """First line
        goes on here.

        Second paragraph,
        two lines.

        \b
        kept
        as is
        \f
        internal notes"""
    assert unfold_help(text) == ("First line goes on here.\n\nSecond paragraph, two lines.\n\n"
                                 "\b\nkept\nas is\n\f\ninternal notes")


# --- skills ----------------------------------------------------------------------------------


def test_skills_list_at_80_columns_never_cuts_an_id(cli: Any, columns: Any) -> None:
    columns(80)
    r = cli("skills", "list", "--json")
    ids = [s["id"] for s in r.json()]
    out = cli("skills", "list").stdout
    assert fits(out, 80), out
    firsts = [line.split()[0] for line in out.splitlines() if line and not line[0].isspace()]
    assert set(ids) <= set(firsts), out
    assert "…" not in out
    columns(120)
    wide = cli("skills", "list").stdout
    assert "kind" in wide.splitlines()[0] and "Mindfulness" in wide


def test_skill_steps_wrap_under_their_text(cli: Any, columns: Any) -> None:
    columns(80)
    out = cli("skills", "show", "thought_record").stdout
    assert fits(out, 80), out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    assert lines[first + 1].startswith("     ") and lines[first + 1].strip(), out  # under "Think"


# --- crisis ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80])
def test_crisis_lines_wrap_under_their_own_line(cli: Any, columns: Any, width: int) -> None:
    columns(width)
    r = cli("crisis")
    assert r.exit_code == 0
    assert fits(r.stdout, width), r.stdout
    body = [line.strip("│").rstrip() for line in r.stdout.splitlines() if line.startswith("│")]
    body = [line[1:] if line.startswith(" ") else line for line in body]
    texts = [line for line in body if line.strip()]
    # Every line is either a service (flush left) or indented under one; nothing wraps back to
    # the panel's edge in the middle of a sentence.
    starts = ("You deserve", "and confidential", "United States:", "UK & Ireland:", "UK:",
              "Ireland:", "Anywhere:", "In immediate danger", "Please also talk")
    for line in texts:
        assert line.startswith("    ") or line.startswith(starts), (line, r.stdout)
    flat = " ".join(r.stdout.replace("│", " ").split())
    assert "Press 1 for the Veterans Crisis Line, 2 for Spanish." in flat
    assert "https://988lifeline.org/chat" in r.stdout  # a URL is never split


# --- stage -----------------------------------------------------------------------------------


def panel_lines(out: str) -> list[str]:
    """The text inside a rich panel, without its borders and padding."""
    return [line[2:-2].rstrip() for line in out.splitlines() if line.startswith("│")]


def test_stage_steps_and_evidence_wrap_under_their_text(cli: Any, columns: Any) -> None:
    assert cli("demo", "--days", "14").exit_code == 0
    columns(80)
    r = cli("stage")
    assert r.exit_code == 0 and fits(r.stdout, 80), r.stdout
    lines = panel_lines(r.stdout)
    start = lines.index("Three next steps you could try")
    end = lines.index("", start)
    for line in lines[start + 1:end]:
        assert line[:3] in ("1. ", "2. ", "3. ") or line.startswith("   "), (line, r.stdout)
    start = lines.index("Beside your answers (not part of the scores)")
    end = lines.index("", start)
    assert end - start > 4
    for line in lines[start + 1:end]:
        assert line.startswith(("- ", "  ")), (line, r.stdout)
    # WHO-5 as assess history shows it: raw score and percentage.
    who5 = next(line for line in lines if line.startswith("- WHO-5"))
    assert "%)" in who5, who5


# --- assess history --------------------------------------------------------------------------


def test_assess_history_at_80_columns_names_flags_in_words(cli: Any, columns: Any) -> None:
    for answers in ("3,3,3,3,1", "1,1,2,1,1", "4,4,4,4,4"):
        assert cli("assess", "take", "who5", "--answers", answers).exit_code == 0
    columns(80)
    r = cli("assess", "history", "who5")
    assert r.exit_code == 0 and fits(r.stdout, 80), r.stdout
    out = r.stdout
    assert "who5 low item" not in out and "flag:" not in out
    rows = [line for line in out.splitlines() if line[:4].isdigit()]
    assert len(rows) == 3
    assert rows[0].endswith("note 1") and rows[1].endswith("note 1")
    assert not rows[2].endswith("note 1")
    assert "note 1: At least one answer was 'Some of the time' or 'At no time'" in out
    # Bands wrap onto at most one more line.
    lines = out.splitlines()
    at = [i for i, line in enumerate(lines) if line[:4].isdigit()]
    assert all(b - a <= 2 for a, b in itertools.pairwise(at)), out
    flat = " ".join(out.split())
    assert "Not in the poor" in flat and "well-being range" in flat
    assert "published interpretation, to discuss with a clinician" in flat


# --- trends ----------------------------------------------------------------------------------


def test_trends_wrapped_lines_stay_indented(cli: Any, columns: Any) -> None:
    assert cli("demo", "--days", "30").exit_code == 0
    columns(80)
    r = cli("trends")
    assert r.exit_code == 0 and fits(r.stdout, 80), r.stdout
    lines = r.stdout.splitlines()
    start = lines.index("Questionnaires")
    for line in lines[start + 1:]:
        assert line.startswith("  "), (line, r.stdout)
        if not line.startswith("  Bands are") and not line.startswith("  clinician"):
            # a questionnaire line ("  PHQ-9: ...") or its continuation, further in
            assert ":" in line.split()[0] or line.startswith("  WHO-5") or \
                line.startswith("    "), (line, r.stdout)
    for heading in ("Coping you used most: ", "Triggers met most: "):
        at = next(i for i, line in enumerate(lines) if line.startswith(heading))
        nxt = lines[at + 1]
        assert nxt == "" or nxt.startswith("  ") or nxt.split(":")[0] in (
            "Triggers met most", "Noticed most", "Longest breaks between check-ins"), r.stdout


# --- prompts ---------------------------------------------------------------------------------


@pytest.mark.pty
def test_checkboxes_say_how_to_tick_and_finish_in_80_columns(home: Any) -> None:
    from ptyutil import spawn_recovery

    pexpect = pytest.importorskip("pexpect")
    child = spawn_recovery(home, "checkin", "--mood", "5", "--energy", "5", "--sleep", "7",
                           "--anxiety", "3", "--set", "sleep_quality=3", size=(30, 80))
    child.expect("Anything you noticed today")
    child.expect_exact("(Space to tick, Enter when done)")
    child.send("\r")  # nothing ticked
    child.expect("Triggers you met")
    child.send("\x03")
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "<i> to invert" not in (child.before or "")


# --- config ----------------------------------------------------------------------------------


def test_config_show_speaks_as_config_set_does(cli: Any) -> None:
    assert cli("config", "set", "reminders.assessments", "phq9,who5").exit_code == 0
    before = cli("config", "show", "--json").json()
    out = cli("config", "show").stdout
    shown = {line.split(None, 1)[0]: line.split(None, 1)[1].strip()
             for line in out.splitlines()[1:] if line.split()[0] in before}
    assert set(shown) == set(before), out
    assert shown["streaks"] == "false" and shown["crisis_keywords"] == "true"
    assert shown["reminders.assessments"] == "phq9, who5"
    assert shown["reminders.quiet_hours"] == "(none)" and shown["region"].startswith("(not set")
    for text in out.splitlines():
        assert "False" not in text and "['" not in text and '""' not in text
    # Every value shown (other than the words for "not set") can be typed back as it is.
    for key, value in shown.items():
        if not value.startswith("("):
            assert cli("config", "set", key, value).exit_code == 0, (key, value)
    assert cli("config", "show", "--json").json() == before


def test_every_argument_and_option_value_is_named_in_capitals() -> None:
    """`plan add {SECTION} {TEXT}` as `journal show {ID}`, never `{section} {text}`; an option's
    value is `N`, not `<int range>`."""
    import typer.main

    from recovery_cli.cli import app

    def walk(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
        for param in cmd.params:
            yield path, param
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    root = typer.main.get_command(app)
    ctx = root.context_class(root)
    bad = []
    for path, param in walk(root, "recovery"):
        if param.name == "help" or getattr(param, "is_flag", False):
            continue
        if path.startswith(("recovery journal", "recovery export")):
            continue  # still being worked on by their owners (the usability pass left them)
        shown = param.metavar if param.metavar is not None else param.make_metavar(ctx)
        if shown != shown.upper() or "<" in shown:
            bad.append(f"{path} {param.name}: {shown}")
    assert not bad, bad


@pytest.mark.pty
def test_first_run_disclaimer_is_wrapped_to_the_terminal(home: Any) -> None:
    from ptyutil import spawn_recovery

    pexpect = pytest.importorskip("pexpect")
    child = spawn_recovery(home, "crisis", "--region", "GB", size=(40, 80), unset=("COLUMNS",))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (child.before or "").replace("\r", "")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("recovery helps you"))
    end = lines.index("", start)
    assert end - start >= 3  # wrapped, not one long line the terminal cuts mid-word
    assert all(len(line) < 80 for line in lines[start:end]), lines[start:end]
    assert "findahelpline.com." in lines[end - 1]


@pytest.mark.pty
def test_remind_in_a_terminal_wraps_whole_words_and_cron_gets_one_line(tmp_path: Any) -> None:
    from conftest import run_recovery
    from ptyutil import spawn_recovery

    pexpect = pytest.importorskip("pexpect")
    home = tmp_path / "h"
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text('[reminders]\ncheckin_time = "00:00"\nquiet_hours = ""\n'
                                      'assessments = ["who5"]\n')
    # a home past its first week, so the questionnaire is suggested beside the check-in
    seeded = run_recovery("checkin", "--date", "8 days ago", "--mood", "5",
                          env={"RECOVERY_HOME": str(home)})
    assert seeded.exit_code == 0, seeded.stderr
    child = spawn_recovery(home, "remind", size=(30, 60), unset=("COLUMNS",), NO_COLOR="1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = (child.before or "").replace("\r", "").splitlines()
    assert all(len(line) < 60 for line in lines), lines
    assert lines[0].startswith("• ") and all(ln.startswith(("• ", "  ")) for ln in lines), lines
    assert "  Run: recovery checkin" in lines and "  Run: recovery assess take who5" in lines
    piped = run_recovery("remind", env={"RECOVERY_HOME": str(home)})
    assert [ln.endswith(("Run: recovery checkin", "Run: recovery assess take who5"))
            for ln in piped.stdout.splitlines()] == [True, True], piped.stdout


def test_stage_tool_evidence_never_counts_zero() -> None:
    from recovery_cli.tools.skills import evidence_lines

    lines = evidence_lines({"window_days": 14, "goals_set": 2, "goals_done": 0,
                            "values_named": 3, "meaningful_activities": 0})
    text = " ".join(lines)
    assert "Goals: 2 set, none done yet (stage 2)." in lines
    assert "3 values named, no meaningful activity logged in the last 14 days" in text
    assert " 0 " not in text
    lines = evidence_lines({"goals_set": 2, "goals_done": 1, "values_named": 1,
                            "meaningful_activities": 2})
    assert "Goals: 2 set, 1 done (stage 2)." in lines
