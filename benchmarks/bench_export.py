"""A one-year report: 365 check-ins, 600 journal entries and 26 questionnaires, exported to
PDF (budget: under 5 s), HTML, Markdown and a full JSON copy; and the JSON export's peak memory
on a bigger journal: it streams, so its peak RSS must stay flat (within MEMORY_SLACK_MIB of the
one-year copy's, or this exits 1).

    python benchmarks/bench_export.py [--runs 3] [--big-entries 20000]
    python benchmarks/bench_export.py --json-only --home work/n100000/recovery-home \
        [--ab OLD/src NEW/src] [--runs 5]

Uses the `recovery` installed next to the running interpreter (run it with the venv's python).
The history is written through the store's own functions; prints medians and exits 1 when the
PDF is over budget or the JSON export's memory grows with the journal.

`--home H` (repeatable) also times the full JSON export of an existing home (a copy of it, made
once under work/export/copies: the export opens the database, which may write its -shm), with
its peak RSS; `--ab OLD/src NEW/src` runs two source trees on it interleaved (A, B, A, B ...),
so a loaded machine slows both alike (export the old tree with
`git archive REV src data | tar -x -C DIR`). CPU seconds (user + system) are printed too: on a
busy machine they move far less than the wall time.
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
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "export"
RECOVERY = str(Path(sys.executable).parent / "recovery")
PDF_BUDGET_S = 5.0
MEMORY_SLACK_MIB = 8  # the big journal's JSON export may peak this much above the small one's
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


def timed(home: Path, args: list[str], tree: str | None = None) -> tuple[float, int, float]:
    """Wall seconds, the child's own peak RSS in KiB and its CPU seconds (user + system).
    With `tree`, `python -m recovery_cli` from that source tree instead of `recovery`."""
    cmd = [sys.executable, "-m", "recovery_cli"] if tree else [RECOVERY]
    env = dict(os.environ, PYTHONPATH=tree) if tree else None
    t0 = time.perf_counter()
    p = subprocess.Popen([*cmd, "--home", str(home), *args], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert p.stderr is not None
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{args}: exit {p.returncode}: {err.decode(errors='replace')}")
    return dt, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def copied(home: Path) -> Path:
    """A copy of a benchmark home (made once), so the export never touches the original."""
    dest = WORK / "copies" / f"{home.parent.name}-{home.name}"
    marker = dest / ".copied"
    if not marker.exists():
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(home, dest)
        marker.touch()
    return dest


def json_of_homes(homes: list[Path], trees: list[str | None], runs: int) -> None:
    """The full JSON export (all time) of each home: medians over `runs`, trees interleaved."""
    out = WORK / "out"
    out.mkdir(parents=True, exist_ok=True)
    for home in homes:
        copy = copied(home)
        args = ["export", "-f", "json", "--force", "-o", str(out / "home.json")]
        for tree in trees:
            timed(copy, args, tree)  # warm-up: page cache, bytecode
        seen: dict[str | None, list[tuple[float, int, float]]] = {t: [] for t in trees}
        for _ in range(runs):
            for tree in trees:
                seen[tree].append(timed(copy, args, tree))
        for tree in trees:
            walls, rss, cpus = zip(*seen[tree], strict=True)
            print(f"json of {home}{f' ({tree})' if tree else ''}: median "
                  f"{statistics.median(walls):.2f} s (min {min(walls):.2f}), CPU "
                  f"{statistics.median(cpus):.2f} s, peak RSS {max(rss) // 1024} MiB, "
                  f"{(out / 'home.json').stat().st_size // (1024 * 1024)} MiB written")


def memory_is_flat(small: Path, big: Path, big_entries: int) -> bool:
    """The JSON export of the big journal peaks no higher than the small one's plus the
    slack: it streams (the rows are never all in memory)."""
    out = WORK / "out"
    out.mkdir(parents=True, exist_ok=True)
    peaks = []
    for home, name in ((small, "small.json"), (big, "big.json")):
        dt, rss, cpu = timed(home, ["export", "-f", "json", "--include-private", "--force",
                                    "-o", str(out / name)])
        peaks.append(rss)
        print(f"json of {home.name}: {dt:.2f} s (CPU {cpu:.2f} s), "
              f"{(out / name).stat().st_size // (1024 * 1024)} MiB written, "
              f"peak RSS {rss // 1024} MiB")
    grew = (peaks[1] - peaks[0]) / 1024
    ok = grew <= MEMORY_SLACK_MIB
    print(f"JSON export memory: {grew:+.1f} MiB from 600 to {big_entries} entries "
          f"(allowed {MEMORY_SLACK_MIB}): {'flat' if ok else 'GROWS'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-entries", type=int, default=20000)
    ap.add_argument("--home", type=Path, action="append", default=[],
                    help="also time the JSON export of (a copy of) this existing home")
    ap.add_argument("--ab", nargs=2, metavar=("OLD_SRC", "NEW_SRC"),
                    help="with --home: two source trees, interleaved")
    ap.add_argument("--json-only", action="store_true", help="only the --home timings")
    opts = ap.parse_args()
    trees: list[str | None] = [*opts.ab] if opts.ab else [None]
    if opts.home:
        json_of_homes(opts.home, trees, opts.runs)
    if opts.json_only:
        return 0
    end = date.today()
    home = prepare(600, "one-year", end)
    out = WORK / "out"
    out.mkdir(parents=True, exist_ok=True)
    big = prepare(opts.big_entries, f"big{opts.big_entries}", end)
    flat = memory_is_flat(home, big, opts.big_entries)
    period = ["--from", (end - timedelta(days=364)).isoformat(), "--to", end.isoformat()]
    results: dict[str, float] = {}
    for fmt in ("pdf", "html", "md", "json"):
        times = []
        for _ in range(opts.runs):
            target = out / f"report.{fmt}"
            extra = period if fmt != "json" else []
            dt, _, _ = timed(home, ["export", "-f", fmt, *extra, "--include-private",
                                    "--force", "-o", str(target)])
            times.append(dt)
        results[fmt] = statistics.median(times)
        print(f"one-year {fmt:5s} median {results[fmt]:.2f} s  ({target.stat().st_size // 1024} KiB)")
    ok = results["pdf"] < PDF_BUDGET_S
    print(f"PDF budget {PDF_BUDGET_S:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok and flat else 1


if __name__ == "__main__":
    raise SystemExit(main())
