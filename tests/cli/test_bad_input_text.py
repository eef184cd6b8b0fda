"""The bad-input corpus, part two (issue 24, item 13): text that is not UTF-8, tags with
invisible or control characters, numbers and dates far out of range, broken settings files
and import files nested or dated beyond what can be stored. Each case: ONE line on stderr,
the documented exit code (2: bad input), no traceback, the home byte-identical. The cases are
generated from the app's own flags (command x flag x class of bad value); a completeness test
walks the app so a new text or tag flag can't be added without a place here.

In-process runs through the conftest `cli` helper; subprocesses only where the real argv
decoding (surrogateescape) or a time zone of the process is the point.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import test_bad_input
from conftest import run_recovery
from test_bad_input import DATE_FLAGS, _command_of, _walk, one_line, refused, snapshot

seeded = test_bad_input.seeded  # the same seeded home (a fixture)

# Bytes that are not UTF-8, as Python hands them over from argv (surrogateescape).
NOT_UTF8 = "caf\udce9 \udcff"

# --- text flags: bytes that are not UTF-8 ------------------------------------------------------

# (args with TEXT where the bad text goes, the flag or argument it stands for)
TEXT_PLACES: list[tuple[tuple[str, ...], str]] = [
    (("checkin", "--mood", "5", "--note", "TEXT"), "checkin --note"),
    (("checkin", "--mood", "5", "--set", "note=TEXT"), "checkin --set"),
    (("journal", "write", "x", "--tag", "TEXT"), "journal write --tag"),
    (("journal", "edit", "1", "--tag", "TEXT"), "journal edit --tag"),
    (("journal", "edit", "1", "--untag", "TEXT"), "journal edit --untag"),
    (("journal", "list", "--tag", "TEXT"), "journal list --tag"),
    (("export", "--tag", "TEXT"), "export --tag"),
    (("plan", "add", "toolbox", "TEXT"), "plan add TEXT"),
    (("plan", "add", "triggers", "Noise", "--response", "TEXT"), "plan add --response"),
    (("plan", "add", "contacts", "Ana", "--role", "TEXT"), "plan add --role"),
    (("plan", "add", "contacts", "Ana", "--notes", "TEXT"), "plan add --notes"),
    (("plan", "add", "contacts", "TEXT"), "plan add contacts NAME"),
    (("goals", "add", "TEXT"), "goals add TEXT"),
    (("goals", "add", "Walk", "--why", "TEXT"), "goals add --why"),
    (("goals", "add", "Walk", "--step", "TEXT"), "goals add --step"),
    (("goals", "step", "1", "TEXT"), "goals step TEXT"),
    (("values", "add", "TEXT"), "values add TEXT"),
    (("intake", "--set", "hopes=TEXT"), "intake --set"),
    (("intake", "edit", "--set", "hopes=TEXT"), "intake edit --set"),
    (("goals", "add", "Walk", "--value", "TEXT"), "goals add --value"),
    (("goals", "review", "1", "--progress", "5", "--helped", "TEXT"), "goals review --helped"),
    (("goals", "review", "1", "--progress", "5", "--next", "TEXT"), "goals review --next"),
    (("skills", "practice", "urge_surfing", "--helpful", "5", "--field", "urge=TEXT"),
     "skills practice --field"),
    (("skills", "practice", "box_breathing", "--helpful", "5", "--note", "TEXT"),
     "skills practice --note"),
    (("export", "--format", "fhir", "--name", "TEXT"), "export --name"),
    (("snap", "5", "--note", "TEXT"), "snap --note"),
    (("sync", "init", "sync-folder", "--device-name", "TEXT"), "sync init --device-name"),
    (("snap", "5", "--tag", "TEXT"), "snap --tag"),
    (("checkin", "--mood", "5", "--meds", "missed:TEXT"), "checkin --meds"),
    (("checkin", "--mood", "5", "--as-needed", "TEXT"), "checkin --as-needed"),
    (("meds", "add", "Sertraline", "--dose", "TEXT"), "meds add --dose"),
    (("meds", "add", "Sertraline", "--when", "TEXT"), "meds add --when"),
    (("meds", "add", "Sertraline", "--started", "TEXT"), "meds add --started"),
    (("meds", "add", "Sertraline", "--note", "TEXT"), "meds add --note"),
    (("meds", "change", "Aspirin", "--dose", "TEXT"), "meds change --dose"),
    (("meds", "change", "Aspirin", "--dose", "5 mg", "--note", "TEXT"), "meds change --note"),
    (("meds", "stop", "Aspirin", "--why", "TEXT"), "meds stop --why"),
    (("event", "add", "x", "--kind", "TEXT"), "event add --kind"),
    (("event", "add", "x", "--impact", "TEXT"), "event add --impact"),
    (("event", "add", "x", "--tag", "TEXT"), "event add --tag"),
    (("event", "add", "x", "--note", "TEXT"), "event add --note"),
    (("event", "list", "--kind", "TEXT"), "event list --kind"),
    (("event", "list", "--search", "TEXT"), "event list --search"),
    (("event", "edit", "1", "--kind", "TEXT"), "event edit --kind"),
    (("event", "edit", "1", "--impact", "TEXT"), "event edit --impact"),
    (("event", "edit", "1", "--tag", "TEXT"), "event edit --tag"),
    (("event", "edit", "1", "--note", "TEXT"), "event edit --note"),
    (("session", "log", "--with", "TEXT"), "session log --with"),
    (("session", "log", "--note", "TEXT"), "session log --note"),
    (("session", "next", "2099-01-01", "--with", "TEXT"), "session next --with"),
    (("session", "next", "2099-01-01", "--note", "TEXT"), "session next --note"),
]


def _put(args: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(a.replace("TEXT", value) for a in args)


@pytest.mark.parametrize("args", [a for a, _ in TEXT_PLACES], ids=[w for _, w in TEXT_PLACES])
def test_text_that_is_not_utf8(cli: Any, seeded: Path, args: tuple[str, ...]) -> None:
    """Regression: 'Something went wrong: UnicodeEncodeError' and exit 1."""
    err = refused(cli, seeded, _put(args, NOT_UTF8), 2)
    assert "UTF-8" in err, err


@pytest.mark.parametrize("args", [
    ("checkin", "--mood", "5", "--note", b"caf\xe9".decode("utf-8", "surrogateescape")),
    ("plan", "add", "toolbox", b"\xff\xfe".decode("utf-8", "surrogateescape")),
    ("goals", "add", b"walk \xc3".decode("utf-8", "surrogateescape")),
    ("intake", "--set", "hopes=" + b"\x80".decode("utf-8", "surrogateescape")),
    ("journal", "write", "x", "--tag", b"t\xe9".decode("utf-8", "surrogateescape")),
], ids=["checkin", "plan", "goals", "intake", "tag"])
def test_not_utf8_through_a_real_argv(seeded: Path, args: tuple[str, ...]) -> None:
    """The same bytes as a terminal in Latin-1 hands them over: a real process decodes argv
    with surrogateescape."""
    before = snapshot(seeded)
    r = run_recovery(*args, env={"RECOVERY_HOME": str(seeded), "LC_ALL": "C.UTF-8"})
    assert "UTF-8" in one_line(r, 2)
    assert snapshot(seeded) == before


def test_journal_text_keeps_taking_such_bytes(cli: Any, seeded: Path) -> None:
    """The control: the journal's own text and titles turn them into U+FFFD, as documented;
    a step number far too large is an unknown step (exit 1), like any other."""
    r = cli("journal", "write", NOT_UTF8, "--title", NOT_UTF8)
    assert r.exit_code == 0, r.stderr
    assert "\ufffd" in cli("journal", "show", r.stdout.strip(), "--json").json()["title"]
    refused(cli, seeded, ("goals", "done", "1", "--step", HUGE), 1)


def test_every_text_flag_is_in_the_corpus() -> None:
    """A new free-text option must get a place in TEXT_PLACES."""
    import typer._click.types as types

    covered = {w for _, w in TEXT_PLACES}
    paths = {p for p, _ in _walk()}
    skip = {"--home", "--passphrase-file", "--format", "-o", "--section", "--skill", "--at",
            "--from", "--to", "--date", "--by", "--answers", "--mood-map", "--region",
            "--phone", "--email", "--rule", "--mood", "--energy", "--sleep", "--anxiety",
            "--text", "--title", "--category", "--day", "--since"}  # journal text (U+FFFD, documented); a filter
    missing = []
    for path, cmd in _walk():
        if path.split()[0] in ("import", "restore", "backup", "demo", "config", "export") \
                and path != "export":
            continue
        for p in getattr(cmd, "params", []):
            if not p.opts or not p.opts[0].startswith("--") or p.opts[0] in skip:
                continue
            if isinstance(p.type, types.StringParamType) and not p.is_flag \
                    and f"{path} {p.opts[0]}" not in covered:
                missing.append(f"{path} {p.opts[0]}")
    assert _command_of(("journal", "write"), paths) == "journal write"
    assert missing == [], f"add these to TEXT_PLACES: {missing}"


# --- tags: the journal's rule everywhere -----------------------------------------------------

BAD_TAGS = {
    "hash_only": "#", "at_only": "@", "empty": "", "spaces": "   ", "newline": "a\nb",
    "tab": "a\tb", "escape": "a\x1b[31mb", "bidi_override": "a\u202eb", "zero_width": "a\u200bb",
    "bidi_isolate": "\u2066x", "nul": "a\x00b", "del": "a\x7fb", "c1": "a\x9bb",
    "line_separator": "a\u2028b",
}
TAG_PLACES = [(a, w) for a, w in TEXT_PLACES if "--tag" in w or "--untag" in w]
TAG_CASES = [(_put(a, v), f"{w} {name}") for a, w in TAG_PLACES for name, v in BAD_TAGS.items()]


@pytest.mark.parametrize("args", [a for a, _ in TAG_CASES], ids=[w for _, w in TAG_CASES])
def test_bad_tags(cli: Any, seeded: Path, args: tuple[str, ...]) -> None:
    """Regression: tags took control characters, newlines, bidi overrides and zero-width
    spaces, and `export --tag '#'` exported every entry of the period unfiltered (issue 22)."""
    err = refused(cli, seeded, args, 2)
    assert "not a tag" in err, err


def test_export_tag_hash_exits_2_like_journal_list(cli: Any, seeded: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    assert cli("journal", "list", "--tag", "#").exit_code == 2
    err = one_line(cli("export", "--tag", "#", "-o", str(out)), 2)
    assert "not a tag" in err
    assert not out.exists()
    assert cli("export", "--tag", "#seed", "-o", str(out)).exit_code == 0  # the control


# --- numbers far too large ---------------------------------------------------------------------

HUGE = "99999999999999999999"
OVERFLOW: list[tuple[str, ...]] = [
    ("journal", "show", HUGE), ("journal", "delete", HUGE, "--yes"),
    ("journal", "edit", HUGE, "--text", "x"), ("journal", "list", "-n", HUGE),
    ("journal", "search", "seed", "-n", HUGE), ("goals", "done", HUGE),
    ("goals", "step", HUGE, "a step"), ("goals", "review", HUGE, "--progress", "5"),
    ("plan", "remove", "toolbox", HUGE),
    ("skills", "log", "-n", HUGE), ("skills", "log", "--days", HUGE),
    ("history", "--days", HUGE), ("trends", "--days", HUGE),
    ("checkin", "--mood", HUGE), ("skills", "practice", "box_breathing", "--helpful", HUGE),
    ("config", "set", "reminders.plan_review_days", HUGE),
]


@pytest.mark.parametrize("args", OVERFLOW, ids=[" ".join(a) for a in OVERFLOW])
def test_twenty_digit_numbers(cli: Any, seeded: Path, args: tuple[str, ...]) -> None:
    """Regression: 'Something went wrong: OverflowError' and exit 1 (SQLite's integers end
    at 2**63 - 1)."""
    err = refused(cli, seeded, args, 2)
    assert "Something went wrong" not in err
    assert "Python" not in err and "SQLite" not in err and "int " not in err  # plain words


# --- dates far out of range, and the empty date -----------------------------------------------

FAR_DATES = {"empty": "", "blank": "  ", "far_ago": "99999999 days ago", "year_1": "0001-01-01",
             "year_9999": "9999-12-31", "weeks_ago": "9999999 weeks ago"}
FAR = [((*cmd, flag, v, *rest), f"{' '.join(cmd)} {flag} {name}")
       for cmd, flag, rest in DATE_FLAGS for name, v in FAR_DATES.items()]
WHEN_FLAGS = [c for c in DATE_FLAGS if c[1] == "--date" and c[0][0] != "checkin"]
FAR += [((*cmd, flag, v, *rest), f"{' '.join(cmd)} {flag} {v}")
        for cmd, flag, rest in WHEN_FLAGS
        for v in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:00-10:00")]


@pytest.mark.parametrize("args", [a for a, _ in FAR], ids=[w for _, w in FAR])
def test_far_and_empty_dates(cli: Any, seeded: Path, args: tuple[str, ...]) -> None:
    """Regression: OverflowError for '99999999 days ago' and `export --from 0001-01-01`;
    `--date ""` was silently today. An empty date is refused (docs: README, Dates)."""
    err = refused(cli, seeded, args, 2)
    assert "date" in err.lower() and "Something went wrong" not in err, err


# --- a broken settings file -------------------------------------------------------------------

CONFIG_FILES = {
    "not_utf8": b'region = "\xff\xfe"\n',
    "nested_arrays": b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "nested_inline_tables": b"a = " + b"{b = " * 3_000 + b"1" + b"}" * 3_000 + b"\n",
}
CONFIG_COMMANDS = [("remind", "--json"), ("config", "show"), ("checkin", "--mood", "5"),
                   ("plan", "show"), ("crisis",), ("journal", "write", "x")]
CONFIG_CASES = [(name, args) for name in CONFIG_FILES for args in CONFIG_COMMANDS]


@pytest.mark.parametrize(("name", "args"), CONFIG_CASES,
                         ids=[f"{n} {' '.join(a)}" for n, a in CONFIG_CASES])
def test_broken_settings_file(cli: Any, seeded: Path, name: str, args: tuple[str, ...]) -> None:
    """Regression: a config.toml that is not UTF-8, or nested 100,000 deep, broke every
    command with an exception. Now: the commands that read settings say which file (exit 2);
    the others, crisis first of all, still work."""
    (seeded / "config.toml").write_bytes(CONFIG_FILES[name])
    before = snapshot(seeded)
    r = cli(*args)
    assert "Traceback" not in r.stdout + r.stderr
    if r.exit_code != 0:
        err = one_line(r, 2)
        assert "config.toml" in err, err
    else:
        assert args[0] in ("crisis", "plan", "journal", "checkin"), args
    if r.exit_code != 0:
        assert snapshot(seeded) == before


@pytest.mark.parametrize("name", sorted(CONFIG_FILES))
def test_broken_settings_file_fast_remind(seeded: Path, name: str) -> None:
    """remind's fast path (cron) reads the settings too."""
    (seeded / "config.toml").write_bytes(CONFIG_FILES[name])
    before = snapshot(seeded)
    r = run_recovery("remind", env={"RECOVERY_HOME": str(seeded)})
    assert "config.toml" in one_line(r, 2)
    assert snapshot(seeded) == before


