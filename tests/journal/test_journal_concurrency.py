"""Two processes writing to the journal at the same moment keep every entry (jrnl loses
entries here: it rewrites one text file). Each write is one BEGIN IMMEDIATE transaction with a
busy timeout, so writers queue; ids stay unique and the search index stays complete."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(240)

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from recovery_cli.main import main
    name, count, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    while time.time() < start:
        time.sleep(0.001)
    failures = 0
    for i in range(count):
        # every call is a whole command: parse, open the database, one transaction, close
        if main(["journal", "write", f"writer {name} entry {i} #w{name}"]) != 0:
            failures += 1
    sys.exit(1 if failures else 0)
    """
)


def _run_writers(home: Path, count: int, names: tuple[str, ...] = ("a", "b")) -> None:
    env = {**os.environ, "RECOVERY_HOME": str(home)}
    start = time.time() + 1.5  # both start at the same moment, after their imports
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, name, str(count), str(start)], env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for name in names
    ]
    for p in procs:
        out, err = p.communicate(timeout=200)
        assert p.returncode == 0, err
        ids = [int(line) for line in out.split()]
        assert len(ids) == count and len(set(ids)) == count


def _check(home: Path, per_writer: int, names: tuple[str, ...] = ("a", "b")) -> None:
    conn = sqlite3.connect(home / "recovery.db")
    try:
        total = per_writer * len(names)
        bodies = {r[0] for r in conn.execute("SELECT body FROM entries")}
        expected = {f"writer {n} entry {i} #w{n}" for n in names for i in range(per_writer)}
        assert bodies == expected
        ids = [r[0] for r in conn.execute("SELECT id FROM entries ORDER BY id")]
        assert ids == list(range(1, total + 1))
        for n in names:
            tagged = conn.execute("SELECT count(*) FROM entry_tags WHERE tag = ?",
                                  (f"w{n}",)).fetchone()[0]
            assert tagged == per_writer
            found = conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?",
                                 (f'"writer {n}"',)).fetchone()[0]
            assert found == per_writer
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_two_processes_writing_100_entries_each_keep_all_200(home: Path) -> None:
    # a fresh home: both processes also race to create and migrate the database
    _run_writers(home, 100)
    _check(home, 100)


@pytest.mark.slow
def test_separate_cli_processes_writing_at_once_keep_every_entry(home: Path) -> None:
    """The same with a new `recovery journal write` process for every entry."""
    env = {**os.environ, "RECOVERY_HOME": str(home)}
    script = (
        f'for i in $(seq 0 $(({{N}} - 1))); do "{sys.executable}" -m recovery_cli journal write '
        '"writer $W entry $i #w$W" >/dev/null || exit 1; done'
    )
    n = 15
    procs = [
        subprocess.Popen(["bash", "-c", script.replace("{N}", str(n))], env={**env, "W": w},
                         stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for w in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=200)
        assert p.returncode == 0, err
    _check(home, n)


BARRIER_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from recovery_cli.main import main
    import recovery_cli.cli.journal, recovery_cli.store.migrations  # imported before the start
    name, barrier = sys.argv[1], sys.argv[2]
    open(f"{barrier}.ready.{name}", "w").close()
    while not os.path.exists(f"{barrier}.go"):  # every process leaves at the same instant
        time.sleep(0.0002)
    sys.exit(main(["journal", "write", f"writer {name} #w{name}"]))
    """
)


@pytest.mark.slow
def test_four_fresh_processes_on_twenty_brand_new_homes(tmp_path: Path) -> None:
    """Four processes create, migrate and write to a brand-new home at the same instant
    (released together by a barrier file), twenty times. A write acknowledged with exit 0 is
    in the database; a refused one exits 1 with a line saying nothing was saved. (Seen once
    in CI as a lost journal write; the WAL switch is where SQLite answers "locked" at once.)"""
    for h in range(20):
        home, barrier = tmp_path / f"home{h}", str(tmp_path / f"barrier{h}")
        env = {**os.environ, "RECOVERY_HOME": str(home)}
        env.pop("RECOVERY_DEBUG", None)
        names = ("a", "b", "c", "d")
        procs = [subprocess.Popen([sys.executable, "-c", BARRIER_WRITER, n, barrier], env=env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for n in names]
        deadline = time.monotonic() + 120
        while not all(os.path.exists(f"{barrier}.ready.{n}") for n in names):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
            time.sleep(0.005)
        Path(f"{barrier}.go").touch()
        acknowledged = set()
        for n, p in zip(names, procs, strict=True):
            _, err = p.communicate(timeout=120)
            assert p.returncode in (0, 1), (h, n, err)
            if p.returncode == 0:
                acknowledged.add(f"writer {n} #w{n}")
            else:
                assert "nothing was saved" in err and len(err.strip().splitlines()) == 1, err
        conn = sqlite3.connect(home / "recovery.db")
        try:
            bodies = {r[0] for r in conn.execute("SELECT body FROM entries")}
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()
        assert bodies == acknowledged, h  # nothing lost, nothing half-written
        assert len(acknowledged) == 4, (h, "a write was refused")
