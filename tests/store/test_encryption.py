"""Encryption at rest (issue 12): SQLCipher through the optional `sqlcipher3` package.

Every test that needs SQLCipher skips only where `sqlcipher3` can't be imported; the
"extra not installed" behaviour is tested everywhere by hiding the module.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Keys, run_recovery, tz_env, without_terminal
from ptyutil import spawn_recovery

SQLITE_MAGIC = b"SQLite format 3\x00"
WRONG = "Wrong passphrase or not a recovery database."
SECRET_NOTE = "zebrapancake"
SECRET_ENTRY = "quokkafeather walked by the river"
LATER_ENTRY = "kiwifruitlantern at midnight"


@pytest.fixture
def sc() -> Any:
    return pytest.importorskip("sqlcipher3")


@pytest.fixture(autouse=True)
def _no_passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RECOVERY_PASSPHRASE_FILE", "RECOVERY_PASSPHRASE_COMMAND"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def pfile(tmp_path: Path) -> Path:
    p = tmp_path / "passphrase"
    p.write_text("correct horse 'battery' staple\n")
    p.chmod(0o600)
    return p


def env_for(pfile: Path) -> dict[str, str]:
    return {"RECOVERY_PASSPHRASE_FILE": str(pfile)}


def all_bytes(home: Path) -> dict[Path, bytes]:
    """Every file under the home (database, WAL/SHM, backups, status.json...)."""
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}


def assert_no_plaintext(home: Path, *words: str) -> None:
    for path, data in all_bytes(home).items():
        for word in words:
            assert word.encode() not in data, f"{word!r} in plaintext in {path}"


def seed(cli: Any) -> None:
    """A check-in and an entry, written as a script would (no terminal, even under `keys`)."""
    with without_terminal():
        assert cli("checkin", "--mood", "6", "--note", SECRET_NOTE).exit_code == 0
        r = cli("journal", "write", SECRET_ENTRY, "--tag", "walks")
        assert r.exit_code == 0, r.stderr


def encrypt(cli: Any, pfile: Path) -> None:
    r = cli("--passphrase-file", str(pfile), "encrypt")
    assert r.exit_code == 0, r.stderr
    assert "encrypted" in r.stdout


# --- encrypt, then use everything ---------------------------------------------------------


def test_encrypt_then_every_command_works_with_the_passphrase(
    sc: Any, cli: Any, home: Path, pfile: Path, tmp_path: Path
) -> None:
    seed(cli)
    encrypt(cli, pfile)
    db = home / "recovery.db"
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    assert_no_plaintext(home, SECRET_NOTE, SECRET_ENTRY, "walks")
    assert (home / "status.json").stat().st_mode & 0o777 == 0o600
    assert db.stat().st_mode & 0o777 == 0o600
    assert not list(home.glob("*.encrypting*"))

    env = env_for(pfile)
    # Hold a connection open, so the WAL of the writes below stays on disk to be inspected.
    from recovery_cli.store import open_db
    from recovery_cli.store.cipher import keying

    keying.configure(pfile)
    keeper = open_db(home)
    keeper.execute("SELECT count(*) FROM entries").fetchone()  # now it holds the WAL open
    try:
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        r = cli("checkin", "--date", yesterday, "--mood", "4", "--note", "pelicanumbrella",
                env=env)
        assert r.exit_code == 0, r.stderr
        r = cli("journal", "write", LATER_ENTRY, env=env)
        assert r.exit_code == 0, r.stderr
        wal = home / "recovery.db-wal"
        assert wal.is_file() and wal.stat().st_size > 0
        assert_no_plaintext(home, SECRET_NOTE, SECRET_ENTRY, LATER_ENTRY, "pelicanumbrella")
    finally:
        keeper.close()
        keying.configure(None)

    r = cli("journal", "search", "kiwifruitlantern", "--json", env=env)
    assert r.exit_code == 0, r.stderr
    assert [e["body"] for e in r.json()] == [LATER_ENTRY]
    r = cli("journal", "search", "quokka*", "--json", env=env)
    assert r.exit_code == 0 and SECRET_ENTRY in r.stdout
    r = cli("journal", "list", "--json", env=env)
    assert r.exit_code == 0 and len(r.json()) == 2
    r = cli("history", "--json", env=env)
    assert r.exit_code == 0, r.stderr
    notes = {d["date"]: d["note"] for d in r.json() if d.get("mood") is not None}
    assert notes == {date.today().isoformat(): SECRET_NOTE, yesterday: "pelicanumbrella"}
    out = tmp_path / "export.json"
    r = cli("export", "--format", "json", "-o", str(out), env=env)
    assert r.exit_code == 0, r.stderr
    assert SECRET_ENTRY in out.read_text() and LATER_ENTRY in out.read_text()
    r = cli("doctor", "--json", env=env)
    assert r.exit_code == 0, r.stderr
    report = r.json()
    assert report["encrypted"] is True
    assert report["cipher"]["cipher_version"].startswith("4.")
    assert report["cipher"]["kdf_iter"].isdigit()
    r = cli("doctor", env=env)
    assert "encrypted" in r.stdout and "yes (SQLCipher)" in r.stdout


def test_bad_search_on_an_encrypted_database_is_still_bad_input(
    sc: Any, cli: Any, pfile: Path
) -> None:
    """SQLCipher's errors are caught by the store's `except sqlite3.X` like SQLite's."""
    seed(cli)
    encrypt(cli, pfile)
    r = cli("journal", "search", '"unterminated', env=env_for(pfile))
    assert r.exit_code == 2, r.stderr
    assert "Something went wrong" not in r.stderr


