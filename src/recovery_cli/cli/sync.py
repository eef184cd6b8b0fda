"""Commands: sync (run), sync init | status | forget.

The folder is moved between computers by a tool the user already trusts (Syncthing, a git
repository, a USB stick); recovery itself opens no socket. The sync passphrase comes from
`--passphrase-file`, $RECOVERY_SYNC_PASSPHRASE_FILE, $RECOVERY_SYNC_PASSPHRASE_COMMAND, or a
hidden prompt in a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from recovery_cli.app.sync_run import ENV_COMMAND, ENV_FILE, NOT_SET_UP
from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state
from recovery_cli.core.errors import InputError, RecoveryError

PassFile = Annotated[Path | None, typer.Option(
    "--passphrase-file", metavar="PATH", help="Read the sync passphrase from this file (or "
    f"${ENV_FILE}, ${ENV_COMMAND}).")]

sync_app = typer.Typer(
    help="Keep your record on each of your computers through a folder you sync yourself "
    "(Syncthing, a git repository, a USB stick). Always encrypted; no server.",
    invoke_without_command=True,
)


def _ask(new: bool = False) -> str:
    """The hidden prompt (no passphrase file or variable), or its error without a terminal."""
    if not interactive():
        raise need("The sync passphrase", "--passphrase-file")
    from recovery_cli.prompts import passphrase as prompt

    if new:
        return prompt.ask_new_passphrase("A sync passphrase (the same on each computer):")
    return prompt.ask_passphrase("Sync passphrase:")


def _passphrase(path: Path | None, *, new: bool = False) -> str:
    from recovery_cli.app.sync_run import passphrase

    return passphrase(path, lambda: _ask(new))


def _settings(passphrase: str, cfg: dict[str, Any]) -> Any:
    from recovery_cli.app.sync_run import settings

    return settings(passphrase, cfg)


def _now() -> str:
    from recovery_cli.app.sync_run import now

    return now()


def _run(passphrase_file: Path | None) -> Any:
    from recovery_cli.app import sync_run

    return sync_run.run(state().home, state().db, passphrase_file, _ask)


@sync_app.callback()
def sync(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Print nothing unless something is wrong (cron).")
                     ] = False,
    passphrase_file: PassFile = None,
) -> None:
    """Read your other computers' new changes, merge them, and write this one's."""
    if ctx.invoked_subcommand is not None:
        return
    summary = _run(passphrase_file)
    if not quiet:
        report(summary.line())


@sync_app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(help="A folder your sync tool keeps in sync.",
                                                 metavar="FOLDER")],
    device_name: Annotated[str | None, typer.Option("--device-name", metavar="NAME",
                                                    help="This computer's name.")] = None,
    passphrase_file: PassFile = None,
) -> None:
    """Set up sync with FOLDER (new or already used by your other computers)."""
    import platform

    from recovery_cli.sync import config, engine, fileformat

    home = state().home
    conn = state().db()  # creates the home, 0700
    if config.load(home) is not None:
        raise InputError("Sync is already set up on this computer ('recovery sync status').")
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder.")
    others = fileformat.device_files(folder)
    name = (device_name or platform.node() or "this computer").strip()[:60]
    if not name:
        raise InputError("--device-name can't be empty.")
    passphrase = _passphrase(passphrase_file, new=not any(others.values()))
    cfg = config.new(folder, name)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings = _settings(passphrase, cfg)
    for files in others.values():  # a wrong passphrase is refused now, not at the first sync
        if files:
            fileformat.open_sealed(files[0][1].read_bytes(), passphrase, files[0][1].name,
                                   settings.schema)
            break
    (folder / cfg["device"]).mkdir(mode=0o700, exist_ok=True)
    config.save(home, cfg)
    summary = engine.run(conn, settings, _now())
    cfg["last_sync"] = _now()
    config.save(home, cfg)
    report(f"Sync is set up: this computer is {name!r}. {summary.line()}")
    report("Run 'recovery sync' on each computer; 'recovery remind cron' shows how to "
           "schedule it.")


def status_of(home: Path) -> dict[str, Any] | None:
    from recovery_cli.store import sync as store
    from recovery_cli.sync import config, fileformat

    cfg = config.load(home)
    if cfg is None:
        return None
    conn = state().db()
    known = store.devices(conn)
    files = fileformat.device_files(Path(cfg["folder"]))
    devices = []
    for device in sorted(set(known) | set(files)):
        if device == cfg["device"]:
            continue
        info = known.get(device, {"name": device, "last_at": None, "forgotten": False,
                                  "last_seq": 0})
        devices.append({"device": device, "name": info["name"], "last_at": info["last_at"],
                        "forgotten": info["forgotten"], "files": len(files.get(device, [])),
                        "merged_files": info["last_seq"]})
    unreadable = [f"{d}/{p.name}" for d, fs in files.items() for _, p in fs
                  if p.stat().st_size == 0]
    return {"folder": cfg["folder"], "device": cfg["device"], "name": cfg["name"],
            "last_sync": cfg.get("last_sync"), "devices": devices,
            "pending": store.pending_count(conn), "changed": store.changed_count(conn),
            "conflicts": store.conflicts(conn),
            "unreadable": unreadable}


@sync_app.command("status")
def status(json_out: JsonOption = False) -> None:
    """Computers seen, the last sync of each, files pending, and answers a conflict replaced."""
    from recovery_cli.ui.sync import status_lines

    info = status_of(state().home)
    if info is None:
        raise RecoveryError(NOT_SET_UP)
    if json_out:
        emit_json(info)
        return
    for line in status_lines(info):
        print(line)


@sync_app.command("forget")
def forget(device: Annotated[str, typer.Argument(help="The device id or name.",
                                                  metavar="DEVICE")]) -> None:
    """Stop reading a lost computer's files (what was merged from it stays)."""
    from recovery_cli.store import sync as store
    from recovery_cli.store import transaction

    info = status_of(state().home)
    if info is None:
        raise RecoveryError(NOT_SET_UP)
    match = [d for d in info["devices"] if device in (d["device"], d["name"])]
    if not match:
        raise InputError(f"No computer called {device!r} in the sync folder.")
    conn = state().db()
    with transaction(conn):
        for d in match:
            store.seen(conn, d["device"], d["name"], d["merged_files"], d["last_at"] or "")
            store.forget(conn, d["device"])
    report(f"Stopped reading {match[0]['name']}'s files; everything merged from it stays.")


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")
