"""Privacy: what is written is readable by its owner only, editor drafts don't linger, and
nothing tries to reach the network.

- The home is 0700 and every file in it 0600 (database, WAL, config, backups, locks), even
  when the person's umask is 022.
- Exports (every format, a CSV folder, an overwrite with --force) and backups are 0600.
- The editor's temporary file is 0600 while the editor has it, and gone afterwards.
- EVERY command of the app (found by walking the typer app, so a new one can't be missed)
  runs with socket creation blocked and audited: no attempt is made.
- `doctor` warns (exit 1) when modes are too open.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery


def mode(p: Path) -> int:
    return stat.S_IMODE(p.lstat().st_mode)


def loose_modes(home: Path) -> list[str]:
    out = []
    for p in [home, *home.rglob("*")]:
        if p.is_symlink():
            continue
        want = 0o700 if p.is_dir() else 0o600
        if mode(p) & ~want & 0o777 or (p.is_dir() and mode(p) != 0o700):
            out.append(f"{p.relative_to(home.parent)} {oct(mode(p))}")
    return out


# --- modes -----------------------------------------------------------------------------------


def test_home_and_every_file_are_private_under_a_loose_umask(home: Path, tmp_path: Path) -> None:
    """Real processes started with umask 022 (the usual default)."""
    env = {"RECOVERY_HOME": str(home)}
    jrnl = tmp_path / "in.txt"
    jrnl.write_text("[2024-03-01 08:30] A day\nFine.\n\n", encoding="utf-8")

    def run(*args: str) -> None:
        p = subprocess.run([sys.executable, "-m", "recovery_cli", *args],
                           env=dict(os.environ, **env), capture_output=True, text=True,
                           timeout=60, stdin=subprocess.DEVNULL,
                           preexec_fn=lambda: os.umask(0o022))
        assert p.returncode == 0, (args, p.stderr)

    run("journal", "write", "private words")
    run("checkin", "--mood", "5")
    run("config", "set", "region", "GB")
    run("backup")
    run("import", str(jrnl))
    run("plan", "add", "toolbox", "tea")
    run("assess", "take", "phq2", "--answers", "0,1")
    run("remind")  # the read-only fast path leaves -wal/-shm behind: private too
    names = {p.name for p in home.rglob("*")}
    assert {"recovery.db", "config.toml", "backups"} <= names
    assert loose_modes(home) == []


def test_wal_and_shm_files_are_private_while_open(home: Path, cli: Any) -> None:
    """While a connection is open its -wal and -shm exist: they hold journal text too."""
    from recovery_cli.store import open_db

    assert cli("journal", "write", "in the wal").exit_code == 0
    os.umask(0o022)
    try:
        conn = open_db(home)
        conn.execute("INSERT INTO life_values (text, created_at) VALUES ('x', 'y')")
        present = {p.name for p in home.iterdir()}
        assert "recovery.db-wal" in present
        assert loose_modes(home) == []
        conn.close()
    finally:
        os.umask(0o077)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "csv", "json"])
def test_exports_are_0600_even_in_an_open_folder(cli: Any, tmp_path: Path, fmt: str) -> None:
    assert cli("journal", "write", "for the therapist").exit_code == 0
    assert cli("checkin", "--mood", "6").exit_code == 0
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    target = folder / f"report.{fmt}"
    r = cli("export", "--format", fmt, "-o", str(target))
    assert r.exit_code == 0, r.stderr
    assert mode(target) == 0o600
    # Replacing a file someone left world-readable: the new one is private.
    target.write_text("old")
    os.chmod(target, 0o644)
    assert cli("export", "--format", fmt, "-o", str(target), "--force").exit_code == 0
    assert mode(target) == 0o600
    assert [p.name for p in folder.iterdir()] == [target.name]  # no temporary file left


def test_csv_folder_export_files_are_0600(cli: Any, tmp_path: Path) -> None:
    assert cli("checkin", "--mood", "6").exit_code == 0
    assert cli("journal", "write", "x").exit_code == 0
    folder = tmp_path / "tables"
    r = cli("export", "--format", "csv", "-o", f"{folder}/")
    assert r.exit_code == 0, r.stderr
    files = list(folder.iterdir())
    assert files and all(mode(f) == 0o600 for f in files)


def test_backups_are_0600(cli: Any, tmp_path: Path) -> None:
    assert cli("journal", "write", "x").exit_code == 0
    target = tmp_path / "mine.db"
    assert cli("backup", str(target)).exit_code == 0
    assert mode(target) == 0o600


# --- the editor's temporary file ------------------------------------------------------------


@pytest.fixture
def recording_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake $EDITOR: records the mode and path of the file it is given, then writes."""
    log = tmp_path / "editor.log"
    script = tmp_path / "fake-editor"
    script.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a %n" "$1" >> "{log}"\n'
        'printf "A title\\n\\nWritten in the editor.\\n" > "$1"\n',
        encoding="utf-8",
    )
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return log


