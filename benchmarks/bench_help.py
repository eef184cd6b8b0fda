"""`--help` start-up, recovery beside jrnl 4.6, in CPU time (user + system of the child).

On a shared machine wall time mostly measures the neighbours; the CPU a run costs is what
the program itself spends. Needs jrnl in benchmarks/work/jrnl-venv (`run.py --jrnl` installs
it). Prints a Markdown table: medians and min-max over --runs runs after one warm-up, every
round running each command of each tree and jrnl once, interleaved, so load slows all alike.

    python benchmarks/bench_help.py --runs 20                  # the installed recovery
    python benchmarks/bench_help.py --runs 20 OLD/src NEW/src  # two source trees, A/B

(export the old tree with `git archive REV src data | tar -x -C DIR`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECOVERY = str(Path(sys.executable).parent / "recovery")
JRNL = str(HERE / "work" / "jrnl-venv" / "bin" / "jrnl")
RECOVERY_ARGS = (["--help"], ["journal", "--help"], ["journal", "list", "--help"],
                 ["--version"])
JRNL_ARGS = (["--help"], ["--version"])


def cpu_ms(cmd: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    return (usage.ru_utime + usage.ru_stime) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--jrnl", default=JRNL, help="jrnl's script (default: %(default)s)")
    ap.add_argument("trees", nargs="*", help="source trees (their src/) to compare")
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="bench-help-")  # a home that is never created
    base = {**os.environ, "COLUMNS": "100", "RECOVERY_HOME": os.path.join(home, "home")}
    sides: list[tuple[str, list[str], dict[str, str]]] = []
    for tree in args.trees or [""]:
        env = {**base, "PYTHONPATH": tree} if tree else base
        name = f" ({Path(tree).resolve().parent.name})" if tree else ""
        sides += [(f"recovery {' '.join(a)}{name}", [RECOVERY, *a], env) for a in RECOVERY_ARGS]
    if Path(args.jrnl).exists():
        sides += [(f"jrnl {' '.join(a)}", [args.jrnl, *a], base) for a in JRNL_ARGS]
    for _, cmd, env in sides:
        cpu_ms(cmd, env)  # warm-up (bytecode caches)
    times: dict[str, list[float]] = {label: [] for label, _, _ in sides}
    for _ in range(args.runs):
        for label, cmd, env in sides:
            times[label].append(cpu_ms(cmd, env))
    jrnl = statistics.median(times["jrnl --help"]) if "jrnl --help" in times else None
    print("| command | CPU ms median (min-max) | / jrnl --help |\n|---|---:|---:|")
    for label, got in times.items():
        med = statistics.median(got)
        ratio = f"{med / jrnl:.2f}x" if jrnl else ""
        print(f"| `{label}` | {med:.0f} ({min(got):.0f}-{max(got):.0f}) | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
