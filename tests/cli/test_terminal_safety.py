"""Stored text never drives the terminal (issue 24, item 7): an imported Daylio or jrnl file,
or text typed into flags, holding OSC 52 (clipboard), OSC 0 (window title), clear-screen,
conceal, 8-bit CSI or bidi overrides is shown as text by every command that prints it, and
rich markup in it (`[bold]`) is shown as written. The project's own colours stay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery

NASTY = ("A\x1b]52;c;aGVsbG8=\x07B\x1b]0;pwned\x1b\\C\x1b[2J\x1b[8mhidden\x1b[0m"
         "\x9b31mD\x07\x08E\u202eF \x1bP1$r\x1b\\G [bold]lit[/bold] [red]x[/]")
FORBIDDEN = ("\x1b", "\x9b", "\x9d", "\x90", "\x07", "\x08", "\u202e", "\r")


def _clean(out: str) -> None:
    for ch in FORBIDDEN:
        assert ch not in out, (repr(ch), out[:2000])


_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def nasty_home(cli: Any, home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding NASTY in every kind of stored text (made once, copied for each test)."""
    import shutil

    if "home" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("nasty") / "home"
        _fill(cli, template, tmp_path_factory.mktemp("files"))
        _TEMPLATE["home"] = template
    shutil.copytree(_TEMPLATE["home"], home)
    return home


def _fill(cli: Any, home: Path, tmp_path: Path) -> None:
    jrnl = tmp_path / "journal.txt"
    jrnl.write_text(f"[2026-11-20 08:30] Title {NASTY}\nBody {NASTY}\n\n", encoding="utf-8")
    daylio = tmp_path / "daylio.csv"
    daylio.write_text("full_date,date,weekday,time,mood,activities,note_title,note\n"
                      f'2026-11-19,November 19,Thursday,20:10,good,friends,"T {NASTY}",'
                      f'"N {NASTY}"\n', encoding="utf-8")
    for args in (
        ("import", str(jrnl)),
        ("import", str(daylio)),
        ("checkin", "--mood", "5", "--note", NASTY),
        ("checkin", "--date", "yesterday", "--mood", "4", "--note", NASTY),
        ("plan", "add", "toolbox", NASTY),
        ("plan", "add", "triggers", NASTY, "--response", NASTY),
        ("plan", "add", "warning_signs", NASTY, "--response", NASTY, "--rule",
         "mood <= 10 for 1 days"),
        ("plan", "add", "contacts", NASTY, "--role", NASTY, "--phone", "555"),
        ("plan", "add", "safety.coping_alone", NASTY),
        ("goals", "add", NASTY, "--why", NASTY, "--step", NASTY),
        ("values", "add", NASTY),
        ("skills", "practice", "box_breathing", "--helpful", "5", "--note", NASTY),
        ("intake", "--set", f"hopes={NASTY}"),
        ("journal", "write", NASTY, "--title", NASTY),
    ):
        r = cli("--home", str(home), *args)
        assert r.exit_code == 0, (args, r.stderr)


SHOWN = [
    ("journal", "show", "1"), ("journal", "show", "3"), ("journal", "list"),
    ("journal", "search", "hidden"), ("journal", "search", "lit"), ("history",),
    ("history", "--days", "30"), ("trends",), ("plan", "show"), ("plan", "check"),
    ("crisis",), ("goals", "list"), ("values", "list"), ("skills", "log"), ("intake", "show"),
    ("remind",),
]  # (an export to stdout is data, byte for byte, unless stdout is a terminal: cli/export.py)


@pytest.mark.parametrize("args", SHOWN, ids=[" ".join(a) for a in SHOWN])
def test_no_escape_from_the_data_reaches_the_terminal(cli: Any, nasty_home: Path,
                                                      args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    _clean(r.stdout + r.stderr)
    assert "hidden" in r.stdout or args[0] in ("trends", "remind", "export", "history") \
        or "search" in args or "list" in args or "check" in args, r.stdout[:1500]


@pytest.mark.parametrize("args", [("journal", "show", "3"), ("plan", "show"),
                                  ("goals", "list"), ("values", "list")])
def test_markup_in_stored_text_is_shown_as_written(cli: Any, nasty_home: Path,
                                                   args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert "[bold]lit[/bold]" in r.stdout, r.stdout[:2000]
    assert "<U+202E>F" in r.stdout  # a bidi override shown, not obeyed


def test_json_output_escapes_c1_but_keeps_the_text(cli: Any, nasty_home: Path) -> None:
    r = cli("journal", "show", "3", "--json")
    _clean(r.stdout.replace("\u202e", ""))  # JSON keeps the text exactly: \u escapes
    assert r.json()["body"] == NASTY


def test_errors_quoting_typed_text_are_safe(cli: Any, home: Path) -> None:
    r = cli("journal", "write", "x", "--date", "\x1b]0;pwned\x07soon")
    assert r.exit_code == 2
    _clean(r.stderr)


def test_the_text_around_the_sequences_is_all_there_in_a_terminal(nasty_home: Path) -> None:
    """Regression: rich strips BEL before printing, so an OSC looked unterminated and the
    rest of the line was swallowed with it."""
    r = run_recovery("journal", "show", "3", env={"RECOVERY_HOME": str(nasty_home),
                                                  "FORCE_COLOR": "1", "TERM": "xterm-256color",
                                                  "NO_COLOR": "", "COLUMNS": "200"})
    from recovery_cli.ui.safe import terminal_safe

    plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", r.stdout)  # our own colours
    assert terminal_safe(NASTY) == "ABChiddenDE<U+202E>F G [bold]lit[/bold] [red]x[/]"
    assert terminal_safe(NASTY) in plain, plain


def test_own_colours_stay_in_a_terminal(nasty_home: Path) -> None:
    """With colour forced (as in a terminal), rich's own styles still come out as escape
    codes, while none of the data's do."""
    r = run_recovery("journal", "show", "3", env={"RECOVERY_HOME": str(nasty_home),
                                                  "FORCE_COLOR": "1", "TERM": "xterm-256color",
                                                  "NO_COLOR": "", "COLUMNS": "100"})
    assert r.exit_code == 0, r.stderr
    assert "\x1b[" in r.stdout  # our colours
    for bad in ("]52;", "]0;pwned", "\x1b[2J", "\x1b[8m", "\x9b", "\x07", "\x1bP"):
        assert bad not in r.stdout, bad
    assert "[bold]lit[/bold]" in r.stdout


def test_terminal_safe_unit() -> None:
    from recovery_cli.ui.safe import terminal_safe

    assert terminal_safe("plain text, ünïcode 🙂\tand\nlines") == "plain text, ünïcode 🙂\tand\nlines"
    assert terminal_safe("a\x1b[31mb\x1b[0m") == "ab"
    assert terminal_safe("a\x1b]52;c;ZGF0YQ==\x07b") == "ab"
    assert terminal_safe("a\x1b]0;title\x1b\\b") == "ab"
    assert terminal_safe("a\x1b]0;never ends") == "anever ends"  # the ESC goes, text stays
    assert terminal_safe("a\x9b2Jb\x9d0;t\x9cc") == "abc"
    assert terminal_safe("a\x00\x7f\x85b\r") == "ab"
    assert terminal_safe("a\u202eb\u2066c") == "a<U+202E>b<U+2066>c"
    assert terminal_safe("caf\udce9") == "caf\ufffd"
    assert terminal_safe("a\x1bcb") == "ab"  # RIS (full reset)
