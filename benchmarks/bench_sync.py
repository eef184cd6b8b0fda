"""Sync: an N-entry home into an empty second computer, then one new entry (issue 21).

    PYTHONPATH=src python benchmarks/bench_sync.py 10000 [--import]
Targets at 100,000 entries: the first sync under 60 s and 500 MiB; one new entry under 0.5 s.
The home is filled straight through SQLite (the same rows, tags and change-log triggers as the
jrnl import, much faster to set up), in a child process so that the generated entries do not
count in the later commands' peak memory; --import uses the jrnl importer instead. Each command
is printed with its wall time, its CPU time (user + system: what it costs on a machine shared
with other work) and its peak memory.

One new entry is sent and received first right after the two first syncs, then STEADY more
times (medians printed): the first and the steady ones are printed apart. Both first syncs
run on this one disk, so the line before the first send says how much written data the kernel
still holds for the disk (two real computers do not share it); a first send slower than the
steady ones with the same CPU time is waiting for the machine, not doing more work.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEADY = 3


def run(home: Path, *args: str) -> float:
    """Wall seconds of one command; CPU seconds and peak memory (MiB) printed beside it."""
    return timed(home, *args)[0]


def timed(home: Path, *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one command, both printed with its peak memory."""
    env = {**os.environ, "RECOVERY_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "recovery_cli", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, args
    took = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(f"  ({' '.join(args[:2])}: {took:.2f} s wall, {cpu:.2f} s CPU, "
          f"peak {usage.ru_maxrss / 1024:.0f} MiB)", flush=True)
    return took, cpu


def unwritten() -> str:
    """Data the kernel still holds for the disk (Dirty + Writeback), from /proc/meminfo."""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return "unknown"
    kib = sum(int(line.split()[1]) for line in lines if line.startswith(("Dirty:", "Writeback:")))
    return f"{kib / 1024:.0f} MiB"


def one_entry(a: Path, b: Path, pp: Path, i: int) -> tuple[tuple[float, float], ...]:
    """A writes one entry and sends it; B receives it: ((wall, CPU) sent, (wall, CPU) got)."""
    run(a, "journal", "write", f"one more ({i})")
    sent = timed(a, "sync", "--passphrase-file", str(pp))
    return sent, timed(b, "sync", "--passphrase-file", str(pp))


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

    if "--import" in sys.argv:
        jrnl = root / "j.txt"
        write_jrnl(entries(n, date(2026, 12, 1)), jrnl)
        run(a, "import", str(jrnl), "--format", "jrnl-txt")
    else:
        subprocess.run([sys.executable, __file__, "--fill", str(n), str(a)], check=True)
    print(f"A first sync ({n}): {run(a, 'sync', 'init', str(folder), '--device-name', 'a', '--passphrase-file', str(pp)):.1f} s", flush=True)
    print(f"B first sync ({n}): {run(b, 'sync', 'init', str(folder), '--device-name', 'b', '--passphrase-file', str(pp)):.1f} s", flush=True)
    print(f"(data this machine has written and not yet put on the disk: {unwritten()})", flush=True)
    sent, got = one_entry(a, b, pp, 0)
    print(f"A sends one entry, the first after the first syncs: {sent[0]:.2f} s "
          f"({sent[1]:.2f} s CPU)", flush=True)
    print(f"B gets one entry, the first after the first syncs: {got[0]:.2f} s "
          f"({got[1]:.2f} s CPU)", flush=True)
    steady = [one_entry(a, b, pp, i) for i in range(1, STEADY + 1)]
    for k, what in ((0, "A sends"), (1, "B gets")):
        wall = statistics.median(x[k][0] for x in steady)
        cpu = statistics.median(x[k][1] for x in steady)
        print(f"{what} one entry, steady (median of {STEADY}): {wall:.2f} s ({cpu:.2f} s CPU)",
              flush=True)
    print(f"A, nothing new: {run(a, 'sync', '--passphrase-file', str(pp)):.2f} s", flush=True)
    print(f"A, journal list (start-up alone): {run(a, 'journal', 'list', '-n', '1'):.2f} s",
          flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import generate as benchmarks_gen

    sys.modules["benchmarks_gen"] = benchmarks_gen
    if sys.argv[1:2] == ["--fill"]:
        from datetime import date

        fill(Path(sys.argv[3]), benchmarks_gen.entries(int(sys.argv[2]), date(2026, 12, 1)))
    else:
        main()
