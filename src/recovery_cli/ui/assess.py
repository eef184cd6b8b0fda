"""Rendering for questionnaires: the list, the intro, a result and the history with sparklines.

Bands are always framed as the questionnaire's published interpretation, to discuss with a
clinician: never the tool's judgement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from recovery_cli.core import messages
from recovery_cli.ui import console

if TYPE_CHECKING:
    from rich.text import Text

    from recovery_cli.assess.history import HistoryRow
    from recovery_cli.assess.scoring import ChangeResult, Score
    from recovery_cli.core.models import Checklist

_BLOCKS = "▁▂▃▄▅▆▇█"


def _n(value: float | None) -> str:
    if value is None:
        return "-"
    f = float(value)
    return str(int(f)) if f.is_integer() else f"{f:.1f}"


def _when(taken_at: str) -> str:
    return taken_at[:16].replace("T", " ")


def print_list(rows: Sequence[dict[str, Any]]) -> None:
    from rich.table import Table

    t = Table(show_header=True, box=None, pad_edge=False)
    t.add_column("id", style="bold")
    t.add_column("title")
    t.add_column("items", justify="right")
    t.add_column("every")
    t.add_column("last taken")
    t.add_column("due")
    for r in rows:
        every = f"{r['frequency_days']} days" if r["frequency_days"] else "-"
        last = r["last_taken"][:10] if r["last_taken"] else "never"
        t.add_row(r["id"], r["title"], str(len(r["items"])), every, last,
                  "yes" if r["due"] else "no")
    console().print(t)
    console().print("Take one with: recovery assess take ID   (e.g. recovery assess take phq9)")


def print_intro(checklist: Checklist) -> None:
    c = console()
    c.print(f"[bold]{checklist.title}[/]", markup=True)
    if checklist.instruction:
        c.print(checklist.instruction, markup=False)
    if checklist.stem:
        c.print(checklist.stem, markup=False)
    c.print(
        "Use the arrow keys and Enter. Ctrl-C stops at any point and saves nothing.",
        style="dim",
        markup=False,
    )


def change_words(ch: ChangeResult, *, since: str, unit: str = "point") -> str:
    """e.g. 'Since last time (2026-11-12): 12 to 7, 5 points lower: better; a clinically
    meaningful and reliable change.'"""
    when = f" ({ch.previous_taken_at[:10]})" if ch.previous_taken_at else ""
    prev = _n(ch.previous_score)
    now = _n(ch.previous_score + ch.delta)
    if ch.direction == "same":
        return f"{since}{when}: {prev} to {now}, no change."
    size = abs(ch.delta)
    plural = "" if size == 1 else "s"
    way = "up" if ch.delta > 0 else "down"
    feel = "better" if ch.direction == "improved" else "harder"
    text = f"{since}{when}: {prev} to {now} ({way} {_n(size)} {unit}{plural}: {feel})"
    kinds = []
    if ch.meaningful:
        kinds.append("clinically meaningful")
    if ch.reliable:
        kinds.append("reliable")
    if kinds:
        text += f"; a {' and '.join(kinds)} change"
    return text + "."


def change_marker(ch: ChangeResult | None) -> str:
    """A short marker for tables: '▼6 better (reliable)'; the strongest of reliable and
    clinically meaningful is named (`--json` has both)."""
    if ch is None:
        return ""
    if ch.direction == "same":
        return "= same"
    arrow = "▲" if ch.delta > 0 else "▼"
    feel = "better" if ch.direction == "improved" else "harder"
    extra = " (reliable)" if ch.reliable else " (meaningful)" if ch.meaningful else ""
    return f"{arrow}{_n(abs(ch.delta))} {feel}{extra}"


