"""Crashes: a writer killed with SIGKILL at random moments loses nothing it said it saved.

One home, 50 trials (seeded). In each a writer process runs the real program in a loop
(`recovery_cli.main.main`: journal entries, check-ins with values and choices on days of their
own, and jrnl imports of a 12-entry file made for that import) and, after each run that exited
0, appends "kind key" to a log (the person's "Saved." moment). The parent kills it at a random
moment, then checks the file: `PRAGMA integrity_check` is ok, every logged write is there,
no check-in lacks its values, and every import is all there or not there at all. The next
trial starts a new writer on the same file, so recovery after each kill is exercised too
(the first trial's kill can land in the first-run migration).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

TRIALS = 50
SEED = 20261126
BATCH = 12  # entries in each imported file
FIRST_DAY = date(2000, 1, 1)

# A "zygote": it imports everything once, then forks one writer per trial (cheap, so 50
# trials fit well under a minute); the test kills the writer, the zygote reports how it ended.
WRITER = r"""
import io, os, sys, contextlib
from datetime import date, timedelta
from pathlib import Path
import recovery_cli.cli, recovery_cli.checkin.logic, recovery_cli.store.checkins
import recovery_cli.store.journal, recovery_cli.store.import_writes, recovery_cli.importers
import recovery_cli.ui.checkin, recovery_cli.core.checklists, recovery_cli.plan.early_warnings
import recovery_cli.importers.jrnl_txt, sqlite_utils, rich.table, pydantic
from recovery_cli.main import main

folder, first, batch = Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), int(sys.argv[3])


def writer(k, log_path):
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    sink = io.StringIO()
    while True:
        kind = ("journal", "checkin", "import")[k % 3]
        if kind == "journal":
            args = ["journal", "write", f"crash entry {k}"]
        elif kind == "checkin":
            day = (first + timedelta(days=k)).isoformat()
            args = ["checkin", "--date", day, "--mood", str(k % 11), "--energy", "4",
                    "--sleep", "6.5", "--set", "triggers=conflict,poor_sleep", "--note", f"k{k}"]
        else:
            path = folder / f"import-{k}.txt"
            path.write_text("".join(
                f"[2021-03-{1 + j:02d} 09:{j:02d}] batch{k} title {j}\nbatch{k} body {j} #imported\n\n"
                for j in range(batch)), encoding="utf-8")
            args = ["import", str(path), "--format", "jrnl-txt"]
        sink.seek(0)
        sink.truncate()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            code = main(args)
        if code != 0:
            os.write(2, f"exit {code} for {args}: {sink.getvalue()}".encode())
            os._exit(3)
        os.write(log, f"{kind} {k}\n".encode())
        k += 1


os.write(1, b"READY\n")
for line in sys.stdin:
    base, log_path = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            writer(int(base), log_path)
        finally:
            os._exit(4)
    os.write(1, f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"{status}\n".encode())
