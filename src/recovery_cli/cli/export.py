"""Commands: export, import."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli import _export_files as _files
from recovery_cli.cli._common import interactive, state

if TYPE_CHECKING:
    import sqlite3
    from datetime import date

SECTION_NAMES = ("checkins", "journal", "assessments", "stage", "plan", "warnings", "intake")
BIG_IMPORT_BYTES = 1_000_000


def _sections(values: list[str] | None) -> tuple[str, ...] | None:
    from recovery_cli.core.errors import InputError

    if not values:
        return None
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            name = part.strip().lower()
            if name not in SECTION_NAMES:
                raise InputError(f"--section '{part}': expected one of {', '.join(SECTION_NAMES)}.")
            if name not in out:
                out.append(name)
    return tuple(out)


def _tags(values: list[str] | None) -> tuple[str, ...]:
    """The journal's tag rule: `--tag '#'` is bad input (exit 2), never "no filter", which
    would share every entry of the period (issue 22)."""
    from recovery_cli.journal.text import normalise_tag

    return tuple(dict.fromkeys(normalise_tag(v) for v in values or []))


def _resolve_period(fmt: str, start: str | None, end: str | None) -> tuple[date | None, date | None]:
    from recovery_cli.core import clock
    from recovery_cli.export.report import resolve_period

    today = clock.today()
    a, b = clock.parse_day_range(start, end, today)
    return resolve_period(a, b, today, all_time=fmt == "json")


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html, pdf, csv, json or fhir.",
                                     metavar="FORMAT")] = "md",
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 30 days "
                                              "before --to; JSON: all time).", metavar="DAY")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).",
                                            metavar="DAY")] = None,
    section: Annotated[list[str] | None, typer.Option(
        "--section", help="Only this part (repeatable): checkins, journal, assessments, "
        "stage, plan, warnings, intake. Default: all but the plan.", metavar="S")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", help="Only journal entries with this tag (repeatable).", metavar="T")] = None,
    include_private: Annotated[bool, typer.Option(
        "--include-private", help="Include private journal entries (left out by default; "
        "needed for a full JSON copy).")] = False,
    output: Annotated[str | None, typer.Option(
        "-o", "--output", help="Write here (a file; for csv a folder ending in / gets one file "
        "per table; - is stdout).", metavar="PATH")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    name: Annotated[str | None, typer.Option(
        "--name", help="FHIR only: the name to put on the patient (default: anonymous).",
        metavar="NAME")] = None,
) -> None:
    """Export a period for your therapist (md, html, pdf, csv), questionnaire results for a
    clinic's system (fhir) or a copy to import (json).

    Exports are for sharing, so private journal entries are left out of every format unless
    you add --include-private. A full copy that import restores exactly needs
    --include-private with --format json, or use 'recovery backup'.
    """
    from recovery_cli.core import clock
    from recovery_cli.core.errors import InputError
    from recovery_cli.export import FILE_BY_DEFAULT, REGISTRY, default_filename
    from recovery_cli.ui import export as ui_export

    fmt = fmt.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in REGISTRY:
        raise InputError(f"--format '{fmt}': expected one of {', '.join(REGISTRY)}.")
    sections = _sections(section)
    tags = _tags(tag)
    if name is not None and fmt != "fhir":
        raise InputError("--name is only used with --format fhir.")
    first, last = _resolve_period(fmt, start, end)
    now = clock.now()
    # --- FHIR (cli/_export_fhir.py): questionnaire results only, its own path ---
    if fmt == "fhir":
        from recovery_cli.cli._export_fhir import export_fhir, refuse_report_options

        refuse_report_options(section=bool(section), tag=bool(tag),
                              include_private=include_private)

        assert first is not None and last is not None
        export_fhir(first, last, name=name, output=output, force=force, now=now,
                    private_file=_files.private_file, target=_files.target)
        return
    # --- end FHIR ---
    from recovery_cli.app import export as app_export
    from recovery_cli.core import paths
    from recovery_cli.store.db import is_encrypted_file

    st = state()
    to_stdout = output == "-" or (output is None and fmt not in FILE_BY_DEFAULT)
    plain = is_encrypted_file(paths.db_path(st.home))  # an encrypted home's export is not
    dest = Path(output).expanduser() if output and not to_stdout else None
    options = app_export.ExportOptions(
        fmt, first, last, now, sections, tags, include_private,
        folder=fmt == "csv" and dest is not None and (
            str(output).endswith(("/", os.sep)) or dest.is_dir()))

    if fmt == "json":
        left_out = app_export.private_left_out(st, options)
        label = (f"{first} to {last}" if first and last else f"{first} onwards" if first
                 else f"up to {last}" if last else "all time")
        if to_stdout:
            app_export.write_json(st, options, sys.stdout)
            sys.stdout.flush()
            ui_export.private_note(left_out, "JSON")
            return
        assert dest is not None
        target = _files.target(dest, default_filename(
            "json", f"{first or 'all'}_to_{last or clock.today()}"))
        with _files.private_file(target, force) as fp:
            app_export.write_json(st, options, fp)
        ui_export.print_export_done(str(target), label, left_out, "JSON", plaintext=plain)
        return

    if to_stdout and fmt == "pdf" and sys.stdout.isatty():
        raise InputError("A PDF can't be shown in the terminal: give a file with -o, "
                         "or leave -o out to save it in this folder.")
    out = app_export.export(st, options)
    period, left_out = out.report.period, out.left_out
    if options.folder:
        assert dest is not None
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
        _files.private_files(dest, out.tables, force)  # all or none (issue 24)
        ui_export.print_export_done(f"{dest}{os.sep} ({', '.join(out.tables)})",
                                    period.label, left_out, "CSV", plaintext=plain)
        return
    data = out.data
    if to_stdout:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(_shown(data))
            sys.stdout.flush()
        ui_export.private_note(left_out)
        return
    target = (_files.target(dest, default_filename(fmt, period.slug)) if dest is not None
              else Path.cwd() / default_filename(fmt, period.slug))
    with _files.private_file(target, force) as fp:
        if isinstance(data, bytes):
            fp.flush()
            fp.buffer.write(data)
        else:
            fp.write(data)
    kind = {"md": "Markdown", "csv": "CSV"}.get(fmt, fmt.upper())
    ui_export.print_export_done(str(target), period.label, left_out, kind, plaintext=plain)


def _shown(text: str) -> str:
    """An export written to a terminal is for reading there: nothing in it may drive the
    terminal (ui.safe). Into a pipe or file it goes byte for byte."""
    if not sys.stdout.isatty():
        return text
    from recovery_cli.ui.safe import terminal_safe

    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def import_cmd(
    path: Annotated[Path, typer.Argument(help="The file to import (- reads standard input).",
                                         metavar="PATH",
                                         show_default=False)],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="auto, recovery-json, jrnl-json, jrnl-txt or daylio-csv.",
        metavar="FORMAT")] = "auto",
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Only count what would be imported; change nothing.")] = False,
    mood_map: Annotated[list[str] | None, typer.Option(
        "--mood-map", help="Daylio: the 0-10 value of a mood label, e.g. drained=2.5 "
        "(repeatable).", metavar="LABEL=VALUE")] = None,
) -> None:
    """Import a recovery JSON export, a jrnl journal (text or JSON) or a Daylio CSV export."""
    from recovery_cli import importers
    from recovery_cli.core.errors import InputError
    from recovery_cli.importers import daylio_csv, source

    fmt = fmt.lower()
    if fmt != "auto" and fmt not in importers.FORMATS:
        raise InputError(f"--format '{fmt}': expected auto or one of "
                         f"{', '.join(importers.FORMATS)}.")
    given = path if str(path) == "-" else path.expanduser()
    mm = daylio_csv.parse_mood_map(mood_map or [])
    shown = "standard input" if str(given) == "-" else str(given)
    with source.readable(given) as readable:  # a pipe or stdin: read once, whole, in memory
        try:
            _import(readable, "standard input" if str(given) == "-" else given.name, fmt, mm,
                    dry_run)
        except InputError as exc:  # name what the person gave, not the in-memory copy
            if readable == given:
                raise
            raise InputError(exc.message.replace(str(readable), shown)) from None


def _import(path: Path, name: str, fmt: str, mm: dict[str, float], dry_run: bool) -> None:
    from recovery_cli import importers
    from recovery_cli.importers import daylio_csv
    from recovery_cli.ui import export as ui_export

    importers.check_readable(path)
    if fmt == "auto":
        fmt = importers.detect(path)
    label = f"{importers.FORMATS[fmt]} ({name})"

    parsed: importers.Parsed | None = None
    if fmt == "daylio-csv":
        data = daylio_csv.read(path)
        unknown = data.unknown_labels(mm)
        if unknown and not dry_run:
            mm.update(_ask_moods(unknown, data.labels()))
        parsed = daylio_csv.build(data, mm)
    elif fmt != "recovery-json":
        parsed = importers.read(path, fmt)

    with _import_db(dry_run) as conn:
        from recovery_cli.store.db import transaction
        from recovery_cli.store.import_writes import rehearsal

        if parsed is None:  # every row checked before the transaction begins
            from recovery_cli.importers import recovery_json
            from recovery_cli.store.export_reads import DUMP_TABLES, columns

            recovery_json.validate_file(path, state().checklists(),
                                        {t: columns(conn, t) for t in DUMP_TABLES})

        big = path.stat().st_size > BIG_IMPORT_BYTES or (parsed is not None and parsed.total > 2000)
        total = parsed.total if parsed is not None else None
        with ui_export.progress(total, "Importing", big) as tick, \
                (rehearsal(conn) if dry_run else transaction(conn)):
            if parsed is None:
                counter = importers.CrisisCounter()
                counts = recovery_json.import_file(conn, path, tick,
                                                   checklists=state().checklists().checklists,
                                                   seen_row=counter)
                crisis_rows = counter.count
            else:
                counts = importers.write_parsed(conn, parsed, tick)
                crisis_rows = importers.crisis_count(parsed)
    ui_export.print_import_summary(label, counts.as_dict(),
                                   parsed.warnings if parsed else [], dry_run)
    from recovery_cli.cli import _crisis_note

    _crisis_note.after_import(crisis_rows)
    if parsed is None and not dry_run:
        _import_settings(path)


def _import_settings(path: Path) -> None:
    """Settings from a recovery JSON export, taken only where this home still has the
    default (a person's own choices are never overwritten); a bad value is skipped."""
    import json

    from recovery_cli.core import config
    from recovery_cli.core.errors import InputError
    from recovery_cli.importers.recovery_json import read_settings

    theirs = read_settings(path)
    if not theirs:
        return
    cfg = state().config()
    default = config.Config()
    taken: list[str] = []
    for key, value in theirs.items():
        if key not in config.KEYS or config.get(cfg, key) != config.get(default, key):
            continue
        if value == config.get(default, key):
            continue
        text = ",".join(value) if isinstance(value, list) else (
            json.dumps(value) if isinstance(value, bool) else str(value))
        try:
            cfg = config.set_value(cfg, key, text)
        except InputError:
            continue
        taken.append(key)
    if taken:
        config.save(state().home, cfg)
        print(f"Settings from the file (this home had the defaults): {', '.join(taken)}.",
              file=sys.stderr)


@contextlib.contextmanager
def _import_db(dry_run: bool) -> Iterator[sqlite3.Connection]:
    """The database to import into. A dry run on a home without a database counts against an
    empty one in memory: not even an empty database is created, and nothing imported is ever
    written to disk (it was a database in $TMPDIR, issue 24)."""
    from recovery_cli.core import paths

    st = state()
    if dry_run and not paths.db_path(st.home).exists():
        from recovery_cli.store.db import open_memory_db

        conn = open_memory_db()
        try:
            yield conn
        finally:
            conn.close()
        return
    yield st.db()


def _ask_moods(unknown: list[str], uses: dict[str, int]) -> dict[str, float]:
    """Ask the 0-10 value of each mood label we don't know (terminal only)."""
    from recovery_cli.core.errors import MissingAnswerError

    if not interactive():
        first = unknown[0]
        raise MissingAnswerError(
            f"The Daylio mood{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)} "
            f"{'have' if len(unknown) > 1 else 'has'} no value and there is no terminal to ask in: "
            f"pass --mood-map {first}=VALUE (0-10; the defaults are rad=10, good=7.5, meh=5, "
            "bad=2.5, awful=0). Nothing was imported."
        )
    from recovery_cli.prompts import ask_number
    from recovery_cli.ui import say

    say("Some moods in this file are your own labels. Give each a value on the 0-10 mood "
        "scale (rad 10, good 7.5, meh 5, bad 2.5, awful 0).")
    out: dict[str, float] = {}
    for label in unknown:
        n = uses.get(label, 0)
        value = ask_number(
            f"Value for '{label}' ({n} {'entry' if n == 1 else 'entries'})", 0, 10, decimals=1,
            required=True, cancelled="Import cancelled; nothing was imported.",
        )
        assert value is not None
        out[label] = value
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("export")(export_cmd)
    app.command("import")(import_cmd)