def print_result(
    checklist: Checklist,
    taken_at: str,
    result: Score,
    change: ChangeResult | None,
    since_first: ChangeResult | None,
    *,
    stage_line: str | None = None,
    safety_answers: Sequence[str] = (),
) -> None:
    """The score, band, changes, flags and notice (the crisis block and footer are printed by
    the caller, before and after this)."""
    from rich.text import Text

    c = console()
    c.print(Text(f"{checklist.title} · {_when(taken_at)}", style="bold"))
    if stage_line:
        c.print(Text(stage_line))
    if result.score is not None:
        of = f" of {_n(result.max_score)}" if result.max_score is not None else ""
        pct = f" ({_n(result.percentage)}%)" if result.percentage is not None else ""
        line = Text(f"Score: {_n(result.score)}{of}{pct}")
        if result.band:
            line.append(f". {result.band}", style="bold")
        c.print(line)
        if result.band:
            c.print(Text(f"({messages.BAND_FRAMING.capitalize()}.)", style="dim"))
        if result.band_note:
            c.print(Text(result.band_note))
    for label in safety_answers:
        c.print(Text(label))
    if change is not None:
        c.print(Text(change_words(change, since="Since last time")))
    if since_first is not None:
        c.print(Text(change_words(since_first, since="Since your first")))
    if (change and change.reliable_worsening) or (since_first and since_first.reliable_worsening):
        c.print(
            Text(
                "This change is large enough to count as reliable. Consider talking to your "
                "clinician about it, and look at your relapse-prevention plan: recovery plan show",
                style="yellow",
            )
        )
    if change is None and result.score is not None:
        c.print(Text("This is your first result; next time you will see how it changed.",
                     style="dim"))
    for flag in result.flags:
        c.print(Text(f"Note: {flag.message}", style="yellow"))
    if checklist.attribution:
        c.print(Text(checklist.attribution, style="dim"))


def print_footer(line: str) -> None:
    from rich.text import Text

    console().print(Text(line, style="bold"))


def sparkline(values: Sequence[float], lo: float, hi: float) -> Text:
    """A row of block characters for values between lo and hi."""
    from rich.text import Text

    out = Text()
    span = hi - lo if hi > lo else 1.0
    for v in values:
        idx = round((min(max(v, lo), hi) - lo) / span * (len(_BLOCKS) - 1))
        out.append(_BLOCKS[idx], style="cyan")
    return out


def print_history_rows(rows: Sequence[HistoryRow], checklists: Mapping[str, Checklist]) -> None:
    """`assess history`: the rows (oldest first) grouped by questionnaire, each group titled
    and scaled by its checklist, with the checklists' flag notes under the tables."""
    from recovery_cli.assess import scoring

    groups: dict[str, list[HistoryRow]] = {}
    for row in rows:
        groups.setdefault(row.record.checklist, []).append(row)
    out = []
    notes: dict[str, str] = {}
    for cid, group in groups.items():
        cl = checklists.get(cid)
        out.append((cid, cl.title if cl else cid, scoring.max_score(cl) if cl else None, group))
        if cl is not None:
            notes.update((f.id, f.message) for f in cl.flags)
    print_history(out, notes)


def print_history(
    groups: Sequence[tuple[str, str, float | None, Sequence[HistoryRow]]],
    flag_notes: Mapping[str, str] | None = None,
) -> None:
    """groups: (checklist id, title, max score, rows oldest first). A flag shows as "note 1" in
    its row and its message under the table (`flag_notes`: flag id -> message)."""
    from rich.table import Table
    from rich.text import Text

    from recovery_cli.ui import HangingText

    c = console()
    wide = c.width >= 90  # narrower: leave out "since first" so the bands stay readable
    for n, (cid, title, top, rows) in enumerate(groups):
        if n:
            c.print()
        scores = [r.record.score for r in rows if r.record.score is not None]
        head = Text(f"{title} ({cid})", style="bold")
        if scores:
            head.append("  ")
            head.append(sparkline(scores, 0.0, top if top else max(scores)))
            head.append(f"  {len(rows)} result{'s' if len(rows) != 1 else ''}")
        c.print(head)
        t = Table(show_header=True, box=None, pad_edge=False)
        t.add_column("taken", no_wrap=True)
        t.add_column("score", justify="right", no_wrap=True)
        t.add_column("band")
        t.add_column("since last", no_wrap=True)
        if wide:
            t.add_column("since first", no_wrap=True)
        t.add_column("", no_wrap=True)
        numbered: dict[str, int] = {}
        for row in rows:
            r = row.record
            score = _n(r.score)
            if r.percentage is not None:
                score += f" ({_n(r.percentage)}%)"
            notes = []
            if r.safety_flag:
                notes.append("safety flag")
            for flag in r.flags:
                number = numbered.setdefault(flag, len(numbered) + 1)
                notes.append(f"note {number}")
            cells = [r.taken_at[:10], score, r.band or "", change_marker(row.change)]
            if wide:
                cells.append(change_marker(row.since_first))
            t.add_row(*cells, ", ".join(notes))
        c.print(t)
        for flag, number in numbered.items():
            message = (flag_notes or {}).get(flag) or flag.replace("_", " ")
            c.print(HangingText(f"note {number}: {message}", rest=8, style="dim"))
    c.print(HangingText(f"Bands are {messages.BAND_FRAMING}. ▲▼ change in points; (meaningful): "
                        "a clinically meaningful change; (reliable): a reliable change, larger "
                        "than the questionnaire's measurement noise.", rest=0, style="dim"))
