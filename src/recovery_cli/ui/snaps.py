"""The list of quick moments (`recovery snaps`): plain lines, grouped by day, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recovery_cli.checkin.snaps import Snap, by_day, day_record


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def snap_line(s: Snap) -> str:
    time = s.at[11:16] if len(s.at) >= 16 else s.at
    parts = [f"  {time}  mood {_num(s.mood):>3}"]
    if s.anxiety is not None:
        parts.append(f"anxiety {_num(s.anxiety)}")
    if s.energy is not None:
        parts.append(f"energy {_num(s.energy)}")
    line = "  ".join(parts)
    if s.tags:
        line += "  " + " ".join(f"#{t}" for t in s.tags)
    if s.note:
        line += f"  {s.note}"
    if s.at[:10] != s.day:  # made after midnight, counted for the day before
        line += f"  ({s.at[:10]})"
    return line


def day_heading(day: str, today: str) -> str:
    d = date.fromisoformat(day)
    label = "Today" if day == today else d.strftime("%A")
    return f"{label} {day}"


def print_snaps(found: Sequence[Snap], first: str, last: str, today: str) -> None:
    if not found:
        span = first if first == last else f"{first} to {last}"
        print(f"No moments saved for {span}. 'recovery snap 6' saves one in a second.")
        return
    for day, snaps in by_day(found).items():
        rec = day_record(day, snaps, None)
        mood = rec.stats["mood"]
        print(f"{day_heading(day, today)}: {len(snaps)} moment{'s' if len(snaps) != 1 else ''}, "
              f"mood {_num(mood.low)}-{_num(mood.high)}, mean {mood.mean:.1f}")
        for s in snaps:
            print(snap_line(s))


def context_line(snaps: Sequence[Snap], when: str = "that day") -> str:
    """The day's moments for the evening check-in, wrapped to the terminal (whole words):
    "Your moments today: 6 at 10:05, 3 at 15:40 (mean 4.5, offered as the mood; ...)"."""
    import shutil
    import textwrap

    shown = ", ".join(f"{_num(s.mood)} at {s.at[11:16]}" for s in snaps[-6:])
    more = f"{len(snaps) - 6} earlier, " if len(snaps) > 6 else ""
    mean = sum(s.mood for s in snaps) / len(snaps)
    text = (f"Your moments {when}: {more}{shown} (mean {mean:.1f}, offered as the mood; "
            "change it if the day felt different).")
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    return "\n".join(textwrap.wrap(text, width=max(width, 40), break_long_words=False))
