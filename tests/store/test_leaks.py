"""Plaintext never left outside the home (issue 24, items 6, 8, 9, 10b): SIGHUP and SIGTERM
are handled like Ctrl-C (editor drafts and export temporary files removed, exit 129/143),
drafts live in the home, a dry run writes nothing anywhere, `doctor` finds what a SIGKILL
leaves, an export never writes through a symbolic link, an import from a pipe reads all of
it, and an encrypted home's export says it is plaintext."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery
from ptyutil import spawn_recovery
from test_bad_input import one_line

# --- signals ----------------------------------------------------------------------------------


def _wait_for(path: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.fixture
def hanging_editor(tmp_path: Path) -> tuple[Path, Path]:
    """An $EDITOR that writes into its file, says where it is (the marker), then waits."""
    marker = tmp_path / "editor-started"
    script = tmp_path / "slow-editor"
    script.write_text(f'#!/bin/sh\nprintf "my private words" > "$1"\necho "$1" > "{marker}.tmp"\n'
                      f'mv "{marker}.tmp" "{marker}"\nexec sleep 60\n', encoding="utf-8")
    script.chmod(0o700)
    return script, marker


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)],
                         ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("command", [("journal", "write"), ("journal", "edit", "1")])
def test_a_signal_while_the_editor_is_open_leaves_no_draft(
        home: Path, tmp_path: Path, hanging_editor: tuple[Path, Path], sig: int, code: int,
        command: tuple[str, ...]) -> None:
    script, marker = hanging_editor
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    assert run_recovery("journal", "write", "first entry",
                        env={"RECOVERY_HOME": str(home)}).exit_code == 0
    child = spawn_recovery(home, *command, EDITOR=str(script), VISUAL="", TMPDIR=str(tmpdir))
    _wait_for(marker)
    draft = Path(marker.read_text().strip())
    assert draft.parent == home / "drafts", draft  # inside the home, never in $TMPDIR
    assert (draft.parent.stat().st_mode & 0o777) == 0o700
    child.kill(sig)
    child.expect("nothing half-done was saved")
    child.expect(__import__("pexpect").EOF)
    child.close()
    assert child.exitstatus == code, (child.exitstatus, child.signalstatus)
    assert not draft.exists(), "the draft was left behind"
    assert list((home / "drafts").iterdir()) == []
    assert list(tmpdir.iterdir()) == []
    shown = run_recovery("journal", "list", "--json", env={"RECOVERY_HOME": str(home)})
    assert [e["body"] for e in json.loads(shown.stdout)] == ["first entry"]


_EXPORT_KILLED = """
import os, signal, sys
from recovery_cli.export import json as json_export
real = json_export.write
def write(*args, **kwargs):
    out = args[1]
    out.write("{ half an export")
    out.flush()
    os.kill(os.getpid(), signal.{sig})
    return real(*args, **kwargs)