# --- import files dated, nested or encoded beyond what can be stored ---------------------------

JRNL_TXT = {
    "year_1": "[0001-01-01 00:10] Old\nbody\n",
    "year_9999": "[9999-12-31 23:50] New\nbody\n",
    "year_1_later": "[2024-03-01 08:30] Fine\nok\n\n[0001-01-01 00:00] Old\nbody\n",
}


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14, UTC-11
@pytest.mark.parametrize("name", sorted(JRNL_TXT))
def test_jrnl_dates_at_the_ends_of_the_calendar(seeded: Path, tmp_path: Path, tz: str,
                                                name: str) -> None:
    if not Path("/usr/share/zoneinfo", tz).exists():
        pytest.skip("no tz database")
    f = tmp_path / "j.txt"
    f.write_text(JRNL_TXT[name], encoding="utf-8")
    before = snapshot(seeded)
    r = run_recovery("import", str(f), env={"RECOVERY_HOME": str(seeded), "TZ": tz})
    err = one_line(r, 2)
    assert "line" in err and "out of range" in err, err
    assert snapshot(seeded) == before


def _jrnl_json(title: str, body: str = "b", tags: str = "[]") -> str:
    entry = (f'{{"title": "{title}", "body": "{body}", "date": "2024-01-01", "time": "10:00", '
             f'"tags": {tags}, "starred": false}}')
    return '{"tags": {}, "entries": [' + entry + "]}"