def test_passphrase_from_a_command_with_its_newline_stripped(
    sc: Any, cli: Any, home: Path, pfile: Path, tmp_path: Path
) -> None:
    seed(cli)
    encrypt(cli, pfile)  # the file holds the passphrase + "\n"
    script = tmp_path / "say"
    script.write_text("#!/bin/sh\nprintf '%s\\n' \"correct horse 'battery' staple\"\n")
    script.chmod(0o700)
    r = cli("history", "--json", env={"RECOVERY_PASSPHRASE_COMMAND": str(script)})
    assert r.exit_code == 0, r.stderr
    r = cli("history", env={"RECOVERY_PASSPHRASE_COMMAND": "false"})
    assert r.exit_code == 1 and "passphrase command" in r.stderr
    r = cli("history", env={"RECOVERY_PASSPHRASE_COMMAND": "no-such-program-here"})
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    r = cli("--passphrase-file", str(tmp_path / "missing"), "history")
    assert r.exit_code == 2 and "No passphrase file" in r.stderr


# --- wrong or missing passphrase ----------------------------------------------------------


def test_wrong_passphrase_fails_cleanly(sc: Any, cli: Any, home: Path, pfile: Path,
                                        tmp_path: Path) -> None:
    seed(cli)
    encrypt(cli, pfile)
    before = all_bytes(home)
    wrong = tmp_path / "wrong"
    wrong.write_text("not it\n")
    # A real process, so SQLCipher's own C-level log would show on stderr if it weren't silenced.
    for args, env in (
        (("history",), {"RECOVERY_PASSPHRASE_FILE": str(wrong)}),
        (("--passphrase-file", str(wrong), "journal", "list"), {}),
        (("export", "--format", "json", "-o", str(tmp_path / "x.json")),
         {"RECOVERY_PASSPHRASE_COMMAND": "echo nope"}),
        (("--passphrase-file", str(wrong), "remind"), {}),  # remind with a passphrase: checked
    ):
        r = run_recovery(*args, env=env)
        assert r.exit_code == 1, (args, r.stderr)
        assert r.stderr == WRONG + "\n", args
        assert r.stdout == ""
    assert not (tmp_path / "x.json").exists()
    assert all_bytes(home) == before


