"""`--help` start-up, recovery beside jrnl 4.6, in CPU time (user + system of the child).

On a shared machine wall time mostly measures the neighbours; the CPU a run costs is what
the program itself spends. Needs jrnl in benchmarks/work/jrnl-venv (`run.py --jrnl` installs
it). Prints a Markdown table: medians and min-max over --runs runs after one warm-up.

    python benchmarks/bench_help.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECOVERY = str(Path(sys.executable).parent / "recovery")
JRNL = str(HERE / "work" / "jrnl-venv" / "bin" / "jrnl")


def cpu_ms(cmd: list[str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "100"})
    _, _, usage = os.wait4(proc.pid, 0)
    return (usage.ru_utime + usage.ru_stime) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rows = [("recovery --help", [RECOVERY, "--help"]), ("recovery journal --help",
             [RECOVERY, "journal", "--help"]), ("recovery --version", [RECOVERY, "--version"]),
            ("jrnl --help", [JRNL, "--help"]), ("jrnl --version", [JRNL, "--version"])]
    print("| command | CPU ms median (min-max) |\n|---|---:|")
    for label, cmd in rows:
        if not Path(cmd[0]).exists():
            continue
        cpu_ms(cmd)  # warm-up (bytecode caches)
        times = [cpu_ms(cmd) for _ in range(args.runs)]
        print(f"| `{label}` | {statistics.median(times):.0f} ({min(times):.0f}-{max(times):.0f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