IMPORT_FILES = {
    "jrnl_json_surrogate_title": (_jrnl_json("a\\ud800"), "jrnl-json"),
    "jrnl_json_surrogate_body": (_jrnl_json("a", "\\udfff b"), "jrnl-json"),
    "jrnl_json_surrogate_tag": (_jrnl_json("a", "b", '["\\ud83d"]'), "jrnl-json"),
    "jrnl_json_nested": ('{"entries": ' + "[" * 50_000 + "]" * 50_000 + "}", "jrnl-json"),
    "jrnl_json_nested_objects": ('{"entries": [' + '{"a":' * 50_000 + "1" + "}" * 50_000
                                 + "]}", "jrnl-json"),
    "recovery_json_nested": ('{"format": "recovery-export", "version": 1, "x": '
                             + "[" * 50_000 + "]" * 50_000 + "}", "auto"),
    "recovery_json_nested_row": ('{"format": "recovery-export", "version": 1, "tables": '
                                 '{"entries": [' + "[" * 50_000 + "]" * 50_000 + "]}}", "auto"),
    "recovery_json_surrogate": ('{"format": "recovery-export", "version": 1, "tables": '
                                '{"life_values": [{"id": 1, "text": "\\ud800", "created_at": '
                                '"2026-01-01T10:00:00+00:00"}]}}', "auto"),
}


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
@pytest.mark.parametrize("name", sorted(IMPORT_FILES))
def test_import_files_beyond_what_can_be_stored(cli: Any, seeded: Path, tmp_path: Path,
                                               name: str, dry_run: bool) -> None:
    """Regression: lone surrogates and JSON nested 50,000 deep escaped as exceptions."""
    text, fmt = IMPORT_FILES[name]
    f = tmp_path / "in.json"
    f.write_text(text, encoding="utf-8")
    args = ("import", str(f), "--format", fmt, *(("--dry-run",) if dry_run else ()))
    err = refused(cli, seeded, args, 2)
    assert "nothing was imported" in err.lower(), err


def corpus_size() -> int:
    """Bad inputs refused with one line, the documented code and the home unchanged: part one
    (test_bad_input.py: its collected cases), part two (this file), crafted JSON imports."""
    import test_import_crafted as crafted

    settings_refused = [a for _, a in CONFIG_CASES if a[0] in ("remind", "config")]
    return (PART_ONE + len(TEXT_PLACES) + 5 + len(TAG_CASES) + 1 + len(OVERFLOW) + len(FAR)
            + len(settings_refused) + len(CONFIG_FILES) + len(JRNL_TXT) * 2
            + len(IMPORT_FILES) * 2 + len(crafted.CRAFTED) * 2 + 1)


PART_ONE = 342  # test_bad_input.py's collected cases (README, Reliability)


def test_corpus_size() -> None:
    """The README's Reliability section quotes the corpus size: keep it at 400 or more, and
    part one's count true."""
    import test_bad_input as one

    part_one = (len(one.NUMERIC) + len(one.DATES) + len(one.UNKNOWN))
    assert part_one <= PART_ONE
    size = corpus_size()
    assert size >= 400, size
    assert os.environ.get("RECOVERY_HOME")
