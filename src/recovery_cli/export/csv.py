"""CSV tables: the check-ins (to stdout or `-o FILE`), or one file per table (`-o DIR/`).

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return, even after spaces) get a leading apostrophe, so they are shown as text. Plain numbers
are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re

from recovery_cli.export.report import Report, fmt_value, plan_lines

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe(value: object) -> str:
    """A cell's text, neutralised when a spreadsheet would treat it as a formula."""
    text = "" if value is None else str(value)
    if _NUMBER.fullmatch(text):
        return text
    if text.startswith(_DANGEROUS) or text.lstrip(" ").startswith(_DANGEROUS):
        return "'" + text
    return text


def _write(head: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe(h) for h in head])
    for row in rows:
        w.writerow([safe(c) for c in row])
    return buf.getvalue()


def checkins_table(r: Report) -> str:
    head = ["day"] + [item for item, _ in r.checkin_columns]
    rows: list[list[object]] = []
    for d in r.checkins:
        row: list[object] = [d.day]
        for item, _ in r.checkin_columns:
            if item in d.choices:
                row.append("; ".join(d.choices[item]))
            else:
                row.append(fmt_value(d.values.get(item)))
        rows.append(row)
    return _write(head, rows)


def tables(r: Report) -> dict[str, str]:
    """File name -> CSV text, one per table of the chosen sections."""
    out: dict[str, str] = {}
    if r.has("checkins"):
        out["checkins.csv"] = checkins_table(r)
    if r.has("journal"):
        out["journal.csv"] = _write(
            ["id", "created_at", "day", "title", "body", "tags", "starred", "private"],
            [[e.id, e.created_at, e.day, e.title or "", e.body, "; ".join(e.tags),
              int(e.starred), int(e.private)] for e in r.entries],
        )
    if r.has("assessments"):
        out["questionnaires.csv"] = _write(
            ["taken_at", "day", "checklist", "title", "score", "percentage", "band",
             "previous_score", "delta", "direction", "meaningful", "reliable", "safety_flag",
             "flags", "safety_items", "safety_answers"],
            [[s.taken_at, s.day, s.checklist, s.title, fmt_value(s.score),
              fmt_value(s.percentage), s.band or "",
              fmt_value(s.change.previous) if s.change else "",
              fmt_value(s.change.delta) if s.change else "",
              s.change.direction if s.change else "",
              int(s.change.meaningful) if s.change else "",
              int(s.change.reliable) if s.change else "",
              int(s.safety_flag), "; ".join(s.flags),
              "; ".join(a.item for a in s.safety_answers),
              "; ".join(a.words for a in s.safety_answers)] for s in r.scores],
        )
    if r.has("stage"):
        rows: list[list[object]] = []
        if r.stage:
            rows = [[d, "" if n is None else n, ""] for d, n in r.stage.earlier]
            rows.append([r.stage.assessed_at[:10], r.stage.stage or "",
                         " ".join(str(n) for n in r.stage.tied)])
        # most_like_stage is empty when the answers don't point to one stage; near_stages then
        # lists the stages they are about as close to (the latest result only).
        out["stage.csv"] = _write(["day", "most_like_stage", "near_stages"], rows)
    if r.has("warnings"):
        out["warnings.csv"] = _write(
            ["sign", "rule", "since", "plan_responses"],
            [[w.sign, w.rule, w.since or "", "; ".join(w.responses)] for w in r.warnings],
        )
    if r.has("intake"):
        rows = []
        if r.intake:
            for line in r.intake.lines:
                for answer in line.items or [line.text]:
                    rows.append([r.intake.updated_at, line.id, line.label, answer])
        out["intake.csv"] = _write(["updated_at", "field", "label", "answer"], rows)
    if r.timeline is not None:
        out.update(timeline_tables(r))
    if r.has("checkins"):
        from recovery_cli.export.moments import snaps_csv_rows

        out["snaps.csv"] = _write(*snaps_csv_rows(r.snaps))
    if r.has("plan"):
        out["plan.csv"] = _write(
            ["section", "text"],
            [[h, line] for h, lines in plan_lines(r.plan or {}) for line in lines],
        )
    return out


def timeline_tables(r: Report) -> dict[str, str]:
    """medications.csv, dose_changes.csv, events.csv, sessions.csv and bring_list.csv."""
    p = r.timeline
    assert p is not None
    doses: list[list[object]] = [[m.name, d.day, d.dose or "", fmt_value(d.amount), d.unit or "",
              "start" if i == 0 else "change", d.note or ""]
             for m in p.medications for i, d in enumerate(m.doses)
             if p.start <= d.day <= p.end]
    events = [e for e in p.events if e.kind != "session"]
    return {
        "medications.csv": _write(
            ["name", "dose", "when", "as_needed", "started", "stopped", "stop_reason", "note"],
            [[m.name, m.current_dose or "", ", ".join(m.schedule), int(m.as_needed), m.started,
              m.stopped or "", m.stop_reason or "", m.note or ""] for m in p.medications]),
        "dose_changes.csv": _write(
            ["medication", "day", "dose", "amount", "unit", "kind", "note"], doses),
        "events.csv": _write(
            ["id", "day", "kind", "text", "impact", "tags", "note", "source"],
            [[e.id or "", e.day, e.kind, e.text, "" if e.impact is None else e.impact,
              "; ".join(e.tags), e.note or "", e.source] for e in events]),
        "sessions.csv": _write(
            ["id", "day", "with", "note"],
            [[e.id or "", e.day, e.with_whom or "", e.note or ""] for e in p.sessions]),
        "bring_list.csv": _write(
            ["id", "text", "source", "created_at", "done_at"],
            [[b.id, b.text, b.source, b.created_at, b.done_at or ""] for b in p.bring]),
    }
