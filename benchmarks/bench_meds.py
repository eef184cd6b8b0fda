"""Medications and events (issue 17): `meds list`, `event add` and the check-in with three
medications, each against the same command on a home without medications, at 10 days and
at ten years (3,650 days) of check-ins.

    python benchmarks/bench_meds.py [--runs 20] [--quick]

Uses the `recovery` installed next to the running interpreter (run it with the venv's python;
with PYTHONPATH=src from a work tree, that tree's code). Each home gets one full check-in a day
ending yesterday through the store's own `save_checkin`; the homes "with medications" also get
three medications (one as needed), a dose change and the medication answers of every day.
Budgets (the issue): with medications within 10 % of without, and the check-in the same at
10 and at 3,650 days. `--quick` runs 3 times on 10 and 365 days (a smoke run, not a result).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "meds"
RECOVERY = str(Path(sys.executable).parent / "recovery")
MEDS = (("Sertraline", "100 mg", False), ("Lithium", "400 mg", False),
        ("Propranolol", "10 mg", True))


def prepare(days: int, with_meds: bool) -> Path:
    from recovery_cli.store import checkins, open_db, transaction
    from recovery_cli.store import meds as store_meds

    home = WORK / f"days{days}-{'meds' if with_meds else 'plain'}"
    marker = home / f".ready-{date.today().isoformat()}"
    if marker.exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    rng = random.Random(days)
    conn = open_db(home)
    try:
        start = date.today() - timedelta(days=days)
        ids: list[int] = []
        if with_meds:
            with transaction(conn):
                for name, dose, as_needed in MEDS:
                    ids.append(store_meds.add(
                        conn, name, dose=dose, schedule=("morning",), as_needed=as_needed,
                        started=(start - timedelta(days=30)).isoformat(), note=None,
                        now=f"{start.isoformat()}T09:00:00+00:00"))
                store_meds.change_dose(conn, ids[0], (start + timedelta(days=days // 2))
                                       .isoformat(), "150 mg", None,
                                       f"{start.isoformat()}T09:00:00+00:00")
        for i in range(days):
            day = (start + timedelta(days=i)).isoformat()
            values: dict[str, float | str | None] = {
                "mood": float(rng.randint(0, 10)), "energy": float(rng.randint(0, 10)),
                "sleep_hours": round(rng.uniform(4, 9), 1), "anxiety": float(rng.randint(0, 10)),
                "medication": "yes", "note": "an ordinary day",
            }
            choices: dict[str, list[str] | None] = {"coping": rng.sample(["walk", "breathing"], 1)}
            checkins.save_checkin(conn, day, values, choices, f"{day}T21:00:00+00:00")
            if with_meds:
                with transaction(conn):
                    missed = [ids[1]] if rng.random() < 0.1 else []
                    store_meds.write_day(conn, day, "some" if missed else "all", missed,
                                         {ids[2]: 1.0} if rng.random() < 0.2 else {})
    finally:
        conn.close()
    marker.touch()
    return home


def time_runs(home: Path, cmd: list[str], runs: int, reset: list[str] | None = None) -> list[float]:
    env = dict(os.environ, RECOVERY_HOME=str(home))
    env.pop("RECOVERY_DEBUG", None)
    subprocess.run([RECOVERY, *cmd], env=env, check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([RECOVERY, *cmd], env=env, check=True, capture_output=True,
                       stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


CASES = (  # label, command without medications, command with them
    ("meds list", ["meds", "list"], ["meds", "list"]),
    ("event add", ["event", "add", "A day out", "--date", "yesterday"],
     ["event", "add", "A day out", "--date", "yesterday"]),
    ("checkin (3 medications)", ["checkin", "--mood", "5"],
     ["checkin", "--mood", "5", "--meds", "missed:lithium", "--as-needed", "propranolol"]),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="3 runs on 10 and 365 days")
    args = ap.parse_args()
    sizes = (10, 365) if args.quick else (10, 3650)
    runs = 3 if args.quick else args.runs
    medians: dict[tuple[str, int, bool], float] = {}
    for days in sizes:
        homes = {False: prepare(days, False), True: prepare(days, True)}
        for label, plain, with_meds in CASES:
            for meds, cmd in ((False, plain), (True, with_meds)):
                times = time_runs(homes[meds], cmd, runs)
                medians[(label, days, meds)] = statistics.median(times) * 1000
            a, b = medians[(label, days, False)], medians[(label, days, True)]
            print(f"{label:<26} {days:>5} days: without {a:6.1f} ms, with medications "
                  f"{b:6.1f} ms ({(b / a - 1) * 100:+.0f} %)")
    label = "checkin (3 medications)"
    big, small = sizes[-1], sizes[0]
    print(f"check-in with medications, {big}/{small} days: "
          f"{medians[(label, big, True)] / medians[(label, small, True)]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
