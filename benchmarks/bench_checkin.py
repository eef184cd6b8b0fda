"""`recovery checkin --mood 5` with 10 days of check-ins against 3,650 days (ten years).

    python benchmarks/bench_checkin.py [--runs 20]

Uses the `recovery` installed next to the running interpreter (run it with the venv's python).
Each home gets one full check-in a day ending yesterday, written through the store's own
`save_checkin`; then the command (which saves today's check-in, reads the 30-day window for
the summary and asks for early warnings) is timed. The two medians should be the same within
noise: every query the check-in runs is an index search of its window (tests/checkin/test_checkin.py
checks the query plans).
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
WORK = HERE / "work" / "checkin"
RECOVERY = str(Path(sys.executable).parent / "recovery")


def prepare(days: int) -> Path:
    from recovery_cli.store import checkins, open_db

    home = WORK / f"days{days}"
    marker = home / f".ready-{date.today().isoformat()}"
    if marker.exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    rng = random.Random(days)
    conn = open_db(home)
    try:
        start = date.today() - timedelta(days=days)
        for i in range(days):
            day = (start + timedelta(days=i)).isoformat()
            values: dict[str, float | str | None] = {
                "mood": float(rng.randint(0, 10)), "energy": float(rng.randint(0, 10)),
                "sleep_hours": round(rng.uniform(4, 9), 1), "sleep_quality": float(rng.randint(1, 5)),
                "anxiety": float(rng.randint(0, 10)), "medication": "yes", "note": "an ordinary day",
            }
            choices: dict[str, list[str] | None] = {
                "symptoms": rng.sample(["worry", "low_mood", "panic"], 1),
                "triggers": rng.sample(["conflict", "work_stress", "poor_sleep"], 1),
                "coping": rng.sample(["walk", "breathing", "journaling"], 2),
            }
            checkins.save_checkin(conn, day, values, choices, f"{day}T21:00:00+00:00")
    finally:
        conn.close()
    marker.touch()
    return home


def time_runs(home: Path, runs: int) -> list[float]:
    env = dict(os.environ, RECOVERY_HOME=str(home))
    env.pop("RECOVERY_DEBUG", None)
    cmd = [RECOVERY, "checkin", "--mood", "5"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    medians = {}
    for days in (10, 3650):
        home = prepare(days)
        times = time_runs(home, args.runs)
        medians[days] = statistics.median(times) * 1000
        print(f"checkin --mood 5 with {days:>5} days: median {medians[days]:.1f} ms "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {args.runs} runs)")
    print(f"ratio 3650/10: {medians[3650] / medians[10]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
