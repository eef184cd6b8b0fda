"""Export formats behind one registry: the report is built once (`report.py`) and each module
renders it. JSON is the exception: it streams every table straight from the store, so a full,
restorable copy stays in bounded memory.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "md": "Markdown (CommonMark with tables)",
    "html": "one self-contained HTML file with charts",
    "pdf": "a PDF to print or bring to an appointment",
    "csv": "CSV tables for a spreadsheet",
    "json": "a lossless, versioned JSON copy that 'recovery import' restores",
    # FHIR (export/fhir.py): questionnaire results as a FHIR R4 Bundle for a clinic's system.
    "fhir": "questionnaire results as a FHIR R4 Bundle (JSON) for a clinic's system",
}
# Formats written to a file in the current folder when no -o is given (others go to stdout).
FILE_BY_DEFAULT = frozenset({"html", "pdf"})
EXTENSIONS: dict[str, str] = {"md": "md", "html": "html", "pdf": "pdf", "csv": "csv",
                              "json": "json", "fhir": "fhir.json"}


def default_filename(fmt: str, period_slug: str) -> str:
    return f"recovery-report_{period_slug}.{EXTENSIONS[fmt]}"
