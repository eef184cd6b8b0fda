"""Issue 24 (store half) and issue 20 finding 11: the paths an adversarial pass found.

A symlinked recovery.db, encrypt failing half-way, half-made backups, a symlinked backups/,
a hanging passphrase command, a read-only home, a full disk, Ctrl-C during a backup, a home
path with a line break, a recovery.db of random bytes in a home that never encrypted. Mounts
(tmpfs) need root; those tests skip cleanly without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery, tz_env, without_terminal

SQLITE_MAGIC = b"SQLite format 3\x00"
SECRET = "quokkafeather"


@pytest.fixture(autouse=True)
def _no_passphrase_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("RECOVERY_PASSPHRASE_FILE", "RECOVERY_PASSPHRASE_COMMAND",
                 "RECOVERY_PASSPHRASE_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    yield
    from recovery_cli.store import files

    files.unlock_file = None


@pytest.fixture
def sc() -> Any:
    return pytest.importorskip("sqlcipher3")


@pytest.fixture
def pfile(tmp_path: Path) -> Path:
    p = tmp_path / "passphrase"
    p.write_text("tea at four\n")
    return p


def seed(cli: Any, n: int = 3) -> None:
    with without_terminal():
        for i in range(n):
            r = cli("journal", "write", f"{SECRET} entry {i}")
            assert r.exit_code == 0, r.stderr


def bodies(cli: Any, *pre: str) -> list[str]:
    r = cli(*pre, "journal", "list", "-n", "1000", "--json")
    assert r.exit_code == 0, r.stderr
    return sorted(e["body"] for e in r.json())


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert "Traceback" not in text
    return text


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# --- 2. a symlinked recovery.db --------------------------------------------------------------


def test_a_symlinked_database_is_converted_where_it_lives(sc: Any, cli: Any, home: Path,
                                                          tmp_path: Path, pfile: Path) -> None:
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir(mode=0o700)
    seed(cli)
    before = bodies(cli)
    real = elsewhere / "journal.db"
    (home / "recovery.db").rename(real)
    (home / "recovery.db").symlink_to(real)
    assert bodies(cli) == before
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 0, r.stderr
    assert (home / "recovery.db").is_symlink() and (home / "recovery.db").resolve() == real
    data = real.read_bytes()
    assert data[:16] != SQLITE_MAGIC and data.strip(b"\x00")  # encrypted, not zeroed
    assert SECRET.encode() not in data
    assert not [p for p in elsewhere.iterdir() if p != real]  # no temp, no WAL left there
    assert bodies(cli, "--passphrase-file", str(pfile)) == before
    r = cli("--passphrase-file", str(pfile), "decrypt", "--yes")
    assert r.exit_code == 0, r.stderr
    assert (home / "recovery.db").is_symlink() and real.read_bytes()[:16] == SQLITE_MAGIC
    assert bodies(cli) == before


# --- 3 and 4. encrypt is all or nothing; half-made backups are never skipped ------------------


def _half_made_backup(home: Path) -> Path:
    """What an older `backup` killed half-way left: page 1 zeros and a hot journal holding
    plaintext."""
    folder = home / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    bad = folder / "recovery-20260101-000000-manual.db"
    bad.write_bytes(b"\x00" * 4096 + os.urandom(4096))
    (folder / (bad.name + "-journal")).write_bytes(f"{SECRET} journal text".encode() * 50)
    return bad


def test_encrypt_refuses_a_file_it_cannot_identify_and_changes_nothing(
        sc: Any, cli: Any, home: Path, pfile: Path) -> None:
    seed(cli)
    assert cli("backup").exit_code == 0  # a good plaintext backup
    bad = _half_made_backup(home)
    r = cli("doctor", "--json")
    assert r.exit_code == 1
    assert any("interrupted backup" in p and bad.name + "-journal" in p
               for p in r.json()["problems"])
    snapshot = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()
                and not p.name.startswith(".recovery.")}
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 1
    assert bad.name in one_line(r.stderr) and "nothing was changed" in r.stderr
    after = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()
             and not p.name.startswith(".recovery.")}
    assert after == snapshot  # the database and every backup as they were, no status.json
    assert not (home / "status.json").exists()
    (home / "backups" / (bad.name + "-journal")).unlink()
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 1 and bad.name in r.stderr  # the half-made file itself, too
    bad.unlink()
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 0, r.stderr
    assert "1 backup encrypted" in r.stdout
    assert not [p for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_encrypt_on_a_disk_with_room_for_one_copy_changes_nothing(
        sc: Any, cli: Any, home: Path, tmp_path: Path, pfile: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from recovery_cli.store import open_db, transaction

    made = tmp_path / "made"
    conn = open_db(made)
    with transaction(conn):
        for i in range(400):
            conn.execute("INSERT INTO entries(body, created_at, updated_at, day) VALUES "
                         "(?, '2026-01-01T10:00:00+00:00', '2026-01-01T10:00:00+00:00', "
                         "'2026-01-01')", (f"{SECRET} {i} " + os.urandom(300).hex(),))
    conn.close()
    size = (made / "recovery.db").stat().st_size
    # Room for the database, a backup and one more copy: not for two copies at once.
    with tmpfs(tmp_path / "disk", f"{(size * 27 // 10) // 4096 * 4}k") as disk:
        h = disk / "home"
        shutil.copytree(made, h)
        monkeypatch.setenv("RECOVERY_HOME", str(h))
        assert cli("backup").exit_code == 0
        before = bodies(cli)
        snapshot = {p: p.read_bytes() for p in h.rglob("*") if p.is_file()
                    and not p.name.startswith(".recovery.")}
        r = cli("--passphrase-file", str(pfile), "encrypt")
        assert r.exit_code == 1
        assert "room" in one_line(r.stderr) and "nothing was changed" in r.stderr
        after = {p: p.read_bytes() for p in h.rglob("*") if p.is_file()
                 and not p.name.startswith(".recovery.")}
        db = h / "recovery.db"  # plaintext, its content the same (WAL folded in: see below)
        assert after.pop(db)[:16] == snapshot.pop(db)[:16] == SQLITE_MAGIC
        assert after == snapshot
        assert bodies(cli) == before
        # A full disk for a backup: one line, nothing half-made left in backups/.
        r = cli("backup")
        assert r.exit_code == 1 and "room" in one_line(r.stderr)
        assert sorted(p.name for p in (h / "backups").iterdir()) == \
            sorted(p.name for p in snapshot if p.parent.name == "backups")
        # And a write on the full disk: one line, nothing lost.
        filler = disk / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as f:
            while True:
                f.write(b"\x00" * 65536)
                f.flush()
        r = cli("journal", "write", "x" * 200_000)
        assert r.exit_code == 1 and "full" in one_line(r.stderr)
        filler.unlink()
        assert bodies(cli) == before
        assert cli("doctor", "--json").json()["integrity"] == "ok"


# --- 14. Ctrl-C during a backup says what happened ---------------------------------------------


@pytest.mark.parametrize("when", ["copying", "complete"])
def test_ctrl_c_during_backup_says_whether_it_was_written(cli: Any, home: Path, when: str,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from recovery_cli.store import backups, files

    seed(cli)
    real_link, real_fsync = backups._link, files.fsync_path

    def fsync(path: Path) -> None:
        real_fsync(path)
        if when == "copying" and path.name.endswith(backups.PARTIAL):
            signal.raise_signal(signal.SIGINT)  # Ctrl-C once copied, before it has its name

    def link(tmp: Path, dest: Path) -> None:
        real_link(tmp, dest)
        if when == "complete":
            signal.raise_signal(signal.SIGINT)  # held until the name and fsync are done

    monkeypatch.setattr(files, "fsync_path", fsync)
    monkeypatch.setattr(backups, "_link", link)
    r = cli("backup")
    assert r.exit_code == 130
    made = list((home / "backups").iterdir())
    if when == "copying":
        assert made == []
        assert "no backup was written" in one_line(r.stderr)
    else:
        assert len(made) == 1 and made[0].name.endswith("-manual.db")
        assert "backup was complete" in one_line(r.stderr) and made[0].name in r.stderr


@pytest.mark.parametrize("when", ["copying", "renaming"])
def test_ctrl_c_during_encrypt_says_which_outcome(sc: Any, cli: Any, home: Path, pfile: Path,
                                                   when: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.store import files

    seed(cli)
    real_fsync = files.fsync_path

    def fsync(path: Path) -> None:
        real_fsync(path)
        if when == "copying" and path.name.endswith(".encrypting"):
            signal.raise_signal(signal.SIGINT)  # the copy is made, nothing renamed yet
        if when == "renaming" and path == home:
            signal.raise_signal(signal.SIGINT)  # held until every rename is done

    monkeypatch.setattr(files, "fsync_path", fsync)
    r = cli("--passphrase-file", str(pfile), "encrypt")
    monkeypatch.setattr(files, "fsync_path", real_fsync)
    assert r.exit_code == 130
    head = (home / "recovery.db").read_bytes()[:16]
    if when == "copying":
        assert head == SQLITE_MAGIC
        assert "nothing was saved" in one_line(r.stderr).lower()
        assert bodies(cli) == [f"{SECRET} entry {i}" for i in range(3)]
    else:
        assert head != SQLITE_MAGIC
        assert "Interrupted after the change was complete: your database" in one_line(r.stderr)
        assert bodies(cli, "--passphrase-file", str(pfile)) == \
            [f"{SECRET} entry {i}" for i in range(3)]
    assert not [p for p in home.iterdir() if ".encrypting" in p.name]


# --- 9. a symlinked backups/ -----------------------------------------------------------------


def test_backups_through_a_link_to_a_shared_folder_are_refused(cli: Any, home: Path,
                                                              tmp_path: Path) -> None:
    seed(cli)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    (home / "backups").symlink_to(shared)
    r = cli("backup")
    assert r.exit_code == 1
    assert str(shared) in one_line(r.stderr) and "No backup was written" in r.stderr
    assert list(shared.iterdir()) == []
    r = cli("doctor", "--json")
    assert r.exit_code == 1
    assert any("others can open" in p for p in r.json()["problems"])
    shared.chmod(0o700)
    r = cli("backup")
    assert r.exit_code == 0, r.stderr
    assert len(list(shared.iterdir())) == 1
    r = cli("doctor", "--json")
    assert r.exit_code == 0, r.json()["problems"]
    assert r.json()["backups_link"] == str(shared)


# --- 10. a passphrase command that hangs ---------------------------------------------------------


def _encrypted_home(cli: Any, pfile: Path) -> None:
    seed(cli)
    assert cli("--passphrase-file", str(pfile), "encrypt").exit_code == 0


def test_a_hanging_passphrase_command_times_out(sc: Any, cli: Any, home: Path, pfile: Path,
                                                tmp_path: Path) -> None:
    _encrypted_home(cli, pfile)
    marker = tmp_path / "grandchild"
    # It starts a grandchild that holds stdout open too: both must go.
    command = f"sh -c 'sleep 300 & echo $! > {marker}; wait'"
    started = time.monotonic()
    r = run_recovery("journal", "list", env={"RECOVERY_PASSPHRASE_COMMAND": command,
                                             "RECOVERY_PASSPHRASE_TIMEOUT": "1"}, timeout=60)
    took = time.monotonic() - started
    assert r.exit_code == 1
    assert "within 1 seconds" in one_line(r.stderr) and "RECOVERY_PASSPHRASE_TIMEOUT" in r.stderr
    assert took < 30
    pid = int(marker.read_text())
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text(
    ).split()[2]
    r = run_recovery("journal", "list", env={"RECOVERY_PASSPHRASE_COMMAND": "true",
                                             "RECOVERY_PASSPHRASE_TIMEOUT": "soon"})
    assert r.exit_code == 2 and "RECOVERY_PASSPHRASE_TIMEOUT" in one_line(r.stderr)


def test_remind_never_runs_the_passphrase_command(sc: Any, cli: Any, home: Path, pfile: Path,
                                                  tmp_path: Path) -> None:
    _encrypted_home(cli, pfile)
    ran = tmp_path / "ran"
    command = f"sh -c 'touch {ran}; sleep 300'"
    bare = {"PATH": "/usr/bin:/bin", "RECOVERY_HOME": str(home), "HOME": str(tmp_path),
            "RECOVERY_PASSPHRASE_COMMAND": command, "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            **tz_env()}
    done = subprocess.run([sys.executable, "-m", "recovery_cli", "remind", "--json"], env=bare,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=50)
    assert done.returncode == 0, done.stderr
    assert "due" in json.loads(done.stdout)
    assert not ran.exists()


# --- 11. a read-only home ------------------------------------------------------------------


def test_a_read_only_home_reads_and_refuses_writes_in_one_line(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with tmpfs(tmp_path / "ro", "8m") as disk:
        h = disk / "home"
        monkeypatch.setenv("RECOVERY_HOME", str(h))
        assert cli("checkin", "--mood", "6", "--note", "a calm day").exit_code == 0
        assert cli("plan", "add", "contacts", "Ana", "--phone", "555-0100").exit_code == 0 \
            or cli("plan", "add", "triggers", "Arguments").exit_code == 0
        seed(cli, 1)
        before = {p: p.read_bytes() for p in h.rglob("*") if p.is_file()}
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True,
                              check=False)
        if done.returncode != 0:
            pytest.skip("can't remount read-only")
        for args in (["history", "--json"], ["journal", "list", "--json"], ["plan", "show"],
                     ["doctor", "--json"], ["remind", "--json"], ["crisis"]):
            r = run_recovery(*args, env={"RECOVERY_HOME": str(h)})
            assert r.exit_code == 0, (args, r.stderr)
            assert "damaged" not in r.stdout + r.stderr, args
            assert "could not be read" not in r.stdout + r.stderr, args
        assert "a calm day" in run_recovery("history", "--json",
                                            env={"RECOVERY_HOME": str(h)}).stdout
        for args in (["checkin", "--mood", "3"], ["journal", "write", "more"],
                     ["plan", "add", "triggers", "Noise"], ["backup"]):
            r = run_recovery(*args, env={"RECOVERY_HOME": str(h)})
            assert r.exit_code == 1, (args, r.stdout, r.stderr)
            assert "read-only" in one_line(r.stderr).lower() or "Read-only" in r.stderr, args
            assert "damaged" not in r.stderr
        assert {p: p.read_bytes() for p in h.rglob("*") if p.is_file()} == before


# --- 14. a home path with a line break -------------------------------------------------------


def test_cron_refuses_a_home_path_with_a_line_break(cli: Any, tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines"
    for args in (["--home", str(odd), "remind", "cron"],
                 ["--home", str(odd), "remind", "cron", "--install"]):
        r = cli(*args)
        assert r.exit_code == 2, r.stdout
        assert "line break" in one_line(r.stderr)
        assert r.stdout == ""


# --- issue 20, finding 11: random bytes in a home that never encrypted ------------------------


def test_random_bytes_in_a_never_encrypted_home_are_damage_not_a_lock(
        cli: Any, keys: Any, home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / "recovery.db").write_bytes(os.urandom(8192))
    for args in (["journal", "list"], ["history"], ["checkin", "--mood", "5"]):
        r = cli(*args)  # a terminal is there (keys), yet nothing asks for a passphrase
        assert r.exit_code == 1, (args, r.stdout)
        assert "damaged or is not a recovery database" in one_line(r.stderr)
        assert "recovery restore" in r.stderr
        assert "Passphrase" not in r.stdout
