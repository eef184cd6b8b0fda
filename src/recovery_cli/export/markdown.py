"""Markdown (CommonMark, with GitHub-style pipe tables). Everything the person wrote is
escaped, so no entry can become a link, an image or raw HTML when the file is rendered."""

from __future__ import annotations

import re
from typing import IO, Any

from recovery_cli.export.report import Report

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
    """One section of `export.document` as Markdown (charts are left to the richer formats;
    a section with nothing else is left out)."""
    from recovery_cli.export import document as d

    md: list[str] = []
    for b in sec.blocks:
        if isinstance(b, d.Bullets):
            for i, x in enumerate(b.items):
                md.append(f"- {inline(x)}")
                md += [f"  - {inline(n)}" for n in (b.notes[i] if i < len(b.notes) else [])]
            md.append("")
        elif isinstance(b, d.Paragraph):
            if b.body:
                md += block(b.text)
            else:
                text = inline(b.text)
                md += [f"_{text}_" if b.muted else f"**{text}**" if b.strong else text, ""]
        elif isinstance(b, d.Heading):
            md += [f"### {inline(b.text)}", ""]
        elif isinstance(b, d.Table):
            md += _table(b.head, b.rows)
        elif isinstance(b, d.Profile):
            md += [inline(b.heading), ""]
            md += _table(["Stage", "", "Points", "Profile", ""],
                         [[str(x.number), x.name, str(x.points),
                           "█" * round(x.points / 5) or "·", x.mark]
                          for x in b.rows])
        elif isinstance(b, d.LifeChart):
            from recovery_cli.export.moments import life_lines

            md += ["```", *life_lines(b.points, b.events), "```", ""]
        elif isinstance(b, d.Entries):
            for e in b.entries:
                md += [f"### {inline(e.heading)}", ""]
                if e.tags:
                    md += ["Tags: " + ", ".join(inline(t) for t in e.tags), ""]
                md += block(e.body) or ["(no text)", ""]
    return [f"## {inline(sec.title)}", "", *md] if md else []


def render(report: Report, out: IO[str]) -> None:
    out.write(render_text(report))


def render_text(report: Report) -> str:
    return "\n".join(lines(report)).rstrip("\n") + "\n"


def lines(r: Report) -> list[str]:
    from recovery_cli.export import document

    md: list[str] = [f"# {r.title}", "", inline(document.period_line(r)), ""]
    for sec in document.compose(r):
        md += section(sec)
    return md
