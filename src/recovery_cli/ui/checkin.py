"""How the check-in looks: the short, kind summary after saving and the history table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from recovery_cli.checkin.logic import ItemSpec, fmt_value, stored_answer
from recovery_cli.checkin.snaps import DayRecord, range_words
from recovery_cli.checkin.summary import Summary
from recovery_cli.core.records import CheckinDay, WarningMatch
from recovery_cli.ui import console

SHORT = {
    "mood": "Mood",
    "energy": "Energy",
    "sleep_hours": "Sleep h",
    "sleep_quality": "Sleep q.",
    "anxiety": "Anxiety",
    "symptoms": "Noticed",
    "triggers": "Triggers",
    "coping": "Coping",
    "medication": "Meds",
    "note": "Note",
}


def day_words(day: str, today: date) -> str:
    d = date.fromisoformat(day)
    if d == today:
        return "today"
    if d == today - timedelta(days=1):
        return "yesterday"
    return f"{d:%A} {d.day} {d:%B %Y}"


def _num(v: float | None) -> str:
    return "-" if v is None else fmt_value(v)


def print_summary(summary: Summary, warnings: Sequence[WarningMatch], today: date) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    when = day_words(summary.day, today)
    verb = "Updated" if summary.updated else "Saved"
    out.print(Text(f"{verb} your check-in for {when}. Thank you for taking a moment.",
                   style="bold green"))
    if summary.numbers:
        t = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        t.add_column("")
        t.add_column(when if when in ("today", "yesterday") else summary.day, justify="right")
        t.add_column("7 days before", justify="right")
        t.add_column("30 days before", justify="right")
        for line in summary.numbers:
            t.add_row(
                line.text,
                _num(line.today),
                f"{_num(line.avg7)}" + (f" ({line.n7}d)" if line.n7 else ""),
                f"{_num(line.avg30)}" + (f" ({line.n30}d)" if line.n30 else ""),
            )
        out.print(t)
        if all(line.n30 == 0 for line in summary.numbers):
            out.print("Averages appear here as your check-ins build up.")
    for text, labels in summary.picked:
        out.print(Text.assemble((f"{text}: ", "bold"), ", ".join(labels)))
    for text, answer in summary.answers:
        out.print(Text.assemble((f"{text}: ", "bold"), answer))
    if summary.streak is not None:
        in7, in30 = summary.streak
        out.print(f"Days you checked in: {in7} of the last 7, {in30} of the last 30.")
    if warnings:
        print_warnings(warnings)


def print_warnings(warnings: Sequence[WarningMatch]) -> None:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    for i, w in enumerate(warnings):
        if i:
            body.append("\n\n")
        body.append(w.sign, style="bold")
        since = f", since {w.since}" if w.since else ""
        body.append(f"  ({w.rule}{since})")
        if w.responses:
            body.append("\nYour plan says:")
            for step in w.responses:
                body.append(f"\n  - {step}")
    console().print(
        Panel(body, title="Early warning signs from your plan", border_style="yellow",
              expand=False)
    )


def plain_warnings(warnings: Sequence[WarningMatch]) -> list[str]:
    """The same, as plain lines (for stderr when --json is used)."""
    lines = []
    for w in warnings:
        lines.append(f"Early warning sign from your plan: {w.sign} ({w.rule}).")
        lines.extend(f"  Your plan says: {step}" for step in w.responses)
    return lines


def _cell(spec: ItemSpec, day: CheckinDay) -> str:
    answer = stored_answer(spec, day)
    if answer is None:
        return ""
    if isinstance(answer, list):
        return ", ".join(spec.label_of(a) for a in answer)
    if isinstance(answer, float):
        return fmt_value(answer)
    return answer if spec.type == "text" else spec.label_of(answer)


# A single choice shows in the table when its labels are this short; longer ones, the
# multi-selects and text go on lines of their own under the day, so nothing wraps into a
# narrow column at 80 characters.
_MAX_CHOICE_COLUMN = 16
_GAP = 2


def history_layout(
    days: Sequence[CheckinDay], specs: Sequence[ItemSpec], width: int
) -> tuple[list[tuple[ItemSpec, int]], list[ItemSpec]]:
    """Split the answered items into table columns (with their widths) and detail lines.

    Numbers, and single choices with short labels, are columns while they fit in `width`;
    the rest (multi-selects, text, long choices, columns past the edge) are detail lines."""
    used = [s for s in specs
            if s.id == "mood" or any(stored_answer(s, d) not in (None, []) for d in days)]
    columns: list[tuple[ItemSpec, int]] = []
    details: list[ItemSpec] = []
    room = width - len("Mon 2026-01-01")
    for s in used:
        if s.stored_as == "choices" or s.type == "text":
            details.append(s)
            continue
        w = max(len(SHORT.get(s.id, s.id)), *(len(_cell(s, d)) for d in days))
        if (s.stored_as != "num" and w > _MAX_CHOICE_COLUMN) or _GAP + w > room:
            details.append(s)
            continue
        columns.append((s, w))
        room -= _GAP + w
    return columns, details


def print_history(days: Sequence[CheckinDay], specs: Sequence[ItemSpec], start: str,
                  end: str, moments: Mapping[str, DayRecord] | None = None) -> None:
    """One line of numbers per day; what was ticked or written goes on indented lines below
    it ("Coping: Went for a walk, Exercise"), wrapped to the terminal."""
    import textwrap

    from rich.text import Text

    out = console()
    if not days:
        out.print(f"No check-ins between {start} and {end}. "
                  "'recovery checkin' adds one whenever you like.")
        return
    width = max(out.width, 40)
    columns, details = history_layout(days, specs, width)
    date_width = len("Mon 2026-01-01")
    indent = " " * (date_width + _GAP) if width >= 60 else "  "

    def row(first: str, cells: list[tuple[str, int, bool]]) -> str:
        line = first.ljust(date_width)
        for text, w, right in cells:
            line += " " * _GAP + (text.rjust(w) if right else text.ljust(w))
        return line.rstrip()

    header = row("Date", [(SHORT.get(s.id, s.id), w, s.stored_as == "num") for s, w in columns])
    out.print(Text(header, style="bold"), soft_wrap=True)
    for d in days:
        when = date.fromisoformat(d.day)
        cells = [(_cell(s, d), w, s.stored_as == "num") for s, w in columns]
        out.print(Text(row(f"{when:%a} {d.day}", cells)), soft_wrap=True)
        rec = (moments or {}).get(d.day)
        words = range_words(rec) if rec is not None else None
        if words:  # the day's range from its snaps, apart from the check-in's own answers
            line = Text(f"{indent}Moments: {words}")
            line.stylize("dim", len(indent), len(indent) + len("Moments:"))
            out.print(line, soft_wrap=True)
        for s in details:
            value = _cell(s, d)
            if not value:
                continue
            label = SHORT.get(s.id, s.id)
            lines = textwrap.wrap(f"{label}: {value}", width=width,
                                  initial_indent=indent, subsequent_indent=indent + "  ",
                                  break_on_hyphens=False)
            for i, text in enumerate(lines):
                line = Text(text)
                if i == 0:
                    line.stylize("dim", len(indent), len(indent) + len(label) + 1)
                out.print(line, soft_wrap=True)
    out.print(f"{len(days)} check-in{'s' if len(days) != 1 else ''} from {start} to {end}.")
