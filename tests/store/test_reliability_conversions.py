"""Conversions (encrypt, decrypt, passphrase, restore) and backups, raced and killed (issue 24).

1. Writers: three processes run `journal write` in a loop (the real program, in-process, one
   run after another) while `encrypt`, `decrypt` or `restore` runs in a fourth. Every write
   that exited 0 is found afterwards (for restore: in the restored database, or, when it was
   made before the restore began, in the safety backup), integrity is ok, the database opens
   with its passphrase, and no run failed.
2. SIGKILL trials: a "zygote" imports everything once and forks one run of the command per
   trial, on a fresh copy of a prepared home; the test kills it at a random moment (seeded)
   within the time a whole run takes. After each kill: integrity ok, the database either as
   it was or converted (never half), no plaintext anywhere beside an encrypted database, and
   every backup complete. RECOVERY_KILL_TRIALS sets the trials per command (default 6; the
   figures in the README's Reliability section are from 50).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_recovery

SQLITE_MAGIC = b"SQLite format 3\x00"
SECRET = "quokkafeather"
OLD_PASS = "correct horse battery"
NEW_PASS = "a much better passphrase"
TRIALS = int(os.environ.get("RECOVERY_KILL_TRIALS", "6"))
SEED = 20261201
ENTRIES = 400

sc = pytest.importorskip("sqlcipher3")


# --- homes -----------------------------------------------------------------------------------


def _env(home: Path, pfile: Path) -> dict[str, str]:
    env = dict(os.environ, RECOVERY_HOME=str(home), NO_COLOR="1",
               RECOVERY_PASSPHRASE_FILE=str(pfile))
    for name in ("RECOVERY_DEBUG", "RECOVERY_PASSPHRASE_COMMAND"):
        env.pop(name, None)
    return env


@pytest.fixture
def pfiles(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old-pass", tmp_path / "new-pass"
    old.write_text(OLD_PASS + "\n")
    new.write_text(NEW_PASS + "\n")
    return old, new


@pytest.fixture(autouse=True)
def _reset_unlock() -> Iterator[None]:
    yield
    from recovery_cli.store.cipher import keying

    keying.configure(None)


def make_home(home: Path, pfile: Path, *, entries: int = ENTRIES, encrypted: bool = False,
              backups: int = 0, tag: str = "a") -> set[str]:
    """A home with `entries` journal entries ("<tag> SECRET n ...") and `backups` backups in
    backups/; encrypted with OLD_PASS when asked. Returns the entry bodies."""
    from recovery_cli.store import backups as store_backups
    from recovery_cli.store import open_db, transaction
    from recovery_cli.store.cipher import convert, keying

    keying.configure(pfile)
    bodies = {f"{tag} {SECRET} {i} " + "filler words " * 20 for i in range(entries)}
    conn = open_db(home)
    try:
        with transaction(conn):
            for body in sorted(bodies):
                conn.execute("INSERT INTO entries(body, created_at, updated_at, day) "
                             "VALUES (?, ?, ?, ?)", (body, "2026-01-01T10:00:00+00:00",
                                                     "2026-01-01T10:00:00+00:00", "2026-01-01"))
        for i in range(backups):
            store_backups.backup_file(conn, home / "backups", f"b{i}")
    finally:
        conn.close()
    if encrypted:
        convert.encrypt_home(home, OLD_PASS)
    keying.configure(None)
    return bodies


def open_any(path: Path, keys: tuple[str | None, ...]) -> tuple[Any, str | None]:
    """A connection to `path` with the first key that opens it (None: plaintext)."""
    for key in keys:
        if key is None:
            if path.read_bytes()[:16] != SQLITE_MAGIC:
                continue
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True), None
        conn = sc.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("PRAGMA key = ?".replace("?", "'" + key.replace("'", "''") + "'"))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sc.DatabaseError:
            conn.close()
            continue
        return conn, key
    raise AssertionError(f"{path} opens with none of the keys")


def content(path: Path, keys: tuple[str | None, ...]) -> tuple[str | None, set[str]]:
    """(the key that opened it, its entry bodies); integrity checked."""
    conn, key = open_any(path, keys)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path
        bodies = {str(r[0]) for r in conn.execute("SELECT body FROM entries")}
    finally:
        conn.close()
    return key, bodies


def plaintext_files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


# --- 1. writers racing a conversion ----------------------------------------------------------

WRITER = r"""
import io, os, sys, time, contextlib
from recovery_cli.main import main

w, stop, log_path, err_path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
sink = io.StringIO()
i = 0
while not os.path.exists(stop):
    sink.seek(0)
    sink.truncate()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = main(["journal", "write", f"writer {w} entry {i}"])
    if code == 0:
        os.write(log, f"{i} {time.monotonic()}\n".encode())
    else:
        with open(err_path, "a") as f:
            f.write(f"{i} exit {code}: {sink.getvalue()!r}\n")
    i += 1