def _editor_runs(log: Path) -> list[tuple[str, Path]]:
    out = []
    for line in log.read_text().splitlines():
        m, _, name = line.partition(" ")
        out.append((m, Path(name)))
    return out


def test_editor_temp_file_is_0600_and_removed(cli: Any, keys: Any, recording_editor: Path,
                                              home: Path) -> None:
    os.umask(0o022)  # the person's usual umask: the draft must be private anyway
    try:
        r = cli("journal", "write")
        assert r.exit_code == 0, r.stderr
        assert cli("journal", "edit", "1").exit_code == 0
    finally:
        os.umask(0o077)
    runs = _editor_runs(recording_editor)
    assert len(runs) == 2
    for m, path in runs:
        assert m == "600", (m, path)
        assert not path.exists(), f"draft left behind: {path}"
        assert not str(path).startswith(str(home)) or path.parent.name != "backups"
    entry = cli("journal", "show", "1", "--json").json()
    assert entry["body"].strip() == "Written in the editor."


def test_editor_failure_keeps_the_draft_private(cli: Any, keys: Any, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """When the editor fails after text was written the draft is kept (nothing is lost),
    still 0600."""
    script = tmp_path / "failing-editor"
    script.write_text('#!/bin/sh\nprintf "half a thought" > "$1"\nexit 3\n', encoding="utf-8")
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    r = cli("journal", "write")
    assert r.exit_code == 1
    kept = [Path(w.strip(".,")) for w in r.stderr.split() if "recovery-journal-" in w]
    assert len(kept) == 1 and kept[0].exists()
    assert mode(kept[0]) == 0o600
    assert kept[0].read_text() == "half a thought"
    kept[0].unlink()


# --- no network ------------------------------------------------------------------------------


class NetworkAttempt(AssertionError):
    pass


_AUDIT: dict[str, Any] = {"on": False, "seen": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _AUDIT["on"] and event.startswith("socket.") and event != "socket.gethostname":
        _AUDIT["seen"].append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # audit hooks can't be removed; this one only records when asked


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """socket creation and connection raise and are recorded; the audit hook catches any
    socket made by code that bound the functions before the patch."""
    attempts: list[str] = []

    def blocked(name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            attempts.append(name)
            raise NetworkAttempt(f"network use: socket.{name}{args!r:.100}")
        return fail

    class BlockedSocket(socket.socket):
        """A socket class that can still be subclassed (ssl's SSLSocket is, when a library
        first imports ssl under the patch) but never made."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            blocked("socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", BlockedSocket)
    for name in ("create_connection", "getaddrinfo", "socketpair", "fromfd", "create_server"):
        monkeypatch.setattr(socket, name, blocked(name))
    _AUDIT["seen"] = []
    _AUDIT["on"] = True
    try:
        yield attempts
    finally:
        _AUDIT["on"] = False
    attempts.extend(f"{e} {a}" for e, a in _AUDIT["seen"])


def _every_command(tmp: Path) -> dict[str, list[list[str]]]:
    """Minimal arguments that let each command run without a terminal (and, for most, do its
    real work on the demo home)."""
    jrnl = tmp / "in.txt"
    jrnl.write_text("[2024-03-01 08:30] A day\nFine.\n\n", encoding="utf-8")
    backup = tmp / "b.db"
    pw = tmp / "pw"
    pw.write_text("correct horse battery\n")
    out = tmp / "out"
    out.mkdir()
    (tmp / "sync-folder" / "oldlaptop").mkdir(parents=True)  # a computer to forget
    return {
        "checkin": [["checkin", "--mood", "5", "--note", "fine"]],
        "history": [["history", "--json"], ["history"]],
        "journal write": [["journal", "write", "hello", "--tag", "t"]],
        "journal list": [["journal", "list"], ["journal", "list", "--json"]],
        "journal show": [["journal", "show", "1"]],
        "journal search": [["journal", "search", "hello"]],
        "journal edit": [["journal", "edit", "1", "--text", "edited"]],
        "journal delete": [["journal", "delete", "1", "--yes"]],
        "journal tags": [["journal", "tags"]],
        "assess list": [["assess", "list"]],
        "assess take": [["assess", "take", "phq9", "--answers", "1,1,1,1,1,1,1,1,1"]],
        "assess history": [["assess", "history"], ["assess", "history", "phq9", "--json"]],
        "stage": [["stage"], ["stage", "--history", "--json"]],
        "plan show": [["plan", "show"], ["plan", "show", "--json"]],
        "plan edit": [["plan", "edit"]],  # needs a terminal: exit 2, naming the way
        "plan add": [["plan", "add", "toolbox", "tea"]],
        "plan remove": [["plan", "remove", "toolbox", "1"]],
        "plan check": [["plan", "check"], ["plan", "check", "--json"]],
        "crisis": [["crisis"], ["crisis", "--region", "GB"], ["crisis", "--json"]],
        "learn": [["learn"], ["learn", "--json", "--region", "AU"]],
        "remind": [["remind"], ["remind", "--json"], ["remind", "--notify"]],
        "remind cron": [["remind", "cron"], ["remind", "cron", "--at", "21:00"]],
        "export": [["export", "--format", f, "-o", str(out / f"r.{f}")]
                   for f in ("md", "html", "pdf", "csv", "json")],
        "import": [["import", str(jrnl)], ["import", str(jrnl), "--dry-run"]],
        "trends": [["trends"], ["trends", "--json"]],
        "snap": [["snap", "6", "--note", "fine"], ["snap", "4", "--json"]],
        "snaps": [["snaps"], ["snaps", "--days", "7", "--json"]],
        "backup": [["backup"], ["backup", str(backup)]],
        "restore": [["restore", str(backup), "--yes"]],
        "doctor": [["doctor"]],
        "config show": [["config", "show"]],
        "config get": [["config", "get", "region"]],
        "config set": [["config", "set", "region", "IE"]],
        "intake": [["intake", "--set", "brings_me=Tired"]],
        "intake edit": [["intake", "edit", "--set", "hopes=Rest"]],
        "intake show": [["intake", "show"]],
        "goals add": [["goals", "add", "Walk", "--step", "Shoes"]],
        "goals list": [["goals", "list"]],
        "goals done": [["goals", "done", "1", "--step", "1"]],
        "goals step": [["goals", "step", "1", "Another step"]],
        "goals review": [["goals", "review", "1", "--progress", "5"]],
        "values": [["values"]],
        "values add": [["values", "add", "Honesty"]],
        "values list": [["values", "list"]],
        "skills list": [["skills", "list"]],
        "skills show": [["skills", "show", "box_breathing"]],
        "skills practice": [["skills", "practice", "box_breathing", "--helpful", "5"]],
        "skills log": [["skills", "log"]],
        "meds add": [["meds", "add", "Aspirin", "--dose", "75 mg"]],
        "meds list": [["meds", "list"], ["meds", "list", "--all", "--json"]],
        "meds change": [["meds", "change", "aspirin", "--dose", "100 mg"]],
        "meds show": [["meds", "show", "Aspirin"]],
        "meds stop": [["meds", "stop", "Aspirin"]],
        "event add": [["event", "add", "Moved house", "--impact", "-1"]],
        "event list": [["event", "list"], ["event", "list", "--search", "house", "--json"]],
        "event edit": [["event", "edit", "1", "--text", "Moved flat"]],
        "event remove": [["event", "remove", "1", "--yes"]],
        "session log": [["session", "log", "--with", "Dr Lee"]],
        "session list": [["session", "list"]],
        "session next": [["session", "next", "in 3 days"], ["session", "next"]],
        "session bring": [["session", "bring", "ask about sleep"], ["session", "bring", "--list"]],
        "session prep": [["session", "prep", "--format", "md"],
                         ["session", "prep", "-o", str(tmp / "out" / "prep.pdf")]],
        "sync init": [["sync", "init", str(tmp / "sync-folder"), "--device-name", "here",
                       "--passphrase-file", str(pw)]],
        "sync": [["sync", "--passphrase-file", str(pw)],
                 ["sync", "--quiet", "--passphrase-file", str(pw)]],
        "sync status": [["sync", "status"], ["sync", "status", "--json"]],
        "sync forget": [["sync", "forget", "oldlaptop"]],
        "demo": [["demo"]],  # a home with data: refused, exit 1
        "completion": [["completion", "bash"]],
        "encrypt": [["--passphrase-file", str(pw), "encrypt"]],
        "passphrase": [["--passphrase-file", str(pw), "passphrase",
                        "--new-passphrase-file", str(pw)]],
        "decrypt": [["--passphrase-file", str(pw), "decrypt", "--yes"]],
    }


def _leaf_commands() -> set[str]:
    from typer.main import get_command

    from recovery_cli.cli import app

    out: set[str] = set()

    def walk(group: Any, path: str) -> None:
        for name, sub in getattr(group, "commands", {}).items():
            here = f"{path} {name}".strip()
            if not getattr(sub, "commands", None) or getattr(sub, "invoke_without_command", False):
                out.add(here)
            walk(sub, here)

    walk(get_command(app), "")
    return out


def test_every_command_is_in_the_network_run(tmp_path: Path) -> None:
    missing = _leaf_commands() - set(_every_command(tmp_path))
    assert missing == set(), f"add minimal arguments for: {sorted(missing)}"


@pytest.mark.slow
def test_every_command_runs_without_touching_the_network(cli: Any, home: Path, tmp_path: Path,
                                                         no_network: list[str]) -> None:
    from recovery_cli.cli import _common

    assert cli("demo", "--days", "21").exit_code == 0
    assert cli("goals", "add", "Sleep by 11", "--step", "Phone away").exit_code == 0
    ran = 0
    for path, runs in _every_command(tmp_path).items():
        for args in runs:
            r = cli(*args)
            ran += 1
            assert r.exit_code in (0, 1, 2), (args, r.exit_code, r.stderr)
            assert "Traceback" not in r.stdout + r.stderr, args
            assert "NetworkAttempt" not in r.stderr and "network use" not in r.stderr, args
            assert no_network == [], (args, no_network)
            if path not in ("plan edit", "demo", "encrypt", "passphrase", "decrypt"):
                assert r.exit_code == 0, (args, r.stderr)
    assert ran >= 60
    # The same without any answers given: with no terminal nothing prompts or connects.
    for bare in (["checkin"], ["journal", "write"], ["assess", "take", "phq9"],
                 ["intake"], ["goals", "review"]):
        r = cli(*bare)
        assert r.exit_code in (0, 2), (bare, r.stderr)
    assert no_network == []
    assert _common.interactive() is False


def test_the_blocker_does_catch_a_connection(no_network: list[str]) -> None:
    """The control: the fixture really sees an attempt."""
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network == ["create_connection"]
    no_network.clear()


@pytest.mark.slow
def test_commands_work_in_a_network_namespace_with_no_network(home: Path, tmp_path: Path) -> None:
    """Real processes in a namespace without any network (`unshare -n`), where available."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False) \
        if os.path.exists("/usr/bin/unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("unshare -n is not available here (needs root or user namespaces)")
    env = dict(os.environ, RECOVERY_HOME=str(home))
    for args in (["journal", "write", "offline"], ["checkin", "--mood", "5"],
                 ["export", "--format", "pdf", "-o", str(tmp_path / "r.pdf")],
                 ["remind"], ["crisis"], ["journal", "search", "offline"]):
        p = subprocess.run(["unshare", "-n", sys.executable, "-m", "recovery_cli", *args],
                           env=env, capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        assert p.returncode == 0, (args, p.stderr)


# --- doctor ----------------------------------------------------------------------------------


def test_doctor_warns_when_modes_are_too_open(cli: Any, home: Path) -> None:
    assert cli("journal", "write", "x").exit_code == 0
    assert cli("config", "set", "region", "GB").exit_code == 0
    assert cli("doctor").exit_code == 0
    os.chmod(home, 0o755)
    os.chmod(home / "recovery.db", 0o644)
    os.chmod(home / "config.toml", 0o640)
    r = cli("doctor")
    assert r.exit_code == 1
    text = " ".join((r.stdout + r.stderr).split())
    for name in ("recovery.db", "config.toml"):
        assert name in text
    assert "chmod" in text
    problems = cli("doctor", "--json").json()["problems"]
    assert any("0o755" in p and "0o644" in p and "0o640" in p for p in problems), problems
    os.chmod(home, 0o700)
    os.chmod(home / "recovery.db", 0o600)
    os.chmod(home / "config.toml", 0o600)
    assert cli("doctor").exit_code == 0


def test_doctor_sees_an_open_backup(cli: Any, home: Path) -> None:
    assert cli("journal", "write", "x").exit_code == 0
    assert cli("backup").exit_code == 0
    (backup,) = (home / "backups").iterdir()
    os.chmod(backup, 0o604)
    r = cli("doctor", "--json")
    assert r.exit_code == 1
    assert any(backup.name in p for p in r.json()["problems"])


def test_run_recovery_helper_still_private(home: Path) -> None:
    """The console entry point (not the test runner) creates the home 0700."""
    r = run_recovery("journal", "write", "via the entry point", env={"RECOVERY_HOME": str(home)})
    assert r.exit_code == 0, r.stderr
    assert mode(home) == 0o700 and mode(home / "recovery.db") == 0o600


