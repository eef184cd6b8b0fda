"""SIGKILL during `import` (jrnl JSON, recovery JSON) and `export -o FILE` (issue 24's figure).

A "zygote" imports the program once and forks one run per trial on a fresh copy of a prepared
home; the test kills the run at a seeded random moment within the time a whole run takes
(every other trial near its end, where the commit or the rename is). After each kill:

- import: `integrity_check` ok and the home either as before or with the whole file imported
  (one transaction, as the README says); importing the same file again then completes and
  adds each entry once (no duplicates), and the home's own rows are untouched.
- export -o: the target is absent (or, when one was there, the old file byte for byte) or a
  complete export; never a partial file under the final name. A temporary file a kill leaves
  is hidden, 0600, carries the dead process's id, and `doctor` lists it.

RECOVERY_KILL_TRIALS sets the trials per operation (default 6; the README's figure is 50).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

TRIALS = int(os.environ.get("RECOVERY_KILL_TRIALS", "6"))
SEED = 20261202
OWN = 200  # the home's own entries
IMPORTED = 1500  # entries in the file imported

ZYGOTE = r"""
import io, os, sys, time, contextlib
import sqlite_utils, rich.table, pydantic, fpdf
import recovery_cli.cli, recovery_cli.importers, recovery_cli.store.import_writes
import recovery_cli.importers.jrnl_json, recovery_cli.importers.recovery_json
import recovery_cli.importers.recovery_rows, recovery_cli.export.json, recovery_cli.cli.export
from recovery_cli.main import main

os.write(1, b"READY\n")
for line in sys.stdin:
    home, args = line.rstrip("\n").split("\t", 1)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.environ["RECOVERY_HOME"] = home
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            code = main(args.split("\t"))
        if code != 0:
            os.write(2, f"exit {code}: {sink.getvalue()}".encode())
        os._exit(code)
    os.write(1, f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"{status} {time.monotonic() - started}\n".encode())
"""


class Zygote:
    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline() == "READY\n"

    def run(self, home: Path, args: list[str], kill_after: float | None) -> tuple[int, float]:
        """(wait status, seconds) of one run, killed `kill_after` seconds in when given."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{home}\t" + "\t".join(args) + "\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline())
        if kill_after is not None:
            time.sleep(kill_after)  # the random moment; correctness never depends on it
            with contextlib.suppress(ProcessLookupError):  # it finished first
                os.kill(pid, signal.SIGKILL)
        status, took = self.proc.stdout.readline().split()
        return int(status), float(took)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    for name in ("RECOVERY_DEBUG", "RECOVERY_PASSPHRASE_COMMAND", "RECOVERY_PASSPHRASE_FILE"):
        env.pop(name, None)
    return env


def _make_home(home: Path, tag: str, entries: int) -> None:
    from recovery_cli.store import open_db, transaction

    conn = open_db(home)
    try:
        with transaction(conn):
            for i in range(entries):
                conn.execute(
                    "INSERT INTO entries(body, created_at, updated_at, day) VALUES (?, ?, ?, ?)",
                    (f"{tag} entry {i} " + "some words " * 30, f"2025-03-01T10:{i % 60:02d}:00+00:00",
                     "2025-03-01T10:00:00+00:00", "2025-03-01"))
            for i in range(entries // 4):
                day = (date(2022, 1, 1) + timedelta(days=i)).isoformat()
                cur = conn.execute("INSERT INTO checkins(day, created_at, updated_at) VALUES "
                                   "(?, ?, ?)", (day, f"{day}T20:00:00+00:00",
                                                 f"{day}T20:00:00+00:00"))
                conn.execute("INSERT INTO checkin_values(checkin_id, item, num) VALUES "
                             "(?, 'mood', ?)", (cur.lastrowid, i % 11))
    finally:
        conn.close()


def _rows(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", db
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        bodies = sorted(str(r[0]) for r in conn.execute("SELECT body FROM entries"))
        checkins = sorted(tuple(r) for r in conn.execute(
            "SELECT c.day, v.num FROM checkins c JOIN checkin_values v ON v.checkin_id = c.id "
            "WHERE v.item = 'mood'"))
        fts = conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'entry'"
                           ).fetchone()[0]
    finally:
        conn.close()
    return {"bodies": bodies, "checkins": checkins, "fts": fts}


def _jrnl_file(path: Path) -> None:
    entries = [{"title": f"jrnl title {i}", "body": f"jrnl body {i} entry #imported",
                "date": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}", "time": f"{i % 24:02d}:{i % 60:02d}",
                "tags": ["#imported"], "starred": i % 7 == 0} for i in range(IMPORTED)]
    path.write_text(json.dumps({"tags": {"#imported": IMPORTED}, "entries": entries}),
                    encoding="utf-8")


