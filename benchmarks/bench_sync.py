"""Sync: an N-entry home into an empty second computer, then one new entry (issue 21).

    PYTHONPATH=src python benchmarks/bench_sync.py 10000
Targets at 100,000 entries: the first sync under 60 s and 500 MiB; one new entry under 0.5 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(home: Path, *args: str) -> float:
    """Seconds of one command; its peak memory (MiB) is printed beside it."""
    env = {**os.environ, "RECOVERY_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "recovery_cli", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, args
    took = time.perf_counter() - start
    print(f"  ({args[0]} {args[1] if len(args) > 1 else ''}: peak {usage.ru_maxrss / 1024:.0f} MiB)")
    return took


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    root = Path(tempfile.mkdtemp())
    a, b, folder, pp = root / "a", root / "b", root / "folder", root / "pp"
    pp.write_text("bench passphrase\n")
    jrnl = root / "j.txt"
    from datetime import date

    from benchmarks_gen import entries, write_jrnl  # type: ignore[import-not-found]

    write_jrnl(entries(n, date(2026, 12, 1)), jrnl)
    run(a, "import", str(jrnl), "--format", "jrnl-txt")
    print(f"A first sync ({n}): {run(a, 'sync', 'init', str(folder), '--device-name', 'a', '--passphrase-file', str(pp)):.1f} s")
    print(f"B first sync ({n}): {run(b, 'sync', 'init', str(folder), '--device-name', 'b', '--passphrase-file', str(pp)):.1f} s")
    run(a, "journal", "write", "one more")
    print(f"A sends one entry: {run(a, 'sync', '--passphrase-file', str(pp)):.2f} s")
    print(f"B gets one entry: {run(b, 'sync', '--passphrase-file', str(pp)):.2f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import generate as benchmarks_gen

    sys.modules["benchmarks_gen"] = benchmarks_gen
    main()
