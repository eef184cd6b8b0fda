"""Commands: doctor, backup, restore, config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, state

config_app = typer.Typer(help="Show and change your settings.", no_args_is_help=True)


def doctor(
    json_out: JsonOption = False,
    remove_leftovers: Annotated[bool, typer.Option(
        "--remove-leftovers", help="Delete the plaintext files a killed command left behind "
        "(editor drafts, export temporary files) without asking.")] = False,
) -> None:
    """Check your data: where it lives, schema, integrity, file modes, checklist files, and
    plaintext left behind by a killed command."""
    from recovery_cli.core import paths
    from recovery_cli.store import db as store_db

    st = state()
    home = st.home
    report: dict[str, object] = {"home": str(home), "database": str(paths.db_path(home))}
    problems: list[str] = []
    report["encrypted"] = False
    if home.exists():
        conn = st.db()
        report["schema_version"] = store_db.schema_version(conn)
        from recovery_cli.store import backups
        from recovery_cli.store.cipher import convert, inspect, keying

        if keying.is_encrypted_connection(conn):
            report["encrypted"] = True
            report["cipher"] = inspect.cipher_settings(conn)
            problems += [f"cipher_integrity_check: {p}" for p in inspect.cipher_problems(conn)]
        problems += [f"left by an interrupted encrypt/decrypt/restore (safe to delete): {p}"
                     for p in convert.leftovers(home)]
        folder = paths.backups_dir(home)
        problems += [f"left by an interrupted backup (safe to delete): {p}"
                     for p in backups.leftovers(folder)]
        link = backups.link_problem(folder)
        if link is not None:
            problems.append(link + " 'recovery backup' refuses to write there.")
        elif folder.is_symlink():
            report["backups_link"] = str(folder.resolve())
        report["integrity"] = store_db.integrity(conn)
        if report["integrity"] != "ok":
            problems.append(f"integrity_check: {report['integrity']}")
        missing = store_db.missing_fts_triggers(conn)
        if missing:
            problems.append("journal search index triggers missing: " + ", ".join(missing))
        loose: list[str] = []
        for p in [home, *sorted(home.rglob("*"))]:
            if p.is_symlink():
                continue
            if (p.is_dir() and paths.mode_of(p) != 0o700) or (p.is_file() and paths.too_open(p)):
                loose.append(f"{p} is {oct(paths.mode_of(p))}")
        if loose:
            problems.append(
                "readable by others (fix with chmod 700 folders, 600 files): " + "; ".join(loose)
            )
    else:
        report["schema_version"] = None
        report["integrity"] = "no database yet"
    cl = st.checklists(validate=True)
    report["checklists"] = sorted(cl.checklists)
    report["checklist_errors"] = [e.message for e in cl.errors]
    report["builtin_data"] = str(paths.builtin_data_dir())
    report["user_checklists"] = str(paths.user_checklists_dir(home))
    report["backups"] = str(paths.backups_dir(home))
    problems += _crisis_problems()
    leftover = _plaintext_leftovers(home, remove_leftovers, ask=not json_out)
    report["leftovers"] = [str(p) for p in leftover]
    if leftover:
        problems.append("plaintext left behind by a killed command (editor drafts, export "
                        "temporary files; 'recovery doctor --remove-leftovers' deletes them): "
                        + "; ".join(str(p) for p in leftover))
    problems += _sync_report(home, report)
    report["problems"] = problems
    if json_out:
        emit_json(report)
    else:
        from recovery_cli.ui import admin as ui_admin

        ui_admin.print_doctor(report)
    if problems or cl.errors:
        raise typer.Exit(1)


def _sync_report(home: Path, report: dict[str, object]) -> list[str]:
    """The sync folder, the computers in it and any file that can't be read (issue 21)."""
    from recovery_cli.sync import config, fileformat

    cfg = config.load(home)
    if cfg is None:
        report["sync"] = None
        return []
    folder = Path(cfg["folder"])
    devices = sorted(fileformat.device_files(folder))
    bad = fileformat.damaged(folder)
    report["sync"] = {"folder": str(folder), "device": cfg["device"], "name": cfg["name"],
                      "last_sync": cfg.get("last_sync"), "devices": devices,
                      "unreadable": bad}
    problems = [f"sync: the file {b} in the sync folder can't be read" for b in bad]
    if not folder.is_dir():
        problems.append(f"sync: the sync folder {folder} is not there")
    return problems


def _crisis_problems() -> list[str]:
    """The crisis lines file loads, and the configured region has lines in it (a config.toml
    edited by hand can name one `config set region` would refuse)."""
    from recovery_cli.core.checklists import load_crisis
    from recovery_cli.plan import crisis

    try:
        data = load_crisis(validate=True)
    except Exception as exc:
        return [f"crisis lines: {exc}"]
    try:
        region = state().config().region
    except Exception:
        return []  # a broken config.toml is reported by every command that reads it
    if region and region not in crisis.known_regions(data):
        return [f"crisis lines: none are stored for your region {region}, so crisis help shows "
                "only findahelpline.com and your local emergency number; "
                f"known regions: {', '.join(crisis.known_regions(data))}"]
    return []


