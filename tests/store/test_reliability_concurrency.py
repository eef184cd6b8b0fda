"""Concurrency: 4 processes x 100 mixed writes at once, plus a reader running `remind` in a loop.

Every worker is a separate Python process that runs the real program 100 times in a row
(`recovery_cli.main.main(args)`, the console script's own entry point, so each run opens its
own connection, takes its own `BEGIN IMMEDIATE` transaction and goes through the same error
mapping a person would see). The writes are mixed: journal entries, check-ins on days of their
own (`checkin --date`), and questionnaires (`assess take --answers`). All four start on a home
that does not exist yet, so the first-run migration races too.

Afterwards: every write is in the database exactly once, every run exited 0, and no
"database is locked" (or any other error, or a traceback) reached stderr.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

WORKERS = 4
WRITES = 100
FIRST_DAY = date(2024, 1, 1)

# One worker: WRITES runs of the program, in-process, with a log of every exit code.
WORKER = r"""
import io, json, sys, contextlib
from recovery_cli.main import main

worker, writes, first_day, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
from datetime import date, timedelta
start = date.fromisoformat(first_day)
log = []
for i in range(writes):
    kind = ("journal", "checkin", "assess")[i % 3]
    if kind == "journal":
        args = ["journal", "write", f"worker {worker} entry {i} zebra", "--tag", f"w{worker}"]
    elif kind == "checkin":
        day = (start + timedelta(days=worker * writes + i)).isoformat()
        args = ["checkin", "--date", day, "--mood", str(i % 11), "--sleep", "7.5",
                "--set", "triggers=conflict", "--note", f"w{worker} i{i}"]
    else:
        args = ["assess", "take", "phq2", "--answers", f"{i % 4},{(i + worker) % 4}", "--json"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:
            code = -1
            err.write(f"{type(exc).__name__}: {exc}")
    log.append({"i": i, "kind": kind, "args": args, "code": code,
                "stdout": out.getvalue()[-300:], "stderr": err.getvalue()})
with open(log_path, "w", encoding="utf-8") as f:
    json.dump(log, f)
"""

# The reader: `recovery remind` (the cron fast path, read-only) until told to stop.
READER = r"""
import io, json, os, sys, time, contextlib
from recovery_cli.main import main

stop_path, log_path = sys.argv[1], sys.argv[2]
log = []
while not os.path.exists(stop_path) or len(log) < 3:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["remind", "--json"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:
            code = -1
            err.write(f"{type(exc).__name__}: {exc}")
    log.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
    time.sleep(0.02)  # a reader, not a CPU hog on a 2-core machine
with open(log_path, "w", encoding="utf-8") as f:
    json.dump(log, f)
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["RECOVERY_HOME"] = str(home)
    env.pop("RECOVERY_DEBUG", None)
    env["NO_COLOR"] = "1"
    return env


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_four_writers_and_a_reader_lose_nothing(home: Path, tmp_path: Path) -> None:
    env = _env(home)
    stop = tmp_path / "stop"
    reader_log = tmp_path / "reader.json"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(stop), str(reader_log)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )
    logs = [tmp_path / f"worker{w}.json" for w in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w), str(WRITES), FIRST_DAY.isoformat(), str(logs[w])],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, text=True,
        )
        for w in range(WORKERS)
    ]
    started = time.monotonic()
    outputs = [p.communicate(timeout=240) for p in workers]
    stop.write_text("")
    r_out, r_err = reader.communicate(timeout=60)
    elapsed = time.monotonic() - started

    for p, (out, err) in zip(workers, outputs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in out + err
    assert reader.returncode == 0, r_err
    assert "Traceback" not in r_out + r_err

    runs = [run for path in logs for run in json.loads(path.read_text(encoding="utf-8"))]
    assert len(runs) == WORKERS * WRITES
    failed = [r for r in runs if r["code"] != 0]
    assert not failed, failed[:3]
    for r in runs:
        assert "locked" not in r["stderr"].lower() and "busy" not in r["stderr"].lower(), r
        assert "Traceback" not in r["stderr"], r
    reads = json.loads(reader_log.read_text(encoding="utf-8"))
    assert len(reads) >= 3
    for r in reads:
        assert r["code"] == 0, r
        assert "locked" not in r["stderr"].lower() and "Traceback" not in r["stderr"], r
        if r["stdout"].strip():
            assert "due" in json.loads(r["stdout"])

    # Every write is present exactly once, with its values.
    conn = sqlite3.connect(home / "recovery.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for w in range(WORKERS):
            journal = [i for i in range(WRITES) if i % 3 == 0]
            rows = conn.execute(
                "SELECT body FROM entries WHERE body LIKE ? ORDER BY id", (f"worker {w} entry %",)
            ).fetchall()
            assert sorted(r[0] for r in rows) == sorted(
                f"worker {w} entry {i} zebra" for i in journal)
            tagged = conn.execute(
                "SELECT count(*) FROM entry_tags WHERE tag = ?", (f"w{w}",)).fetchone()[0]
            assert tagged == len(journal)
            for i in (i for i in range(WRITES) if i % 3 == 1):
                day = (FIRST_DAY + timedelta(days=w * WRITES + i)).isoformat()
                values = dict(conn.execute(
                    "SELECT v.item, coalesce(v.num, v.text) FROM checkins c "
                    "JOIN checkin_values v ON v.checkin_id = c.id WHERE c.day = ? "
                    "AND (v.num IS NOT NULL OR v.text IS NOT NULL)", (day,)  # not the markers
                ).fetchall())
                assert values == {"mood": i % 11, "sleep_hours": 7.5, "note": f"w{w} i{i}"}, day
                choices = conn.execute(
                    "SELECT ch.item, ch.choice FROM checkins c JOIN checkin_choices ch "
                    "ON ch.checkin_id = c.id WHERE c.day = ?", (day,)).fetchall()
                assert [tuple(c) for c in choices] == [("triggers", "conflict")]
        n_assess = sum(1 for i in range(WRITES) if i % 3 == 2) * WORKERS
        assert conn.execute(
            "SELECT count(*) FROM assessments WHERE checklist = 'phq2'").fetchone()[0] == n_assess
        assert conn.execute("SELECT count(*) FROM assessment_answers").fetchone()[0] == 2 * n_assess
        # The search index saw every entry (its triggers ran inside each transaction).
        hits = conn.execute(
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'zebra'").fetchone()[0]
        assert hits == WORKERS * len([i for i in range(WRITES) if i % 3 == 0])
    finally:
        conn.close()
    print(f"{WORKERS * WRITES} writes + {len(reads)} reads in {elapsed:.1f}s")
