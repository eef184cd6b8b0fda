"""A one-year report: 365 check-ins, 600 journal entries and 26 questionnaires, exported to
PDF (budget: under 5 s), HTML, Markdown and a full JSON copy; and the JSON export's peak memory
on a bigger journal (it streams, so it should stay flat).

    python benchmarks/bench_export.py [--runs 3] [--big-entries 20000]

Uses the `recovery` installed next to the running interpreter (run it with the venv's python).
The history is written through the store's own functions; prints medians and exits 1 when the
PDF is over budget.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "export"
RECOVERY = str(Path(sys.executable).parent / "recovery")
PDF_BUDGET_S = 5.0
WORDS = ["today", "walk", "tired", "calm", "therapy", "sleep", "friend", "work", "worry", "breathing", "kitchen", "rain", "café", "Zürich", "naïve", "résumé", "Ελληνικά", "Русский", "coffee", "evening", "morning", "slowly", "better", "heavy", "light", "garden", "music", "dinner", "sister", "phone", "bus", "plan", "list", "small", "step"]


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, dtime(hour, 30)).astimezone().replace(microsecond=0).isoformat()


def prepare(entries: int, name: str, end: date) -> Path:
    from recovery_cli.core.imported import NewCheckin, NewEntry
    from recovery_cli.store import assessments, open_db, plan, transaction
    from recovery_cli.store.import_writes import Writer

    home = WORK / name
    marker = home / f".ready-{end.isoformat()}-{entries}"
    if marker.exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    rng = random.Random(entries)
    conn = open_db(home)
    start = end - timedelta(days=364)
    with transaction(conn):
        w = Writer(conn)
        for i in range(365):
            d = start + timedelta(days=i)
            w.add_checkin(NewCheckin(
                day=d.isoformat(), created_at=_at(d, 21),
                values={"mood": float(rng.randint(0, 10)), "sleep_hours": round(rng.uniform(4, 9), 1),
                        "energy": float(rng.randint(0, 10)), "anxiety": float(rng.randint(0, 10)),
                        "medication": "yes", "note": " ".join(rng.choices(WORDS, k=6))},
                choices={"coping": rng.sample(["walk", "breathing", "rest", "journaling"], 2)}))
        for i in range(entries):
            d = start + timedelta(days=i * 365 // max(entries, 1))
            paragraphs = ["\n".join(" ".join(rng.choices(WORDS, k=rng.randint(8, 20)))
                                    for _ in range(rng.randint(1, 3)))
                          for _ in range(rng.randint(1, 3))]
            w.add_entry(NewEntry(created_at=_at(d, rng.randint(6, 22)), day=d.isoformat(),
                                 title=" ".join(rng.choices(WORDS, k=4)).capitalize(),
                                 body="\n\n".join(paragraphs), tags=tuple(rng.sample(WORDS[:8], 2)),
                                 private=i % 10 == 0, starred=i % 25 == 0))
    for i in range(26):
        d = start + timedelta(days=14 * i)
        checklist = "phq9" if i % 2 == 0 else "gad7"
        n = 9 if checklist == "phq9" else 7
        answers = [(f"q{k + 1}", float(rng.randint(0, 3))) for k in range(n)]
        total = sum(v for _, v in answers)
        assessments.save_result(
            conn, checklist=checklist, checklist_version=1, kind="instrument",
            taken_at=_at(d, 10), day=d.isoformat(), answers=answers, score=total,
            band="Mild" if total < 10 else "Moderate", percentage=None,
            safety_flag=checklist == "phq9" and answers[8][1] > 0)
    now = datetime.combine(end, dtime(12)).astimezone()
    plan.add_item(conn, "warning_signs", "Low mood", now, response="Call a friend",
                  rule="mood <= 2 for 2 days")
    plan.add_item(conn, "warning_signs", "Short nights", now, rule="sleep_hours < 5 on 2 of 3 days")
    conn.close()
    marker.touch()
    return home


def timed(home: Path, args: list[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([RECOVERY, "--home", str(home), *args], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{args}: exit {p.returncode}: {p.stderr}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(rss, before)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-entries", type=int, default=20000)
    opts = ap.parse_args()
    end = date.today()
    home = prepare(600, "one-year", end)
    out = WORK / "out"
    out.mkdir(parents=True, exist_ok=True)
    # First, so the children's peak RSS is this export's alone.
    big = prepare(opts.big_entries, f"big{opts.big_entries}", end)
    dt, rss = timed(big, ["export", "-f", "json", "--include-private", "--force", "-o",
                          str(out / "big.json")])
    print(f"json of {opts.big_entries} entries: {dt:.2f} s, "
          f"{(out / 'big.json').stat().st_size // (1024 * 1024)} MiB written, "
          f"peak RSS {rss // 1024} MiB")
    period = ["--from", (end - timedelta(days=364)).isoformat(), "--to", end.isoformat()]
    results: dict[str, float] = {}
    for fmt in ("pdf", "html", "md", "json"):
        times = []
        for _ in range(opts.runs):
            target = out / f"report.{fmt}"
            extra = period if fmt != "json" else []
            dt, _ = timed(home, ["export", "-f", fmt, *extra, "--include-private", "--force",
                                 "-o", str(target)])
            times.append(dt)
        results[fmt] = statistics.median(times)
        print(f"one-year {fmt:5s} median {results[fmt]:.2f} s  ({target.stat().st_size // 1024} KiB)")
    ok = results["pdf"] < PDF_BUDGET_S
    print(f"PDF budget {PDF_BUDGET_S:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