def _recovery_file(tmp_path: Path, path: Path) -> None:
    source = tmp_path / "source-home"
    _make_home(source, "exported", IMPORTED)
    r = subprocess.run([sys.executable, "-m", "recovery_cli", "export", "--format", "json",
                        "--include-private", "-o", str(path)], env=dict(_env(), RECOVERY_HOME=str(
                            source)), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr


def _exited(status: int, code: int = 0) -> bool:
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == code


def _killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _moment(rng: random.Random, trial: int, whole: float) -> float:
    start = 0.0 if trial % 2 == 0 else 0.75 * whole
    return rng.uniform(start, whole * 1.05)


@pytest.mark.slow
@pytest.mark.timeout(180 + 30 * TRIALS)
@pytest.mark.parametrize("kind", ["jrnl-json", "recovery-json"])
def test_sigkill_during_import_leaves_before_or_after(tmp_path: Path, kind: str) -> None:
    template = tmp_path / "template"
    _make_home(template, "own", OWN)
    source = tmp_path / f"import.{kind}.json"
    if kind == "jrnl-json":
        _jrnl_file(source)
    else:
        _recovery_file(tmp_path, source)
    before = _rows(template / "recovery.db")
    args = ["import", str(source), "--format", kind]
    zygote = Zygote(_env())
    rng = random.Random(f"{SEED}-{kind}")
    outcomes = {"before": 0, "after": 0}
    try:
        calibrate = tmp_path / "calibrate"
        shutil.copytree(template, calibrate)
        status, whole = zygote.run(calibrate, args, None)
        assert _exited(status), status
        after = _rows(calibrate / "recovery.db")
        assert len(after["bodies"]) == OWN + IMPORTED
        # importing it again adds nothing: the file's entries are already there
        status, _ = zygote.run(calibrate, args, None)
        assert _exited(status) and _rows(calibrate / "recovery.db") == after, status
        for trial in range(TRIALS):
            home = tmp_path / f"trial-{trial}"
            shutil.copytree(template, home)
            status, _ = zygote.run(home, args, _moment(rng, trial, whole))
            assert _killed(status) or _exited(status), status
            now = _rows(home / "recovery.db")
            assert now in (before, after), (trial, len(now["bodies"]), now["fts"])
            outcomes["after" if now == after else "before"] += 1
            # the person runs it again: it completes, each entry once
            status, _ = zygote.run(home, args, None)
            assert _exited(status), status
            assert _rows(home / "recovery.db") == after
            status, _ = zygote.run(home, ["doctor"], None)
            assert _exited(status), status
            shutil.rmtree(home)
    finally:
        zygote.close()
    print(f"import {kind}: {TRIALS} SIGKILL trials, {outcomes}; a whole run takes {whole:.2f}s")


def _complete(path: Path) -> bool:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return len(doc["tables"]["entries"]) == OWN * 4 if "tables" in doc else False


@pytest.mark.slow
@pytest.mark.timeout(180 + 30 * TRIALS)
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_sigkill_during_export_leaves_no_partial_file(tmp_path: Path, fmt: str) -> None:
    home = tmp_path / "home-export"
    _make_home(home, "own", OWN * 4)
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"export.{fmt}"
    old = b"the old export, kept until a new one is complete\n"
    period = ["--from", "2022-01-01", "--to", "2025-12-31"]
    args = ["export", "--format", fmt, "--include-private", *period, "-o", str(target), "--force"]
    zygote = Zygote(_env())
    rng = random.Random(f"{SEED}-export-{fmt}")
    outcomes: dict[str, int] = {}
    try:
        status, whole = zygote.run(home, args, None)
        assert _exited(status), status
        full = target.read_bytes()
        assert fmt != "json" or _complete(target)
        for trial in range(TRIALS):
            target.unlink(missing_ok=True)
            had_old = trial % 4 < 2
            if had_old:
                target.write_bytes(old)
            status, _ = zygote.run(home, args, _moment(rng, trial, whole))
            assert _killed(status) or _exited(status), status
            if not target.exists():
                assert not had_old, "the old export vanished"
                outcome = "absent"
            elif target.read_bytes() == old:
                outcome = "old kept"
            else:
                data = target.read_bytes()
                # complete: the same export (JSON: every entry; md: its closing section)
                assert fmt != "json" or _complete(target), (trial, len(data))
                assert fmt != "md" or data.rstrip().endswith(full.rstrip()[-200:]), trial
                assert stat.S_IMODE(target.stat().st_mode) == 0o600
                outcome = "complete"
            leftovers = [p for p in out.iterdir() if p != target]
            for p in leftovers:  # a kill can't clean up: hidden, private, found by doctor
                assert p.name.startswith(".recovery-export-"), p
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
            if leftovers:
                from recovery_cli.core import leftovers as found

                assert set(leftovers) <= set(found.find(home, (out,)))
                for p in leftovers:
                    p.unlink()
                outcome += " + temp left"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    finally:
        zygote.close()
    print(f"export -o ({fmt}): {TRIALS} SIGKILL trials, {outcomes}; a whole run takes "
          f"{whole:.2f}s")


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_export_is_on_disk_before_it_takes_the_name(tmp_path: Path) -> None:
    """A power cut after the rename must not leave an empty or partial file under the final
    name: the temporary file is fsynced before it is linked or renamed into place, and the
    folder after."""
    home = tmp_path / "home-sync"
    _make_home(home, "own", 20)
    log = tmp_path / "strace.log"
    target = tmp_path / "report.md"
    r = subprocess.run(["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync,link,linkat,rename,"
                        "renameat,renameat2", "-o", str(log), sys.executable, "-m",
                        "recovery_cli", "export", "--format", "md", "-o", str(target)],
                       env=dict(_env(), RECOVERY_HOME=str(home)), capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 0, r.stderr
    calls = [line.split(None, 1)[1] for line in log.read_text().splitlines() if " " in line]
    named = next(i for i, c in enumerate(calls) if ".recovery-export-" in c
                 and c.startswith(("link", "rename")))
    assert any(c.startswith(("fsync", "fdatasync")) for c in calls[:named]), calls
    assert any(c.startswith("fsync") for c in calls[named + 1:]), calls  # the folder