def test_no_passphrase_and_no_terminal_names_the_ways_to_give_one(
    sc: Any, cli: Any, home: Path, pfile: Path
) -> None:
    seed(cli)
    encrypt(cli, pfile)
    r = cli("history")
    assert r.exit_code == 2
    assert "RECOVERY_PASSPHRASE_COMMAND" in r.stderr and "--passphrase-file" in r.stderr


# --- prompts ------------------------------------------------------------------------------


def test_encrypt_and_open_with_the_hidden_prompt(sc: Any, cli: Any, keys: Any,
                                                 home: Path) -> None:
    seed(cli)
    keys("secret one" + Keys.ENTER + "secret two" + Keys.ENTER  # didn't match: again
         + "secret one" + Keys.ENTER + "secret one" + Keys.ENTER)
    r = cli("encrypt")
    assert r.exit_code == 0, r.stderr
    assert "didn't match" in r.stderr
    assert "secret one" not in r.stdout + r.stderr
    keys("wrong" + Keys.ENTER + "secret one" + Keys.ENTER)
    r = cli("history", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()[0]["note"] == SECRET_NOTE
    keys("a" + Keys.ENTER + "b" + Keys.ENTER + "c" + Keys.ENTER)
    r = cli("history")
    assert r.exit_code == 1 and r.stderr.strip().endswith(WRONG)


def test_a_terminal_unlocks_before_the_questions(sc: Any, cli: Any, keys: Any, home: Path,
                                                 pfile: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase is asked before an entry is typed, so a mistyped passphrase never
    costs the entry (three wrong tries end the command before the entry prompt)."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    seed(cli)
    encrypt(cli, pfile)
    pw = pfile.read_text().rstrip("\n")
    keys("nope" + Keys.ENTER + "nope" + Keys.ENTER + "nope" + Keys.ENTER)
    r = cli("journal", "write")
    assert r.exit_code == 1 and r.stderr.strip().endswith(WRONG)
    keys(pw + Keys.ENTER + "Typed after unlocking" + Keys.ESCAPE_ENTER)
    r = cli("journal", "write")
    assert r.exit_code == 0, r.stderr
    bodies = [e["body"] for e in cli("journal", "list", "--json", env=env_for(pfile)).json()]
    assert "Typed after unlocking" in bodies


def test_ctrl_c_at_the_passphrase_prompt_changes_nothing(sc: Any, cli: Any, keys: Any,
                                                         home: Path) -> None:
    seed(cli)
    before = all_bytes(home)
    keys(Keys.CONTROLC)
    r = cli("encrypt")
    assert r.exit_code == 130
    assert "nothing was changed" in r.stderr
    assert (home / "recovery.db").read_bytes()[:16] == SQLITE_MAGIC
    assert {p for p in all_bytes(home)} == set(before)


# --- decrypt, rekey -----------------------------------------------------------------------


def test_decrypt_round_trip(sc: Any, cli: Any, keys: Any, home: Path, pfile: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery_cli.cli import _common

    seed(cli)
    monkeypatch.setattr(_common, "_force_interactive", False)
    plain_history = cli("history", "--json").json()
    encrypt(cli, pfile)
    env = env_for(pfile)
    r = cli("decrypt", env=env)  # no terminal, no --yes
    assert r.exit_code == 2 and "--yes" in r.stderr
    keys("n")
    monkeypatch.setattr(_common, "_force_interactive", True)
    r = cli("decrypt", env=env)
    assert r.exit_code == 0 and "stays encrypted" in r.stdout
    assert (home / "recovery.db").read_bytes()[:16] != SQLITE_MAGIC

    r = cli("decrypt", "--yes", env=env)
    assert r.exit_code == 0, r.stderr
    assert (home / "recovery.db").read_bytes()[:16] == SQLITE_MAGIC
    assert not (home / "status.json").exists()
    assert not list(home.glob("*.decrypting*"))
    monkeypatch.setattr(_common, "_force_interactive", False)
    r = cli("history", "--json")  # no passphrase needed any more
    assert r.exit_code == 0, r.stderr
    assert r.json() == plain_history
    r = cli("journal", "search", "quokka*", "--json")
    assert SECRET_ENTRY in r.stdout
    r = cli("doctor", "--json")
    assert r.json()["encrypted"] is False and r.exit_code == 0
    r = cli("decrypt", "--yes")
    assert r.exit_code == 1 and "not encrypted" in r.stderr
    encrypt(cli, pfile)  # and back again
    assert cli("history", "--json", env=env).json() == plain_history


def test_rekey(sc: Any, cli: Any, home: Path, pfile: Path, tmp_path: Path) -> None:
    seed(cli)
    encrypt(cli, pfile)
    env = env_for(pfile)
    assert cli("backup", env=env).exit_code == 0
    new = tmp_path / "new"
    new.write_text("a much better passphrase\n")
    r = cli("passphrase", env=env)  # no terminal, no --new-passphrase-file
    assert r.exit_code == 2 and "--new-passphrase-file" in r.stderr
    r = cli("passphrase", "--new-passphrase-file", str(new), env=env)
    assert r.exit_code == 0, r.stderr
    assert "1 backup now uses it too" in r.stdout or "1 backup" in r.stdout
    r = cli("history", env=env)
    assert r.exit_code == 1 and r.stderr == WRONG + "\n"
    r = cli("history", "--json", env=env_for(new))
    assert r.exit_code == 0 and r.json()[0]["note"] == SECRET_NOTE
    backup = next((home / "backups").glob("*manual*.db"))
    r = cli("restore", str(backup), "--yes", env=env_for(new))  # the backup uses the new one
    assert r.exit_code == 0, r.stderr
    assert_no_plaintext(home, SECRET_NOTE, SECRET_ENTRY)


# --- backups ------------------------------------------------------------------------------


def test_backups_are_encrypted_and_restore(sc: Any, cli: Any, home: Path, pfile: Path,
                                           tmp_path: Path) -> None:
    seed(cli)
    r = cli("backup")  # a plaintext backup from before encryption...
    assert r.exit_code == 0
    plain = tmp_path / "plain.db"  # ...and one kept elsewhere, which stays as it was
    assert cli("backup", str(plain)).exit_code == 0
    encrypt(cli, pfile)  # ...is encrypted along with the database
    env = env_for(pfile)
    out = tmp_path / "mine.db"
    r = cli("backup", str(out), env=env)
    assert r.exit_code == 0, r.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    for b in [out, *(home / "backups").glob("*.db")]:
        data = b.read_bytes()
        assert data[:16] != SQLITE_MAGIC, b
        assert SECRET_ENTRY.encode() not in data and SECRET_NOTE.encode() not in data
    assert_no_plaintext(home, SECRET_NOTE, SECRET_ENTRY)

    r = cli("journal", "delete", "1", "--yes", env=env)
    assert r.exit_code == 0, r.stderr
    assert cli("journal", "list", "--json", env=env).json() == []
    r = cli("restore", str(out), "--yes", env=env)
    assert r.exit_code == 0, r.stderr
    assert (home / "recovery.db").read_bytes()[:16] != SQLITE_MAGIC
    entries = cli("journal", "list", "--json", env=env).json()
    assert [e["body"] for e in entries] == [SECRET_ENTRY]
    assert_no_plaintext(home, SECRET_NOTE, SECRET_ENTRY)
    # A plaintext backup restored into an encrypted home stays encrypted.
    assert plain.read_bytes()[:16] == SQLITE_MAGIC
    r = cli("restore", str(plain), "--yes", env=env)
    assert r.exit_code == 0, r.stderr
    assert (home / "recovery.db").read_bytes()[:16] != SQLITE_MAGIC
    assert cli("history", "--json", env=env).json()[0]["note"] == SECRET_NOTE


# --- interrupted encrypt ------------------------------------------------------------------

KILL_WRAPPER = """
import os, sys, time
flag, where = sys.argv[1], sys.argv[2]
import sqlcipher3
from recovery_cli.store import files
from recovery_cli.store.cipher import convert

def pause():
    open(flag, "w").close()
    time.sleep(120)

if where == "export":  # inside sqlcipher_export, once the new file holds part of the data
    real_connect = sqlcipher3.connect
    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        tmp = os.path.join(os.environ["RECOVERY_HOME"], "recovery.db.encrypting")
        def handler():
            if os.path.exists(tmp) and os.path.getsize(tmp) > 0:
                pause()
            return 0
        conn.set_progress_handler(handler, 200)
        return conn
    sqlcipher3.connect = connect
elif where == "verify":  # the copy is complete, not yet swapped in
    real_verify = convert.verify
    def verify(*args, **kwargs):
        real_verify(*args, **kwargs)
        pause()
    convert.verify = verify
elif where == "swapped":  # renamed into place, the old plaintext not yet zeroed
    def zero(fd):
        pause()
    files.zero_fd = zero
from recovery_cli.main import main
sys.argv = ["recovery", "encrypt"]
raise SystemExit(main())
"""


def many_entries(home: Path, n: int) -> None:
    from recovery_cli.store import open_db, transaction

    conn = open_db(home)
    with transaction(conn):
        for i in range(n):
            conn.execute(
                "INSERT INTO entries(body, created_at, updated_at, day) VALUES (?, ?, ?, ?)",
                (f"{SECRET_ENTRY} number {i} " + "filler words " * 40,
                 "2026-01-01T10:00:00+00:00", "2026-01-01T10:00:00+00:00", "2026-01-01"),
            )
    conn.close()


@pytest.mark.parametrize("where", ["export", "verify", "swapped"])
def test_interrupted_encrypt_leaves_the_original_intact(
    sc: Any, cli: Any, home: Path, pfile: Path, tmp_path: Path, where: str
) -> None:
    seed(cli)
    many_entries(home, 1500)
    before = cli("journal", "list", "-n", "5000", "--json").json()
    flag = tmp_path / "flag"
    env = dict(os.environ, RECOVERY_PASSPHRASE_FILE=str(pfile))
    proc = subprocess.Popen([sys.executable, "-c", KILL_WRAPPER, str(flag), where], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 40
        while not flag.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    db = home / "recovery.db"
    if where == "swapped":  # the new, encrypted database is complete and in place
        assert db.read_bytes()[:16] != SQLITE_MAGIC
        r = cli("journal", "list", "-n", "5000", "--json", env=env_for(pfile))
    else:  # the original, untouched and usable without a passphrase
        assert db.read_bytes()[:16] == SQLITE_MAGIC
        assert (home / "recovery.db.encrypting").exists()  # the partial copy, ciphertext only
        assert SECRET_ENTRY.encode() not in (home / "recovery.db.encrypting").read_bytes()
        r = cli("journal", "list", "-n", "5000", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json() == before
    assert cli("doctor", "--json", env=env_for(pfile)).json()["integrity"] == "ok"
    if where != "swapped":  # the next command cleared the leftover (no conversion was running)
        assert not (home / "recovery.db.encrypting").exists()
        assert cli("doctor", "--json").json()["problems"] == []
        encrypt(cli, pfile)  # a second try finishes the job
        assert cli("journal", "list", "-n", "5000", "--json",
                   env=env_for(pfile)).json() == before


# --- reminders while locked ---------------------------------------------------------------

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in leaves(v)]
    return [value]


def test_remind_works_locked_and_the_status_file_holds_only_dates(
    sc: Any, cli: Any, home: Path, pfile: Path
) -> None:
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text('[reminders]\ncheckin_time = "00:00"\n'
                                      'quiet_hours = ""\nplan_review_days = 1\n')
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert cli("checkin", "--date", yesterday, "--mood", "6", "--note", SECRET_NOTE).exit_code == 0
    r = cli("assess", "take", "phq9", "--answers", "0,0,0,0,0,0,0,0,0")
    assert r.exit_code == 0, r.stderr
    r = cli("plan", "add", "triggers", "Arguments with Sam about money")
    assert r.exit_code == 0, r.stderr
    plain = run_recovery("remind", "--json")
    assert plain.exit_code == 0, plain.stderr
    encrypt(cli, pfile)

    status = json.loads((home / "status.json").read_text())
    assert set(status) == {"last_checkin_day", "last_taken", "plan_last_reviewed", "last_snap_at"}
    assert status["last_checkin_day"] == yesterday
    assert set(status["last_taken"]) == {"phq9"}
    assert all(v is None or ISO_DAY.match(v) for k, v in status.items() if k != "last_taken")
    assert (home / "status.json").stat().st_mode & 0o777 == 0o600
    raw = (home / "status.json").read_text()
    assert SECRET_NOTE not in raw and "Sam" not in raw and "mood" not in raw

    # Cron: no passphrase, no terminal, a bare environment.
    bare = {"PATH": "/usr/bin:/bin", "RECOVERY_HOME": str(home), "HOME": str(home.parent), **tz_env()}
    locked = subprocess.run([sys.executable, "-m", "recovery_cli", "remind", "--json"], env=bare,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert locked.returncode == 0, locked.stderr
    assert locked.stderr == ""
    assert json.loads(locked.stdout)["due"] == plain.json()["due"]
    kinds = [d["kind"] for d in json.loads(locked.stdout)["due"]]
    assert "checkin" in kinds and "plan" not in kinds
    unlocked = run_recovery("--passphrase-file", str(pfile), "remind", "--json")
    assert unlocked.exit_code == 0, unlocked.stderr  # with a passphrase: the database itself
    assert unlocked.json()["due"] == plain.json()["due"]
    text = subprocess.run([sys.executable, "-m", "recovery_cli", "remind"], env=bare,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert text.returncode == 0 and "check" in text.stdout.lower()

    # A write while encrypted refreshes the dates: today's check-in is no longer due.
    r = cli("checkin", "--mood", "7", env=env_for(pfile))
    assert r.exit_code == 0, r.stderr
    assert json.loads((home / "status.json").read_text())["last_checkin_day"] == \
        date.today().isoformat()
    again = subprocess.run([sys.executable, "-m", "recovery_cli", "remind", "--json"], env=bare,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "checkin" not in [d["kind"] for d in json.loads(again.stdout)["due"]]
    assert_no_plaintext(home, SECRET_NOTE, "Arguments with Sam")


def test_locked_remind_needs_no_sqlcipher(cli: Any, home: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Reminders read only status.json while locked: not even the extra is needed."""
    home.mkdir(mode=0o700)
    (home / "recovery.db").write_bytes(os.urandom(8192))
    (home / "status.json").write_text(json.dumps(
        {"last_checkin_day": date.today().isoformat(), "last_taken": {},
         "plan_last_reviewed": None}))
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    from recovery_cli.reminders import run as remind_run

    got = remind_run.gather(home, date.today())
    assert got.last_checkin_day == date.today()
    r = cli("remind", "--json")
    assert r.exit_code == 0, r.stderr
    assert "checkin" not in [d["kind"] for d in r.json()["due"]]


# --- without the extra --------------------------------------------------------------------


def test_without_the_extra_the_commands_say_how_to_install_it(
    cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery_cli.store.cipher import library

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setattr(library, "_sc", None)
    assert cli("checkin", "--mood", "5").exit_code == 0
    for command in ("encrypt", "decrypt", "passphrase"):
        r = cli(command)
        assert r.exit_code == 1, command
        assert "pip install 'recovery-cli[encryption]'" in r.stderr
    assert (home / "recovery.db").read_bytes()[:16] == SQLITE_MAGIC
    # An encrypted database found without the extra: the same hint, no traceback.
    (home / "recovery.db").write_bytes(os.urandom(8192))
    (home / "status.json").write_text("{}")  # the home did encrypt it
    r = cli("history")
    assert r.exit_code == 1 and "recovery-cli[encryption]" in r.stderr


def test_plaintext_path_unchanged_and_garbage_is_still_damaged(cli: Any, home: Path,
                                                               tmp_path: Path) -> None:
    """Plaintext databases never load sqlcipher3; a non-SQLite file that isn't page-aligned
    is reported as damaged, as before."""
    from recovery_cli.store.cipher import keying as crypto

    assert cli("checkin", "--mood", "5").exit_code == 0
    assert crypto.is_encrypted(home / "recovery.db") is False
    assert crypto.is_encrypted(home / "missing.db") is False
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    assert crypto.is_encrypted(tmp_path / "junk.db") is False
    (tmp_path / "empty.db").write_bytes(b"")
    assert crypto.is_encrypted(tmp_path / "empty.db") is False
    out = tmp_path / "modules.json"
    code = ("import json, sys\n"
            "from recovery_cli.main import main\n"
            "code = main(['journal', 'write', 'a plain entry'])\n"
            "code = code or main(['history', '--json'])\n"
            f"json.dump(sorted(sys.modules), open({str(out)!r}, 'w'))\n"
            "raise SystemExit(code)\n")
    done = subprocess.run([sys.executable, "-c", code], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(out.read_text())
    assert not [m for m in loaded if m.startswith("sqlcipher3")]
    assert not [m for m in loaded if m.startswith("recovery_cli.store.cipher")]  # nor ours


# --- a real terminal ----------------------------------------------------------------------


@pytest.mark.pty
@pytest.mark.timeout(90)
def test_encrypt_and_unlock_in_a_real_terminal(sc: Any, cli: Any, home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    seed(cli)

    def spawn(*args: str) -> Any:
        return spawn_recovery(home, *args, timeout=30)

    child = spawn("encrypt")
    child.expect("Choose a passphrase")
    child.send("tea at four" + Keys.ENTER)
    child.expect("Type it again")
    child.send("tea at four" + Keys.ENTER)
    child.expect("is encrypted")
    child.expect(pexpect.EOF)
    transcript = child.before
    child.close()
    assert child.exitstatus == 0
    assert "tea at four" not in transcript  # hidden while typed
    assert (home / "recovery.db").read_bytes()[:16] != SQLITE_MAGIC

    child = spawn("journal", "list")
    child.expect("Passphrase for your journal")
    child.send("tea at four" + Keys.ENTER)
    child.expect("quokkafeather")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_locked_remind_keeps_the_quiet_hours_after_a_snap(
    sc: Any, cli: Any, home: Path, pfile: Path
) -> None:
    """While locked, status.json also carries the minute of the last snap, so the two quiet
    hours after one hold for cron as they do unlocked."""
    from datetime import datetime

    home.mkdir(mode=0o700)
    offered = (datetime.now().astimezone() - timedelta(minutes=1)).strftime("%H:%M")
    (home / "config.toml").write_text('[reminders]\ncheckin_time = "23:59"\nquiet_hours = ""\n'
                                      f'assessments = []\nsnaps = ["{offered}"]\n')
    encrypt(cli, pfile)
    bare = {"PATH": "/usr/bin:/bin", "RECOVERY_HOME": str(home), "HOME": str(home.parent),
            **tz_env()}

    def due() -> list[str]:
        r = subprocess.run([sys.executable, "-m", "recovery_cli", "remind", "--json"], env=bare,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        return [d["kind"] for d in json.loads(r.stdout)["due"]]

    before = due()
    assert "snap" in before  # offered in the hour after its time
    unlocked = run_recovery("--passphrase-file", str(pfile), "remind", "--json").json()["due"]
    assert before == [d["kind"] for d in unlocked]
    r = cli("snap", "6", "--note", SECRET_NOTE, env=env_for(pfile))
    assert r.exit_code == 0, r.stderr
    status = json.loads((home / "status.json").read_text())
    assert "next_session_day" not in status and "session" not in json.dumps(status)
    assert datetime.fromisoformat(status["last_snap_at"]).second == 0
    assert "snap" not in due()
    assert [k for k in before if k != "snap"] == due()
    assert_no_plaintext(home, SECRET_NOTE)
