"""Medications, events and sessions (issue 17): every command through its flags, the
check-in's medication questions through flags and piped prompts, history --json, bad input,
and the migration of older and encrypted homes."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys, no_tty

ENTER, DOWN, SPACE = Keys.ENTER, Keys.DOWN, Keys.SPACE


def ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def ok(cli: Any, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stderr)
    return r


def two_meds(cli: Any) -> None:
    ok(cli, "meds", "add", "Sertraline", "--dose", "50 mg", "--when", "morning",
       "--started", ago(60))
    ok(cli, "meds", "add", "Lithium", "--dose", "400 mg", "--started", ago(60))


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# --- meds ---------------------------------------------------------------------------------


def test_add_change_stop_keeps_the_whole_dose_history(cli: Any) -> None:
    two_meds(cli)
    ok(cli, "meds", "change", "SERTRALINE", "--dose", "100 mg", "--date", ago(20),
       "--note", "rough patch")
    [med] = [m for m in ok(cli, "meds", "list", "--json").json() if m["name"] == "Sertraline"]
    assert med["dose"] == "100 mg" and med["when"] == ["morning"]
    assert [(d["date"], d["dose"], d["amount"], d["unit"]) for d in med["doses"]] == [
        (ago(60), "50 mg", 50.0, "mg"), (ago(20), "100 mg", 100.0, "mg")]
    shown = ok(cli, "meds", "show", "sertraline").stdout
    assert "started 50 mg" in shown and "changed 100 mg (was 50 mg): rough patch" in shown
    ok(cli, "meds", "stop", "lithium", "--date", ago(1), "--why", "side effects")
    assert [m["name"] for m in ok(cli, "meds", "list", "--json").json()] == ["Sertraline"]
    everything = ok(cli, "meds", "list", "--all", "--json").json()
    assert [(m["name"], m["stopped"], m["stop_reason"]) for m in everything] == [
        ("Sertraline", None, None), ("Lithium", ago(1), "side effects")]
    assert "stopped" in ok(cli, "meds", "list", "--all").stdout


def test_free_text_doses_parse_a_number_when_there_is_one(cli: Any) -> None:
    ok(cli, "meds", "add", "Melatonin", "--dose", "half a tablet")
    ok(cli, "meds", "add", "Quetiapine", "--dose", "12.5mg at night")
    meds = {m["name"]: m["doses"][0] for m in ok(cli, "meds", "list", "--json").json()}
    assert (meds["Melatonin"]["amount"], meds["Melatonin"]["unit"]) == (None, None)
    assert (meds["Quetiapine"]["amount"], meds["Quetiapine"]["unit"]) == (12.5, "mg")


def test_unknown_name_exits_1_and_suggests_the_closest(cli: Any, home: Path) -> None:
    two_meds(cli)
    r = cli("meds", "change", "sertralin", "--dose", "75 mg")
    assert r.exit_code == 1 and "Did you mean 'Sertraline'?" in r.stderr
    r = cli("meds", "show", "lithum")
    assert r.exit_code == 1 and "'Lithium'" in r.stderr
    assert rows(home, "SELECT count(*) FROM medication_doses") == [(2,)]


@pytest.mark.parametrize("args", [
    ["meds", "add", "  "],
    ["meds", "add", "X", "--started", "tomorrow"],
    ["meds", "add", "X", "--dose", " "],
    ["meds", "change", "Sertraline", "--dose", "75 mg", "--date", "tomorrow"],
    ["meds", "change", "Sertraline", "--dose", "75 mg", "--date", "not a day"],
    ["meds", "stop", "Sertraline", "--date", "in 3 days"],
])
def test_bad_meds_input_exits_2_and_writes_nothing(cli: Any, home: Path, args: list[str]) -> None:
    two_meds(cli)
    r = cli(*args)
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert rows(home, "SELECT count(*) FROM medications") == [(2,)]
    assert rows(home, "SELECT count(*) FROM medication_doses") == [(2,)]
    assert rows(home, "SELECT count(*) FROM medications WHERE stopped IS NOT NULL") == [(0,)]


def test_a_stopped_medication_says_so_and_can_be_started_again(cli: Any) -> None:
    two_meds(cli)
    ok(cli, "meds", "stop", "Lithium", "--date", ago(5))
    r = cli("meds", "change", "lithium", "--dose", "200 mg")
    assert r.exit_code == 1 and f"stopped on {ago(5)}" in r.stderr
    ok(cli, "meds", "add", "Lithium", "--dose", "200 mg", "--started", ago(1))
    assert [(m["name"], m["stopped"]) for m in ok(cli, "meds", "list", "--all", "--json").json()
            if m["name"] == "Lithium"] == [("Lithium", ago(5)), ("Lithium", None)]
    assert ok(cli, "meds", "show", "lithium", "--json").json()["dose"] == "200 mg"


def test_adding_a_name_twice_is_refused(cli: Any) -> None:
    two_meds(cli)
    r = cli("meds", "add", "sertraline")
    assert r.exit_code == 1 and "already in your list" in r.stderr


# --- events ---------------------------------------------------------------------------------


def test_events_add_list_edit_remove_with_medication_events(cli: Any, home: Path) -> None:
    two_meds(cli)
    ok(cli, "meds", "change", "Sertraline", "--dose", "100 mg", "--date", ago(20))
    added = ok(cli, "event", "add", "Moved house", "--date", ago(10), "--impact", "-2",
               "--tag", "#Home", "--json").json()
    assert added["kind"] == "life" and added["impact"] == -2 and added["tags"] == ["home"]
    ok(cli, "event", "add", "Flu", "--kind", "health", "--date", ago(5))
    listed = ok(cli, "event", "list", "--json").json()
    assert [(e["date"], e["kind"], e["text"]) for e in listed] == [
        (ago(60), "medication", "Started Sertraline 50 mg"),
        (ago(60), "medication", "Started Lithium 400 mg"),
        (ago(20), "medication", "Sertraline changed to 100 mg (was 50 mg)"),
        (ago(10), "life", "Moved house"), (ago(5), "health", "Flu")]
    # derived, not stored twice
    assert rows(home, "SELECT count(*) FROM events") == [(2,)]
    assert [e["text"] for e in ok(cli, "event", "list", "--kind", "health", "--json").json()] \
        == ["Flu"]
    assert [e["text"] for e in ok(cli, "event", "list", "--from", ago(25), "--to", ago(8),
                                  "--json").json()] == [
        "Sertraline changed to 100 mg (was 50 mg)", "Moved house"]
    assert [e["text"] for e in ok(cli, "event", "list", "--search", "HOUSE", "--json").json()] \
        == ["Moved house"]
    ok(cli, "event", "edit", str(added["id"]), "--text", "Moved flat", "--impact", "1")
    [moved] = ok(cli, "event", "list", "--search", "flat", "--json").json()
    assert moved["impact"] == 1 and moved["tags"] == ["home"]
    r = no_tty(cli, "event", "remove", str(added["id"]))
    assert r.exit_code == 2 and "--yes" in r.stderr
    ok(cli, "event", "remove", str(added["id"]), "--yes")
    assert rows(home, "SELECT count(*) FROM events") == [(1,)]
    text = ok(cli, "event", "list").stdout
    assert "Flu" in text and "Started Lithium 400 mg" in text


@pytest.mark.parametrize(("args", "code"), [
    (["event", "add", "x", "--impact", "4"], 2),
    (["event", "add", "x", "--impact", "-4"], 2),
    (["event", "add", "x", "--impact", "big"], 2),
    (["event", "add", "x", "--kind", "party"], 2),
    (["event", "add", "   "], 2),
    (["event", "add", "x", "--date", "tomorrow"], 2),
    (["event", "add"], 2),
    (["event", "edit", "99", "--text", "y"], 1),
    (["event", "remove", "99", "--yes"], 1),
    (["event", "edit", "1"], 2),
    (["event", "edit", "1", "--impact", "9"], 2),
    (["event", "list", "--kind", "nope"], 2),
])
def test_bad_event_input(cli: Any, home: Path, args: list[str], code: int) -> None:
    ok(cli, "event", "add", "kept", "--impact", "0")
    r = no_tty(cli, *args)
    assert r.exit_code == code, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert rows(home, "SELECT text, impact FROM events") == [("kept", 0)]


def test_journal_search_finds_events_too(cli: Any) -> None:
    ok(cli, "journal", "write", "Thinking about the new job all day")
    ok(cli, "event", "add", "Started a new job", "--kind", "life")
    r = ok(cli, "journal", "search", "job")
    assert "Thinking about the new job" in r.stdout
    assert "event" in r.stdout.lower() and "Started a new job" in r.stdout
    # --json stays a list of entries (scripts use event list --search for events)
    assert [f["body"] for f in ok(cli, "journal", "search", "job", "--json").json()] == [
        "Thinking about the new job all day"]
    assert [e["text"] for e in ok(cli, "event", "list", "--search", "job", "--json").json()] \
        == ["Started a new job"]


# --- sessions and the bring-list --------------------------------------------------------------


def test_sessions_log_list_next_and_bring(cli: Any, home: Path) -> None:
    ok(cli, "intake", "--set", "questions=Is this dose right?",
       "--set", "questions=What about sleep?")
    ok(cli, "session", "log", "--date", ago(14), "--with", "Dr Lee", "--note", "first")
    ok(cli, "session", "next", (date.today() + timedelta(days=3)).isoformat(), "--with", "Dr Lee")
    listed = ok(cli, "session", "list", "--json").json()
    assert [(s["date"], s["kind"], s["with"]) for s in listed["sessions"]] == [
        (ago(14), "session", "Dr Lee")]
    assert listed["next"]["date"] == (date.today() + timedelta(days=3)).isoformat()
    assert "in 3 days" in ok(cli, "session", "list").stdout
    ok(cli, "session", "bring", "ask about sleep")
    items = ok(cli, "session", "bring", "--list", "--json").json()
    assert [(b["text"], b["source"]) for b in items] == [
        ("Is this dose right?", "intake"), ("What about sleep?", "intake"),
        ("ask about sleep", "bring")]
    ok(cli, "session", "bring", "--done", str(items[0]["id"]))
    assert [b["text"] for b in ok(cli, "session", "bring", "--json").json()] == [
        "What about sleep?", "ask about sleep"]
    # seeded once: the intake's questions don't come back
    ok(cli, "intake", "edit", "--set", "questions=A third one")
    assert len(ok(cli, "session", "bring", "--list", "--all", "--json").json()) == 3
    r = cli("session", "bring", "--done", "99")
    assert r.exit_code == 1
    # logging the appointment's day clears the next session
    assert "[x]" in ok(cli, "session", "bring", "--list", "--all").stdout


@pytest.mark.parametrize("day", ["today", "yesterday", "not a day"])
def test_session_next_must_be_in_the_future(cli: Any, home: Path, day: str) -> None:
    r = cli("session", "next", day)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert rows(home, "SELECT count(*) FROM next_session") == [(0,)]


def test_session_log_refuses_the_future_and_empty_names(cli: Any, home: Path) -> None:
    assert cli("session", "log", "--date", "tomorrow").exit_code == 2
    assert cli("session", "log", "--with", " ").exit_code == 2
    assert cli("session", "bring", "  ").exit_code == 2
    assert not (home / "recovery.db").exists()  # nothing written, not even a database


# --- the check-in ---------------------------------------------------------------------------


def history_row(cli: Any, day: str) -> dict[str, Any]:
    found = [r for r in ok(cli, "history", "--days", "90", "--json").json() if r["date"] == day]
    assert len(found) == 1
    return found[0]  # type: ignore[no-any-return]


def test_checkin_flags_for_medications_and_history_json(cli: Any, home: Path) -> None:
    r = no_tty(cli, "checkin", "--mood", "5")
    assert history_row(cli, ago(0))["medication_missed"] is None
    assert history_row(cli, ago(0))["as_needed"] is None
    two_meds(cli)
    ok(cli, "meds", "add", "Lorazepam", "--dose", "0.5 mg", "--as-needed", "--started", ago(60))
    r = no_tty(cli, "checkin", "--mood", "6", "--meds", "missed:lithium",
               "--as-needed", "lorazepam=2", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["medication_missed"] == ["Lithium"] and r.json()["as_needed"] == {
        "Lorazepam": 2}
    assert r.json()["medication"] == "no"
    # backfilled days the same way
    ok(cli, "checkin", "--date", ago(1), "--mood", "4", "--meds", "none")
    ok(cli, "checkin", "--date", ago(2), "--mood", "7", "--meds", "all", "--as-needed",
       "Lorazepam=0")
    assert history_row(cli, ago(1))["medication_missed"] == ["Sertraline", "Lithium"]
    assert history_row(cli, ago(1))["as_needed"] is None
    assert history_row(cli, ago(2))["medication_missed"] == []
    assert history_row(cli, ago(2))["as_needed"] == {}
    assert history_row(cli, ago(2))["medication"] == "yes"
    # a rerun with one flag keeps the medication answers
    ok(cli, "checkin", "--mood", "7")
    assert history_row(cli, ago(0))["medication_missed"] == ["Lithium"]
    text = ok(cli, "history", "--days", "3").stdout
    assert "missed Sertraline, Lithium" in text and "Lorazepam x2" in text


@pytest.mark.parametrize(("args", "code"), [
    (["--meds", "sometimes"], 2),
    (["--meds", "missed:"], 2),
    (["--meds", "missed:aspirin"], 1),
    (["--as-needed", "lorazepam=lots"], 2),
    (["--as-needed", "lorazepam=-1"], 2),
    (["--as-needed", "sertraline"], 1),
    (["--meds", "all", "--set", "medication=yes"], 2),
])
def test_bad_checkin_medication_flags(cli: Any, home: Path, args: list[str], code: int) -> None:
    two_meds(cli)
    ok(cli, "meds", "add", "Lorazepam", "--as-needed", "--started", ago(60))
    r = no_tty(cli, "checkin", "--mood", "5", *args)
    assert r.exit_code == code, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert rows(home, "SELECT count(*) FROM checkins") == [(0,)]


def test_medication_flags_without_medications_say_how(cli: Any) -> None:
    r = no_tty(cli, "checkin", "--mood", "5", "--meds", "all")
    assert r.exit_code == 2 and "recovery meds add" in r.stderr


def test_checkin_prompts_ask_which_were_missed(cli: Any, keys: Any, home: Path) -> None:
    two_meds(cli)
    # mood, energy, sleep, quality, anxiety, symptoms, triggers, coping, then
    # "Taken as planned?" (Skip, All, [Some], None) -> which missed: Lithium, note, Save?
    keys("6" + ENTER + ENTER * 4 + ENTER * 3 + DOWN + DOWN + ENTER + DOWN + SPACE + ENTER
         + "ok" + ENTER + ENTER)
    r = cli("checkin")
    assert r.exit_code == 0, r.stderr
    row = history_row(cli, ago(0))
    assert row["medication_missed"] == ["Lithium"] and row["medication"] == "no"
    assert row["note"] == "ok"


def test_checkin_prompts_as_needed_and_ctrl_c_saves_nothing(cli: Any, keys: Any,
                                                            home: Path) -> None:
    ok(cli, "meds", "add", "Lorazepam", "--as-needed", "--started", ago(3))
    keys("6" + ENTER + ENTER * 4 + ENTER * 3 + "2" + ENTER + ENTER + ENTER)
    assert cli("checkin").exit_code == 0
    assert history_row(cli, ago(0))["as_needed"] == {"Lorazepam": 2}
    assert history_row(cli, ago(0))["medication_missed"] is None
    keys("6" + ENTER + ENTER * 4 + ENTER * 3 + Keys.CONTROLC)
    r = cli("checkin", "--date", "yesterday")
    assert r.exit_code == 130
    assert rows(home, "SELECT day FROM medication_days") == [(ago(0),)]
    assert rows(home, "SELECT count(*) FROM checkins") == [(1,)]


def test_without_medications_the_yes_no_item_stays(cli: Any, keys: Any) -> None:
    keys("6" + ENTER + ENTER * 4 + ENTER * 3 + DOWN + ENTER + ENTER + ENTER)
    assert cli("checkin").exit_code == 0
    assert history_row(cli, ago(0))["medication"] == "yes"


# --- migration ------------------------------------------------------------------------------

FIXTURE = Path(__file__).parents[1] / "fixtures" / "db" / "v1.db"


def test_v1_home_migrates_and_gains_the_new_tables(cli: Any, home: Path) -> None:
    home.mkdir(mode=0o700)
    shutil.copy(FIXTURE, home / "recovery.db")
    before = rows(home, "SELECT count(*) FROM checkins")
    assert ok(cli, "meds", "list", "--json").json() == []
    ok(cli, "meds", "add", "Sertraline", "--dose", "50 mg", "--started", "2020-01-01")
    ok(cli, "event", "add", "Old home, new event", "--date", "2020-02-01")
    assert rows(home, "SELECT count(*) FROM checkins") == before
    from recovery_cli.store.schema import SCHEMA_VERSION

    assert rows(home, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert len(ok(cli, "event", "list", "--json").json()) == 2


def test_encrypted_v1_home_migrates(cli: Any, home: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sqlcipher3")
    from recovery_cli.store.cipher import convert, keying

    for name in ("RECOVERY_PASSPHRASE_FILE", "RECOVERY_PASSPHRASE_COMMAND"):
        monkeypatch.delenv(name, raising=False)
    home.mkdir(mode=0o700)
    db = home / "recovery.db"
    shutil.copy(FIXTURE, db)
    plain_checkins = rows(home, "SELECT day FROM checkins ORDER BY day")
    convert.encrypt_home(home, "open sesame")
    keying.forget()
    pfile = tmp_path / "pass"
    pfile.write_text("open sesame\n")
    pfile.chmod(0o600)
    p = ["--passphrase-file", str(pfile)]
    ok(cli, *p, "meds", "add", "Lithium", "--dose", "400 mg", "--started", "2020-01-01")
    ok(cli, *p, "session", "log", "--date", "2020-01-02")
    assert [m["name"] for m in ok(cli, *p, "meds", "list", "--json").json()] == ["Lithium"]
    got = [r["date"] for r in ok(cli, *p, "history", "--from", "1900-01-01", "--json").json()]
    assert got == [d for (d,) in plain_checkins]
    assert b"Lithium" not in db.read_bytes()


# --- events and sessions through prompts --------------------------------------------------


def test_event_add_asks_for_the_text_and_ctrl_c_saves_nothing(cli: Any, keys: Any,
                                                              home: Path) -> None:
    keys("Started volunteering" + ENTER)
    r = cli("event", "add", "--impact", "2")
    assert r.exit_code == 0, r.stderr
    keys("half typed" + Keys.CONTROLC)
    assert cli("event", "add").exit_code == 130
    assert rows(home, "SELECT text, impact FROM events") == [("Started volunteering", 2)]


def test_event_edit_question_by_question_and_remove_with_confirmation(cli: Any, keys: Any,
                                                                      home: Path) -> None:
    ok(cli, "event", "add", "Flu", "--kind", "health", "--date", ago(3), "--impact", "-1")
    # text (Backspace x3 + new), day (keep), kind: life -> health is 2nd; move up to life,
    # impact: replace -1 with -2
    keys(Keys.BACKSPACE * 3 + "Bad flu" + ENTER + ENTER + Keys.UP + ENTER
         + Keys.BACKSPACE * 2 + "-2" + ENTER)
    r = cli("event", "edit", "1")
    assert r.exit_code == 0, r.stderr
    assert rows(home, "SELECT text, day, kind, impact FROM events") == [
        ("Bad flu", ago(3), "life", -2)]
    keys("n")  # a confirm takes y/n at once
    assert cli("event", "remove", "1").exit_code == 0
    assert rows(home, "SELECT count(*) FROM events") == [(1,)]
    keys("y")
    assert cli("event", "remove", "1").exit_code == 0
    assert rows(home, "SELECT count(*) FROM events") == [(0,)]


def test_checkin_with_medications_reads_only_its_days(cli: Any, home: Path) -> None:
    """With ten years of medication answers, the check-in's reads of them are index searches
    (the medications themselves are a short list, read whole)."""
    from recovery_cli.store import open_db

    two_meds(cli)
    conn = open_db(home)
    try:
        start = date.today() - timedelta(days=3651)
        conn.execute("BEGIN")
        for i in range(3650):
            day = (start + timedelta(days=i)).isoformat()
            conn.execute("INSERT INTO medication_days VALUES (?, 'some', 0)", (day,))
            conn.execute("INSERT INTO medication_day_items VALUES (?, 2, 1, NULL)", (day,))
        conn.execute("COMMIT")
    finally:
        conn.close()
    traced: list[str] = []
    import recovery_cli.store.db as store_db

    real_connect = sqlite3.connect

    def tracing_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        c = real_connect(*args, **kwargs)
        c.set_trace_callback(traced.append)
        return c

    store_db.sqlite3.connect = tracing_connect  # type: ignore[assignment]
    try:
        r = cli("checkin", "--mood", "5", "--meds", "missed:lithium")
    finally:
        store_db.sqlite3.connect = real_connect  # type: ignore[assignment]
    assert r.exit_code == 0, r.stderr
    reads = [s for s in traced if ("medication_day" in s or "events" in s)
             and s.lstrip().upper().startswith("SELECT")]
    assert reads
    check = sqlite3.connect(home / "recovery.db")
    try:
        for sql in reads:
            plan = [str(row[3]) for row in check.execute("EXPLAIN QUERY PLAN " + sql)]
            assert not any(p.startswith("SCAN") for p in plan), (sql, plan)
    finally:
        check.close()
