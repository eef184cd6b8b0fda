"""Every table syncs (issue 21): plan lists and contacts, medications and doses, events,
sessions and the next appointment, goals with their steps and reviews, values, skill practice,
intake, snaps, the bring-list. Separate homes, the real commands, one folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_sync import Device

pytest.importorskip("pycrdt")
pytest.importorskip("cryptography")

# what a person sees: (command, keep the order as shown)
VIEWS: dict[str, tuple[tuple[str, ...], bool]] = {
    "plan": (("plan", "show", "--json"), True),
    "meds": (("meds", "list", "--all", "--json"), False),
    "events": (("event", "list", "--json"), False),
    "goals": (("goals", "list", "--all", "--json"), False),
    "values": (("values", "list", "--json"), False),
    "snaps": (("snaps", "--days", "3650", "--json"), False),
    "history": (("history", "--json"), True),
    "journal": (("journal", "list", "--json"), False),
    "sessions": (("session", "list", "--json"), False),
    "bring": (("session", "bring", "--list", "--all", "--json"), False),
    "intake": (("intake", "show", "--json"), True),
    "practice": (("skills", "log", "--json"), False),
    "assess": (("assess", "history", "--json"), False),
}


def _plain(value: Any, keep_order: bool) -> Any:
    """The value without local ids (they may differ between computers), lists in a stable
    order where the command orders by local id."""
    if isinstance(value, dict):
        return {k: _plain(v, keep_order) for k, v in value.items()
                if k != "id" and not k.endswith("_id") and k != "number"}
    if isinstance(value, list):
        items = [_plain(v, keep_order) for v in value]
        return items if keep_order else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def seen(d: Device) -> dict[str, Any]:
    out = {}
    for name, (args, keep) in VIEWS.items():
        out[name] = _plain(d.run(*args).json(), keep)
    return out


@pytest.fixture
def pair(cli: Any, tmp_path: Path) -> list[Device]:
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery\n")
    devs = [Device(cli, tmp_path, n, tmp_path / "folder", pp) for n in ("laptop", "desktop")]
    for d in devs:
        d.init()
    return devs


def test_every_table_with_rows_a_person_sees_is_synced(cli: Any, tmp_path: Path) -> None:
    from recovery_cli.sync.tables import TABLES

    home = tmp_path / "demo"
    assert cli("--home", str(home), "demo", "--days", "14").exit_code == 0
    conn = sqlite3.connect(home / "recovery.db")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    synced = {t.name for t in TABLES} | {c.table for t in TABLES for c in t.children}
    ours = {n for n in names if not n.startswith(("_", "sqlite_", "entries_fts"))}
    assert ours - synced == set()


def test_both_computers_adding_plan_items_and_contacts_keep_both(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.run("plan", "add", "toolbox", "a walk by the river")
    desktop.run("plan", "add", "toolbox", "call Sam")
    laptop.run("plan", "add", "contacts", "Dr Rivera", "--role", "GP",
               "--phone", "+44 20 7946 0000")
    desktop.run("plan", "add", "contacts", "Sam", "--phone", "+44 20 7946 0001")
    for d in (laptop, desktop, laptop):
        d.sync()
    a, b = laptop.run("plan", "show", "--json").json(), desktop.run("plan", "show", "--json").json()
    assert a == b  # the same order on both: (position, uid)
    assert sorted(a["toolbox"]) == ["a walk by the river", "call Sam"]
    assert sorted(c["name"] for c in a["contacts"]) == ["Dr Rivera", "Sam"]
    second = a["toolbox"][1]
    desktop.run("plan", "remove", "toolbox", "2")  # the second as shown, on either computer
    desktop.run("plan", "add", "toolbox", "music")
    for d in (desktop, laptop):
        d.sync()
    a, b = laptop.run("plan", "show", "--json").json(), desktop.run("plan", "show", "--json").json()
    assert a == b and second not in a["toolbox"] and "music" in a["toolbox"]
    assert len(a["toolbox"]) == 2


def test_meds_events_goals_values_practice_intake_snaps_and_sessions(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.run("meds", "add", "sertraline", "--dose", "50 mg")
    laptop.run("values", "add", "Family")
    laptop.run("goals", "add", "Walk each morning", "--value", "1", "--step", "shoes by the door")
    laptop.run("event", "add", "Moved to a new flat", "--tag", "home", "--impact", "1")
    laptop.run("snap", "6", "--anxiety", "3")
    laptop.run("session", "next", "in 7 days", "--with", "Dr Rivera")
    desktop.run("values", "add", "Family")  # the same value on both: one value
    desktop.run("skills", "practice", "box_breathing", "--helpful", "7", "--note", "before work")
    desktop.run("intake", "--set", "brings_me=Low mood", "--set", "hopes=Sleep better")
    desktop.run("session", "bring", "the sleep diary")
    desktop.run("snap", "4")
    desktop.run("meds", "add", "propranolol", "--as-needed")
    laptop.sync()
    desktop.sync()
    laptop.sync()
    a, b = seen(laptop), seen(desktop)
    assert a == b
    assert sorted(m["name"] for m in a["meds"]) == ["propranolol", "sertraline"]
    assert [v["text"] for v in a["values"]] == ["Family"]
    goal = a["goals"][0]
    assert goal["text"] == "Walk each morning" and goal["value"]["text"] == "Family"
    assert [s["text"] for s in goal["steps"]] == ["shoes by the door"]
    assert len(a["snaps"]) == 2 and len(a["practice"]) == 1 and a["intake"] is not None
    assert any(e["text"] == "Moved to a new flat" for e in a["events"])
    # edits of children and parents on the other computer arrive too
    med = next(m for m in desktop.run("meds", "list", "--json").json()
               if m["name"] == "sertraline")
    desktop.run("meds", "change", "sertraline", "--dose", "75 mg")
    desktop.run("goals", "step", "1", "ask Zoë to join")
    desktop.run("goals", "review", "1", "--progress", "4", "--helped", "the dog")
    event = next(e for e in desktop.run("event", "list", "--json").json()
                 if e["text"] == "Moved to a new flat")
    desktop.run("event", "remove", str(event["id"]), "--yes")
    laptop.run("meds", "stop", "propranolol", "--why", "not needed now")
    desktop.sync()
    laptop.sync()
    desktop.sync()
    a, b = seen(laptop), seen(desktop)
    assert a == b
    sert = next(m for m in a["meds"] if m["name"] == "sertraline")
    assert [d["dose"] for d in sert["doses"]] == ["50 mg", "75 mg"] and med["dose"] == "50 mg"
    assert next(m for m in a["meds"] if m["name"] == "propranolol")["stopped"] is not None
    assert not any(e["text"] == "Moved to a new flat" for e in a["events"])
    assert len(a["goals"][0]["steps"]) == 2


def test_a_deleted_goal_takes_its_steps_everywhere(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.run("goals", "add", "Read", "--step", "one page")
    laptop.sync()
    desktop.sync()
    desktop.run("goals", "step", "1", "two pages")  # offline, while the laptop...
    conn = sqlite3.connect(laptop.home / "recovery.db")
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM goals")  # ...loses the goal (no command deletes one yet)
    conn.close()
    for d in (laptop, desktop, laptop, desktop):
        d.sync()
    a, b = seen(laptop), seen(desktop)
    assert a == b and a["goals"] == []
    for d in (laptop, desktop):
        conn = sqlite3.connect(d.home / "recovery.db")
        assert conn.execute("SELECT count(*) FROM goal_steps").fetchone()[0] == 0
        conn.close()


def test_the_same_active_medication_added_on_both_computers_keeps_both(
        pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.run("meds", "add", "sertraline", "--dose", "50 mg")
    desktop.run("meds", "add", "sertraline", "--dose", "25 mg")
    for d in (laptop, desktop, laptop):
        d.sync()
    a, b = seen(laptop), seen(desktop)
    assert a == b
    assert sorted(m["dose"] for m in a["meds"]) == ["25 mg", "50 mg"]  # no answer lost


def test_an_old_home_migrates_with_its_plan_intact(tmp_path: Path) -> None:
    import shutil

    from recovery_cli.store.db import open_db
    from recovery_cli.store.schema import SCHEMA_VERSION

    fixtures = Path(__file__).parents[1] / "fixtures" / "db"
    for name in ("v1.db", "v4.db"):
        src = fixtures / name
        before = sqlite3.connect(src)
        items = before.execute("SELECT id, section, position, text FROM plan_items "
                               "ORDER BY id").fetchall()
        contacts = before.execute("SELECT id, position, name FROM plan_contacts "
                                  "ORDER BY id").fetchall()
        before.close()
        home = tmp_path / name
        home.mkdir(mode=0o700)
        shutil.copy(src, home / "recovery.db")
        conn = open_db(home)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [tuple(r) for r in conn.execute("SELECT id, section, position, text FROM "
                                               "plan_items ORDER BY id")] == items and items
        assert [tuple(r) for r in conn.execute("SELECT id, position, name FROM plan_contacts "
                                               "ORDER BY id")] == contacts and contacts
        uids = [r[0] for r in conn.execute("SELECT uid FROM plan_items")]
        assert len(set(uids)) == len(uids) and all(len(u) == 32 for u in uids)
        conn.close()


PROPERTY_OPS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(
    ["journal", "unjournal", "checkin", "plan", "unplan", "contact", "med", "dose", "event",
     "unevent", "snap", "value", "goal", "sync", "sync"]), st.integers(0, 10)),
    min_size=1, max_size=14)


@pytest.mark.timeout(900)  # up to 3 homes x 14 commands x 8 examples, on a loaded machine
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=PROPERTY_OPS, n=st.sampled_from([2, 3]))
def test_property_every_view_converges_and_nothing_acknowledged_is_lost(
        cli: Any, tmp_path_factory: Any, ops: Any, n: int) -> None:
    root = tmp_path_factory.mktemp("every")
    pp = root / "pp"
    pp.write_text("pass phrase\n")
    devs = [Device(cli, root, f"d{i}", root / "folder", pp) for i in range(n)]
    for d in devs:
        d.init()
    kept: dict[str, set[str]] = {k: set() for k in ("journal", "plan", "events", "meds", "snaps",
                                                    "values", "goals", "contacts")}
    gone: dict[str, set[str]] = {k: set() for k in kept}
    for i, (who, op, k) in enumerate(ops):
        d = devs[who % n]
        text = f"{d.name} {op} {i}"
        if op == "journal":
            d.run("journal", "write", text)
            kept["journal"].add(text)
        elif op == "unjournal":
            entries = d.run("journal", "list", "--json").json()
            if entries:
                e = entries[k % len(entries)]
                d.run("journal", "delete", str(e["id"]), "--yes")
                gone["journal"].add(e["body"])
        elif op == "checkin":
            d.run("checkin", "--mood", str(k), "--energy", str(10 - k),
                  "--date", f"2026-11-{1 + k % 3:02d}")
        elif op == "plan":
            d.run("plan", "add", "toolbox", text)
            kept["plan"].add(text)
        elif op == "unplan":
            items = d.run("plan", "show", "--json").json()
            if items and items["toolbox"]:
                n_item = 1 + k % len(items["toolbox"])
                d.run("plan", "remove", "toolbox", str(n_item))
                gone["plan"].add(items["toolbox"][n_item - 1])
        elif op == "contact":
            d.run("plan", "add", "contacts", text, "--phone", f"+44 20 7946 {i:04d}")
            kept["contacts"].add(text)
        elif op == "med":
            name = f"med{d.name}x{i}"
            d.run("meds", "add", name, "--dose", f"{k + 1} mg")
            kept["meds"].add(name)
        elif op == "dose":
            # only the computer that added it (two changing one dose the same day offline
            # is a tie the meds list orders by local id)
            active = [m for m in d.run("meds", "list", "--json").json()
                      if m["name"].startswith(f"med{d.name}x")]
            if active:
                d.run("meds", "change", active[k % len(active)]["name"], "--dose",
                      f"{k + 20} mg")
        elif op == "event":
            d.run("event", "add", text, "--date", f"2026-11-{1 + k % 5:02d}")
            kept["events"].add(text)
        elif op == "unevent":
            mine = [e for e in d.run("event", "list", "--json").json() if e["id"] is not None]
            if mine:
                e = mine[k % len(mine)]
                d.run("event", "remove", str(e["id"]), "--yes")
                gone["events"].add(e["text"])
        elif op == "snap":
            d.run("snap", str(k), "--note", text)
            kept["snaps"].add(text)
        elif op == "value":
            d.run("values", "add", f"value {k % 3}")  # the same value on two: one value
            kept["values"].add(f"value {k % 3}")
        elif op == "goal":
            d.run("goals", "add", text, "--step", f"first step of {i}")
            kept["goals"].add(text)
        else:
            d.sync()
    for _ in range(2):
        for d in devs:
            d.sync()
    views = [seen(d) for d in devs]
    for v in views[1:]:
        assert v == views[0]
    v = views[0]
    shown = {"journal": {e["body"] for e in v["journal"]}, "plan": set(v["plan"]["toolbox"])
             if v["plan"] else set(),
             "contacts": {c["name"] for c in v["plan"]["contacts"]} if v["plan"] else set(),
             "events": {e["text"] for e in v["events"] if e["kind"] != "medication"}, "meds": {m["name"] for m in v["meds"]},
             "snaps": {s["note"] for s in v["snaps"]}, "values": {x["text"] for x in v["values"]},
             "goals": {g["text"] for g in v["goals"]}}
    for kind, want in kept.items():
        assert shown[kind] == want - gone[kind], kind  # no acknowledged write lost


def test_the_change_log_covers_every_synced_table() -> None:
    from recovery_cli.store.migrations_sync import SYNC_LOGGED
    from recovery_cli.sync.tables import TABLES

    logged = {(t, key, parent) for t, key, parent in SYNC_LOGGED}
    want = {(t.name, t.local_key, None) for t in TABLES} | {
        (c.table, c.parent_column, t.name) for t in TABLES for c in t.children}
    assert want == logged  # a table synced later needs its triggers in its own migration


def test_a_sync_reads_and_sends_only_what_changed(pair: list[Device]) -> None:
    laptop, desktop = pair
    for i in range(30):
        laptop.run("journal", "write", f"entry {i}")
    assert "30 sent" in laptop.sync().stderr
    conn = sqlite3.connect(laptop.home / "recovery.db")
    assert conn.execute("SELECT count(*) FROM _sync_changes").fetchone()[0] == 0
    conn.close()
    laptop.run("journal", "write", "one more")
    conn = sqlite3.connect(laptop.home / "recovery.db")
    assert conn.execute("SELECT tbl FROM _sync_changes").fetchall() == [("entries",)]
    conn.close()
    status = laptop.run("sync", "status", "--json").json()
    assert status["changed"] == 1
    assert "1 record(s) changed here since the last sync" in laptop.run("sync", "status").stdout
    assert "1 sent" in laptop.sync().stderr
    assert laptop.run("sync", "status", "--json").json()["changed"] == 0
    assert "31 new from laptop, 0 sent" in desktop.sync().stderr
    assert "0 sent" in desktop.sync().stderr  # what the merge wrote is not an edit here


def test_a_file_from_the_previous_sync_format_is_refused(pair: list[Device],
                                                       monkeypatch: Any) -> None:
    from recovery_cli.sync import fileformat

    laptop, desktop = pair
    cfg = json.loads((laptop.home / "sync.json").read_text())
    monkeypatch.setattr(fileformat, "FORMAT", 1)  # what the previous version wrote
    data = fileformat.seal("correct horse battery", bytes.fromhex(cfg["salt"]),
                           {"device": cfg["device"], "name": "laptop", "seq": 1, "schema": 4},
                           {"update": "", "writes": []})
    monkeypatch.undo()
    fileformat.write_once(laptop.folder / cfg["device"], 1, data)
    r = desktop.sync(code=1)
    assert "update recovery on that computer" in r.stderr and r.stderr.count("\n") == 1
    assert desktop.run("journal", "list", "--json").json() == []
