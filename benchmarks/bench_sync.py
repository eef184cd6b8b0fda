"""Sync: an N-entry home into an empty second computer, then one new entry (issue 21).

    PYTHONPATH=src python benchmarks/bench_sync.py 10000 [--import]
Targets at 100,000 entries: the first sync under 60 s and 500 MiB; one new entry under 0.5 s.
The home is filled straight through SQLite (the same rows, tags and change-log triggers as the
jrnl import, much faster to set up); --import uses the jrnl importer instead. Each command is
printed with its wall time, its CPU time (user + system: what it costs on a machine shared with
other work) and its peak memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(home: Path, *args: str) -> float:
    """Wall seconds of one command; CPU seconds and peak memory (MiB) printed beside it."""
    env = {**os.environ, "RECOVERY_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "recovery_cli", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, args
    took = time.perf_counter() - start
    print(f"  ({' '.join(args[:2])}: {took:.2f} s wall, "
          f"{usage.ru_utime + usage.ru_stime:.2f} s CPU, peak {usage.ru_maxrss / 1024:.0f} MiB)",
          flush=True)
    return took


def fill(home: Path, items: list[object]) -> None:
    from recovery_cli.store import db

    conn = db.open_db(home)
    with db.transaction(conn):
        for e in items:
            when = e.when.isoformat(timespec="seconds") + "+00:00"  # type: ignore[attr-defined]
            cur = conn.execute(
                "INSERT INTO entries (created_at, updated_at, day, title, body, starred, source) "
                "VALUES (?, ?, ?, ?, ?, ?, 'import:jrnl')",
                (when, when, when[:10], e.title, e.body, int(e.starred)))  # type: ignore[attr-defined]
            tags = {w.lstrip("@#") for w in e.body.split() if w[:1] in "@#"}  # type: ignore[attr-defined]
            conn.executemany("INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
                             [(cur.lastrowid, t) for t in sorted(tags)])
    conn.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    root = Path(tempfile.mkdtemp())
    a, b, folder, pp = root / "a", root / "b", root / "folder", root / "pp"
    pp.write_text("bench passphrase\n")
    from datetime import date

    from benchmarks_gen import entries, write_jrnl  # type: ignore[import-not-found]

    items = entries(n, date(2026, 12, 1))
    if "--import" in sys.argv:
        jrnl = root / "j.txt"
        write_jrnl(items, jrnl)
        run(a, "import", str(jrnl), "--format", "jrnl-txt")
    else:
        fill(a, items)
    print(f"A first sync ({n}): {run(a, 'sync', 'init', str(folder), '--device-name', 'a', '--passphrase-file', str(pp)):.1f} s", flush=True)
    print(f"B first sync ({n}): {run(b, 'sync', 'init', str(folder), '--device-name', 'b', '--passphrase-file', str(pp)):.1f} s", flush=True)
    run(a, "journal", "write", "one more")
    print(f"A sends one entry: {run(a, 'sync', '--passphrase-file', str(pp)):.2f} s", flush=True)
    print(f"B gets one entry: {run(b, 'sync', '--passphrase-file', str(pp)):.2f} s", flush=True)
    print(f"A, nothing new: {run(a, 'sync', '--passphrase-file', str(pp)):.2f} s", flush=True)
    print(f"A, journal list (start-up alone): {run(a, 'journal', 'list', '-n', '1'):.2f} s",
          flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import generate as benchmarks_gen

    sys.modules["benchmarks_gen"] = benchmarks_gen
    main()
