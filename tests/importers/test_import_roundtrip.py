"""recovery-json: export -> import into an empty home gives back the same data (journal list,
history, and every table), on a seeded history and on random ones (hypothesis); re-runs add
nothing; the reader streams; bad files change nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_seed import PRIVATE_BODY, at, seed
from recovery_cli.core.imported import NewCheckin, NewEntry
from recovery_cli.store import open_db, transaction
from recovery_cli.store.checkins import save_checkin
from recovery_cli.store.import_writes import Writer


def export_json(cli: Any, home: Path, *extra: str) -> str:
    r = cli("export", "--format", "json", "--include-private", *extra,
            env={"RECOVERY_HOME": str(home)})
    assert r.exit_code == 0, r.stderr
    return str(r.stdout)


def tables_of(text: str) -> dict[str, Any]:
    return dict(json.loads(text)["tables"])


def views(cli: Any, home: Path, start: str = "2000-01-01", end: str = "2100-01-01") -> tuple[Any, Any]:
    env = {"RECOVERY_HOME": str(home)}
    j = cli("journal", "list", "-n", "100000", "--json", env=env)
    h = cli("history", "--from", start, "--to", end, "--json", env=env)
    assert j.exit_code == 0 and h.exit_code == 0, (j.stderr, h.stderr)
    return j.json(), h.json()


@pytest.fixture(scope="module")
def seeded_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The JSON export of one seeded home, made once for the tests that only read it."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    seed(home)
    return export_json(fast_cli, home)


def test_seeded_round_trip_is_identical(cli: Any, home: Path, tmp_path: Path) -> None:
    seed(home)
    conn = open_db(home)  # a goal, a value, an intake and a practice too
    with transaction(conn):
        conn.execute("INSERT INTO life_values (text, created_at) VALUES ('honesty', ?)",
                     (at(date(2026, 1, 1)),))
        conn.execute("INSERT INTO goals (text, why, value_id, created_at) VALUES "
                     "('Walk daily', 'energy', 1, ?)", (at(date(2026, 1, 2)),))
        conn.execute("INSERT INTO goal_steps (goal_id, position, text) VALUES (1, 1, 'shoes')")
        conn.execute("INSERT INTO intakes (created_at, updated_at) VALUES (?, ?)",
                     (at(date(2026, 1, 3)), at(date(2026, 1, 3))))
        conn.execute("INSERT INTO intake_answers VALUES (1, 'concerns', 1, 'sleep')")
        conn.execute("INSERT INTO skill_practice (skill, practiced_at, day, helpful, note) "
                     "VALUES ('box_breathing', ?, '2026-01-04', 4, 'calmer')",
                     (at(date(2026, 1, 4)),))
        conn.execute("INSERT INTO skill_practice_fields VALUES (1, 'minutes', '5')")
        conn.execute("DELETE FROM entries WHERE body LIKE 'OLD-ENTRY%'")  # a gap in the ids
    conn.close()
    # A check-in with multi-selects asked and nothing ticked ([]), beside one never asked (null).
    conn = open_db(home)
    asked = (date.today() - timedelta(days=1)).isoformat()
    save_checkin(conn, asked, {"mood": 4.0}, {"triggers": [], "symptoms": [], "coping": ["walk"]},
                 at(date.today() - timedelta(days=1)))
    conn.close()
    text = export_json(cli, home)
    markers = [v for v in tables_of(text)["checkin_values"] if v["num"] is None and v["text"] is None]
    assert sorted(v["item"] for v in markers) == ["coping", "symptoms", "triggers"]
    dump = tmp_path / "copy.json"
    dump.write_text(text, encoding="utf-8")
    other = tmp_path / "other"
    r = cli("import", str(dump), env={"RECOVERY_HOME": str(other)})
    assert r.exit_code == 0, r.stderr
    assert "Added: 13 check-ins, 3 journal entries, 3 questionnaire results" in r.stderr
    assert views(cli, other) == views(cli, home)
    day = next(d for d in views(cli, other)[1] if d["date"] == asked)
    assert day["triggers"] == [] and day["symptoms"] == [] and day["coping"] == ["walk"]
    assert day["medication"] is None and day["note"] is None  # never asked stays null
    assert PRIVATE_BODY in json.dumps(views(cli, other)[0])
    assert tables_of(export_json(cli, other)) == tables_of(text)
    # The id counter came along: a new entry never reuses the deleted entry's id.
    seq = sqlite3.connect(other / "recovery.db").execute(
        "SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()[0]
    assert seq == 4
    again = cli("import", str(dump), env={"RECOVERY_HOME": str(other)})
    assert "Added: nothing" in again.stderr
    assert tables_of(export_json(cli, other)) == tables_of(text)


def test_an_existing_day_with_nothing_ticked_is_a_duplicate_not_a_text_none(home: Path) -> None:
    """Another tool's import meeting a day whose multi-selects were asked with nothing ticked:
    the marker rows are not read as the text 'None', so the same answers are a duplicate."""
    conn = open_db(home)
    save_checkin(conn, "2026-01-05", {"mood": 6.0}, {"triggers": [], "coping": ["walk"]},
                 at(date(2026, 1, 5)))
    with transaction(conn):
        w = Writer(conn)
        same = w.add_checkin(NewCheckin(day="2026-01-05", created_at=at(date(2026, 1, 5)),
                                        values={"mood": 6}, choices={"coping": ["walk"]}))
        other = w.add_checkin(NewCheckin(day="2026-01-05", created_at=at(date(2026, 1, 5)),
                                         values={"mood": 2}, choices={}))
    rows = conn.execute("SELECT item, num, text FROM checkin_values ORDER BY item").fetchall()
    conn.close()
    assert (same, other) == ("duplicate", "kept")
    assert [tuple(r) for r in rows] == [("coping", None, None), ("mood", 6.0, None),
                                        ("triggers", None, None)]


def test_import_into_a_home_with_data_remaps_ids(cli: Any, seeded_text: str,
                                                 tmp_path: Path) -> None:
    dump = tmp_path / "copy.json"
    dump.write_text(seeded_text, encoding="utf-8")
    other = tmp_path / "other"
    conn = open_db(other)
    with transaction(conn):
        Writer(conn).add_entry(NewEntry(created_at=at(date(2020, 1, 1)), day="2020-01-01",
                                        body="mine first", tags=("own",)))
    conn.close()
    r = cli("import", str(dump), env={"RECOVERY_HOME": str(other)})
    assert r.exit_code == 0, r.stderr
    listed, _ = views(cli, other)
    assert len(listed) == 5
    assert sorted(e["id"] for e in listed) == [1, 2, 3, 4, 5]
    mine = next(e for e in listed if e["body"] == "mine first")
    assert mine["id"] == 1
    evil = next(e for e in listed if e["tags"] == ["work"] and not e["private"])
    assert evil["title"].startswith("<script>")
    # Children followed their parents' new ids.
    conn = open_db(other)
    n = conn.execute("SELECT count(*) FROM assessment_answers a JOIN assessments s "
                     "ON s.id = a.assessment_id").fetchone()[0]
    conn.close()
    assert n == 20


def test_reader_streams_across_tiny_chunks_and_one_line_files(
        cli: Any, seeded_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.importers import recovery_json

    text = seeded_text
    one_line = tmp_path / "one.json"
    one_line.write_text(json.dumps(json.loads(text), ensure_ascii=True), encoding="utf-8")
    monkeypatch.setattr(recovery_json, "_CHUNK", 7)
    other = tmp_path / "other"
    r = cli("import", str(one_line), env={"RECOVERY_HOME": str(other)})
    assert r.exit_code == 0, r.stderr
    assert tables_of(export_json(cli, other)) == tables_of(text)


@pytest.mark.parametrize(("edit", "needle"), [
    (lambda t: t[: len(t) // 2], "line"),
    (lambda t: t.replace('"recovery-export"', '"something-else"'), "format"),
    (lambda t: t.replace('"version": 1', '"version": 2'), "newer version"),
    (lambda t: t.replace('"checkins": [', '"chekins": [', 1), "unknown table 'chekins'"),
    (lambda t: t.replace('"mood"', '"mood", "extra": 1', 1), "unknown column 'extra'"),
    (lambda t: t.replace('"entry_id": 1', '"entry_id": 999', 1), "not in the file"),
    (lambda t: t.replace('"day": "', '"day": null, "x": "', 1), "unknown column 'x'"),
])
def test_bad_recovery_json_imports_nothing(cli: Any, seeded_text: str, tmp_path: Path,
                                           edit: Any, needle: str) -> None:
    text = seeded_text
    bad = tmp_path / "bad.json"
    bad.write_text(edit(text), encoding="utf-8")
    other = tmp_path / "other"
    r = cli("import", str(bad), "--format", "recovery-json", env={"RECOVERY_HOME": str(other)})
    assert r.exit_code == 2, r.stderr
    assert needle in r.stderr
    assert "nothing was imported" in r.stderr.lower()
    conn = open_db(other)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    conn.close()


def test_every_table_is_exported() -> None:
    """A table added by a later migration must join the export (and the import's specs)."""
    from recovery_cli.store.export_reads import DUMP_TABLES
    from recovery_cli.store.import_writes import _SPECS

    with tempfile.TemporaryDirectory() as tmp:
        conn = open_db(Path(tmp))
        names = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'entries_fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'")}
        conn.close()
    assert names == set(DUMP_TABLES) == set(_SPECS)


def test_json_export_streams_in_bounded_memory(home: Path, tmp_path: Path) -> None:
    import tracemalloc

    from recovery_cli.core import clock
    from recovery_cli.export import json as json_export

    conn = open_db(home)
    body = "word " * 400  # 2 kB
    with transaction(conn):
        conn.executemany(
            "INSERT INTO entries (created_at, updated_at, day, body) VALUES (?, ?, ?, ?)",
            [("2026-01-01T10:00:00+00:00", "2026-01-01T10:00:00+00:00", "2026-01-01",
              f"{i} {body}") for i in range(3000)],
        )
    out = tmp_path / "big.json"
    tracemalloc.start()
    with out.open("w", encoding="utf-8") as fp:
        json_export.write(conn, fp, start=None, end=None, include_private=True, tags=(),
                          sections=None, now=clock.now())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    conn.close()
    assert out.stat().st_size > 6_000_000
    assert peak < 2_000_000, peak  # a few rows at a time, never the whole 6 MB


# --- random histories -----------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
days = st.integers(0, 400).map(lambda n: (date(2025, 1, 1) + timedelta(days=n)).isoformat())
entry_st = st.builds(
    lambda d, h, title, body, tags, private, starred: NewEntry(
        created_at=f"{d}T{h:02d}:15:00+01:00", day=d, title=title or None, body=body,
        tags=tuple(tags), private=private, starred=starred, source="journal"),
    days, st.integers(0, 23), texts, texts,
    st.lists(st.text("abcdefgh-", min_size=1, max_size=6), max_size=3),
    st.booleans(), st.booleans(),
)
checkin_st = st.builds(
    lambda d, mood, sleep, note, coping: NewCheckin(
        day=d, created_at=f"{d}T21:00:00+01:00",
        values={k: v for k, v in (("mood", mood), ("sleep_hours", sleep), ("note", note))
                if v is not None},
        choices={"coping": coping} if coping else {}, source="checkin"),
    days, st.none() | st.floats(0, 10).map(lambda x: round(x, 2)),
    st.none() | st.floats(0, 14).map(lambda x: round(x, 1)), st.none() | texts,
    st.lists(st.sampled_from(["walk", "breathing", "rest", "call"]), unique=True, max_size=3),
)


_TEMPLATE: dict[str, Path] = {}
_COMMAND: dict[str, Any] = {}


def fast_cli(*args: str, env: dict[str, str] | None = None) -> Any:
    """Like the `cli` fixture, but with the click command built once (typer rebuilds it on
    every call, which dominates a many-example property test)."""
    import typer.main
    import typer.testing

    from recovery_cli.cli import app

    if "cmd" not in _COMMAND:
        _COMMAND["cmd"] = typer.main.get_command(app)
    build = typer.testing._get_command
    typer.testing._get_command = lambda _app: _COMMAND["cmd"]  # type: ignore[assignment]
    try:
        r = typer.testing.CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    finally:
        typer.testing._get_command = build

    class Result:
        exit_code = r.exit_code
        stdout = r.stdout
        stderr = r.stderr

        def json(self) -> Any:
            return json.loads(r.stdout)

    return Result()


def fresh_home(path: Path) -> None:
    """An empty, migrated home: a copy of one made once (migrating each time is slow)."""
    import shutil

    if "db" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="recovery-template-"))
        open_db(folder).close()
        _TEMPLATE["db"] = folder / "recovery.db"
    path.mkdir(mode=0o700, parents=True)
    shutil.copy(_TEMPLATE["db"], path / "recovery.db")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(entry_st, max_size=8), checkins=st.lists(checkin_st, max_size=8))
def test_random_histories_round_trip(entries: list[NewEntry], checkins: list[NewCheckin]) -> None:
    cli = fast_cli
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a", Path(tmp) / "b"
        fresh_home(a)
        fresh_home(b)
        conn = open_db(a)
        with transaction(conn):
            w = Writer(conn)
            for c in checkins:
                w.add_checkin(c)
            for e in entries:
                w.add_entry(e)
            conn.execute("DELETE FROM entries WHERE id % 3 = 0")  # gaps, as after deletes
        conn.close()
        text = export_json(cli, a)
        dump = Path(tmp) / "dump.json"
        dump.write_text(text, encoding="utf-8")
        r = cli("import", str(dump), env={"RECOVERY_HOME": str(b)})
        assert r.exit_code == 0, r.stderr
        assert tables_of(export_json(cli, b)) == tables_of(text)
        span = ("2025-01-01", "2026-02-05")
        assert views(cli, b, *span) == views(cli, a, *span)
        assert os.stat(b / "recovery.db").st_size > 0
