"""The PDF's fonts: the bundled DejaVu Sans, a system font found through fontconfig for
scripts DejaVu lacks, and every text of the report (to know which characters are needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

from recovery_cli.core import paths
from recovery_cli.export.report import Report, plan_lines

# fpdf2 tries these at import time for features the report never uses: Pillow for images,
# cryptography and endesive for signatures, numpy for image data. Importing them costs more
# than a tenth of a second; fpdf2 goes on without them (it only refuses images and signing).
UNUSED_BY_THE_REPORT = ("PIL", "cryptography", "endesive", "numpy")


class _NotForTheReport:
    """A meta-path finder, in place only while fpdf2 is imported, that says the modules of
    `UNUSED_BY_THE_REPORT` are not installed. One already imported stays as it is."""

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: object = None) -> ModuleSpec | None:
        if name.partition(".")[0] in UNUSED_BY_THE_REPORT:
            raise ModuleNotFoundError(f"{name} is not needed for the PDF report", name=name)
        return None


def import_fpdf() -> None:
    """fpdf2 imported (once) without the optional modules it would not use here."""
    if "fpdf" not in sys.modules:
        import warnings

        finder = _NotForTheReport()
        sys.meta_path.insert(0, finder)
        try:
            with warnings.catch_warnings():  # "Pillow could not be imported": no images here
                warnings.simplefilter("ignore")
                import fpdf
        except ImportError:  # an fpdf2 that needs one of them after all: import it as it is
            for name in [m for m in sys.modules if m == "fpdf" or m.startswith("fpdf.")]:
                del sys.modules[name]
        finally:
            sys.meta_path.remove(finder)
        if "fpdf" not in sys.modules:
            import fpdf  # noqa: F401


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


COMPRESSION = 2  # zlib level of the PDF's streams: as fast as 1, a third of level 6's time
#                 (fpdf2's default), the file about a tenth larger


def output(pdf: Any) -> bytes:
    """`pdf.output()` with the embedded fonts made cheaper to subset (`_embed_cheaply`) and
    the streams compressed at `COMPRESSION`."""
    from fpdf.syntax import PDFContentStream

    _embed_cheaply(pdf)
    level = PDFContentStream._COMPRESSION_LEVEL
    PDFContentStream._COMPRESSION_LEVEL = COMPRESSION
    try:
        return bytes(pdf.output())
    finally:
        PDFContentStream._COMPRESSION_LEVEL = level


def _embed_cheaply(pdf: Any) -> None:
    """The embedded TrueType fonts, before `pdf.output()` subsets them:

    - their OpenType layout tables (GDEF, GSUB, GPOS) removed unread. fpdf2's subsetter drops
      them from the embedded font anyway, but fontTools decodes all three first (a check for
      64k-glyph layouts). A legacy `kern` table goes with GPOS, as the subsetter drops it
      when GPOS is there.
    - each kept glyph written as the font file has it, not decoded and encoded again to
      recompute bounding boxes the file already holds (the font's overall box and maximums
      stay those of the whole font, which holds the subset).
    """
    for font in pdf.fonts.values():
        tt = getattr(font, "ttfont", None)
        if tt is None or getattr(font, "is_cff", True):
            continue
        if "GPOS" in tt and "kern" in tt:
            del tt["kern"]
        for tag in ("GDEF", "GSUB", "GPOS"):
            if tag in tt:
                del tt[tag]
        tt.recalcBBoxes = False