json_export.write = write
from recovery_cli.cli import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.parametrize(("sig", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_during_export_leaves_no_temporary_file(cli: Any, home: Path, tmp_path: Path,
                                                        sig: str, code: int) -> None:
    """A real signal through the real handler, sent at a known point of the export."""
    assert cli("journal", "write", "private words").exit_code == 0
    out = tmp_path / "out" / "export.json"
    out.parent.mkdir()
    p = subprocess.run([sys.executable, "-c", _EXPORT_KILLED.replace("{sig}", sig),
                        "export", "--format", "json", "-o", str(out)],
                       env=dict(os.environ, RECOVERY_HOME=str(home)), capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == code, (p.returncode, p.stderr)
    assert "nothing half-done was saved" in p.stderr and "\n" not in p.stderr.strip()
    assert list(out.parent.iterdir()) == []


def test_dry_run_on_a_new_home_writes_nothing_anywhere(tmp_path: Path) -> None:
    """Regression: the imported content went into a database in $TMPDIR."""
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    home = tmp_path / "new-home"
    jrnl = tmp_path / "j.txt"
    jrnl.write_text("[2024-03-01 08:30] A day\nSecret words.\n", encoding="utf-8")
    r = run_recovery("import", str(jrnl), "--dry-run",
                     env={"RECOVERY_HOME": str(home), "TMPDIR": str(tmpdir)})
    assert r.exit_code == 0, r.stderr
    assert "Would add: 1 journal entry" in r.stderr or "1 journal entr" in r.stderr, r.stderr
    assert list(tmpdir.iterdir()) == []
    assert not (home / "recovery.db").exists()


# --- doctor finds what a SIGKILL leaves -------------------------------------------------------


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_doctor_finds_and_removes_leftovers(cli: Any, home: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("journal", "write", "x").exit_code == 0
    dead = _dead_pid()
    drafts = home / "drafts"
    drafts.mkdir(mode=0o700, exist_ok=True)
    draft = drafts / f"recovery-journal-{dead}-abc.md"
    draft.write_text("words")
    swap = drafts / f".recovery-journal-{dead}-abc.md.swp"
    swap.write_text("editor swap")
    live = drafts / f"recovery-journal-{os.getpid()}-live.md"  # a command still running
    live.write_text("being written")
    monkeypatch.chdir(tmp_path)
    export_tmp = tmp_path / f".recovery-export-{dead}-xyz"
    export_tmp.write_text("{ half")
    import tempfile

    private_tmp = tmp_path / "tmpdir"  # other runs' $TMPDIR files are not this test's
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    r = cli("doctor")
    assert r.exit_code == 1
    assert "left behind by a killed command" in r.stdout, r.stdout
    r = cli("doctor", "--json")
    assert set(r.json()["leftovers"]) == {str(draft), str(swap), str(export_tmp)}
    r = cli("doctor", "--remove-leftovers")
    assert "Removed 3 leftover files" in r.stderr
    assert not draft.exists() and not swap.exists() and not export_tmp.exists()
    assert live.exists()
    live.unlink()
    r = cli("doctor")
    assert r.exit_code == 0, r.stdout + r.stderr


def test_doctor_finds_older_versions_leftovers_in_tmpdir(home: Path, tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    (tmpdir / "recovery-journal-k2j3h4.md").write_text("an old draft")
    (tmpdir / "recovery-dry-run-abcd").mkdir()
    (tmpdir / "recovery-dry-run-abcd" / "recovery.db").write_text("x")
    (tmpdir / "recovery-journal-fresh12.md").write_text("an older version, still running?")
    (tmpdir / "unrelated.md").write_text("not ours")
    week_ago = time.time() - 7 * 86400
    for name in ("recovery-journal-k2j3h4.md", "recovery-dry-run-abcd"):
        os.utime(tmpdir / name, (week_ago, week_ago))
    env = {"RECOVERY_HOME": str(home), "TMPDIR": str(tmpdir)}
    r = run_recovery("doctor", "--json", env=env)
    assert r.exit_code == 1
    assert sorted(Path(p).name for p in json.loads(r.stdout)["leftovers"]) == [
        "recovery-dry-run-abcd", "recovery-journal-k2j3h4.md"]
    assert run_recovery("doctor", "--remove-leftovers", env=env).exit_code == 0
    assert sorted(p.name for p in tmpdir.iterdir()) == ["recovery-journal-fresh12.md",
                                                         "unrelated.md"]


# --- export -o never writes through a link ----------------------------------------------------


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("kind", ["to_a_file", "dangling", "to_a_folder_file"])
@pytest.mark.parametrize("fmt", ["md", "json", "csv"])
def test_export_never_writes_through_a_link(cli: Any, home: Path, tmp_path: Path, force: bool,
                                            kind: str, fmt: str) -> None:
    assert cli("journal", "write", "private words").exit_code == 0
    assert cli("checkin", "--mood", "5").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("someone else's file")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "export.out"
    if kind == "to_a_file":
        link.symlink_to(victim)
    elif kind == "dangling":
        link.symlink_to(elsewhere / "not-there")
    else:
        link = out / "journal.csv" if fmt == "csv" else out / "x"
        link.symlink_to(victim)
    args = ["export", "--format", fmt, "-o", f"{out}/" if kind == "to_a_folder_file" and
            fmt == "csv" else str(link), *(["--force"] if force else [])]
    r = cli(*args)
    err = one_line(r, 1)
    assert "symbolic link" in err, err
    assert victim.read_text() == "someone else's file"
    assert link.is_symlink()
    assert not (elsewhere / "not-there").exists()
    assert sorted(p.name for p in out.iterdir()) == [link.name]  # no temp file, no CSV
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim.txt"]


def test_a_linked_folder_is_still_a_folder(cli: Any, home: Path, tmp_path: Path) -> None:
    """The control: -o naming a folder through a link writes into that folder."""
    assert cli("journal", "write", "words").exit_code == 0
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real)
    r = cli("export", "--format", "md", "-o", str(tmp_path / "via"))
    assert r.exit_code == 0, r.stderr
    assert len(list(real.iterdir())) == 1


# --- an import from a pipe reads all of it ----------------------------------------------------


def _big_jrnl(n: int = 3000) -> str:
    return "".join(f"[2024-03-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}] Entry {i}\n"
                   + "words words words " * 5 + "\n\n" for i in range(n))


@pytest.mark.parametrize("how", ["dev_stdin", "dash"])
def test_import_from_a_pipe_is_whole(home: Path, how: str) -> None:
    """Regression: a pipe was read 64 KiB for detection, then only the rest was parsed, and
    the partial import exited 0."""
    text = _big_jrnl()
    assert len(text.encode()) > 5 * 65536
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "import",
                        "/dev/stdin" if how == "dev_stdin" else "-"], input=text, text=True,
                       env=dict(os.environ, RECOVERY_HOME=str(home)), capture_output=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "3000 journal entries" in p.stderr, p.stderr
    r = run_recovery("journal", "tags", "--json", env={"RECOVERY_HOME": str(home)})
    assert r.exit_code == 0
    listed = run_recovery("export", "--format", "json", "-o", "-",
                          env={"RECOVERY_HOME": str(home)})
    assert len(json.loads(listed.stdout)["tables"]["entries"]) == 3000


def test_import_from_an_empty_pipe_is_one_line(home: Path) -> None:
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "import", "-"], input="",
                       text=True, env=dict(os.environ, RECOVERY_HOME=str(home)),
                       capture_output=True, timeout=60)
    assert p.returncode == 2 and "standard input is empty" in p.stderr
    assert "/proc/" not in p.stderr


def test_a_bad_file_from_a_pipe_names_what_was_given(home: Path) -> None:
    p = subprocess.run([sys.executable, "-m", "recovery_cli", "import", "-",
                        "--format", "jrnl-json"], input='{"entries": [1]}', text=True,
                       env=dict(os.environ, RECOVERY_HOME=str(home)), capture_output=True,
                       timeout=60)
    assert p.returncode == 2, p.stderr
    assert "standard input" in p.stderr and "/proc/" not in p.stderr


# --- an encrypted home's export says it is plaintext ------------------------------------------


def test_export_of_an_encrypted_home_says_plaintext(cli: Any, home: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sqlcipher3")
    assert cli("journal", "write", "words").exit_code == 0
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o600)
    monkeypatch.setenv("RECOVERY_PASSPHRASE_FILE", str(secret))
    r = cli("encrypt")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "x.md"
    r = cli("export", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    line = next(ln for ln in r.stderr.splitlines() if str(out) in ln)
    assert "NOT encrypted" in line and "plain text" in line


def test_export_of_a_plain_home_says_nothing_about_encryption(cli: Any, tmp_path: Path) -> None:
    assert cli("journal", "write", "words").exit_code == 0
    r = cli("export", "-o", str(tmp_path / "x.md"))
    assert r.exit_code == 0 and "encrypted" not in r.stderr


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)],
                         ids=["SIGTERM", "SIGHUP"])
