"""The PDF's fonts: the bundled DejaVu Sans, a system font found through fontconfig for
scripts DejaVu lacks, and every text of the report (to know which characters are needed)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recovery_cli.core import paths
from recovery_cli.export.report import Report, plan_lines


def fonts_dir() -> Path:
    return paths.builtin_data_dir() / "fonts"


def find_system_font(sample: str) -> Path | None:
    """A font file that fontconfig says covers the characters in `sample` (None when there
    is none, or no fontconfig)."""
    fc_list = shutil.which("fc-list")
    if not fc_list or not sample:
        return None
    codes = " ".join(f"{ord(c):x}" for c in sorted(set(sample))[:40])
    langs = [":charset=" + codes]
    if any("\u3040" <= c <= "\u30ff" for c in sample):
        langs.append(":lang=ja")
    if any("\uac00" <= c <= "\ud7af" for c in sample):
        langs.append(":lang=ko")
    if any("\u4e00" <= c <= "\u9fff" for c in sample):
        langs += [":lang=zh-cn", ":lang=ja"]
    for pattern in langs:
        try:
            out = subprocess.run([fc_list, pattern, "file"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        files = sorted(line.strip().rstrip(":") for line in out.splitlines() if line.strip())
        for f in files:
            if f.lower().endswith((".ttf", ".otf", ".ttc")) and Path(f).is_file():
                return Path(f)
    return None


def _texts(r: Report) -> Iterator[str]:
    yield r.title
    yield r.disclaimer
    yield r.clinician_note
    yield from r.tags
    for d in r.checkins:
        for item, _ in r.checkin_columns:
            yield r.cell(d, item)
    for _, label in r.checkin_columns:
        yield label
    for sc in r.scores:
        yield sc.title
        yield sc.band or ""
        yield from sc.flags
        if sc.safety_flag:
            yield sc.safety_sentence
    if r.stage:
        yield r.stage.name
        yield r.stage.sentence
        yield r.stage.model_note
        for row in r.stage.profile:
            yield row.name
    for w in r.warnings:
        yield w.sign
        yield w.rule
        yield from w.responses
    for e in r.entries:
        yield e.title or ""
        yield e.body
        yield from e.tags
    if r.plan:
        for heading, lines in plan_lines(r.plan):
            yield heading
            yield from lines
    if r.intake:
        for line in r.intake.lines:
            yield line.label
            yield line.text
            yield from line.items
    for a in r.attributions:
        yield a.title
        yield a.text
        yield a.license
        yield a.url
    for title, credit in r.skill_credits:
        yield title
        yield credit


def _cmap(pdf: Any, key: str) -> set[int]:
    return set(getattr(pdf.fonts[key], "cmap", {}) or {})
