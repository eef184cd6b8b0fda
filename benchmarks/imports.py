"""Deterministic measures of the daily commands, for a loaded machine where wall time lies.

    PYTHONPATH=src python benchmarks/imports.py HOME [--runs 3]

For each daily command, run in a fresh interpreter against HOME (a copy, so writes do not
pile up): the number of modules imported, the sum of `-X importtime` self times (median of
--runs; less noisy than wall time, still a time), the SQL statements executed (sqlite3's
trace callback on every connection) and the rows those statements returned. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS: list[list[str]] = [
    ["--help"], ["journal", "--help"], ["remind"],
    ["checkin", "--mood", "5", "--note", "x"], ["history"], ["plan", "check"], ["stage"],
    ["crisis"], ["trends"], ["trends", "--days", "365"], ["snap", "6"],
    ["journal", "write", "A quiet evening."], ["meds", "list"], ["event", "add", "A day out"],
]

WRAPPER = r"""
import json, sqlite3, sys
counts = {"sql": 0, "rows": 0}
_connect = sqlite3.connect

_classes = {}

def _counted(base):
    if base not in _classes:
        class Counted(base):
            def execute(self, *a, **k):
                return _Rows(super().execute(*a, **k))
        _classes[base] = Counted
    return _classes[base]

class _Rows:
    def __init__(self, cur):
        self._cur = cur
    def __getattr__(self, name):
        return getattr(self._cur, name)
    def __iter__(self):
        for row in self._cur:
            counts["rows"] += 1
            yield row
    def fetchone(self):
        row = self._cur.fetchone()
        counts["rows"] += row is not None
        return row
    def fetchall(self):
        rows = self._cur.fetchall()
        counts["rows"] += len(rows)
        return rows
    def fetchmany(self, *a):
        rows = self._cur.fetchmany(*a)
        counts["rows"] += len(rows)
        return rows

def connect(*a, **k):
    k["factory"] = _counted(k.get("factory", sqlite3.Connection))
    conn = _connect(*a, **k)
    conn.set_trace_callback(lambda s: counts.__setitem__("sql", counts["sql"] + 1))
    return conn

sqlite3.connect = connect
sys.argv = ["recovery", *json.loads(sys.argv[1])]
from recovery_cli.main import main
try:
    code = main()
except SystemExit as exc:
    code = exc.code
finally:
    counts["modules"] = len(sys.modules)
    with open(OUT, "w") as fh:
        json.dump(counts, fh)
raise SystemExit(code)
"""


def measure(args: list[str], home: Path, runs: int) -> dict[str, float]:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    env = dict(os.environ, RECOVERY_HOME=str(home))
    selfs: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                               WRAPPER.replace("OUT", repr(str(out))), json.dumps(args)],
                              env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        total = 0
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line:
                field = line.split(":", 1)[1].split("|")[0].strip()
                if field.isdigit():
                    total += int(field)
        selfs.append(total / 1000)
        counts = json.loads(out.read_text())
    out.unlink()
    return {"import_ms": statistics.median(selfs), **counts}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("home", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    opts = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for args in COMMANDS:
            copy = Path(tmp) / "home"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(opts.home, copy)
            results[" ".join(args)] = measure(args, copy, opts.runs)
    if opts.json:
        print(json.dumps(results, indent=1))
        return 0
    print("| command | modules | import ms (self, sum) | SQL statements | rows read |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| `{name}` | {r['modules']} | {r['import_ms']:.0f} | {r['sql']} | {r['rows']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