def test_a_signal_at_a_prompt_saves_nothing(home: Path, sig: int, code: int) -> None:
    """Like Ctrl-C: one line, nothing saved, the terminal given back."""
    import pexpect

    child = spawn_recovery(home, "checkin")
    child.expect("Mood")
    child.kill(sig)
    child.expect("nothing half-done was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    r = run_recovery("history", "--json", env={"RECOVERY_HOME": str(home)})
    assert json.loads(r.stdout) == []


def test_doctor_in_a_terminal_offers_to_remove_leftovers(cli: Any, keys: Any, home: Path,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert cli("journal", "write", "x").exit_code == 0
    drafts = home / "drafts"
    drafts.mkdir(mode=0o700, exist_ok=True)
    draft = drafts / f"recovery-journal-{_dead_pid()}-abc.md"
    draft.write_text("words")
    keys("n")  # No keeps it (questionary takes y/n without Enter)
    r = cli("doctor")
    assert r.exit_code == 1 and draft.exists()
    keys("y")
    r = cli("doctor")
    assert "Removed 1 leftover file" in r.stderr
    assert not draft.exists()
    assert r.exit_code == 0, r.stdout


def test_export_never_replaces_a_device_or_a_pipe(cli: Any, home: Path, tmp_path: Path) -> None:
    """Regression: `export -o /dev/null --force` renamed the finished file over the device,
    leaving a regular file at /dev/null. A FIFO stands in for the device here."""
    assert cli("checkin", "--mood", "5").exit_code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for force in ([], ["--force"]):
        r = cli("export", "--format", "md", "-o", str(fifo), *force)
        assert r.exit_code == 1, r.stderr
        assert "not a regular file" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".recovery-export")]
