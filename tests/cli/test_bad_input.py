"""Bad input: a corpus of things a tired person, a broken disk or a stray file can hand the
program. Each one gives ONE clear line on stderr, the documented exit code (DESIGN.md: 1 for a
well-formed request that can't be done, 2 for bad input), no traceback, and leaves the home
(database included) byte-identical.

The corpus: corrupted and newer databases, truncated import files, checklist files with each
kind of schema error, out-of-range and non-numeric values for every numeric flag, impossible
dates for every date flag, unknown ids for every command that takes one, an unwritable home and
a full disk. Two completeness tests walk the typer app so a new numeric or date flag can't be
added without a place here.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result

# --- helpers ---------------------------------------------------------------------------------


def one_line(r: Result, code: int) -> str:
    """The run failed with `code`, one line on stderr, no traceback anywhere."""
    assert r.exit_code == code, (r.exit_code, r.stdout[-500:], r.stderr)
    err = r.stderr.strip()
    assert err, "no message"
    assert "\n" not in err, err
    assert "Traceback" not in r.stdout + r.stderr
    return err


def snapshot(home: Path) -> dict[str, str]:
    """Every file of the home by content (the database's transient -shm and an empty -wal
    aside: a non-empty -wal would mean a write that hasn't reached the file yet)."""
    out: dict[str, str] = {}
    for p in sorted(home.rglob("*")):
        if not p.is_file() or p.name in (".migrate.lock", ".disclaimer-shown"):
            continue
        if p.name.endswith("-shm"):
            continue
        if p.name.endswith("-wal") and p.stat().st_size == 0:
            continue
        out[str(p.relative_to(home))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def checkpoint(home: Path) -> None:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


SEED_COMMANDS = (
    ("journal", "write", "seed entry", "--tag", "seed"),
    ("checkin", "--date", "yesterday", "--mood", "4", "--set", "coping=walk"),
    ("assess", "take", "phq2", "--answers", "1,1"),
    ("plan", "add", "triggers", "Loud places", "--response", "Headphones"),
    ("goals", "add", "Walk more", "--step", "Shoes by the door"),
    ("values", "add", "Kindness"),
    ("skills", "practice", "box_breathing", "--helpful", "6"),
    ("meds", "add", "Aspirin", "--dose", "75 mg", "--started", "yesterday"),
    ("meds", "add", "Lorazepam", "--as-needed", "--started", "yesterday"),
    ("event", "add", "seed event", "--impact", "1"),
    ("session", "bring", "seed question"),
)
_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def seeded(cli: Any, home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with something in every area, its database fully checkpointed (made once,
    copied for each test)."""
    if "home" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("seeded") / "home"
        for args in SEED_COMMANDS:
            r = cli("--home", str(template), *args)
            assert r.exit_code == 0, (args, r.stderr)
        checkpoint(template)
        _TEMPLATE["home"] = template
    shutil.copytree(_TEMPLATE["home"], home)
    return home


def refused(cli: Any, home: Path, args: tuple[str, ...], code: int) -> str:
    before = snapshot(home)
    err = one_line(cli(*args), code)
    assert snapshot(home) == before, args
    return err


# --- numeric flags ---------------------------------------------------------------------------

# (args, expected exit code). Every numeric flag and argument of the app, typed by click or
# parsed by the command itself, with non-numeric, fractional, negative, too large, nan, inf.
NUMERIC: list[tuple[tuple[str, ...], int]] = []


def _bad_numbers(prefix: tuple[str, ...], values: list[str], code: int = 2,
                 suffix: tuple[str, ...] = ()) -> None:
    NUMERIC.extend(((*prefix, v, *suffix), code) for v in values)


_NON_NUMBERS = ["abc", "", "five", "3 apples", "1e999", "nan", "inf", "-inf"]
_bad_numbers(("checkin", "--mood"), [*_NON_NUMBERS, "-1", "11", "5.55", "99999999999999999999"])
_bad_numbers(("checkin", "--energy"), [*_NON_NUMBERS, "-1", "11", "0.25"])
_bad_numbers(("checkin", "--anxiety"), [*_NON_NUMBERS, "-0.5", "10.5", "100"])
_bad_numbers(("checkin", "--sleep"), [*_NON_NUMBERS, "-1", "24.5", "6.55", "1000"])
_bad_numbers(("checkin", "--set"), ["sleep_quality=abc", "sleep_quality=0", "sleep_quality=6",
                                    "sleep_quality=2.25", "sleep_quality=", "mood=nan"])
_bad_numbers(("assess", "take", "phq2", "--answers"),
             ["a,b", "1,9", "-1,0", "1", "1,2,3", "nan,1", "1.5,1", "1,,1", ",", ""])
_bad_numbers(("history", "--days"), ["abc", "0", "-1", "1.5", "99999999999"])
_bad_numbers(("journal", "list", "-n"), ["abc", "0", "-3", "2.5"])
_bad_numbers(("journal", "search", "seed", "-n"), ["abc", "0", "-3"])
_bad_numbers(("trends", "--days"), ["abc", "0", "3651", "-7"])
_bad_numbers(("demo", "--days"), ["abc", "13", "731", "-1"])
_bad_numbers(("skills", "list", "--stage"), ["abc", "0", "6"])
_bad_numbers(("skills", "log", "--days"), ["abc", "0", "-1"])
_bad_numbers(("skills", "log", "-n"), ["abc", "0"])
_bad_numbers(("skills", "practice", "box_breathing", "--helpful"), ["abc", "-1", "11", "2.55"])
_bad_numbers(("goals", "review", "1", "--progress"), ["abc", "-1", "11", "2.55"])
_bad_numbers(("goals", "done", "1", "--step"), ["abc", "1.5"])
_bad_numbers(("goals", "done", "1", "--step"), ["0", "-1", "99"], code=1)  # no such step
_bad_numbers(("plan", "remove", "triggers"), ["abc", "0", "-1", "1.5"])
_bad_numbers(("remind", "cron", "--at"), ["abc", "25:00", "12:60", "-1:00", "7"])
_bad_numbers(("config", "set", "reminders.plan_review_days"), ["abc", "-1", "1.5", "99999"])
_bad_numbers(("config", "set", "reminders.checkin_time"), ["abc", "24:00", "8"])
_bad_numbers(("import",), ["x.csv"], suffix=("--mood-map", "happy=abc"))
_bad_numbers(("snap",), [*_NON_NUMBERS, "-1", "11", "10.5", "99999999999999999999"])
_bad_numbers(("snap", "5", "--anxiety"), [*_NON_NUMBERS, "-1", "11"])
_bad_numbers(("snap", "5", "--energy"), [*_NON_NUMBERS, "-0.5", "100"])
_bad_numbers(("snaps", "--days"), ["abc", "0", "-1", "1.5", "99999999999"])
_bad_numbers(("config", "set", "day_ends_at"), ["abc", "06:01", "7:00", "24:00", "4"])
_bad_numbers(("config", "set", "reminders.snaps"), ["abc", "25:00", "1,2", "9:00"])
for _cmd in (("journal", "show"), ("journal", "delete"), ("goals", "done"), ("goals", "step")):
    _bad_numbers(_cmd, ["abc", "1.5", ""])
_bad_numbers(("journal", "edit"), ["abc", "1.5"], suffix=("--text", "x"))
_bad_numbers(("goals", "review"), ["abc"], suffix=("--progress", "5"))
_bad_numbers(("event", "edit"), ["abc", "1.5"], suffix=("--text", "x"))
_bad_numbers(("event", "remove"), ["abc", "1.5", ""], suffix=("--yes",))
_bad_numbers(("event", "add", "x", "--impact"), ["abc", "4", "-4", "1.5", "nan", ""])
_bad_numbers(("session", "bring", "--done"), ["abc", "1.5"])
_bad_numbers(("session", "bring", "--done"), ["0", "99"], code=1)  # no such item
_bad_numbers(("checkin", "--mood", "5", "--as-needed"), ["lorazepam=abc", "lorazepam=-1",
                                                          "lorazepam=1.5", "lorazepam=nan"])

# Flags that take numbers as text (parsed by the command, so click can't see them).
TEXT_NUMERIC_FLAGS = {("checkin", "--mood"), ("checkin", "--energy"), ("checkin", "--sleep"),
                      ("checkin", "--anxiety"), ("checkin", "--set"),
                      ("assess take", "--answers"), ("remind cron", "--at"),
                      ("event add", "--impact")}


@pytest.mark.parametrize(("args", "code"), NUMERIC, ids=[" ".join(a) for a, _ in NUMERIC])
def test_bad_numbers(cli: Any, seeded: Path, args: tuple[str, ...], code: int) -> None:
    refused(cli, seeded, args, code)


def _walk() -> list[tuple[str, Any]]:
    from typer.main import get_command

    from recovery_cli.cli import app

    out: list[tuple[str, Any]] = []

    def walk(group: Any, path: str) -> None:
        for name, sub in getattr(group, "commands", {}).items():
            here = f"{path} {name}".strip()
            out.append((here, sub))
            walk(sub, here)

    walk(get_command(app), "")
    return out


def _command_of(args: tuple[str, ...], paths: set[str]) -> str:
    for n in (2, 1):
        if " ".join(args[:n]) in paths:
            return " ".join(args[:n])
    raise AssertionError(args)


def test_every_numeric_flag_is_in_the_corpus() -> None:
    import typer._click.types as types

    commands = _walk()
    paths = {p for p, _ in commands}
    covered = [(_command_of(a, paths), a) for a, _ in NUMERIC]
    missing = []
    for path, cmd in commands:
        for p in getattr(cmd, "params", []):
            if not isinstance(p.type, types.IntParamType | types.FloatParamType):
                continue
            flag = p.opts[0] if p.opts and p.opts[0].startswith("-") else None
            if not any(c == path and (flag is None or flag in a) for c, a in covered):
                missing.append(f"{path} {flag or p.name}")
    assert missing == [], f"add bad values for these to NUMERIC: {missing}"
    for path, flag in TEXT_NUMERIC_FLAGS:
        assert any(c == path and flag in a for c, a in covered), (path, flag)


# --- dates -----------------------------------------------------------------------------------

IMPOSSIBLE = ["2026-02-30", "next blursday", "2026-13-01", "31/02/2026", "yesterday-ish"]
DATE_FLAGS: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = [
    (("checkin",), "--date", ("--mood", "5")),
    (("history",), "--from", ()),
    (("history",), "--to", ()),
    (("journal", "write", "text"), "--date", ()),
    (("journal", "list"), "--from", ()),
    (("journal", "list"), "--to", ()),
    (("journal", "edit", "1"), "--date", ()),
    (("export",), "--from", ()),
    (("export",), "--to", ()),
    (("goals", "add", "A goal"), "--by", ()),
    (("skills", "practice", "box_breathing"), "--date", ("--helpful", "5")),
    (("skills", "log"), "--from", ()),
    (("skills", "log"), "--to", ()),
    (("meds", "add", "Aspirin"), "--started", ()),
    (("meds", "change", "Aspirin"), "--date", ("--dose", "5 mg")),
    (("meds", "stop", "Aspirin"), "--date", ()),
    (("event", "add", "x"), "--date", ()),
    (("event", "list"), "--from", ()),
    (("event", "list"), "--to", ()),
    (("event", "edit", "1"), "--date", ()),
    (("session", "log"), "--date", ()),
    (("snap", "5"), "--date", ()),
    (("snap", "5"), "--at", ()),
    (("snaps",), "--day", ()),
]
DATES = [((*cmd, flag, v, *rest), 2) for cmd, flag, rest in DATE_FLAGS for v in IMPOSSIBLE]


@pytest.mark.parametrize(("args", "code"), DATES, ids=[" ".join(a) for a, _ in DATES])
def test_impossible_dates(cli: Any, seeded: Path, args: tuple[str, ...], code: int) -> None:
    err = refused(cli, seeded, args, code)
    assert "date" in err.lower()


@pytest.mark.parametrize("phrase", ["3 days agoo", "tomorrow please", "blah yesterday",
                                    "yesterday-ish", "last mondayy", "2 weeks ago maybe"])
def test_half_understood_phrases_are_refused(phrase: str) -> None:
    """Regression: parsedatetime read '3 days agoo' as '3 days' (three days AHEAD) and
    'blah yesterday' as 'yesterday', silently; a date half understood is now bad input."""
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError

    with pytest.raises(InputError, match="Can't read the date"):
        clock.parse_day(phrase)
    with pytest.raises(InputError, match="Can't read the date"):
        clock.parse_when(phrase)


@pytest.mark.parametrize(("phrase", "days_back"), [
    ("3 days ago", 3), ("yesterday", 1), ("Yesterday evening", 1), ("a week ago", 7),
    ("2 weeks ago", 14), (" today ", 0), ("yesterday at noon", 1), ("two days ago", 2),
])
def test_whole_phrases_still_work(phrase: str, days_back: int) -> None:
    from datetime import timedelta

    from recovery_cli.core import clock

    assert clock.parse_day(phrase) == clock.today() - timedelta(days=days_back)


def test_every_date_flag_is_in_the_corpus() -> None:
    commands = _walk()
    paths = {p for p, _ in commands}
    covered = {(_command_of(cmd, paths), flag) for cmd, flag, _ in DATE_FLAGS}
    missing = [f"{path} {opt}" for path, cmd in commands for p in getattr(cmd, "params", [])
               for opt in p.opts
               if opt in ("--date", "--from", "--to", "--by") and (path, opt) not in covered]
    assert missing == [], f"add these to DATE_FLAGS: {missing}"


# --- unknown ids -----------------------------------------------------------------------------

UNKNOWN: list[tuple[tuple[str, ...], int]] = [
    (("journal", "show", "999"), 1),
    (("journal", "edit", "999", "--text", "x"), 1),
    (("journal", "delete", "999", "--yes"), 1),
    (("journal", "show", "0"), 1),
    (("assess", "take", "nosuch", "--answers", "1"), 1),
    (("assess", "history", "nosuch"), 1),
    (("goals", "done", "999"), 1),
    (("goals", "step", "999", "a step"), 1),
    (("goals", "review", "999", "--progress", "5"), 1),
    (("skills", "show", "nosuch"), 1),
    (("skills", "practice", "nosuch", "--helpful", "5"), 1),
    (("skills", "log", "--skill", "nosuch"), 1),
    (("plan", "remove", "triggers", "99"), 1),
    # Names that aren't ids but values: bad input (an unknown setting is bad usage, issue 20).
    (("config", "get", "nosuch"), 2),
    (("config", "set", "nosuch", "1"), 2),
    (("plan", "show", "--section", "nosuch"), 2),
    (("plan", "add", "nosuch", "text"), 2),
    (("plan", "remove", "nosuch", "1"), 2),
    (("export", "--section", "nosuch"), 2),
    (("export", "--format", "docx"), 2),
    (("import", "/nonexistent/file.json"), 2),
    (("restore", "/nonexistent/backup.db", "--yes"), 2),
]


@pytest.mark.parametrize(("args", "code"), UNKNOWN, ids=[" ".join(a) for a, _ in UNKNOWN])
def test_unknown_ids(cli: Any, seeded: Path, args: tuple[str, ...], code: int) -> None:
    refused(cli, seeded, args, code)


def test_every_command_taking_an_id_is_in_the_corpus() -> None:
    paths = {p for p, _ in _walk()}
    covered = {_command_of(a, paths) for a, _ in UNKNOWN}
    ids = {"entry_id", "goal_id", "checklist_id", "skill_id", "n", "key"}
    missing = [path for path, cmd in _walk()
               if any(p.name in ids for p in getattr(cmd, "params", []))
               and path not in covered and path not in ("assess list",)]
    assert missing == [], f"add an unknown id for: {missing}"


# --- usage errors are one line too -----------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("chekin",), ("--bogus",), ("journal", "show"), ("checkin", "--mood"),
    ("journal", "list", "--nope"), ("trends", "--days", "0"),
])
def test_usage_errors_are_one_line(cli: Any, seeded: Path, args: tuple[str, ...]) -> None:
    """Regression: click's usage errors were a five-line box ("Usage: ... Try ... ╭─ Error");
    now one line that still says where help is."""
    err = refused(cli, seeded, args, 2)
    assert "╭" not in err and "Usage:" not in err


def test_a_bare_group_still_shows_its_help(cli: Any) -> None:
    r = cli("journal")
    assert r.exit_code == 2
    assert "write" in r.stdout + r.stderr


# --- damaged and newer databases -------------------------------------------------------------

DB_COMMANDS = [
    ("journal", "write", "x"), ("journal", "list"), ("journal", "search", "seed"),
    ("checkin", "--mood", "5"), ("history",), ("remind",), ("assess", "take", "phq2",
                                                           "--answers", "1,1"),
    ("stage",), ("trends",), ("plan", "show"), ("plan", "add", "toolbox", "tea"),
    ("goals", "list"), ("export", "--format", "json", "-o", "OUT"), ("doctor",),
    ("import", "JRNL"), ("backup",),
]


def _damage(kind: str, data: bytes) -> bytes:
    if kind == "text":
        return b"this is my shopping list, not a database\n" * 50
    if kind == "truncated":
        return data[: len(data) // 2 + 100]
    if kind == "header_only":
        return data[:100]
    if kind == "schema_bitflips":  # page 1 holds sqlite_master: its SQL text is scrambled
        b = bytearray(data)
        rnd = random.Random(7)
        for _ in range(300):
            b[rnd.randrange(100, 4096)] = rnd.randrange(256)
        return bytes(b)
    raise AssertionError(kind)


@pytest.fixture
def jrnl_file(tmp_path: Path) -> Path:
    p = tmp_path / "journal.txt"
    p.write_text("[2024-03-01 08:30] A day\nIt was fine.\n\n", encoding="utf-8")
    return p


def fill(args: tuple[str, ...], jrnl: Path) -> tuple[str, ...]:
    """Placeholders: JRNL a small jrnl file to import, OUT an export target beside it."""
    return tuple(str(jrnl) if a == "JRNL" else str(jrnl.parent / "out.json") if a == "OUT"
                 else a for a in args)


@pytest.mark.parametrize("kind", ["text", "truncated", "header_only", "schema_bitflips"])
def test_damaged_database_is_refused_and_left_alone(cli: Any, seeded: Path, kind: str,
                                                    jrnl_file: Path) -> None:
    db = seeded / "recovery.db"
    db.write_bytes(_damage(kind, db.read_bytes()))
    for args in DB_COMMANDS:
        args = fill(args, jrnl_file)
        err = refused(cli, seeded, args, 1)
        assert "damaged" in err or "not a recovery database" in err, (args, err)


def test_damaged_database_fast_remind(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from recovery_cli.main import main

    db = seeded / "recovery.db"
    db.write_bytes(_damage("truncated", db.read_bytes()))
    before = snapshot(seeded)
    assert main(["remind"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "damaged" in err
    assert snapshot(seeded) == before


def test_pages_damaged_deep_inside(cli: Any, seeded: Path, jrnl_file: Path) -> None:
    """Zeroed pages past the schema: a command that reads them fails in one line (exit 1);
    one that doesn't may work. Nothing is ever written into a damaged file."""
    for i in range(40):  # enough rows that the tables span many pages
        assert cli("journal", "write", f"entry {i} " + "words " * 400).exit_code == 0
    checkpoint(seeded)
    db = seeded / "recovery.db"
    data = db.read_bytes()
    db.write_bytes(data[: 4096 * 3] + b"\0" * 4096 * 6 + data[4096 * 9:])
    outcomes = set()
    for args in DB_COMMANDS:
        args = fill(args, jrnl_file)
        before = snapshot(seeded)
        r = cli(*args)
        assert "Traceback" not in r.stdout + r.stderr
        if r.exit_code != 0:
            assert r.exit_code == 1, (args, r.stderr)
            assert "\n" not in r.stderr.strip(), r.stderr
            assert snapshot(seeded) == before, args
            outcomes.add("refused")
        else:
            outcomes.add("ok")
    assert "refused" in outcomes


def test_newer_database_is_refused_and_left_alone(cli: Any, seeded: Path,
                                                  jrnl_file: Path) -> None:
    conn = sqlite3.connect(seeded / "recovery.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    checkpoint(seeded)
    for args in DB_COMMANDS:
        args = fill(args, jrnl_file)
        err = refused(cli, seeded, args, 1)
        assert "newer version" in err, (args, err)


def test_random_bytes_look_encrypted_and_are_left_alone(cli: Any, seeded: Path) -> None:
    """A page-sized file of random bytes can't be told from an SQLCipher database by its
    bytes, but a home knows whether it encrypted (status.json): one that never did calls it
    damaged (exit 1, issue 20 #11); one that did needs the passphrase (no terminal: exit 2).
    Either way nothing is touched."""
    db = seeded / "recovery.db"
    db.write_bytes(random.Random(3).randbytes(4096 * 8))
    for args in (("journal", "write", "x"), ("checkin", "--mood", "5"), ("history",)):
        err = refused(cli, seeded, args, 1)
        assert "damaged or is not a recovery database" in err and "restore" in err
    (seeded / "status.json").write_text("{}")
    for args in (("journal", "write", "x"), ("checkin", "--mood", "5"), ("history",)):
        err = refused(cli, seeded, args, 2)
        assert "passphrase" in err


# --- truncated import files ------------------------------------------------------------------


def _exported(cli: Any, seeded: Path, tmp_path: Path) -> str:
    out = tmp_path / "full.json"
    assert cli("export", "--format", "json", "-o", str(out)).exit_code == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.6, 0.85, 0.99])
@pytest.mark.parametrize("dry_run", [False, True])
def test_truncated_recovery_json(cli: Any, seeded: Path, tmp_path: Path, fraction: float,
                                 dry_run: bool) -> None:
    text = _exported(cli, seeded, tmp_path)
    checkpoint(seeded)
    cut = tmp_path / "cut.json"
    cut.write_text(text[: int(len(text) * fraction)], encoding="utf-8")
    args = ("import", str(cut), *(("--dry-run",) if dry_run else ()))
    err = refused(cli, seeded, args, 2)
    assert "nothing was imported" in err.lower() or "can't tell" in err, err


@pytest.mark.parametrize("fmt", ["jrnl-json", "daylio-csv", "auto"])
def test_truncated_other_formats(cli: Any, seeded: Path, tmp_path: Path, fmt: str) -> None:
    fixtures = Path(__file__).parents[1] / "fixtures"
    if fmt == "daylio-csv":
        lines = (fixtures / "daylio" / "daylio_export.csv").read_text(encoding="utf-8").splitlines()
        text = lines[0] + "\n" + lines[1][:25] + '"an unterminated note'
    else:
        full = (fixtures / "jrnl" / "sample_journal.json").read_text(encoding="utf-8")
        text = full[: len(full) // 2]
    cut = tmp_path / "cut.data"
    cut.write_text(text, encoding="utf-8")
    args = ("import", str(cut), "--format", fmt if fmt != "auto" else "jrnl-json")
    err = refused(cli, seeded, args, 2)
    assert "line" in err or "row" in err, err  # says where


# --- checklist files with schema errors -------------------------------------------------------

GOOD_CHECKLIST = '''id = "mine"
title = "Mine"
version = 1
kind = "instrument"
scale = [ { value = 0, label = "No" }, { value = 1, label = "Yes" } ]
[scoring]
method = "sum"
bands = [ { min = 0, max = 2, label = "Some" } ]
[[items]]
id = "q1"
text = "One"
[[items]]
id = "q2"
text = "Two"
'''
CHECKLIST_ERRORS: dict[str, tuple[bytes, str]] = {
    # name: (file content, what the message names)
    "toml_syntax": (GOOD_CHECKLIST.replace('"Mine"', '"Mine').encode(), "TOML"),
    "missing_field": (GOOD_CHECKLIST.replace('id = "mine"\n', "").encode(), "'id'"),
    "wrong_type": (GOOD_CHECKLIST.replace("version = 1", 'version = "one"').encode(), "'version'"),
    "bad_choice": (GOOD_CHECKLIST.replace('"instrument"', '"quiz"').encode(), "'kind'"),
    "unknown_field": (GOOD_CHECKLIST.replace("version = 1", 'version = 1\ncolour = "blue"').encode(),
                      "'colour'"),
    "bad_item_type": (GOOD_CHECKLIST.replace('text = "Two"', 'text = "Two"\ntype = "slider"').encode(),
                      "items"),
    "no_items": (GOOD_CHECKLIST.split("[[items]]")[0].encode(), "'items'"),
    "duplicate_item": (GOOD_CHECKLIST.replace('id = "q2"', 'id = "q1"').encode(), "q1"),
    "band_inverted": (GOOD_CHECKLIST.replace("min = 0, max = 2", "min = 3, max = 1").encode(),
                      "bands"),
    "bad_id_pattern": (GOOD_CHECKLIST.replace('id = "mine"', 'id = "Mine!"').encode(), "'id'"),
    "out_of_range": (GOOD_CHECKLIST.replace("version = 1", "version = 1\nfrequency_days = -3").encode(),
                     "frequency_days"),
    "dangling_reference": (GOOD_CHECKLIST.replace(
        "[scoring]", 'safety = [ { item = "q9", operator = ">", value = 0 } ]\n[scoring]').encode(),
        "q9"),
    "empty_file": (b"", "'id'"),
    "not_utf8": (b'id = "\xff\xfe"\n', "utf-8"),
}


@pytest.mark.parametrize("name", sorted(CHECKLIST_ERRORS))
def test_checklist_schema_errors(cli: Any, seeded: Path, name: str) -> None:
    content, named = CHECKLIST_ERRORS[name]
    folder = seeded / "checklists"
    folder.mkdir(mode=0o700)
    path = folder / f"{name}.toml"
    path.write_bytes(content)
    before = snapshot(seeded)
    # Commands that load checklists name the file on stderr, in one line, and go on.
    r = cli("assess", "list", "--json")
    assert r.exit_code == 0, r.stderr
    err = r.stderr.strip()
    assert "\n" not in err and str(path) in err and named in err, err
    assert {c["id"] for c in r.json()} >= {"phq9", "gad7", "who5"}
    r = cli("assess", "take", "phq2", "--answers", "0,0", "--json")
    assert r.exit_code == 0 and r.json()["score"] == 0, r.stderr
    # doctor reports it and exits 1.
    r = cli("doctor")
    assert r.exit_code == 1 and str(path) in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    # The broken questionnaire itself is unknown (exit 1), and nothing else was touched.
    assert cli("assess", "take", "mine", "--answers", "1,1").exit_code == 1
    after = snapshot(seeded)
    before.pop("recovery.db")
    assert {k: v for k, v in after.items() if k != "recovery.db"} == before


def test_a_good_user_checklist_really_works(cli: Any, seeded: Path) -> None:
    """The control for the corpus above: the same file, unbroken, is used."""
    folder = seeded / "checklists"
    folder.mkdir(mode=0o700)
    (folder / "mine.toml").write_text(GOOD_CHECKLIST, encoding="utf-8")
    r = cli("assess", "take", "mine", "--answers", "1,1", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["score"] == 2 and "Skipped" not in r.stderr


# --- an unwritable home ----------------------------------------------------------------------


def test_home_under_a_file(cli: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "home"
    for args in (("journal", "write", "x"), ("checkin", "--mood", "5"), ("journal", "list")):
        err = one_line(cli("--home", str(home), *args), 1)
        assert str(home) in err
    assert blocker.read_text() == "not a folder"


def test_home_that_is_a_file(cli: Any, tmp_path: Path) -> None:
    home = tmp_path / "home-file"
    home.write_text("mine")
    err = one_line(cli("--home", str(home), "journal", "write", "x"), 1)
    assert "is a file" in err
    assert home.read_text() == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores chmod 0500; covered by the "
                    "path-under-a-file and injected-PermissionError tests")
def test_home_chmod_0500(cli: Any, seeded: Path) -> None:
    os.chmod(seeded, 0o500)
    try:
        before = snapshot(seeded)
        one_line(cli("journal", "write", "x"), 1)
        assert snapshot(seeded) == before
    finally:
        os.chmod(seeded, 0o700)


def test_home_cannot_be_created_injected(cli: Any, monkeypatch: pytest.MonkeyPatch,
                                         home: Path) -> None:
    def denied(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    err = one_line(cli("journal", "write", "x"), 1)
    assert "home folder" in err and str(home) in err
    assert not home.exists()


def test_home_not_writable_injected(cli: Any, monkeypatch: pytest.MonkeyPatch,
                                    seeded: Path) -> None:
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == seeded
                        else real_access(p, mode, **kw))
    before = snapshot(seeded)
    err = one_line(cli("journal", "write", "x"), 1)
    assert "read-only" in err and "nothing was saved" in err  # reads still work (issue 24)
    assert snapshot(seeded) == before


def test_read_only_database_injected(cli: Any, monkeypatch: pytest.MonkeyPatch,
                                     seeded: Path) -> None:
    """The file can be read but not written (a read-only mount, another owner): SQLite's own
    'readonly database' error becomes one line, exit 1."""
    from recovery_cli.store import db as store_db

    real = store_db._connect

    def read_only(path: Path, *, readonly: bool = False, home: Path | None = None
                  ) -> sqlite3.Connection:
        return real(path, readonly=True, home=home)

    monkeypatch.setattr(store_db, "_connect", read_only)
    before = snapshot(seeded)
    for args in (("journal", "write", "x"), ("checkin", "--mood", "5"),
                 ("plan", "add", "toolbox", "tea")):
        err = one_line(cli(*args), 1)
        assert "nothing was saved" in err, err
    assert snapshot(seeded) == before


# --- a full disk -----------------------------------------------------------------------------

WRITES = [
    ("journal", "write", "a new entry", "--tag", "new"),
    ("checkin", "--mood", "6", "--set", "coping=walk,rest"),
    ("assess", "take", "gad2", "--answers", "2,1"),
    ("plan", "add", "toolbox", "A bath"),
    ("goals", "add", "Call Sam", "--step", "Find the number"),
    ("values", "add", "Courage"),
    ("skills", "practice", "box_breathing", "--helpful", "7"),
    ("journal", "edit", "1", "--text", "changed"),
    ("journal", "delete", "1", "--yes"),
    ("import", "JRNL"),
]


def _failing_commit(monkeypatch: pytest.MonkeyPatch, error: Callable[[], BaseException],
                    when: Callable[[], bool] = lambda: True) -> None:
    """Every connection the store opens fails at COMMIT the way a full disk does."""
    from recovery_cli.store import db as store_db

    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        base = kwargs.pop("factory", sqlite3.Connection)  # the store's own class, if any

        class FullDisk(base):  # type: ignore[valid-type,misc]
            def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
                if sql.strip().upper() == "COMMIT" and when():
                    raise error()
                return super().execute(sql, *args)  # type: ignore[no-any-return]

        return real_connect(*args, **kwargs, factory=FullDisk)  # type: ignore[no-any-return]

    monkeypatch.setattr(store_db.sqlite3, "connect", connect)


@pytest.mark.parametrize("error", [
    lambda: OSError(errno.ENOSPC, "No space left on device"),
    lambda: sqlite3.OperationalError("database or disk is full"),
], ids=["ENOSPC", "SQLITE_FULL"])
def test_full_disk_at_commit_saves_nothing(cli: Any, seeded: Path, jrnl_file: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           error: Callable[[], BaseException]) -> None:
    _failing_commit(monkeypatch, error)
    for args in WRITES:
        args = fill(args, jrnl_file)
        err = refused(cli, seeded, args, 1)
        assert "disk is full" in err and "nothing was saved" in err, (args, err)
    monkeypatch.undo()
    monkeypatch.setenv("RECOVERY_HOME", str(seeded))
    assert cli("journal", "show", "1", "--json").json()["body"] == "seed entry"


def test_a_failed_commit_leaves_nothing_pending(home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: when COMMIT failed, `transaction()` left the writes pending on the
    connection, so the next successful COMMIT on it saved them after all."""
    from recovery_cli.store.db import open_db, transaction

    open_db(home).close()  # made and migrated first
    failures = [OSError(errno.ENOSPC, "No space left on device")]  # the first COMMIT only
    _failing_commit(monkeypatch, lambda: failures.pop(), when=lambda: bool(failures))
    conn = open_db(home)
    with pytest.raises(OSError), transaction(conn):
        conn.execute("INSERT INTO life_values (text, created_at) VALUES ('lost', 'now')")
    assert not conn.in_transaction
    with transaction(conn):  # the disk has room again
        conn.execute("INSERT INTO life_values (text, created_at) VALUES ('kept', 'now')")
    assert [r[0] for r in conn.execute("SELECT text FROM life_values")] == ["kept"]
    conn.close()


def test_real_sqlite_full_error(cli: Any, seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own SQLITE_FULL (the file may not grow past its current size)."""
    from recovery_cli.store import db as store_db

    real = store_db._set_pragmas

    def capped(conn: sqlite3.Connection) -> None:
        real(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(store_db, "_set_pragmas", capped)
    err = refused(cli, seeded, ("journal", "write", "many words " * 20_000), 1)
    assert "disk is full" in err


def test_full_disk_while_exporting_leaves_no_file(cli: Any, seeded: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f: Any) -> None:
            self.f = f

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.f, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: Any) -> None:
            self.f.close()

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    for fmt in ("json", "md", "html", "csv"):
        target = tmp_path / f"out.{fmt}"
        err = refused(cli, seeded, ("export", "--format", fmt, "-o", str(target)), 1)
        assert "disk is full" in err
        assert not target.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".recovery-")] == []


def test_full_disk_while_saving_settings(cli: Any, seeded: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a failed settings write left `config.toml.tmp` behind in the home."""
    assert cli("config", "set", "region", "GB").exit_code == 0

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    err = refused(cli, seeded, ("config", "set", "region", "US"), 1)
    assert "disk is full" in err
    assert not (seeded / "config.toml.tmp").exists()
    monkeypatch.undo()
    monkeypatch.setenv("RECOVERY_HOME", str(seeded))
    assert cli("config", "get", "region").stdout.strip() == "GB"