"""


def _check(db: Path, logged: list[tuple[str, int]], started: list[int]) -> None:
    if not db.exists():  # killed before the first command opened it
        assert not logged
        return
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            # Killed inside the first-run migration: no half-made schema is left behind.
            assert not logged
            assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
            return
        bodies = {r[0] for r in conn.execute("SELECT body FROM entries")}
        for kind, k in logged:
            if kind == "journal":
                assert f"crash entry {k}" in bodies, k
            elif kind == "checkin":
                day = (FIRST_DAY + timedelta(days=k)).isoformat()
                assert conn.execute("SELECT 1 FROM checkins WHERE day = ?", (day,)).fetchone(), day
            else:
                n = conn.execute("SELECT count(*) FROM entries WHERE body LIKE ?",
                                 (f"batch{k} body %",)).fetchone()[0]
                assert n == BATCH, (k, n)
        # No partial check-in: every row has all its values and both choices.
        rows = conn.execute(
            "SELECT c.day, (SELECT group_concat(v.item) FROM checkin_values v "
            "WHERE v.checkin_id = c.id AND (v.num IS NOT NULL OR v.text IS NOT NULL)), "
            "(SELECT count(*) FROM checkin_choices ch WHERE ch.checkin_id = c.id) "
            "FROM checkins c"
        ).fetchall()
        for day, items, n_choices in rows:
            assert sorted((items or "").split(",")) == ["energy", "mood", "note", "sleep_hours"]
            assert n_choices == 2, day
        # No half-imported file: each import's entries are all there, or none are.
        for k in started:
            if k % 3 == 2:
                n = conn.execute("SELECT count(*) FROM entries WHERE body LIKE ?",
                                 (f"batch{k} body %",)).fetchone()[0]
                assert n in (0, BATCH), (k, n)
        # The search index agrees with the table (its triggers ran inside each transaction).
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == conn.execute(
            "SELECT count(*) FROM entries_fts").fetchone()[0]
        conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def _after_kill(home: Path, log: Path, base: int, logged: list[tuple[str, int]],
                started: list[int]) -> int:
    lines = log.read_text().split() if log.exists() else []
    done = [(lines[i], int(lines[i + 1])) for i in range(0, len(lines), 2)]
    logged += done
    # The write under way when the kill came (if any) is the one after the last logged.
    started += [k for _, k in done] + [base + len(done)]
    _check(home / "recovery.db", logged, started)
    return len(done)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_sigkill_at_random_moments_loses_nothing_saved(home: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    env = dict(os.environ, RECOVERY_HOME=str(home), NO_COLOR="1")
    env.pop("RECOVERY_DEBUG", None)
    logged: list[tuple[str, int]] = []
    started: list[int] = []
    saved_total = 0
    zygote = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), FIRST_DAY.isoformat(), str(BATCH)],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, bufsize=1,
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    assert zygote.stdout.readline() == "READY\n"
    try:
        for trial in range(TRIALS):
            log = tmp_path / f"log-{trial}.txt"
            base = trial * 100  # far more keys than one trial can use
            zygote.stdin.write(f"{base} {log}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            # Mostly inside the first few writes (the first trial's can land in the migration).
            time.sleep(rng.uniform(0.0, 0.4))
            with contextlib.suppress(ProcessLookupError):  # it failed by itself: see below
                os.kill(pid, signal.SIGKILL)
            status = int(zygote.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                status, zygote.stderr.read() if status else "")
            saved_total += _after_kill(home, log, base, logged, started)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    # The trials did write: most of them saved something before the kill.
    assert saved_total >= TRIALS // 2, saved_total
    # And the program still works on the file after 50 kills.
    kinds = {k for k, _ in logged}
    assert kinds >= {"journal", "checkin"}, kinds
    r = subprocess.run([sys.executable, "-m", "recovery_cli", "journal", "write", "after"],
                       env=env, capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    print(f"{TRIALS} kills, {saved_total} writes saved and found")


# --- a first run stopped half-way ------------------------------------------------------------


def test_first_run_interrupted_during_migration_leaves_a_usable_home(
    home: Path, monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    """Regression: sqlite-utils made its `_sqlite_migrations` table outside the migration's
    transaction, so a first run stopped during the migration left a file that every later
    command refused as "not a recovery database". Now the whole migration is one transaction."""
    from sqlite_utils.db import Table

    from recovery_cli.store import open_db

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Table, "enable_fts", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_db(home)
    conn = sqlite3.connect(home / "recovery.db")
    leftovers = conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()
    assert leftovers == []
    monkeypatch.undo()
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    r = cli("journal", "write", "still here")
    assert r.exit_code == 0, r.stderr
    assert cli("journal", "list", "--json").json()[0]["body"] == "still here"


def test_a_home_left_with_only_the_migrations_record_is_still_usable(home: Path, cli: Any) -> None:
    """A file from before that fix (only sqlite-utils' record table) is migrated, not refused."""
    home.mkdir(mode=0o700)
    conn = sqlite3.connect(home / "recovery.db")
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    r = cli("checkin", "--mood", "6")
    assert r.exit_code == 0, r.stderr
    assert cli("history", "--json").json()[0]["mood"] == 6
