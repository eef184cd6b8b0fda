"""Sync between two or three computers through one folder (issue 21): separate homes, the
real commands, real files. Nothing here sleeps: every step waits on the command before it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pycrdt")
pytest.importorskip("cryptography")


class Device:
    def __init__(self, cli: Any, root: Path, name: str, folder: Path, pp: Path) -> None:
        self.cli, self.home, self.name, self.folder, self.pp = cli, root / name, name, folder, pp

    def run(self, *args: str, code: int = 0) -> Any:
        r = self.cli("--home", str(self.home), *args)
        assert r.exit_code == code, (args, r.stdout, r.stderr)
        return r

    def init(self) -> Any:
        return self.run("sync", "init", str(self.folder), "--device-name", self.name,
                        "--passphrase-file", str(self.pp))

    def sync(self, code: int = 0) -> Any:
        return self.run("sync", "--passphrase-file", str(self.pp), code=code)

    def views(self) -> dict[str, Any]:
        entries = self.run("journal", "list", "--json").json()
        for e in entries:
            e.pop("id", None)
        entries.sort(key=lambda e: (e.get("created_at"), e.get("body")))
        return {"journal": entries, "history": self.run("history", "--json").json(),
                "assess": self.run("assess", "history", "--json").json()}


@pytest.fixture
def devices(cli: Any, tmp_path: Path) -> Any:
    pp = tmp_path / "pp"
    pp.write_text("correct horse battery\n")
    folder = tmp_path / "folder"

    def make(*names: str) -> list[Device]:
        out = [Device(cli, tmp_path, n, folder, pp) for n in names]
        for d in out:
            d.init()
        return out

    return make


def test_two_computers_converge_and_a_same_item_conflict_is_reported(devices: Any) -> None:
    laptop, desktop = devices("laptop", "desktop")
    laptop.run("journal", "write", "written on the laptop", "--tag", "work")
    desktop.run("journal", "write", "written on the desktop", "--private")
    laptop.run("checkin", "--mood", "7", "--energy", "3")
    desktop.run("checkin", "--mood", "4", "--sleep", "8")
    assert "1 new from laptop" not in desktop.sync().stderr  # laptop has not synced yet
    assert "2 new from desktop" in laptop.sync().stderr
    desktop.sync()
    a, b = laptop.views(), desktop.views()
    assert a == b
    assert {e["body"] for e in a["journal"]} == {"written on the laptop", "written on the desktop"}
    day = a["history"][0]
    assert day["energy"] == 3 and day["sleep_hours"] == 8  # different items both survive
    assert day["mood"] in (4, 7)
    for d in (laptop, desktop):
        status = d.run("sync", "status", "--json").json()
        replaced = [c for c in status["conflicts"] if c["field"].endswith("mood")]
        assert len(replaced) == 1 and json.loads(replaced[0]["kept"])[0] == day["mood"]
        assert "One answer was replaced" in d.run("sync", "status").stdout


def test_edits_and_deletes_propagate_and_local_ids_stay(devices: Any) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "first")
    a.run("journal", "write", "second")
    a.sync()
    b.sync()
    assert len(b.run("journal", "list", "--json").json()) == 2
    first = next(e for e in b.run("journal", "list", "--json").json() if e["body"] == "first")
    b.run("journal", "delete", str(first["id"]), "--yes")
    b.sync()
    a.sync()
    left = a.run("journal", "list", "--json").json()
    assert [e["body"] for e in left] == ["second"] and left[0]["id"] == 2
    assert a.views() == b.views()


def _one_file(folder: Path, device_home: Path) -> Path:
    cfg = json.loads((device_home / "sync.json").read_text())
    return sorted((folder / cfg["device"]).glob("*.rsync"))[-1]


def test_wrong_passphrase_and_changed_file_are_refused_with_nothing_applied(
        devices: Any, tmp_path: Path) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "hello")
    a.sync()
    wrong = tmp_path / "wrong"
    wrong.write_text("not it\n")
    r = b.run("sync", "--passphrase-file", str(wrong), code=1)
    assert r.stderr.strip().count("\n") == 0 and "Wrong sync passphrase" in r.stderr
    assert b.run("journal", "list", "--json").json() == []
    f = _one_file(a.folder, a.home)
    data = bytearray(f.read_bytes())
    data[-5] ^= 0x01
    f.write_bytes(bytes(data))
    r = b.sync(code=1)
    assert "changed file" in r.stderr and b.run("journal", "list", "--json").json() == []


def test_truncated_late_twice_and_out_of_order_files(devices: Any, tmp_path: Path) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "one")
    a.sync()
    a.run("journal", "write", "two")
    a.sync()
    # the file-sync tool has delivered only half of file 1 and all of file 2
    cfg = json.loads((a.home / "sync.json").read_text())
    src = a.folder / cfg["device"]
    hold = tmp_path / "held"
    shutil.copytree(src, hold)
    first, _second = sorted(src.glob("*.rsync"))
    first.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    r = b.sync()
    assert "still arriving" in r.stderr and b.run("journal", "list", "--json").json() == []
    shutil.copy(hold / first.name, first)  # now whole
    b.sync()
    assert {e["body"] for e in b.run("journal", "list", "--json").json()} == {"one", "two"}
    b.sync()  # delivered twice: nothing doubles
    assert len(b.run("journal", "list", "--json").json()) == 2
    assert not list(src.glob(".*tmp"))


def test_newer_files_are_refused_update_recovery(devices: Any) -> None:
    from recovery_cli.store.schema import SCHEMA_VERSION
    from recovery_cli.sync import fileformat

    a, b = devices("a", "b")
    a.run("journal", "write", "hello")
    a.sync()
    f = _one_file(a.folder, a.home)
    cfg = json.loads((a.home / "sync.json").read_text())
    newer = fileformat.seal("correct horse battery", bytes.fromhex(cfg["salt"]),
                            {"device": cfg["device"], "name": "a", "seq": 2,
                             "schema": SCHEMA_VERSION + 1}, {"update": "", "writes": []})
    fileformat.write_once(f.parent, 2, newer)
    r = b.sync(code=1)
    assert "update recovery on this computer" in r.stderr
    assert b.run("journal", "list", "--json").json() == []


def test_forget_stops_reading_and_keeps_what_was_merged(devices: Any) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "kept")
    a.sync()
    b.sync()
    b.run("sync", "forget", "a")
    a.run("journal", "write", "not read")
    a.sync()
    b.sync()
    assert [e["body"] for e in b.run("journal", "list", "--json").json()] == ["kept"]


def test_database_integrity_and_no_half_file_after_sync(devices: Any) -> None:
    a, b = devices("a", "b")
    for i in range(5):
        a.run("journal", "write", f"entry {i}")
    a.sync()
    b.sync()
    conn = sqlite3.connect(b.home / "recovery.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    names = [p.name for p in a.folder.rglob("*") if p.is_file()]
    assert all(n.endswith(".rsync") for n in names)


OPS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["write", "delete", "checkin",
                                                             "sync"]), st.integers(0, 10)),
               min_size=1, max_size=8)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, n=st.sampled_from([2, 3]))
def test_property_random_interleavings_converge(cli: Any, tmp_path_factory: Any, ops: Any,
                                                n: int) -> None:
    root = tmp_path_factory.mktemp("prop")
    pp = root / "pp"
    pp.write_text("pass phrase\n")
    devs = [Device(cli, root, f"d{i}", root / "folder", pp) for i in range(n)]
    for d in devs:
        d.init()
    written: set[str] = set()
    deleted: set[str] = set()
    for who, op, k in ops:
        d = devs[who % n]
        if op == "write":
            body = f"{d.name} note {len(written)}"
            d.run("journal", "write", body)
            written.add(body)
        elif op == "delete":
            entries = d.run("journal", "list", "--json").json()
            if entries:
                e = entries[k % len(entries)]
                d.run("journal", "delete", str(e["id"]), "--yes")
                deleted.add(e["body"])
        elif op == "checkin":
            d.run("checkin", "--mood", str(k), "--date", f"2026-11-{1 + k % 3:02d}")
        else:
            d.sync()
    for _ in range(2):
        for d in devs:
            d.sync()
    views = [d.views() for d in devs]
    assert all(v == views[0] for v in views)
    assert {e["body"] for e in views[0]["journal"]} == written - deleted  # no write lost


def test_remind_mentions_an_old_sync_only_when_set_up(devices: Any) -> None:
    (a,) = devices("a")
    kinds = [r["kind"] for r in a.run("remind", "--json").json()["due"]]
    assert "sync" not in kinds  # just synced
    cfg_path = a.home / "sync.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["last_sync"] = "2020-01-01T10:00:00+00:00"
    cfg_path.write_text(json.dumps(cfg))
    due = a.run("remind", "--json").json()["due"]
    assert [r["command"] for r in due if r["kind"] == "sync"] == ["recovery sync"]
    cron = a.run("remind", "cron")
    assert "sync --quiet" in cron.stderr and "sync" not in cron.stdout


def test_remind_says_nothing_of_sync_when_not_set_up(cli: Any) -> None:
    r = cli("remind", "--json")
    assert all(x["kind"] != "sync" for x in r.json()["due"])
    assert "sync" not in cli("remind", "cron").stderr


def test_doctor_reports_the_folder_devices_and_a_damaged_file(devices: Any) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "hello")
    a.sync()
    report = b.run("doctor", "--json").json()
    assert report["sync"]["folder"] == str(b.folder) and len(report["sync"]["devices"]) == 2
    f = _one_file(a.folder, a.home)
    f.write_bytes(b"garbage that is not a sync file at all")
    r = b.run("doctor", "--json", code=1)
    assert r.json()["sync"]["unreadable"] == [f"{f.parent.name}/{f.name}"]


def test_sync_quiet_is_silent_and_not_set_up_is_one_line(devices: Any, cli: Any) -> None:
    r = cli("sync", "--quiet")
    assert r.exit_code == 1 and "sync init" in r.stderr and r.stderr.count("\n") == 1
    (a,) = devices("a")
    a.run("journal", "write", "x")
    r = a.run("sync", "--quiet", "--passphrase-file", str(a.pp))
    assert r.stdout == "" and r.stderr == ""


def test_no_terminal_and_no_passphrase_names_the_flag(devices: Any) -> None:
    (a,) = devices("a")
    r = a.run("sync", code=2)
    assert "--passphrase-file" in r.stderr


def test_json_export_carries_the_same_global_ids_on_both_computers(devices: Any,
                                                                   tmp_path: Path) -> None:
    a, b = devices("a", "b")
    a.run("journal", "write", "shared")
    a.run("journal", "write", "mine alone", "--private")
    a.sync()
    b.sync()
    ids = []
    for d in (a, b):
        out = tmp_path / f"{d.name}.json"
        d.run("export", "--format", "json", "--output", str(out))
        doc = json.loads(out.read_text())
        shared = next(e for e in doc["tables"]["entries"] if e["body"] == "shared")
        ids.append(doc["global_ids"]["entries"][str(shared["id"])])
        assert len(doc["global_ids"]["entries"]) == 1  # the private entry is left out
    assert ids[0] == ids[1]
