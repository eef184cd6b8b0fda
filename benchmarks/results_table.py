"""benchmarks/results.md from run.py's timings: the table, the growth, issue 23's targets."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from run import Timing

HERE = Path(__file__).resolve().parent
RECOVERY = str(Path(sys.executable).parent / "recovery")
JRNL = str(HERE / "work" / "jrnl-venv" / "bin" / "jrnl")


def versions() -> str:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "n/a"

    return (f"recovery: {out([RECOVERY, '--version'])}; jrnl: "
            f"{out([JRNL, '--version']).splitlines()[0] if Path(JRNL).exists() else 'not run'}; "
            f"Python {platform.python_version()}; {platform.platform()}; "
            f"{os.cpu_count()} CPUs")


# Issue 23's targets: label -> (limit, what it is measured against). "ms" is absolute; the
# others are multiples of jrnl's median for that command, from the same run.
TARGETS: dict[str, tuple[float, str]] = {
    "checkin --mood 5 --note x": (120, "ms"),
    "interactive checkin: spawn to first question (pty)": (150, "ms"),
    "interactive checkin: last answer to summary (pty)": (100, "ms"),
    "remind": (0.5, "jrnl --version"),
    "--help": (0.8, "jrnl --help"),
    "journal --help": (0.8, "jrnl --help"),
    "history": (100, "ms"),
    "plan check": (100, "ms"),
    "stage": (100, "ms"),
    "crisis": (100, "ms"),
    "trends": (150, "ms"),
    "trends --days 365": (300, "ms"),
    "one-year PDF report": (1000, "ms"),
    "one-year HTML report": (500, "ms"),
    "export --format json": (1500, "ms"),
    # Issue 19 / 23: the quick moment and an event are no slower than a journal entry.
    "snap 6": (1.0, "row:journal write TEXT"),
    "event add TEXT": (1.0, "row:journal write TEXT"),
    # Issue 17: medications cost at most 10 % over the same command without them.
    "meds list (3 medications)": (1.1, "row:meds list (no medications)"),
    "event add TEXT (3 medications)": (1.1, "row:event add TEXT"),
    "checkin (3 medications)": (1.1, "row:checkin --mood 5"),
}
GROWTH_LIMIT = 1.1  # issue 23: per-day commands from 1,000 to 100,000 entries


def target_lines(rows: list[tuple[str, Timing, Timing | None]]) -> list[str]:
    """Each target row of the largest size against its target, with the ratio to jrnl."""
    peers = {lab: p.median_ms for lab, _, p in rows if p is not None and p.times}
    jrnl = {"jrnl --version": peers.get("--version"), "jrnl --help": peers.get("--help")}
    largest: dict[str, Timing] = {}
    for lab, t, _ in rows:
        if lab in TARGETS and t.times and (lab not in largest
                                           or (t.size or 0) >= (largest[lab].size or 0)):
            largest[lab] = t
    out = ["| command | entries | recovery ms | / jrnl --version | target | met |",
           "|---|---:|---:|---:|---|---|"]
    version = jrnl["jrnl --version"]
    same_size = {(lab, t.size): t.median_ms for lab, t, _ in rows if t.times}
    for lab, t in largest.items():
        limit, unit = TARGETS[lab]
        if unit == "ms":
            ok: bool | None = t.median_ms <= limit
            want = f"≤ {limit:g} ms"
        elif unit.startswith("row:"):
            other = same_size.get((unit.removeprefix("row:"), t.size))
            ok = None if other is None else t.median_ms <= limit * other
            want = (f"≤ {limit:g}x `{unit.removeprefix('row:')}`"
                    + (f" ({limit * other:.0f} ms)" if other else ""))
        else:
            base = jrnl.get(unit)
            ok = None if base is None else t.median_ms <= limit * base
            want = f"≤ {limit:g}x {unit}" + (f" ({limit * base:.0f} ms)" if base else "")
        ratio = f"{t.median_ms / version:.2f}" if version else "–"
        met = "–" if ok is None else ("yes" if ok else "no")
        out.append(f"| {lab} | {t.size or '–'} | {t.median_ms:.1f} | {ratio} | {want} | {met} |")
    return out


def write_results(path: Path, rows: list[tuple[str, Timing, Timing | None]], sizes: list[int],
                  conditions: str = "", extra: list[str] | None = None) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %z} with `python benchmarks/run.py "
        f"{' '.join(sys.argv[1:])}`.",
        "",
        f"Machine and versions: {versions()}.",
        "",
        "Wall time in ms: median (min–max) over repeated runs after one warm-up; peak RSS in MiB.",
        "jrnl runs over 60 s were not repeated.",
        "",
        "| command | entries | recovery ms | recovery RSS | jrnl ms | jrnl RSS | recovery / jrnl |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, mine, peer in rows:
        ratio = f"{mine.median_ms / peer.median_ms:.3f}" if peer and peer.times else "–"
        rss = f"{max(mine.rss_kib) / 1024:.0f}" if mine.rss_kib else "–"
        prss = f"{max(peer.rss_kib) / 1024:.0f}" if peer and peer.rss_kib else "–"
        note = f" {mine.note}" if mine.note else ""
        pnote = f" {peer.note}" if peer and peer.note else ""
        lines.append(f"| {label}{note} | {mine.size or '–'} | {mine.cell()} | {rss} | "
                     f"{peer.cell() if peer else '–'}{pnote} | {prss} | {ratio} |")
    growth = []
    for label in ("journal write TEXT", "snap 6", "journal list -n 10", "checkin --mood 5",
                  "checkin --mood 5 --note x", "remind", "history", "plan check", "stage",
                  "crisis", "trends", "event add TEXT", "meds list (3 medications)",
                  "checkin (3 medications)"):
        by_size = {t.size: t.median_ms for lab, t, _ in rows if lab == label}
        if len(sizes) > 1 and sizes[0] in by_size and sizes[-1] in by_size:
            ratio = by_size[sizes[-1]] / by_size[sizes[0]]
            growth.append(f"| {label} | {ratio:.2f} | {'yes' if ratio <= GROWTH_LIMIT else 'no'} |")
    if growth:
        lines += ["", f"Growth from {sizes[0]} to {sizes[-1]} entries (median ratio; target "
                  f"≤ {GROWTH_LIMIT:g}x for per-day commands):", "",
                  "| command | growth | met |", "|---|---:|---|", *growth]
    lines += ["", "Against issue 23's targets (largest size; ratios to jrnl's median from this run):",
              "", *target_lines(rows), *(extra or [])]
    load = os.getloadavg()
    lines += ["", f"Load average when the run ended: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
              f"(1 / 5 / 15 min) on {os.cpu_count()} CPUs." + (f" {conditions}" if conditions else "")]
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


