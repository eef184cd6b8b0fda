"""The journal: every subcommand, stdin and editor input (a fake editor script), the
multi-line prompt, FTS5 search (triggers, ranking, prefixes, phrases, accents, bad queries),
tags, edits, deletes and their confirmation, the crisis-words note, a Unicode round trip, and
the hot-path import contract."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Keys

pytestmark = pytest.mark.timeout(30)

ESC_ENTER, CTRL_C = Keys.ESCAPE_ENTER, Keys.CONTROLC


@pytest.fixture(autouse=True)
def _no_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


FAKE_EDITOR = textwrap.dedent(
    """
    import json, os, stat, sys
    path = sys.argv[-1]
    with open(path, encoding="utf-8") as fh:
        before = fh.read()
    log = os.environ.get("FAKE_EDITOR_LOG")
    if log:
        with open(log, "w", encoding="utf-8") as fh:
            json.dump({"path": path, "mode": stat.S_IMODE(os.stat(path).st_mode),
                       "before": before}, fh)
    text = os.environ.get("FAKE_EDITOR_TEXT", "")
    if os.environ.get("FAKE_EDITOR_MODE") == "append":
        text = before + text
    elif os.environ.get("FAKE_EDITOR_MODE") == "keep":
        text = before
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    sys.exit(int(os.environ.get("FAKE_EDITOR_EXIT", "0")))
    """
)


@pytest.fixture
def editor(tmp_path: Path) -> Any:
    """A fake $EDITOR: writes FAKE_EDITOR_TEXT into the file it is given and logs the file's
    path, mode and initial content. Returns a function giving the env for one run."""
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    log = tmp_path / "editor-log.json"

    def env(text: str = "", *, mode: str = "replace", exit_code: int = 0,
            var: str = "EDITOR") -> dict[str, str]:
        if log.exists():
            log.unlink()
        return {
            var: f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
            "FAKE_EDITOR_TEXT": text,
            "FAKE_EDITOR_MODE": mode,
            "FAKE_EDITOR_EXIT": str(exit_code),
            "FAKE_EDITOR_LOG": str(log),
        }

    env.log = log  # type: ignore[attr-defined]
    return env


def write(cli: Any, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> int:
    r = cli("journal", "write", *args, input=input, env=env)
    assert r.exit_code == 0, r.stderr
    return int(r.stdout.strip())


def show(cli: Any, entry_id: int) -> dict[str, Any]:
    r = cli("journal", "show", str(entry_id), "--json")
    assert r.exit_code == 0, r.stderr
    data: dict[str, Any] = r.json()
    return data


def entries(cli: Any, *args: str) -> list[dict[str, Any]]:
    r = cli("journal", "list", "--json", *args)
    assert r.exit_code == 0, r.stderr
    data: list[dict[str, Any]] = r.json()
    return data


def search(cli: Any, *args: str) -> list[dict[str, Any]]:
    r = cli("journal", "search", "--json", *args)
    assert r.exit_code == 0, r.stderr
    data: list[dict[str, Any]] = r.json()
    return data


def db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "recovery.db")


# ---------------------------------------------------------------------------------------------
# write


def test_write_inline_prints_id_and_stores_the_entry(cli: Any) -> None:
    r = cli("journal", "write", "A quiet evening, read a book.")
    assert r.exit_code == 0
    assert r.stdout == "1\n"
    e = show(cli, 1)
    assert set(e) == {"id", "created_at", "date", "title", "body", "tags", "private", "starred"}
    assert e["id"] == 1
    assert e["body"] == "A quiet evening, read a book."
    assert e["title"] is None  # no title unless given
    assert e["tags"] == [] and e["private"] is False and e["starred"] is False
    created = datetime.fromisoformat(e["created_at"])
    assert created.utcoffset() is not None  # ISO 8601 with offset
    assert e["date"] == created.date().isoformat() == date.today().isoformat()


def test_write_with_every_option(cli: Any) -> None:
    entry_id = write(cli, "Talked with @Anna about #Sleep-Routine and (#work).", "--title",
                     "  Evening  ", "--tag", "#Therapy", "-t", "@mood", "--tag", "therapy",
                     "--private", "--star", "--date", "2026-11-20")
    e = show(cli, entry_id)
    assert e["title"] == "Evening"
    assert e["tags"] == sorted(["therapy", "mood", "anna", "sleep-routine", "work"])
    assert e["private"] is True and e["starred"] is True
    assert e["date"] == "2026-11-20"
    assert e["created_at"].startswith("2026-11-20T")


def test_write_joins_unquoted_words(cli: Any) -> None:
    entry_id = write(cli, "slept", "badly", "today")
    assert show(cli, entry_id)["body"] == "slept badly today"


def test_write_natural_date_phrase(cli: Any) -> None:
    entry_id = write(cli, "Went for a walk.", "--date", "yesterday")
    assert show(cli, entry_id)["date"] == (date.today() - timedelta(days=1)).isoformat()


def test_write_bad_date_is_exit_2_and_nothing_saved(cli: Any) -> None:
    r = cli("journal", "write", "text", "--date", "the twelfth of never")
    assert r.exit_code == 2
    assert "Can't read the date" in r.stderr
    assert entries(cli) == []


def test_write_bad_tag_is_exit_2(cli: Any) -> None:
    r = cli("journal", "write", "text", "--tag", "#")
    assert r.exit_code == 2
    assert "not a tag" in r.stderr
    assert entries(cli) == []


def test_write_from_stdin(cli: Any) -> None:
    entry_id = write(cli, "--tag", "piped", input="First line\n\nSecond paragraph #night\n")
    e = show(cli, entry_id)
    assert e["body"] == "First line\n\nSecond paragraph #night"  # the final newline only is dropped
    assert e["title"] is None  # piped text has no title unless --title
    assert e["tags"] == ["night", "piped"]


def test_write_from_stdin_invalid_utf8_is_replaced_not_a_crash(cli: Any) -> None:
    from typer.testing import CliRunner

    from recovery_cli.cli import app

    r = CliRunner().invoke(app, ["journal", "write"], input=b"caf\xe9 ok\n")
    assert r.exit_code == 0, r.stderr
    assert show(cli, 1)["body"] == "caf\ufffd ok"


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n"])
def test_write_empty_stdin_saves_nothing(cli: Any, text: str) -> None:
    r = cli("journal", "write", input=text)
    assert r.exit_code == 2
    assert "empty" in r.stderr and "nothing was saved" in r.stderr
    assert entries(cli) == []


def test_write_blank_text_argument_saves_nothing(cli: Any) -> None:
    r = cli("journal", "write", "   ")
    assert r.exit_code == 2
    assert entries(cli) == []


def test_write_without_text_and_without_any_input_names_the_way(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery_cli.cli import journal as journal_cli

    monkeypatch.setattr(journal_cli, "_stdin_piped", lambda: False)  # stdin a tty, stdout not
    r = cli("journal", "write")
    assert r.exit_code == 2
    assert "no terminal" in r.stderr and "TEXT" in r.stderr
    assert entries(cli) == []


def test_ids_are_never_reused(cli: Any) -> None:
    ids = [write(cli, f"entry {i}") for i in range(3)]
    assert ids == [1, 2, 3]
    assert cli("journal", "delete", "3", "--yes").exit_code == 0
    assert write(cli, "after a delete") == 4
    assert cli("journal", "delete", "1", "--yes").exit_code == 0
    assert write(cli, "again") == 5


# ---------------------------------------------------------------------------------------------
# the editor and the multi-line prompt (in a "terminal": the keys fixture)


def test_write_in_editor_title_body_and_temp_file(cli: Any, keys: Any, editor: Any) -> None:
    r = cli("journal", "write", env=editor("A better day\n\nWalked to the sea. #walk\n"))
    assert r.exit_code == 0, r.stderr
    e = show(cli, int(r.stdout))
    assert e["title"] == "A better day"
    assert e["body"] == "Walked to the sea. #walk"
    assert e["tags"] == ["walk"]
    log = json.loads(editor.log.read_text())
    assert log["mode"] == 0o600
    assert log["before"] == ""
    assert not Path(log["path"]).exists()  # removed afterwards


def test_visual_wins_over_editor(cli: Any, keys: Any, editor: Any) -> None:
    env = editor("from visual", var="VISUAL")
    env["EDITOR"] = "/nonexistent/editor"
    r = cli("journal", "write", env=env)
    assert r.exit_code == 0, r.stderr
    assert show(cli, 1)["body"] == "from visual"


def test_editor_first_line_without_blank_line_is_not_a_title(cli: Any, keys: Any,
                                                            editor: Any) -> None:
    r = cli("journal", "write", env=editor("line one\nline two\n"))
    assert r.exit_code == 0
    e = show(cli, 1)
    assert e["title"] is None and e["body"] == "line one\nline two"


def test_editor_single_line_then_blank_lines_is_kept_as_the_body(cli: Any, keys: Any,
                                                                 editor: Any) -> None:
    r = cli("journal", "write", env=editor("Only one line\n\n\n"))
    assert r.exit_code == 0
    e = show(cli, 1)
    assert e["title"] is None and e["body"] == "Only one line"


def test_editor_title_flag_wins(cli: Any, keys: Any, editor: Any) -> None:
    r = cli("journal", "write", "--title", "Mine", env=editor("Theirs\n\nbody\n"))
    assert r.exit_code == 0
    e = show(cli, 1)
    assert e["title"] == "Mine" and e["body"] == "body"


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n"])
def test_editor_empty_result_saves_nothing(cli: Any, keys: Any, editor: Any, text: str) -> None:
    r = cli("journal", "write", env=editor(text))
    assert r.exit_code == 2
    assert "nothing was saved" in r.stderr
    assert entries(cli) == []
    assert not Path(json.loads(editor.log.read_text())["path"]).exists()


def test_editor_failure_saves_nothing_but_keeps_what_was_typed(cli: Any, keys: Any,
                                                               editor: Any) -> None:
    r = cli("journal", "write", env=editor("precious words", exit_code=3))
    assert r.exit_code == 1
    assert "nothing was saved" in r.stderr.lower()
    kept = Path(json.loads(editor.log.read_text())["path"])
    try:
        assert str(kept) in r.stderr
        assert kept.read_text(encoding="utf-8") == "precious words"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    finally:
        kept.unlink(missing_ok=True)
    assert entries(cli) == []


def test_editor_not_found_is_one_clear_line(cli: Any, keys: Any) -> None:
    r = cli("journal", "write", env={"EDITOR": "/nonexistent/editor --wait"})
    assert r.exit_code == 1
    assert "Can't start the editor '/nonexistent/editor'" in r.stderr
    assert "Traceback" not in r.stderr
    assert entries(cli) == []


def test_multiline_prompt_without_an_editor(cli: Any, keys: Any) -> None:
    keys("Small wins\r\rMade tea, answered one email. #tiny" + ESC_ENTER)
    r = cli("journal", "write", "--star")
    assert r.exit_code == 0, r.stderr
    e = show(cli, int(r.stdout))
    assert e["title"] == "Small wins"
    assert e["body"] == "Made tea, answered one email. #tiny"
    assert e["tags"] == ["tiny"] and e["starred"] is True


def test_multiline_prompt_ctrl_c_saves_nothing(cli: Any, keys: Any) -> None:
    keys("half a thought" + CTRL_C)
    r = cli("journal", "write")
    assert r.exit_code == 130
    assert "Nothing was saved" in r.stderr
    assert entries(cli) == []


def test_multiline_prompt_empty_saves_nothing(cli: Any, keys: Any) -> None:
    keys("   " + ESC_ENTER)
    r = cli("journal", "write")
    assert r.exit_code == 2
    assert entries(cli) == []


# ---------------------------------------------------------------------------------------------
# guided prompts


def _stage_prompts(stage: int) -> list[str]:
    from recovery_cli.core import paths
    from recovery_cli.core.checklists import load_model
    from recovery_cli.core.models import JournalPrompts

    data = load_model(paths.builtin_data_dir() / "journal_prompts.toml", JournalPrompts)
    return data.for_stage(stage).prompts


def test_prompt_data_has_every_stage_with_at_least_five_prompts() -> None:
    for stage in range(1, 6):
        prompts = _stage_prompts(stage)
        assert len(prompts) >= 5
        assert all(p.strip() and len(p) < 200 for p in prompts)
        words = " ".join(prompts).lower()
        for banned in ("diagnos", "detect", "cure", "you are in stage"):
            assert banned not in words


def test_broken_prompt_file_names_file_and_field(tmp_path: Path) -> None:
    from recovery_cli.core.checklists import load_model
    from recovery_cli.core.errors import ChecklistError
    from recovery_cli.core.models import JournalPrompts

    bad = tmp_path / "journal_prompts.toml"
    bad.write_text('[[stages]]\nstage = 1\nname = "x"\nprompts = ["a", "b"]\n', encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_model(bad, JournalPrompts)
    assert "journal_prompts.toml" in info.value.message
    assert "stages" in info.value.message


def test_prompt_with_text_uses_the_prompt_as_title(cli: Any) -> None:
    entry_id = write(cli, "--prompt", "My sister, mostly.")
    e = show(cli, entry_id)
    # no stage assessment yet (or the stage store not written yet): stage 1 prompts
    assert e["title"] in _stage_prompts(1)
    assert e["body"] == "My sister, mostly."


def test_prompt_follows_the_latest_stage(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import assessments

    monkeypatch.setattr(assessments, "latest_stage_number", lambda conn: 4)
    e = show(cli, write(cli, "--prompt", "answer"))
    assert e["title"] in _stage_prompts(4)


def test_prompt_in_editor_starts_the_file_with_the_prompt(cli: Any, keys: Any,
                                                        editor: Any) -> None:
    r = cli("journal", "write", "--prompt", env=editor("I noticed it in my shoulders.\n",
                                                      mode="append"))
    assert r.exit_code == 0, r.stderr
    before = json.loads(editor.log.read_text())["before"]
    guide = before.split("\n")[0]
    assert guide in _stage_prompts(1)
    e = show(cli, 1)
    assert e["title"] == guide
    assert e["body"] == "I noticed it in my shoulders."


def test_prompt_in_the_multiline_prompt(cli: Any, keys: Any) -> None:
    keys("Mostly my sister." + ESC_ENTER)
    r = cli("journal", "write", "--prompt")
    assert r.exit_code == 0, r.stderr
    e = show(cli, int(r.stdout))
    assert e["title"] in _stage_prompts(1) and e["body"] == "Mostly my sister."


def test_prompt_in_editor_left_untouched_saves_nothing(cli: Any, keys: Any, editor: Any) -> None:
    r = cli("journal", "write", "--prompt", env=editor(mode="keep"))
    assert r.exit_code == 2
    assert entries(cli) == []


# ---------------------------------------------------------------------------------------------
# list


def _seed(cli: Any) -> None:
    write(cli, "Old and starred #work", "--date", "2026-01-05", "--star")
    write(cli, "Middle, private", "--date", "2026-02-10 09:00", "--private", "--tag", "Sleep")
    write(cli, "Newer #work #sleep", "--date", "2026-03-15")
    write(cli, "Newest", "--date", "2026-03-20 18:30")


def test_list_newest_first_with_filters(cli: Any) -> None:
    _seed(cli)
    assert [e["body"] for e in entries(cli)] == [
        "Newest", "Newer #work #sleep", "Middle, private", "Old and starred #work"]
    assert [e["id"] for e in entries(cli, "-n", "2")] == [4, 3]
    assert [e["id"] for e in entries(cli, "--tag", "#WORK")] == [3, 1]
    assert [e["id"] for e in entries(cli, "--tag", "sleep")] == [3, 2]
    assert [e["id"] for e in entries(cli, "--starred")] == [1]
    assert [e["id"] for e in entries(cli, "--from", "2026-02-10", "--to", "2026-03-15")] == [3, 2]
    assert [e["id"] for e in entries(cli, "--from", "2026-03-16")] == [4]
    assert entries(cli, "--tag", "nothing-like-this") == []


def test_list_tag_filter_same_result_either_way(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import journal as store

    _seed(cli)
    by_index = entries(cli, "--tag", "work")
    monkeypatch.setattr(store, "_COMMON_TAG", 0)  # walk the newest entries instead
    assert entries(cli, "--tag", "work") == by_index
    assert [e["id"] for e in entries(cli, "--tag", "work", "--starred")] == [1]


def test_list_default_is_twenty(cli: Any) -> None:
    conn = None
    for i in range(25):
        write(cli, f"entry number {i}")
    listed = entries(cli)
    assert len(listed) == 20
    assert listed[0]["body"] == "entry number 24"  # same second: the higher id is newer
    assert conn is None


def test_list_text_marks_private_and_starred(cli: Any) -> None:
    _seed(cli)
    r = cli("journal", "list")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 4
    assert "Middle, private" in lines[2] and "(private)" in lines[2]
    assert "★" in lines[3] and "#work" in lines[3]
    assert "(private)" not in lines[0]


def test_list_empty_says_so_kindly(cli: Any) -> None:
    r = cli("journal", "list")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "No journal entries yet" in r.stderr
    assert entries(cli) == []


@pytest.mark.parametrize("args", [["--from", "someday"], ["--from", "2026-03-02", "--to",
                                                         "2026-03-01"], ["-n", "0"]])
def test_list_bad_input_is_exit_2(cli: Any, args: list[str]) -> None:
    assert cli("journal", "list", *args).exit_code == 2


# ---------------------------------------------------------------------------------------------
# show


def test_show_text_and_unknown_id(cli: Any) -> None:
    write(cli, "Line one\nLine [b]two[/b]", "--title", "Hello", "--tag", "x", "--star",
          "--private")
    r = cli("journal", "show", "1")
    assert r.exit_code == 0
    assert "Entry 1" in r.stdout and "starred" in r.stdout and "private" in r.stdout
    assert "Hello" in r.stdout and "#x" in r.stdout
    assert "Line one\nLine [b]two[/b]" in r.stdout  # not treated as markup
    for args in (["show", "42"], ["show", "42", "--json"], ["edit", "42", "--text", "x"],
                 ["delete", "42", "--yes"]):
        r = cli("journal", *args)
        assert r.exit_code == 1, args
        assert r.stderr.strip() == "No journal entry 42."
        assert r.stdout == ""


def test_show_non_number_id_is_exit_2(cli: Any) -> None:
    assert cli("journal", "show", "abc").exit_code == 2


# ---------------------------------------------------------------------------------------------
# search


def test_fts_triggers_present_after_migrations(home: Path, cli: Any) -> None:
    from recovery_cli.store import open_db
    from recovery_cli.store.db import missing_fts_triggers
    from recovery_cli.store.schema import FTS_TRIGGERS

    conn = open_db(home)
    try:
        assert missing_fts_triggers(conn) == []
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert set(FTS_TRIGGERS) <= names
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
        assert "fts5" in sql.lower() and "remove_diacritics" in sql
    finally:
        conn.close()
    # and they really keep the index in step: insert, update, delete
    write(cli, "a zebra crossing")
    assert [e["id"] for e in search(cli, "zebra")] == [1]
    assert cli("journal", "edit", "1", "--text", "a giraffe").exit_code == 0
    assert search(cli, "zebra") == []
    assert [e["id"] for e in search(cli, "giraffe")] == [1]
    assert cli("journal", "delete", "1", "--yes").exit_code == 0
    assert search(cli, "giraffe") == []
    conn = db(home)
    assert conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'giraffe'"
                        ).fetchone()[0] == 0
    conn.close()


def test_search_ranks_the_closest_match_first(cli: Any) -> None:
    write(cli, "A long day at work, and in the evening a short walk. " * 3 + "Therapy later.")
    best = write(cli, "Therapy homework", "--title", "Therapy")
    write(cli, "Nothing about it at all.")
    middle = write(cli, "therapy, therapy and more therapy talk today")
    hits = search(cli, "therapy")
    assert [h["id"] for h in hits][:2] == [best, middle]
    assert len(hits) == 3
    assert all("**" in h["snippet"] for h in hits)


def test_search_prefix_phrase_accents_and_operators(cli: Any) -> None:
    a = write(cli, "Felt anxious before the meeting, then calm at the café.")
    b = write(cli, "Anxiety was lower. Calm, then felt tired.")
    c = write(cli, "A CAFÉ with friends; felt calm.")
    ids = lambda *q: sorted(h["id"] for h in search(cli, *q))  # noqa: E731
    assert ids("anx*") == [a, b]
    assert ids('"felt calm"') == [c]           # a phrase: these words in this order
    assert ids("felt", "calm") == [a, b, c]    # words: all of them, anywhere
    assert ids("cafe") == [a, c]               # accents and case folded
    assert ids("Café") == [a, c]
    assert ids("anxiety", "OR", "friends") == [b, c]
    assert ids("calm", "NOT", "tired") == [a, c]
    assert ids("#anxious") == [a]              # a tag sign is only punctuation here
    assert ids("zzz*") == []
    hit = search(cli, "anx*")[0]
    assert "**Anx" in hit["snippet"] or "**anx" in hit["snippet"]


def test_search_text_output_marks_matches(cli: Any) -> None:
    write(cli, "Rain all day, made soup.", "--star")
    r = cli("journal", "search", "soup")
    assert r.exit_code == 0
    assert "**soup**" in r.stdout and "★" in r.stdout
    r = cli("journal", "search", "nothingmatches")
    assert r.exit_code == 0 and r.stdout == "" and "No entries match" in r.stderr


def test_search_ranks_within_the_newest_window(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import journal as store

    old_best = write(cli, "Rain", "--title", "Rain rain rain")
    for i in range(4):
        write(cli, f"rain again, day {i}")
    assert search(cli, "rain")[0]["id"] == old_best
    monkeypatch.setattr(store, "RANK_WINDOW", 3)
    r = cli("journal", "search", "rain", "--json")
    assert r.exit_code == 0
    assert sorted(h["id"] for h in r.json()) == [3, 4, 5]  # the newest three matches
    assert "More than 3 entries match" in r.stderr


def test_search_limit(cli: Any) -> None:
    for i in range(5):
        write(cli, f"walk number {i}")
    assert len(search(cli, "walk", "-n", "2")) == 2
    assert len(search(cli, "walk")) == 5


@pytest.mark.parametrize("query", ['"unbalanced', "anx\"", "!!!", "*", "OR", "NOT NOT", '""'])
def test_search_bad_queries_are_usage_errors(cli: Any, query: str) -> None:
    write(cli, "something to search")
    r = cli("journal", "search", query)
    assert r.exit_code == 2, (query, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1


def test_store_turns_fts_syntax_errors_into_input_errors(home: Path) -> None:
    from recovery_cli.core.errors import InputError
    from recovery_cli.store import journal as store
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        with pytest.raises(InputError):
            store.search_entries(conn, 'NOT "x" AND')
    finally:
        conn.close()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_query_is_a_result_or_a_usage_error_never_an_fts_error(query: str) -> None:
    from recovery_cli.core.errors import InputError
    from recovery_cli.journal.text import fts_query

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('a title', 'some body text')")
    try:
        match = fts_query(query)
    except InputError:
        return
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


# ---------------------------------------------------------------------------------------------
# edit


def test_edit_with_flags(cli: Any) -> None:
    write(cli, "Rough morning #work", "--tag", "keep")
    r = cli("journal", "edit", "1", "--text", "Better afternoon #rest", "--title", "Turned around",
            "--star", "--private", "--tag", "@new", "--date", "2026-11-02 10:00")
    assert r.exit_code == 0, r.stderr
    assert "Updated entry 1" in r.stdout
    e = show(cli, 1)
    assert e["body"] == "Better afternoon #rest" and e["title"] == "Turned around"
    assert e["tags"] == ["keep", "new", "rest"]  # #work went with the old text
    assert e["starred"] is True and e["private"] is True
    assert e["date"] == "2026-11-02" and e["created_at"].startswith("2026-11-02T10:00")
    assert cli("journal", "edit", "1", "--title", "", "--no-star", "--no-private", "--untag",
               "#KEEP").exit_code == 0
    e = show(cli, 1)
    assert e["title"] is None and e["starred"] is False and e["private"] is False
    assert e["tags"] == ["new", "rest"]


def test_edit_updates_updated_at_not_created_at(cli: Any, home: Path) -> None:
    write(cli, "first", "--date", "2026-01-01 08:00")
    assert cli("journal", "edit", "1", "--text", "second").exit_code == 0
    conn = db(home)
    created, updated = conn.execute("SELECT created_at, updated_at FROM entries").fetchone()
    conn.close()
    assert created.startswith("2026-01-01T08:00") and updated > created


def test_edit_to_empty_text_is_refused(cli: Any) -> None:
    write(cli, "keep me")
    r = cli("journal", "edit", "1", "--text", "  ")
    assert r.exit_code == 2
    assert "journal delete 1" in r.stderr
    assert show(cli, 1)["body"] == "keep me"


def test_edit_without_flags_or_terminal_is_exit_2(cli: Any) -> None:
    write(cli, "keep me")
    r = cli("journal", "edit", "1")
    assert r.exit_code == 2
    assert "--text" in r.stderr
    assert show(cli, 1)["body"] == "keep me"


def test_edit_nothing_changed(cli: Any) -> None:
    write(cli, "same", "--star")
    r = cli("journal", "edit", "1", "--star")
    assert r.exit_code == 0
    assert "nothing to change" in r.stderr


def test_edit_in_editor(cli: Any, keys: Any, editor: Any) -> None:
    write(cli, "Body only\n\nsecond paragraph")  # looks like a title, but is not one
    r = cli("journal", "edit", "1", env=editor(" and a third #late\n", mode="append"))
    assert r.exit_code == 0, r.stderr
    before = json.loads(editor.log.read_text())["before"]
    assert before == "\nBody only\n\nsecond paragraph\n"
    e = show(cli, 1)
    assert e["title"] is None
    assert e["body"] == "Body only\n\nsecond paragraph\n and a third #late"
    assert e["tags"] == ["late"]


def test_edit_in_editor_with_title(cli: Any, keys: Any, editor: Any) -> None:
    write(cli, "old body", "--title", "Old title")
    r = cli("journal", "edit", "1", env=editor("New title\n\nnew body\n"))
    assert r.exit_code == 0, r.stderr
    assert json.loads(editor.log.read_text())["before"] == "Old title\n\nold body\n"
    e = show(cli, 1)
    assert (e["title"], e["body"]) == ("New title", "new body")


def test_edit_in_editor_unchanged_or_emptied(cli: Any, keys: Any, editor: Any) -> None:
    write(cli, "stay as you are")
    r = cli("journal", "edit", "1", env=editor(mode="keep"))
    assert r.exit_code == 0 and "No changes" in r.stderr
    r = cli("journal", "edit", "1", env=editor(""))
    assert r.exit_code == 2
    assert show(cli, 1)["body"] == "stay as you are"


def test_edit_in_multiline_prompt(cli: Any, keys: Any) -> None:
    write(cli, "start")
    keys(" and more" + ESC_ENTER)
    r = cli("journal", "edit", "1")
    assert r.exit_code == 0, r.stderr
    assert show(cli, 1)["body"] == "start and more"


# ---------------------------------------------------------------------------------------------
# delete


def test_delete_without_terminal_needs_yes(cli: Any) -> None:
    write(cli, "please keep")
    r = cli("journal", "delete", "1")
    assert r.exit_code == 2
    assert "--yes" in r.stderr
    assert show(cli, 1)["body"] == "please keep"
    r = cli("journal", "delete", "1", "--yes")
    assert r.exit_code == 0 and "Deleted entry 1" in r.stdout
    assert cli("journal", "show", "1").exit_code == 1


def test_delete_removes_tags_too(cli: Any, home: Path) -> None:
    write(cli, "#a #b")
    assert cli("journal", "delete", "1", "-y").exit_code == 0
    conn = db(home)
    assert conn.execute("SELECT count(*) FROM entry_tags").fetchone()[0] == 0
    conn.close()
    assert cli("journal", "tags", "--json").json() == []


@pytest.mark.parametrize(("answer", "deleted"), [("y", True), ("n", False), ("\r", False)])
def test_delete_asks_in_a_terminal(cli: Any, keys: Any, answer: str, deleted: bool) -> None:
    write(cli, "maybe")
    keys(answer)
    r = cli("journal", "delete", "1")
    assert r.exit_code == 0
    assert (cli("journal", "show", "1").exit_code == 1) is deleted
    if not deleted:
        assert "Nothing was deleted" in r.stderr


def test_delete_ctrl_c_keeps_the_entry(cli: Any, keys: Any) -> None:
    write(cli, "maybe")
    keys(CTRL_C)
    r = cli("journal", "delete", "1")
    assert r.exit_code == 130
    assert "Nothing was deleted" in r.stderr
    assert show(cli, 1)["body"] == "maybe"


# ---------------------------------------------------------------------------------------------
# tags


def test_tags_counts(cli: Any) -> None:
    write(cli, "#work #sleep")
    write(cli, "#Work again", "--tag", "mood")
    write(cli, "@work", "--tag", "#Sleep")
    r = cli("journal", "tags", "--json")
    assert r.exit_code == 0
    assert r.json() == [{"tag": "work", "count": 3}, {"tag": "sleep", "count": 2},
                        {"tag": "mood", "count": 1}]
    text = cli("journal", "tags").stdout.splitlines()
    assert text[0].startswith("#work") and text[0].endswith("3 entries")
    assert text[2].endswith("1 entry")


def test_tags_empty(cli: Any) -> None:
    r = cli("journal", "tags")
    assert r.exit_code == 0 and r.stdout == "" and "No tags yet" in r.stderr
    assert cli("journal", "tags", "--json").json() == []


# ---------------------------------------------------------------------------------------------
# the gentle crisis-words note


@pytest.mark.parametrize("text", ["Some days I want to end it all.", "thinking about suicide",
                                  "I could kill myself for forgetting", "urges to self-harm"])
def test_crisis_words_show_lines_on_stderr_after_saving(cli: Any, text: str) -> None:
    r = cli("journal", "write", text)
    assert r.exit_code == 0
    assert r.stdout == "1\n"  # stdout stays just the id
    assert "988" in r.stderr and "116 123" in r.stderr
    assert "saved" in r.stderr and "nothing was sent anywhere" in r.stderr
    low = r.stderr.lower()
    for word in ("detect", "diagnos", "you are at risk"):
        assert word not in low
    assert show(cli, 1)["body"] == text


def test_no_note_for_ordinary_words(cli: Any) -> None:
    r = cli("journal", "write", "The weekend, it all went fine. Ending the day calm.")
    assert r.exit_code == 0 and r.stderr == ""


def test_crisis_note_can_be_turned_off_and_follows_region(cli: Any) -> None:
    assert cli("config", "set", "region", "GB").exit_code == 0
    r = cli("journal", "write", "suicide")
    assert "116 123" in r.stderr
    assert cli("config", "set", "crisis_keywords", "false").exit_code == 0
    r = cli("journal", "write", "suicide")
    assert r.exit_code == 0 and r.stderr == ""


def test_crisis_note_after_edit(cli: Any) -> None:
    write(cli, "fine")
    r = cli("journal", "edit", "1", "--text", "I want to die")
    assert r.exit_code == 0 and "988" in r.stderr


# ---------------------------------------------------------------------------------------------
# Unicode round trips


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda t: t.strip() != "")


def _stored_body(home: Path, entry_id: int) -> str:
    from recovery_cli.store import journal as store
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        return store.require_entry(conn, entry_id).body
    finally:
        conn.close()


@pytest.mark.timeout(180)
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_unicode_round_trip_byte_for_byte(cli: Any, home: Path, text: str) -> None:
    r = cli("journal", "write", "--", text)
    assert r.exit_code == 0, r.stderr
    assert _stored_body(home, int(r.stdout)).encode("utf-8") == text.encode("utf-8")


@pytest.mark.timeout(180)
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_unicode_round_trip_through_stdin(cli: Any, home: Path, text: str) -> None:
    expected = text.rstrip("\r\n")
    r = cli("journal", "write", input=text + "\n")
    if expected.strip() == "":
        assert r.exit_code == 2
        return
    assert r.exit_code == 0, r.stderr
    assert _stored_body(home, int(r.stdout)) == expected


def test_unicode_round_trip_through_json_and_edit(cli: Any) -> None:
    text = "  Ünïcödé\tmix: 日本語, emoji 🙂‍↔️, RTL שלום, NUL-free \u200b zero-width, \r\n kept  "
    entry_id = write(cli, "--", text)
    assert show(cli, entry_id)["body"] == text
    assert cli("journal", "edit", str(entry_id), "--text", text + "!").exit_code == 0
    assert show(cli, entry_id)["body"] == text + "!"


def test_lone_surrogates_become_replacement_characters(cli: Any) -> None:
    entry_id = write(cli, "caf\udce9 and \ud800")
    assert show(cli, entry_id)["body"] == "caf\ufffd and \ufffd"


def test_unicode_search_and_tags(cli: Any) -> None:
    write(cli, "Åsa och jag: fika på kaféet #Fika #日記 🙂")
    assert [h["id"] for h in search(cli, "asa")] == [1]
    assert [h["id"] for h in search(cli, "KAFÉET")] == [1]
    assert show(cli, 1)["tags"] == ["fika", "日記"]
    assert [e["id"] for e in entries(cli, "--tag", "#日記")] == [1]


# ---------------------------------------------------------------------------------------------
# the hot paths: indexes, and what they import


def test_list_and_tag_queries_use_indexes(home: Path) -> None:
    from recovery_cli.store import open_db

    conn = open_db(home)
    try:
        plan = " ".join(str(tuple(r)) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT e.id FROM entries e ORDER BY e.created_at DESC, e.id DESC "
            "LIMIT 10"))
        assert "entries_created" in plan and "TEMP B-TREE" not in plan
        plan = " ".join(str(tuple(r)) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT entry_id FROM entry_tags WHERE tag = 'x'"))
        assert "entry_tags_tag" in plan
    finally:
        conn.close()


def test_hot_paths_import_no_pydantic_questionary_or_sqlite_utils(home: Path) -> None:
    code = textwrap.dedent(
        """
        import io, json, sys
        from recovery_cli.main import main
        main(["journal", "write", "warm up"])  # first run migrates (sqlite-utils is fine there)
        for name in [m for m in sys.modules if m.split(".")[0] in
                     ("pydantic", "questionary", "sqlite_utils", "prompt_toolkit")]:
            del sys.modules[name]
        out = {}
        for args in (["journal", "write", "an entry about soup"], ["journal", "list", "-n", "10"],
                     ["journal", "search", "soup"], ["journal", "list", "--json"],
                     ["journal", "show", "1"]):
            main(args)
            out[" ".join(args)] = sorted({m.split(".")[0] for m in sys.modules} &
                                         {"pydantic", "questionary", "sqlite_utils",
                                          "prompt_toolkit", "rich"})
        sys.stderr.write(json.dumps(out))
        """
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "RECOVERY_HOME": str(home)}, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    loaded = json.loads(p.stderr.strip().splitlines()[-1])
    for args, modules in loaded.items():
        assert modules == [], (args, modules)


@pytest.mark.timeout(120)  # builds every group three times: ~4 s alone, far more under load
def test_each_command_runs_in_an_app_holding_only_its_group() -> None:
    """main() builds only the invoked command's group (typer inspects every command it builds);
    every command of the whole app must still be reachable that way."""
    from typer.main import get_command

    from recovery_cli.cli import app, app_for

    top = get_command(app).commands  # type: ignore[attr-defined]
    assert "journal" in top
    for name in top:
        for args in ([name], ["--home", "/tmp/x", name, "--help"], ["--home=/x", name]):
            small = app_for(args)
            assert small is not app, args
            assert name in get_command(small).commands  # type: ignore[attr-defined]
            assert len(get_command(small).commands) < len(top)  # type: ignore[attr-defined]
    only = get_command(app_for(["journal", "list", "-n", "10"])).commands  # type: ignore[attr-defined]
    assert sorted(only) == ["journal"]
    for args in ([], ["--help"], ["-h"], ["--version"], ["no-such-command"], ["--home", "/x"]):
        assert app_for(args) is app, args
