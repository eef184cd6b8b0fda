"""Daylio's CSV export: moods, activities and notes.

Layouts (domain.md §0.8): 8 columns `full_date,date,weekday,time,mood,activities,note_title,
note`; 9 columns with `scales` before `note_title`; very old 7-column files starting `year`
(`year,date,weekday,time,mood,activities,note`). Columns are found by name, so their order
does not matter. Times are 24-hour (`21:05`) or 12-hour (`9:05 PM`).

Moods are labels. The defaults map to our 0-10 mood scale: rad 10, good 7.5, meh 5, bad 2.5,
awful 0; any other label needs a value (`--mood-map label=value`, or asked in a terminal).
Several entries on one day make one check-in (the mean mood, every activity of the day as a
coping choice) and one journal entry per note (`note_title` as its title).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from recovery_cli.checkin.snaps import Snap
from recovery_cli.core.errors import InputError
from recovery_cli.core.imported import NewCheckin, NewEntry
from recovery_cli.importers import Parsed, local_iso

DEFAULT_MOODS: dict[str, float] = {"rad": 10.0, "good": 7.5, "meh": 5.0, "bad": 2.5, "awful": 0.0}
EXPECTED_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp])?\.?\s*(?:[Mm]\.?)?$")
_OLD_DATE_FORMATS = ("%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y", "%m/%d %Y", "%d.%m. %Y",
                     "%d.%m %Y", "%m-%d %Y")


def looks_like_header(line: str) -> bool:
    names = [c.strip().strip('"').lower() for c in line.split(",")]
    return "mood" in names and "time" in names and ("full_date" in names or "year" in names)


@dataclass
class Row:
    line: int  # physical line where the record starts
    day: str
    hour: int
    minute: int
    mood: str  # the label, lower-cased
    activities: list[str]
    note_title: str
    note: str


@dataclass
class DaylioFile:
    path: Path
    rows: list[Row] = field(default_factory=list)
    layout: str = "8 columns"

    def labels(self) -> dict[str, int]:
        """Every mood label with how many records use it, in first-seen order."""
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.mood] = out.get(r.mood, 0) + 1
        return out

    def unknown_labels(self, mood_map: dict[str, float]) -> list[str]:
        known = {**DEFAULT_MOODS, **{k.lower(): v for k, v in mood_map.items()}}
        return [label for label in self.labels() if label not in known]


def _bad(path: Path, where: str, expected: str) -> InputError:
    return InputError(f"{path}: {where}: expected {expected}; nothing was imported.")


def parse_time(text: str) -> tuple[int, int] | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    ampm = (m.group(4) or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _old_day(year: str, shown: str) -> str | None:
    for fmt in _OLD_DATE_FORMATS:
        try:
            return datetime.strptime(f"{shown.strip()} {year.strip()}", fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read(path: Path) -> DaylioFile:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fp:
            return _read(path, fp)
    except UnicodeDecodeError as exc:
        raise _bad(path, "the file", f"UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise _bad(path, "the file", f"CSV text ({exc})") from None


def _read(path: Path, fp: object) -> DaylioFile:
    reader = csv.reader(fp)  # type: ignore[arg-type]
    header = next(reader, None)
    if header is None:
        raise _bad(path, "row 1", f"a Daylio header like {EXPECTED_HEADER} (the file is empty)")
    names = [h.strip().lower() for h in header]
    col = {n: i for i, n in enumerate(names)}
    has_full = "full_date" in col
    if not (has_full or {"year", "date"} <= col.keys()) or not {"time", "mood"} <= col.keys():
        raise _bad(path, "row 1", f"a Daylio header like {EXPECTED_HEADER}")
    out = DaylioFile(path)
    out.layout = ("old 7 columns (year)" if not has_full
                  else "9 columns (with scales)" if "scales" in col else f"{len(names)} columns")
    width = len(names)

    def cell(values: list[str], name: str) -> str:
        i = col.get(name)
        return values[i].strip() if i is not None else ""

    row_no = 1
    line = reader.line_num + 1
    for values in reader:
        row_no += 1
        start = line
        line = reader.line_num + 1
        where = f"row {row_no} (line {start})"
        if not any(v.strip() for v in values):
            continue
        if len(values) != width:
            raise _bad(path, where, f"{width} fields like the header, found {len(values)}")
        if has_full:
            day = cell(values, "full_date")
            try:
                ok = date.fromisoformat(day).isoformat() == day
            except ValueError:
                ok = False
            if not ok:
                raise _bad(path, where, f"full_date like 2026-11-19, found {day!r}")
        else:
            parsed_day = _old_day(cell(values, "year"), cell(values, "date"))
            if parsed_day is None:
                raise _bad(path, where, "year and date like 2016 and November 19, found "
                           f"{cell(values, 'year')!r} and {cell(values, 'date')!r}")
            day = parsed_day
        t = parse_time(cell(values, "time"))
        if t is None:
            raise _bad(path, where, f"a time like 21:05 or 9:05 PM, found {cell(values, 'time')!r}")
        mood = " ".join(cell(values, "mood").lower().split())
        if not mood:
            raise _bad(path, where, "a mood label such as good or meh, found nothing")
        acts = [a.strip() for a in cell(values, "activities").split("|")]
        out.rows.append(Row(
            line=start, day=day, hour=t[0], minute=t[1], mood=mood,
            activities=[a for a in acts if a],
            note_title=cell(values, "note_title"), note=cell(values, "note"),
        ))
    if not out.rows:
        raise _bad(path, "row 2", "at least one record after the header")
    return out


def parse_mood_map(items: list[str]) -> dict[str, float]:
    """`--mood-map label=value` (repeatable); value on the 0-10 mood scale."""
    out: dict[str, float] = {}
    for item in items:
        label, sep, value = item.rpartition("=")
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = -1.0
        label = " ".join(label.lower().split())
        if not sep or not label or not 0 <= number <= 10:
            raise InputError(
                f"--mood-map '{item}': expected LABEL=VALUE with a value from 0 to 10, "
                "e.g. --mood-map drained=2.5."
            )
        out[label] = number
    return out


def build(data: DaylioFile, mood_map: dict[str, float]) -> Parsed:
    """One check-in per day (the mean of its moods), one moment per entry (its mood, time,
    activities as tags) and one journal entry per note. Labels without a value are left
    out of the mood (and reported) — the cli asks for them, or stops, before writing."""
    known = {**DEFAULT_MOODS, **{k.lower(): v for k, v in mood_map.items()}}
    parsed = Parsed("daylio-csv")
    by_day: dict[str, list[Row]] = {}
    for r in sorted(data.rows, key=lambda r: (r.day, r.hour, r.minute, r.line)):
        by_day.setdefault(r.day, []).append(r)
    unknown = data.unknown_labels(mood_map)
    if unknown:
        parsed.warnings.append(
            "Moods without a value (left out of the check-ins): " + ", ".join(unknown)
            + ". Give them with --mood-map LABEL=VALUE."
        )
    for day, rows in by_day.items():
        moods = [known[r.mood] for r in rows if r.mood in known]
        acts: list[str] = []
        for r in rows:
            for a in r.activities:
                if a.lower() not in acts:
                    acts.append(a.lower())
        values: dict[str, float | str] = {}
        if moods:
            values["mood"] = round(sum(moods) / len(moods), 2)
        first, last = rows[0], rows[-1]
        if values or acts:
            parsed.checkins.append(NewCheckin(
                day=day,
                created_at=local_iso(day, first.hour, first.minute),
                updated_at=local_iso(day, last.hour, last.minute),
                values=values,
                choices={"coping": acts} if acts else {},
                source="import:daylio",
            ))
        for r in rows:  # each Daylio entry is also a moment of that day (issue 19)
            if r.mood in known:
                parsed.snaps.append(Snap(
                    0, local_iso(day, r.hour, r.minute), day, known[r.mood],
                    note=" ".join((r.note_title or r.note or "").split())[:200] or None,
                    tags=[a.lower().replace(",", " ") for a in r.activities], source="import:daylio"))
        for r in rows:
            if r.note or r.note_title:
                parsed.entries.append(NewEntry(
                    created_at=local_iso(day, r.hour, r.minute),
                    day=day,
                    title=r.note_title or None,
                    body=r.note,
                    source="import:daylio",
                ))
    return parsed
