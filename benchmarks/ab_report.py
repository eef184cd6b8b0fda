"""The one-year report (benchmarks/run.py's "one-year PDF report" rows) from two source trees,
runs interleaved (A, B, A, B ...) so a loaded machine slows both alike: median wall and CPU
(user + system, from wait4) milliseconds of `recovery export --format pdf|html --from '365
days ago' -o FILE --force`.

    python benchmarks/ab_report.py OLD/src NEW/src --home benchmarks/work/one-year/recovery-home

Export the old tree with `git archive REV src data | tar -x -C DIR`. The exports are written
to a temporary folder; the home is only read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

RECOVERY = str(Path(sys.executable).parent / "recovery")


def once(tree: str, fmt: str, home: str, out: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "RECOVERY_DEBUG")}  # bytecode caches on
    env.update(PYTHONPATH=tree, RECOVERY_HOME=home)
    t0 = perf_counter()
    proc = subprocess.Popen([RECOVERY, "export", "--format", fmt, "--from", "365 days ago",
                             "-o", str(out), "--force"], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tree}: export --format {fmt} failed")
    return perf_counter() - t0, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--home", required=True)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--formats", default="pdf,html")
    args = ap.parse_args()
    print("| report | before wall ms | after wall ms | before CPU ms | after CPU ms | after / before |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            out = Path(tmp) / f"report.{fmt}"
            once(args.old, fmt, args.home, out)  # warm-up: page cache, bytecode
            once(args.new, fmt, args.home, out)
            a: list[tuple[float, float]] = []
            b: list[tuple[float, float]] = []
            for _ in range(args.runs):
                a.append(once(args.old, fmt, args.home, out))
                b.append(once(args.new, fmt, args.home, out))
            wa, wb = (statistics.median(w for w, _ in x) * 1000 for x in (a, b))
            ca, cb = (statistics.median(c for _, c in x) * 1000 for x in (a, b))
            print(f"| one-year {fmt.upper()} | {wa:.0f} | {wb:.0f} | {ca:.0f} | {cb:.0f} | "
                  f"{wb / wa:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