def _plaintext_leftovers(home: Path, remove: bool, *, ask: bool) -> list[Path]:
    """Editor drafts and export temporary files a SIGKILLed command left (`leftovers`), in
    the home, the current folder and $TMPDIR. Removed with --remove-leftovers, or when the
    person says yes in a terminal; -> those still there."""
    from recovery_cli.core import leftovers

    found = leftovers.find(home, (Path.cwd(),))
    if not found:
        return []
    if not remove and ask and interactive():
        from recovery_cli.prompts import ask_confirm

        for p in found:
            print(f"Left behind: {p}")
        remove = ask_confirm(f"Remove {'this file' if len(found) == 1 else 'these files'} "
                             "now? They may hold what you wrote, in plain text.", default=False,
                             cancelled="Nothing was removed.")
    if not remove:
        return found
    still = leftovers.remove(found)
    print(f"Removed {len(found) - len(still)} leftover file{'s' if len(found) != 1 else ''}.",
          file=sys.stderr)
    return still


def backup(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]",
                       help="Where to write the backup (a file, or a folder). Default: backups/."),
    ] = None,
) -> None:
    """Copy your whole database to a backup file (0600), safely while in use."""
    from recovery_cli.core import paths
    from recovery_cli.core.errors import RecoveryError
    from recovery_cli.store import backups

    st = state()
    conn = st.db()
    if path is None:
        dest = backups.backup_file(conn, paths.backups_dir(st.home), "manual")
    else:
        dest = path.expanduser()
        if dest.is_dir():
            dest = backups.backup_file(conn, dest, "manual")
        else:
            if dest.exists() or dest.is_symlink():
                raise RecoveryError(f"{dest} already exists; choose another name.")
            backups.copy_to(conn, dest)
    print(f"Backed up to {dest}")


def restore(
    path: Annotated[Path, typer.Argument(metavar="PATH",
                                         help="A backup file made by 'recovery backup'.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Replace your data with a backup (your current data is backed up first)."""
    from recovery_cli.cli._common import need
    from recovery_cli.store import db as store_db

    st = state()
    store_db.check_restorable(path.expanduser())
    if not yes:
        if not interactive():
            raise need("Confirmation", "--yes")
        from recovery_cli import prompts

        if not prompts.ask_confirm(
            f"Replace your current data with {path}? (it is backed up first)", default=False,
            cancelled="Restore cancelled; nothing was changed.",
        ):
            print("Nothing was changed.")
            return
    st.close()
    from recovery_cli.store import restore as store_restore

    safety = store_restore.restore_from(st.home, path.expanduser())
    st.db()  # migrate an older backup now, so the next command is fast
    st.close()
    print(f"Restored from {path}.")
    if safety:
        print(f"Your previous data is kept in {safety}")


@config_app.command("show")
def config_show(json_out: JsonOption = False) -> None:
    """Show every setting and its value."""
    from recovery_cli.core import config

    cfg = state().config()
    values = {k: config.get(cfg, k) for k in config.KEYS}
    if json_out:
        emit_json(values)
        return
    from recovery_cli.ui import admin as ui_admin

    ui_admin.print_config(values)


@config_app.command("get")
def config_get(key: Annotated[str, typer.Argument(
        metavar="KEY", help="A setting, e.g. reminders.checkin_time.")]) -> None:
    """Print one setting."""
    import json

    from recovery_cli.core import config

    value = config.get(state().config(), key)
    print(json.dumps(value) if isinstance(value, list | bool) or value is None else value)


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY", help="A setting, e.g. region.")],
    value: Annotated[str, typer.Argument(metavar="VALUE",
                                         help='The new value ("" clears region).')],
) -> None:
    """Change one setting (validated before it is saved)."""
    from recovery_cli.core import config

    st = state()
    config.get(st.config(), key)  # unknown keys fail here
    if key == "region" and value.strip():
        value = _known_region(value)
    new = config.set_value(st.config(), key, value)
    config.save(st.home, new)
    from recovery_cli.ui.admin import config_value_words

    print(f"{key} = {config_value_words(key, config.get(new, key))}")


def _known_region(value: str) -> str:
    """Only a region recovery holds crisis lines for (with a phone number each): anything
    else is refused with the list, so a crisis never shows a block without a number to call
    (docs/ARCHITECTURE.md). A crisis file that can't be read refuses nothing."""
    from recovery_cli.core.checklists import load_crisis
    from recovery_cli.core.errors import ChecklistError
    from recovery_cli.plan import crisis

    try:
        data = load_crisis()
    except ChecklistError:
        return value
    return crisis.check_region(value, data)


def register(app: typer.Typer) -> None:
    from recovery_cli.cli import completion

    completion.register(app)
    app.command()(doctor)
    app.command()(backup)
    app.command()(restore)
    app.add_typer(config_app, name="config")
