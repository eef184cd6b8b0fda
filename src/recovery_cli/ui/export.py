"""What `export` and `import` show: a progress bar on big imports (stderr, terminals only)
and the closing summaries (stderr, so stdout stays clean for exports piped elsewhere)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from recovery_cli.ui import err_console, say


@contextlib.contextmanager
def progress(total: int | None, label: str, enabled: bool) -> Iterator[Callable[[], None] | None]:
    """Yields a tick() to call once per record, or None when no bar is shown (not a terminal,
    or a small file)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        count = 0

        def tick() -> None:
            nonlocal count
            count += 1
            if count % 200 == 0:
                bar.update(task, completed=count)

        yield tick
        bar.update(task, completed=count)


def _one(kind: str) -> str:
    """The singular of a summary's kind: "journal entries" -> "journal entry", "goals" ->
    "goal"."""
    if kind.endswith("ies"):
        return kind[:-3] + "y"
    return kind[:-1] if kind.endswith("s") else kind


def _phrase(counts: dict[str, int]) -> str:
    parts = [f"{n} {_one(kind) if n == 1 else kind}" for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing"


def print_import_summary(
    fmt_label: str, counts: dict[str, dict[str, int]], warnings: list[str], dry_run: bool
) -> None:
    added, dups, kept = counts["added"], counts["duplicates"], counts["kept_existing"]
    if dry_run:
        say(f"Dry run of {fmt_label}: nothing was changed.")
        say(f"  Would add: {_phrase(added)}.")
    else:
        say(f"Imported {fmt_label}.")
        say(f"  Added: {_phrase(added)}.")
    if any(dups.values()):
        say(f"  Already there (skipped): {_phrase(dups)}.")
    if any(kept.values()):
        say(f"  Days that already had a different check-in (yours were kept): {_phrase(kept)}.")
    fixed = sum(counts.get("recomputed", {}).values())
    if fixed:
        say(f"  {fixed} {'result' if fixed == 1 else 'results'} had a score, band or safety flag "
            "that did not match "
            f"{'its' if fixed == 1 else 'their'} answers; recomputed.")
    for w in warnings:
        say(f"  Note: {w}")


def _left_out(n: int, fmt: str) -> str:
    what = f"{n} private journal {'entry was' if n == 1 else 'entries were'} left out"
    if fmt == "JSON":
        return (f"{what}: add --include-private for a full copy that import restores, "
                "or use 'recovery backup'")
    return f"{what}: add --include-private to include {'it' if n == 1 else 'them'}"


def print_export_done(where: str, period: str, private_left_out: int, fmt: str, *,
                      plaintext: bool = False) -> None:
    """One sentence: the file written and, in the same sentence, what was left out.
    `plaintext`: the home is encrypted and the export is not; said in the same line."""
    saved = f"Saved the {fmt} export for {period} to {where} (readable only by you"
    saved += (", but NOT encrypted: your database is, this file is plain text)" if plaintext
              else ")")
    if private_left_out:
        say(f"{saved}; {_left_out(private_left_out, fmt)}.")
    else:
        say(f"{saved}.")


def private_note(private_left_out: int, fmt: str = "") -> None:
    if private_left_out:
        text = _left_out(private_left_out, fmt)
        say(text[0].upper() + text[1:] + ".")
