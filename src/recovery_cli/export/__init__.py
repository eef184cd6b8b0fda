"""Export formats behind one registry: format name -> `Format` (what it is, its file
extension, whether it goes to a file by default, and the function that writes it, imported only
when that format is asked for).

Report formats (`kind="report"`: md, html, pdf) render the report built once (`report.py`,
composed into sections by `document.py`) with `render(report) -> str | bytes`. CSV writes the
report's tables (one file or a folder). JSON is the exception: it streams every table straight
from the store, so a full, restorable copy stays in bounded memory. A new format is one
`register(Format(...))` line here and its module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extension: str
    file_by_default: bool = False  # else stdout when no -o is given
    kind: Literal["report", "tables", "stream"] = "report"
    writer: str = ""  # "module:function", imported on use

    def load(self) -> Callable[..., Any]:
        import importlib

        module, _, name = self.writer.partition(":")
        fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return fn


REGISTRY: dict[str, Format] = {}


def register(spec: Format) -> None:
    REGISTRY[spec.name] = spec


register(Format("md", "Markdown (CommonMark with tables)", "md",
                writer="recovery_cli.export.markdown:render_text"))
register(Format("html", "one self-contained HTML file with charts", "html", True,
                writer="recovery_cli.export.html:render_text"))
register(Format("pdf", "a PDF to print or bring to an appointment", "pdf", True,
                writer="recovery_cli.export.pdf:render"))
register(Format("csv", "CSV tables for a spreadsheet", "csv", kind="tables",
                writer="recovery_cli.export.csv:tables"))
register(Format("json", "a lossless, versioned JSON copy that 'recovery import' restores",
                "json", kind="stream", writer="recovery_cli.export.json:write"))

# Kept for callers of the first registry (name -> description, formats written to a file).
FORMATS: dict[str, str] = {k: f.description for k, f in REGISTRY.items()}
FILE_BY_DEFAULT = frozenset(k for k, f in REGISTRY.items() if f.file_by_default)


def default_filename(fmt: str, period_slug: str) -> str:
    return f"recovery-report_{period_slug}.{REGISTRY[fmt].extension}"