"""


def _acked(log: Path) -> list[tuple[int, float]]:
    if not log.exists():
        return []
    return [(int(a), float(b)) for a, b in
            (line.split() for line in log.read_text().splitlines() if line.strip())]


def _wait_for(predicate: Any, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("operation", ["encrypt", "decrypt", "restore"])
def test_writers_during_a_conversion_lose_nothing(home: Path, tmp_path: Path,
                                                  pfiles: tuple[Path, Path],
                                                  operation: str) -> None:
    pfile = pfiles[0]
    make_home(home, pfile, entries=300, encrypted=operation != "encrypt")
    backup = tmp_path / "mine.db"
    if operation == "restore":
        r = run_recovery("backup", str(backup), env=_env(home, pfile))
        assert r.exit_code == 0, r.stderr
    env = _env(home, pfile)
    stop = tmp_path / "stop"
    logs = [tmp_path / f"w{w}.log" for w in range(3)]
    errs = [tmp_path / f"w{w}.err" for w in range(3)]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(w), str(stop), str(logs[w]),
                                 str(errs[w])], env=env, stdin=subprocess.DEVNULL)
               for w in range(3)]
    try:
        _wait_for(lambda: all(len(_acked(log)) >= 3 for log in logs), "the writers to start")
        args = {"encrypt": ["encrypt"], "decrypt": ["decrypt", "--yes"],
                "restore": ["restore", str(backup), "--yes"]}[operation]
        began = time.monotonic()
        r = run_recovery(*args, env=env, timeout=120)
        ended = time.monotonic()
        assert r.exit_code == 0, r.stderr
        seen = [len(_acked(log)) for log in logs]
        _wait_for(lambda: all(len(_acked(log)) >= n + 3 for log, n in zip(logs, seen, strict=True)),
                  "writes after the conversion")
    finally:
        stop.touch()
        for p in writers:
            p.wait(timeout=120)
    failures = [e.read_text() for e in errs if e.exists()]
    assert not failures, failures
    keys: tuple[str | None, ...] = (None,) if operation == "decrypt" else (OLD_PASS,)
    key, bodies = content(home / "recovery.db", keys)
    assert key == keys[0]
    acked = {w: _acked(log) for w, log in enumerate(logs)}
    during = sum(1 for entries in acked.values() for _, t in entries if began <= t <= ended)
    if operation == "restore":
        safety = next((home / "backups").glob("*before-restore*.db"))
        _, before = content(safety, (OLD_PASS,))
        for w, entries in acked.items():
            for i, t in entries:
                body = f"writer {w} entry {i}"
                assert body in bodies or (t < ended and body in before), (body, t - began)
                if t > ended:
                    assert body in bodies, body
    else:
        missing = [f"writer {w} entry {i}" for w, entries in acked.items() for i, _ in entries
                   if f"writer {w} entry {i}" not in bodies]
        assert not missing, (len(missing), missing[:5])
    if operation != "decrypt":
        assert not plaintext_files(home)
    assert not [p for p in home.iterdir() if p.name.endswith((".encrypting", ".decrypting",
                                                              ".restoring"))]
    print(f"{operation}: {sum(len(v) for v in acked.values())} writes acknowledged, "
          f"{during} of them while it ran; all found")


# --- 2. SIGKILL trials -----------------------------------------------------------------------

ZYGOTE = r"""
import io, os, sys, time, contextlib
import sqlcipher3, sqlite_utils, rich.table, pydantic
import recovery_cli.cli, recovery_cli.store.cipher.convert, recovery_cli.store.restore
import recovery_cli.prompts
from recovery_cli.main import main

os.write(1, b"READY\n")
for line in sys.stdin:
    home, args = line.rstrip("\n").split("\t", 1)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.environ["RECOVERY_HOME"] = home
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            code = main(args.split("\t"))
        if code != 0:
            os.write(2, f"exit {code}: {sink.getvalue()}".encode())
        os._exit(code)
    os.write(1, f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"{status} {time.monotonic() - started}\n".encode())
"""


class Zygote:
    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        assert self.proc.stdout.readline() == "READY\n"

    def run(self, home: Path, args: list[str], kill_after: float | None) -> tuple[int, float]:
        """(wait status, seconds) of one run, killed `kill_after` seconds in when given."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{home}\t" + "\t".join(args) + "\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline())
        if kill_after is not None:
            time.sleep(kill_after)  # the random moment; correctness never depends on it
            with contextlib.suppress(ProcessLookupError):  # it finished first
                os.kill(pid, signal.SIGKILL)
        status, took = self.proc.stdout.readline().split()
        return int(status), float(took)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _backups(home: Path) -> list[Path]:
    folder = home / "backups"
    return sorted(p for p in folder.glob("*.db") if not p.name.startswith(".")) \
        if folder.is_dir() else []


def _check_encrypt(home: Path, expected: set[str]) -> str:
    db = home / "recovery.db"
    key, bodies = content(db, (None, OLD_PASS))
    assert bodies == expected
    backup_keys = []
    for b in _backups(home):
        bkey, bbodies = content(b, (None, OLD_PASS))
        assert bbodies == expected, b
        backup_keys.append(bkey)
    if key is not None:  # the database is converted last: everything else already was
        assert all(k == OLD_PASS for k in backup_keys)
        assert not plaintext_files(home), plaintext_files(home)
        assert json.loads((home / "status.json").read_text())
        return "encrypted"
    return "plaintext"


