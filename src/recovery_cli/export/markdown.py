"""Markdown (CommonMark, with GitHub-style pipe tables). Everything the person wrote is
escaped, so no entry can become a link, an image or raw HTML when the file is rendered."""

from __future__ import annotations

import re
from typing import IO, Any

from recovery_cli.export.report import SCORE_COLUMNS, Report, plan_lines

_INLINE = re.compile(r"([\\`*_\[\]<>|~&{}])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def inline(text: str) -> str:
    """Escape one line of the person's text (backslash escapes are valid CommonMark)."""
    out = _INLINE.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], out)


def table_cell(text: str) -> str:
    return _INLINE.sub(r"\\\1", " ".join(text.split()))


def block(text: str) -> list[str]:
    """A multi-line text as paragraphs; single newlines become hard line breaks."""
    lines: list[str] = []
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    for para in paragraphs:
        rows = [inline(line.strip()) for line in para.split("\n") if line.strip()]
        if not rows:
            continue
        for i, row in enumerate(rows):
            lines.append(row + ("\\" if i < len(rows) - 1 else ""))
        lines.append("")
    return lines


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(table_cell(c) or " " for c in r) + " |" for r in rows]
    return [*out, ""]


def section(sec: Any) -> list[str]:
    """One section of `export.document` as Markdown."""
    from recovery_cli.export import document as d

    md = [f"## {inline(sec.title)}", ""]
    for b in sec.blocks:
        if isinstance(b, d.Bullets):
            for i, x in enumerate(b.items):
                md.append(f"- {inline(x)}")
                md += [f"  - {inline(n)}" for n in (b.notes[i] if i < len(b.notes) else [])]
            md.append("")
        elif isinstance(b, d.Paragraph):
            md += [f"_{inline(b.text)}_" if b.muted else inline(b.text), ""]
        elif isinstance(b, d.Table):
            md += _table(b.head, b.rows)
    return md


def render(report: Report, out: IO[str]) -> None:
    out.write(render_text(report))


def render_text(report: Report) -> str:
    return "\n".join(lines(report)).rstrip("\n") + "\n"


def lines(r: Report) -> list[str]:
    from recovery_cli.export import document

    sections = document.compose(r)
    md: list[str] = [f"# {r.title}", "", inline(document.period_line(r)), ""]
    md += section(sections[0])
    if r.safety_scores:
        md += ["## Safety flags", ""]
        for sc in r.safety_scores:
            md.append(f"- {inline(sc.safety_sentence)}")
        md.append("")

    for sec in sections[1:]:
        md += section(sec)

    if r.has("intake"):
        md += ["## Intake", ""]
        if r.intake:
            md += [f"_Prepared for an appointment, {r.intake.dated}._", ""]
            for line in r.intake.lines:
                md += [f"### {inline(line.label)}", ""]
                if line.items:
                    md += [f"- {inline(x)}" for x in line.items] + [""]
                else:
                    md += block(line.text)
        else:
            md += ["No intake filled in yet.", ""]

    if r.has("checkins"):
        md += ["## Check-ins", ""]
        if r.checkins:
            head = ["Day"] + [label for _, label in r.checkin_columns]
            rows = [[d.day] + [r.cell(d, item) for item, _ in r.checkin_columns]
                    for d in r.checkins]
            md += _table(head, rows)
        else:
            md += ["No check-ins in this period.", ""]
        md += _timeline(r)

    if r.has("assessments"):
        md += ["## Questionnaires", ""]
        if r.scores:
            md += _table(SCORE_COLUMNS, [sc.cells() for sc in r.scores])
            md += [f"_{inline(r.clinician_note)}_", ""]
        else:
            md += ["No questionnaire results in this period.", ""]

    if r.has("stage"):
        md += ["## Stage", ""]
        if r.stage:
            md += [r.stage.sentence, ""]
            if r.stage.profile:
                md += [r.stage.profile_heading, ""]
                md += _table(["Stage", "", "Points", "Profile", ""],
                             [[str(x.number), x.name, str(x.points),
                               "█" * round(x.points / 5) or "·", x.mark]
                              for x in r.stage.profile])
            md.append(f"_{inline(r.stage.model_note)}_")
            if r.stage.earlier:
                md += ["", r.stage.earlier_sentence]
        else:
            md.append("No stage self-assessment in this period.")
        md.append("")

    warnings = document.compose_warnings(r)
    if warnings is not None:
        md += section(warnings)

    if r.has("journal"):
        md += ["## Journal", ""]
        if not r.entries:
            md += ["No journal entries shared for this period.", ""]
        for e in r.entries:
            when = e.created_at[:16].replace("T", " ")
            title = f" — {inline(e.title)}" if e.title else ""
            star = " ★" if e.starred else ""
            private = " (private)" if e.private else ""
            md += [f"### {when}{title}{star}{private}", ""]
            if e.tags:
                md += ["Tags: " + ", ".join(inline(t) for t in e.tags), ""]
            md += block(e.body) or ["(no text)", ""]
        if r.private_left_out:
            md += [f"_{r.private_left_out} private journal "
                   f"{'entry was' if r.private_left_out == 1 else 'entries were'} left out._", ""]

    if r.has("plan"):
        md += ["## Relapse-prevention plan", ""]
        if r.plan:
            for heading, items in plan_lines(r.plan):
                md += [f"### {inline(heading)}", ""]
                md += [f"- {inline(x)}" for x in items] + [""]
        else:
            md += ["No plan yet.", ""]

    md += ["## About this report", ""]
    for a in r.attributions:
        md.append(f"- {inline(a.title)}: {inline(a.line)}"
                  + (f" ({inline(a.url)})" if a.url else ""))
    if r.attributions:
        md.append("")
    if r.skill_credits:
        md += ["Skills practised in this period (our own wording) and where they come from:", ""]
        md += [f"- {inline(title)}: {inline(credit)}" for title, credit in r.skill_credits]
        md.append("")
    md += [inline(r.disclaimer), ""]
    return md


def _timeline(r: Report) -> list[str]:
    """Medications with their changes in the period, events by date, the bring-list."""
    from recovery_cli.export import timeline as tl

    p = r.timeline
    if p is None or not (p.medications or p.events or p.bring or p.next_session):
        return []
    md: list[str] = []
    if p.medications:
        md += ["## Medications", "", *_table(tl.MED_HEAD, tl.med_rows(p))]
    if p.events:
        md += ["## Events", "", *_table(tl.EVENT_HEAD, tl.event_rows(p.events))]
    bring, nxt = tl.bring_rows(p), tl.next_text(p)
    if bring or nxt:
        md += ["## For the next session", ""]
        if nxt:
            md += [inline(nxt), ""]
        md += [f"- {inline(b)}" for b in bring] + ([""] if bring else [])
    return md
