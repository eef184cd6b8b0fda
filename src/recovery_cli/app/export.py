"""The export use case (issue 22): `export(session, options)` reads the period through the
session's database and checklists, composes the report (`export.document.compose`) and
renders it with the format registry's writer. No typer, rich or file handling here: the
command (`cli/export.py`) parses flags, chooses where the bytes go and says what was done.

`report(session, options)` is the composed model alone (CSV's tables and `session prep` use
it); `write_json(session, options, fp)` streams the JSON copy, which is not a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recovery_cli.app.session import Session
    from recovery_cli.export.report import Report


@dataclass(frozen=True)
class ExportOptions:
    fmt: str  # a name of `export.REGISTRY`
    start: date | None
    end: date | None
    now: datetime
    sections: tuple[str, ...] | None = None  # None: the default sections
    tags: tuple[str, ...] = ()
    include_private: bool = False
    folder: bool = False  # CSV: one file per table (else the check-ins table alone)


@dataclass
class Rendered:
    """A rendered report: its text or bytes (md, html, pdf) or its CSV tables, with what the
    command tells the person."""

    report: Report
    data: str | bytes = ""
    tables: dict[str, str] = field(default_factory=dict)

    @property
    def left_out(self) -> int:
        return self.report.private_left_out


def report(session: Session, options: ExportOptions) -> Report:
    """The period's report model for `options` (skills practised, with their titles and
    credits, read only when the check-ins are in it)."""
    from recovery_cli.export.report import DEFAULT_SECTIONS, Options
    from recovery_cli.export.report_build import build_report

    assert options.start is not None and options.end is not None
    sections = options.sections or DEFAULT_SECTIONS
    titles, credits = period_skills(session, options.start, options.end, sections)
    opts = Options(options.start, options.end, sections, options.tags,
                   options.include_private, default_sections=options.sections is None,
                   skill_titles=titles, skill_credits=credits)
    return build_report(session.db(), session.checklists(), opts, options.now)


def export(session: Session, options: ExportOptions) -> Rendered:
    """The report rendered in `options.fmt` (md, html, pdf through the registry; csv as the
    check-ins table, or with `folder` as one text per table file)."""
    from recovery_cli.export import REGISTRY

    r = report(session, options)
    if options.fmt == "csv":
        from recovery_cli.export import csv as csv_export

        if options.folder:
            return Rendered(r, tables=csv_export.tables(r))
        return Rendered(r, csv_export.checkins_table(r))
    from recovery_cli.journal.text import excerpted

    r.entries = excerpted(r.entries)  # a huge entry is cut, with a note (issue 24)
    return Rendered(r, REGISTRY[options.fmt].load()(r))


def write_json(session: Session, options: ExportOptions, fp: IO[str]) -> dict[str, int]:
    """The JSON copy (all time without --from/--to), streamed to `fp`; its counts."""
    from recovery_cli.export import json as json_export

    return json_export.write(
        session.db(), fp, start=options.start.isoformat() if options.start else None,
        end=options.end.isoformat() if options.end else None,
        include_private=options.include_private, tags=options.tags, sections=options.sections,
        now=options.now, checklists=session.checklists().checklists,
        settings=settings(session) if options.sections is None else None)


def private_left_out(session: Session, options: ExportOptions) -> int:
    """Private journal entries of the period that the export leaves out."""
    from recovery_cli.store import export_reads

    return export_reads.count_private_left_out(session.db(), export_reads.Window(
        options.start.isoformat() if options.start else None,
        options.end.isoformat() if options.end else None, options.include_private,
        options.tags))


def settings(session: Session) -> dict[str, Any]:
    """Every setting (dotted keys), for a full JSON export."""
    from recovery_cli.core import config

    cfg = session.config()
    return {key: config.get(cfg, key) for key in config.KEYS}


def period_skills(session: Session, first: date, last: date, sections: tuple[str, ...]
                  ) -> tuple[dict[str, str], dict[str, str]]:
    """Titles and credits of the skills practised in the period (check-ins tick them under
    coping; the report credits their originators); the library is loaded only when there are
    some."""
    if "checkins" not in sections:
        return {}, {}
    from recovery_cli.store import skills as store_skills

    practised = store_skills.days_practised(session.db(), first.isoformat(), last.isoformat())
    ids = {s for skills in practised.values() for s in skills}
    if not ids:
        return {}, {}
    from recovery_cli.tools.skills import load_skills

    library = load_skills(session.home).skills
    known = [i for i in sorted(ids) if i in library]
    return ({i: library[i].title for i in known},
            {i: library[i].credit for i in known if library[i].credit})
