"""Benchmarks: recovery side by side with jrnl 4.6, in one run, on one machine.

    python benchmarks/run.py                      # 1k and 10k, recovery only
    python benchmarks/run.py --sizes 1000,10000,100000 --jrnl   # the full comparison
    python benchmarks/run.py --quick --sizes 1000,100000 --jrnl  # every row, ~10 min

`--quick` times each recovery command 3 times and each jrnl command once (no warm-up) at
10,000 entries and more, and the exports and reports once: every row of issue 23's table,
issue 17's medication rows and snap / event add beside journal write, in one run.

Uses the `recovery` installed next to the running interpreter (run it with the venv's python).
`--jrnl` installs jrnl 4.6 from PyPI into benchmarks/work/jrnl-venv on first use. Each command
is timed over repeated runs (hyperfine when present, else our own loop with wait4 for peak RSS);
the table of medians and ratios is printed and written to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
BIN = Path(sys.executable).parent
RECOVERY = str(BIN / "recovery")
JRNL_VENV = WORK / "jrnl-venv"
JRNL = str(JRNL_VENV / "bin" / "jrnl")
sys.path.insert(0, str(HERE))


@dataclass
class Timing:
    label: str
    size: int | None
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    def cell(self) -> str:
        if not self.times:
            return "–"
        lo, hi = min(self.times) * 1000, max(self.times) * 1000
        return f"{self.median_ms:.1f} ({lo:.0f}–{hi:.0f})"


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def measure(label: str, size: int | None, cmd: list[str], env: dict[str, str], runs: int,
            max_seconds: float = 60.0, setup: list[str] | None = None,
            warm_up: bool = True) -> Timing:
    t = Timing(label, size)
    if setup:
        subprocess.run(setup, env=env, check=True, capture_output=True)
    elapsed, rss, rc = run_once(cmd, env)  # warm-up (page cache, pyc)
    if not warm_up:  # --quick, jrnl on a big journal: the one run is the measure
        t.times, t.rss_kib = [elapsed], [rss]
        t.note = "" if rc == 0 else f"exit {rc}"
        return t
    if elapsed > max_seconds:  # a run this long is its own warm-up: keep it as the only one
        t.times, t.rss_kib = [elapsed], [rss]
        t.note = ("" if rc == 0 else f"exit {rc} ") + "one run (over 60 s)"
        return t
    for _ in range(runs):
        if setup:
            subprocess.run(setup, env=env, check=True, capture_output=True)
        elapsed, rss, rc = run_once(cmd, env)
        if rc != 0:
            t.note = f"exit {rc}"
        t.times.append(elapsed)
        t.rss_kib.append(rss)
        if elapsed > max_seconds:
            t.note = (t.note + " one run (over 60 s)").strip()
            break
    return t


def ensure_jrnl() -> None:
    if Path(JRNL).exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
    subprocess.run([str(JRNL_VENV / "bin" / "pip"), "install", "-q", "jrnl==4.6"], check=True)


def prepare(size: int, today: date) -> tuple[Path, Path, Path]:
    """A recovery home and a jrnl journal with `size` entries (cached between runs)."""
    base = WORK / f"n{size}"
    home = base / "recovery-home"
    jhome = base / "jrnl-home"
    journal = jhome / "data" / "journal.txt"
    marker = base / f".ready-v2-{today.isoformat()}"
    if marker.exists():
        return home, jhome, journal
    shutil.rmtree(base, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(base)], check=True)
    shutil.copy(journal, base / "journal.pristine.txt")
    env = dict(os.environ, RECOVERY_HOME=str(home))
    history = base / "history.json"
    t0 = time.perf_counter()
    subprocess.run([RECOVERY, "import", str(journal), "--format", "jrnl-txt"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([RECOVERY, "import", str(history), "--format", "recovery-json"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    # Issue 23's plan: mood, sleep, trigger and questionnaire rules.
    for text, rule in (("Low mood for days", "mood <= 3 for 3 days"),
                       ("Short nights", "sleep_hours <= 4 for 3 days"),
                       ("Arguments", "triggers:conflict 3 times in 7 days"),
                       ("PHQ-9 worse", "phq9 deterioration")):
        subprocess.run([RECOVERY, "plan", "add", "warning_signs", text, "--rule", rule,
                        "--response", "Call Anna"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  prepared n={size} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    marker.touch()
    return home, jhome, journal


def jrnl_env(jhome: Path) -> dict[str, str]:
    return dict(os.environ, XDG_CONFIG_HOME=str(jhome / "config"), XDG_DATA_HOME=str(jhome / "data"),
                HOME=str(jhome), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--jrnl", action="store_true", help="also time jrnl 4.6 (installed on first use)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--startup-only", action="store_true",
                    help="only the start-up block (floor, --version, --help, imports): "
                         "written to benchmarks/startup.md unless --out says otherwise")
    ap.add_argument("--no-pty", action="store_true", help="skip the interactive check-in (pexpect)")
    ap.add_argument("--conditions", default="", help="a sentence on the machine's load, for the notes")
    ap.add_argument("--quick", action="store_true",
                    help="3 runs of each recovery command, one of each jrnl command at 10,000 "
                         "entries and more, one of each export and report")
    args = ap.parse_args()
    if args.quick and args.runs == 10:
        args.runs = 3
    args.out = args.out or str(HERE / ("startup.md" if args.startup_only else "results.md"))
    sizes = [] if args.startup_only else [int(s) for s in args.sizes.split(",")]
    today = date.today()
    if args.jrnl:
        ensure_jrnl()
    rows: list[tuple[str, Timing, Timing | None]] = []
    pending: list[tuple[str, int | None, list[str], list[str] | None, dict[str, str],
                        dict[str, str] | None, int, list[str] | None]] = []
    base_env = dict(os.environ)
    for var in ("RECOVERY_DEBUG", "PYTHONDONTWRITEBYTECODE", "RECOVERY_HOME"):
        base_env.pop(var, None)  # bytecode caches on, as an installed program runs

    def both(label: str, size: int | None, ours: list[str], theirs: list[str] | None,
             env: dict[str, str], jenv: dict[str, str] | None, runs: int | None = None,
             jsetup: list[str] | None = None) -> None:
        pending.append((label, size, ours, theirs, env, jenv, runs or args.runs, jsetup))

    def flush() -> None:
        """Time every recovery command of a block first, then jrnl's: jrnl's big rewrites
        leave the disk busy, which would otherwise slow whichever command came next."""
        mine = [measure(p[0], p[1], p[2], p[4], p[6]) for p in pending]
        peers: list[Timing | None] = []
        for label, size, _, theirs, _, jenv, r, jsetup in pending:
            if theirs and args.jrnl and jenv is not None:
                big = bool(size and size >= 10000)
                peers.append(measure(label, size, theirs, jenv,
                                     (1 if args.quick else min(r, 3)) if big else r,
                                     setup=jsetup, warm_up=not (big and args.quick)))
            else:
                peers.append(None)
        for (label, size, *_), m, peer in zip(pending, mine, peers, strict=True):
            rows.append((label, m, peer))
            print(f"{label:<38} n={size or '-':<7} recovery {m.cell():>24}  "
                  f"jrnl {peer.cell() if peer else '–':>24}", file=sys.stderr)
        pending.clear()

    floor_env = dict(base_env)
    both("interpreter floor (python -c pass)", None, [sys.executable, "-c", "pass"],
         [str(JRNL_VENV / "bin" / "python"), "-c", "pass"], floor_env, floor_env)
    both("--version", None, [RECOVERY, "--version"], [JRNL, "--version"], floor_env, floor_env)
    both("--help", None, [RECOVERY, "--help"], [JRNL, "--help"], floor_env, floor_env)
    both("journal --help", None, [RECOVERY, "journal", "--help"], [JRNL, "--help"], floor_env,
         floor_env)
    # The typer version policy (docs/ARCHITECTURE.md): what importing typer itself costs.
    both("python -c 'import typer'", None, [sys.executable, "-c", "import typer"], None,
         floor_env, None)
    both("python -c 'from pydantic import BaseModel'", None,
         [sys.executable, "-c", "from pydantic import BaseModel"], None, floor_env, None)
    # What the commands that draw tables or panels can't go below: rich's console, and the
    # standard library every command needs (sqlite3, json, pathlib, typing).
    both("python -c 'import rich.console'", None, [sys.executable, "-c", "import rich.console"],
         None, floor_env, None)
    both("python -c 'import sqlite3, json, pathlib, typing'", None,
         [sys.executable, "-c", "import sqlite3, json, pathlib, typing"], None, floor_env, None)
    flush()

    for size in sizes:
        home, jhome, journal = prepare(size, today)
        env = dict(base_env, RECOVERY_HOME=str(home))
        jenv = jrnl_env(jhome)
        restore = ["cp", str(journal.parents[2] / "journal.pristine.txt"), str(journal)]
        both("remind", size, [RECOVERY, "remind"], None, env, None)
        both("journal write TEXT", size, [RECOVERY, "journal", "write", "A quiet evening, some text."],
             [JRNL, "today:", "A quiet evening, some text."], env, jenv, jsetup=restore)
        both("journal list -n 10", size, [RECOVERY, "journal", "list", "-n", "10"],
             [JRNL, "-n", "10"], env, jenv)
        both("journal search WORD", size, [RECOVERY, "journal", "search", "serendipity"],
             [JRNL, "-contains", "serendipity"], env, jenv)
        both("journal tags", size, [RECOVERY, "journal", "tags"], [JRNL, "--tags"], env, jenv)
        both("snap 6", size, [RECOVERY, "snap", "6"], None, env, None)  # beside journal write
        both("checkin --mood 5", size, [RECOVERY, "checkin", "--mood", "5"], None, env, None)
        both("checkin --mood 5 --note x", size, [RECOVERY, "checkin", "--mood", "5", "--note",
                                                 "x"], None, env, None)
        both("history", size, [RECOVERY, "history"], None, env, None)
        both("plan check", size, [RECOVERY, "plan", "check"], None, env, None)
        both("stage", size, [RECOVERY, "stage"], None, env, None)
        both("crisis", size, [RECOVERY, "crisis"], None, env, None)
        both("trends", size, [RECOVERY, "trends"], None, env, None)
        both("trends --days 365", size, [RECOVERY, "trends", "--days", "365"], None, env, None)
        # Issue 17: the same commands on a copy of the home with three medications (one as
        # needed) and ten years of medication answers; budget: within 10 % of without.
        mhome = home.parent / "recovery-home-meds"
        if not mhome.exists():
            shutil.copytree(home, mhome)
            from bench_meds import add_medications

            add_medications(mhome)
        menv = dict(base_env, RECOVERY_HOME=str(mhome))
        both("meds list (no medications)", size, [RECOVERY, "meds", "list"], None, env, None)
        both("meds list (3 medications)", size, [RECOVERY, "meds", "list"], None, menv, None)
        both("event add TEXT", size, [RECOVERY, "event", "add", "A day out"], None, env, None)
        both("event add TEXT (3 medications)", size, [RECOVERY, "event", "add", "A day out"],
             None, menv, None)
        both("checkin (3 medications)", size, [RECOVERY, "checkin", "--mood", "5", "--meds",
                                               "missed:lithium", "--as-needed", "propranolol"],
             None, menv, None)
        # Last in the block: reading the whole history slows whatever runs next for a while.
        both("export --format json", size, [RECOVERY, "export", "--format", "json"],
             [JRNL, "--export", "json"], env, jenv, runs=1 if args.quick else 3)
        flush()
        subprocess.run(["cp", str(journal.parents[2] / "journal.pristine.txt"), str(journal)])
        if not args.no_pty:
            from bench_pty import measure as pty_measure

            firsts, lasts = pty_measure(home, args.runs)
            for label, times in (("interactive checkin: spawn to first question (pty)", firsts),
                                 ("interactive checkin: last answer to summary (pty)", lasts)):
                rows.append((label, Timing(label, size, times), None))
                print(f"{label:<38} n={size:<7} recovery {rows[-1][1].cell():>24}",
                      file=sys.stderr)

    if args.startup_only:
        from results_table import write_results

        write_results(Path(args.out), rows, sizes)
        return 0
    # A one-year therapist report as PDF (365 check-ins, 600 entries, 26 questionnaires).
    year = WORK / "one-year"
    yhome = year / "recovery-home"
    if not (year / f".ready-{today.isoformat()}").exists():
        shutil.rmtree(year, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "600", str(year), "365"],
                       check=True)
        yenv = dict(base_env, RECOVERY_HOME=str(yhome))
        subprocess.run([RECOVERY, "import", str(year / "jrnl-home" / "data" / "journal.txt"),
                        "--format", "jrnl-txt"],
                       env=yenv, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([RECOVERY, "import", str(year / "history.json"), "--format", "recovery-json"],
                       env=yenv, check=True, stdout=subprocess.DEVNULL)
        (year / f".ready-{today.isoformat()}").touch()
    yenv = dict(base_env, RECOVERY_HOME=str(yhome))
    pdf = year / "report.pdf"
    both("one-year PDF report", 600, [RECOVERY, "export", "--format", "pdf", "--from", "365 days ago",
                                      "-o", str(pdf), "--force"], None, yenv, None,
         runs=1 if args.quick else 3)
    both("one-year HTML report", 600, [RECOVERY, "export", "--format", "html", "--from",
                                       "365 days ago", "-o", str(year / "report.html"),
                                       "--force"], None, yenv, None,
         runs=1 if args.quick else 3)
    # The same PDF when the home holds one checklist file of the person's own (issue 22/23).
    ohome = year / "recovery-home-own"
    if not ohome.exists():
        shutil.copytree(yhome, ohome)
        (ohome / "checklists").mkdir(mode=0o700, exist_ok=True)
        (ohome / "checklists" / "mine.toml").write_text(
            'id = "mine"\ntitle = "Mine"\nkind = "instrument"\n'
            'scale = [{value = 0, label = "No"}, {value = 1, label = "Yes"}]\n'
            '[[items]]\nid = "a"\ntext = "A question of my own"\n')
    oenv = dict(base_env, RECOVERY_HOME=str(ohome))
    both("one-year PDF report (own checklist file)", 600,
         [RECOVERY, "export", "--format", "pdf", "--from", "365 days ago", "-o",
          str(year / "report-own.pdf"), "--force"], None, oenv, None,
         runs=1 if args.quick else 3)
    flush()

    from results_table import write_results

    extra: list[str] = []
    if sizes:  # the deterministic measures (benchmarks/imports.py) on the largest home
        home = WORK / f"n{sizes[-1]}" / "recovery-home"
        done = subprocess.run([sys.executable, str(HERE / "imports.py"), str(home), "--runs", "1"],
                              env=base_env, capture_output=True, text=True)
        if done.returncode == 0:
            extra = ["", f"Imports and SQL of each daily command at {sizes[-1]} entries "
                     "(benchmarks/imports.py; import ms is the sum of `-X importtime` self times, "
                     "a time, the rest are counts):", "", *done.stdout.splitlines()]
    write_results(Path(args.out), rows, sizes, args.conditions, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