def _check_decrypt(home: Path, expected: set[str]) -> str:
    key, bodies = content(home / "recovery.db", (OLD_PASS, None))
    assert bodies == expected
    for b in _backups(home):
        assert content(b, (OLD_PASS,))[1] == expected
    if key is not None:
        leaks = [p for p in plaintext_files(home) if not p.name.startswith("recovery.db.")]
        assert not leaks, leaks  # a decrypt's own temp is cleared by the next command
        return "encrypted"
    return "plaintext"


def _check_passphrase(home: Path, expected: set[str]) -> str:
    key, bodies = content(home / "recovery.db", (OLD_PASS, NEW_PASS))
    assert bodies == expected
    keys = [content(b, (OLD_PASS, NEW_PASS)) for b in _backups(home)]
    assert all(b == expected for _, b in keys)
    if key == NEW_PASS:
        assert all(k == NEW_PASS for k, _ in keys)
    assert not plaintext_files(home)
    assert not list((home / "backups").glob("*.db-journal"))  # never a rekey in place
    return "new" if key == NEW_PASS else "old"


def _check_restore(home: Path, expected: set[str], restored: set[str]) -> str:
    _, bodies = content(home / "recovery.db", (OLD_PASS,))
    assert bodies in (expected, restored)
    assert not plaintext_files(home), plaintext_files(home)
    for b in _backups(home):
        assert content(b, (OLD_PASS,))[1] == expected, b
    return "restored" if bodies == restored else "as before"


def _check_backup(home: Path, expected: set[str]) -> str:
    from recovery_cli.store import backups
    from recovery_cli.store.cipher import convert, keying

    made = _backups(home)
    for b in made:
        assert content(b, (None,))[1] == expected, b
    left = backups.leftovers(home / "backups")
    assert all(backups.PARTIAL in p.name for p in left), left  # reported by doctor
    # Encrypting afterwards: no half-made backup is taken for an encrypted one and skipped.
    convert.encrypt_home(home, OLD_PASS)
    keying.forget()
    assert not plaintext_files(home), plaintext_files(home)
    assert not backups.leftovers(home / "backups")
    return f"{len(made) - 1} made"


@pytest.mark.slow
@pytest.mark.timeout(120 + 60 * TRIALS)
@pytest.mark.parametrize("operation", ["encrypt", "decrypt", "passphrase", "restore", "backup"])
def test_sigkill_during_a_conversion_leaves_one_or_the_other(
        home: Path, tmp_path: Path, pfiles: tuple[Path, Path], operation: str) -> None:
    old, new = pfiles
    template = tmp_path / "template"
    encrypted = operation in ("decrypt", "passphrase", "restore")
    expected = make_home(template, old, encrypted=encrypted, backups=1)
    restored: set[str] = set()
    source = tmp_path / "source.db"
    if operation == "restore":
        other = tmp_path / "other"
        restored = make_home(other, old, entries=ENTRIES // 2, encrypted=True, tag="b")
        shutil.copy(other / "recovery.db", source)
    args = {"encrypt": ["encrypt"], "decrypt": ["decrypt", "--yes"],
            "passphrase": ["passphrase", "--new-passphrase-file", str(new)],
            "restore": ["restore", str(source), "--yes"], "backup": ["backup"]}[operation]
    zygote = Zygote(_env(home, old))
    rng = random.Random(f"{SEED}-{operation}")
    outcomes: dict[str, int] = {}
    try:
        trial_home = tmp_path / "calibrate"
        shutil.copytree(template, trial_home)
        status, whole = zygote.run(trial_home, args, None)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        for trial in range(TRIALS):
            trial_home = tmp_path / f"trial-{trial}"
            shutil.copytree(template, trial_home)
            # Anywhere in the run, and every other trial near its end (the renames).
            start = 0.0 if trial % 2 == 0 else 0.75 * whole
            status, _ = zygote.run(trial_home, args, rng.uniform(start, whole * 1.05))
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            assert killed or (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0), status
            if operation == "encrypt":
                outcome = _check_encrypt(trial_home, expected)
            elif operation == "decrypt":
                outcome = _check_decrypt(trial_home, expected)
            elif operation == "passphrase":
                outcome = _check_passphrase(trial_home, expected)
            elif operation == "restore":
                outcome = _check_restore(trial_home, expected, restored)
            else:
                outcome = _check_backup(trial_home, expected)
            # And the home works afterwards, with what a person would type.
            key = NEW_PASS if outcome == "new" else OLD_PASS
            pf = new if key == NEW_PASS else old
            status, _ = zygote.run(trial_home, ["--passphrase-file", str(pf), "doctor"], None)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (outcome, status)
            outcome = f"{outcome} ({'killed' if killed else 'finished'})"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            shutil.rmtree(trial_home)
    finally:
        zygote.close()
    print(f"{operation}: {TRIALS} trials, {outcomes}; a whole run takes {whole:.2f}s")
