"""Two source trees side by side: the same commands, runs interleaved (A, B, A, B ...), so a
loaded machine slows both alike. Medians in ms and the number of modules each run imports.

    python benchmarks/ab.py --home H OLD/src NEW/src [--runs 7]

Each tree is run as `python -m recovery_cli` with PYTHONPATH set to it (export the old one with
`git archive REV src data | tar -x -C DIR`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

COUNT = ("import sys, runpy, json, atexit; sys.argv = ['recovery', *json.loads(sys.argv[1])]; "
         "atexit.register(lambda: print(len(sys.modules), file=sys.stderr)); "
         "runpy.run_module('recovery_cli', run_name='__main__')")


def commands() -> list[list[str]]:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    return [["checkin", "--date", yesterday, "--mood", "5", "--note", "x"], ["remind"],
            ["history"], ["plan", "check"], ["crisis"], ["stage"], ["trends"],
            ["trends", "--days", "365"], ["--help"]]


def once(tree: str, args: list[str], home: str) -> float:
    env = dict(os.environ, PYTHONPATH=tree, RECOVERY_HOME=home)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "recovery_cli", *args], env=env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def modules(tree: str, args: list[str], home: str) -> int:
    env = dict(os.environ, PYTHONPATH=tree, RECOVERY_HOME=home)
    done = subprocess.run([sys.executable, "-c", COUNT, json.dumps(args)], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return int(done.stderr.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--home", required=True)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    print("| command | before ms | after ms | after / before | modules before | modules after |")
    print("|---|---:|---:|---:|---:|---:|")
    for cmd in commands():
        once(args.old, cmd, args.home)  # warm-up: page cache, bytecode
        once(args.new, cmd, args.home)
        a: list[float] = []
        b: list[float] = []
        for _ in range(args.runs):
            a.append(once(args.old, cmd, args.home))
            b.append(once(args.new, cmd, args.home))
        ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
        label = " ".join("D" if c.count("-") == 2 and c[:1].isdigit() else c for c in cmd)
        print(f"| `{label}` | {ma:.0f} | {mb:.0f} | {mb / ma:.2f} | "
              f"{modules(args.old, cmd, args.home)} | {modules(args.new, cmd, args.home)} |",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
