"""The crontab line of `recovery remind cron`: which command cron should run for this home,
and adding or removing our one marked line in the person's crontab (nothing else touched)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from recovery_cli.core.errors import RecoveryError
from recovery_cli.reminders.schedule import parse_hhmm

CRON_MARKER = "# recovery-cli remind"


def executable_command() -> str:
    """This installation's `recovery`, as an absolute, shell-quoted command for cron (whose
    PATH is only /usr/bin:/bin): the script that is running, else the one next to this
    interpreter, else the one on PATH, else `python -m recovery_cli` with this interpreter."""
    import shlex
    import shutil

    def runnable(p: Path) -> bool:
        return p.is_file() and os.access(p, os.X_OK)

    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "recovery" and runnable(argv0):
        return shlex.quote(os.path.abspath(argv0))
    beside = Path(os.path.abspath(sys.executable)).parent / "recovery"
    if runnable(beside):
        return shlex.quote(str(beside))
    found = shutil.which("recovery")
    if found:
        return shlex.quote(os.path.abspath(found))
    return f"{shlex.quote(os.path.abspath(sys.executable))} -m recovery_cli"


def _cron_escape(text: str) -> str:
    """cron turns an unescaped % into a newline."""
    return text.replace("%", "\\%")


def home_assignment(home: Path) -> str:
    import shlex

    path = os.path.abspath(home.expanduser())
    if any(c in path for c in "\n\r\x00"):  # a crontab line ends at a line break
        from recovery_cli.core.errors import InputError

        raise InputError(f"The home path {path!r} has a line break in it, which a crontab line "
                         "can't hold; nothing was changed. Use a home without one (--home).")
    return f"RECOVERY_HOME={shlex.quote(path)}"


def cron_line(home: Path, at: str, command: str | None = None) -> str:
    """The crontab line that runs `remind --notify` every day at `at` (HH:MM) for `home`."""
    when = parse_hhmm(at)
    exe = command if command is not None else executable_command()
    body = f"{home_assignment(home)} {exe} remind --notify"
    return f"{when.minute} {when.hour} * * * {_cron_escape(body)} {CRON_MARKER}"


def _ours(line_text: str, home: Path) -> bool:
    stripped = line_text.strip()
    return (
        stripped.endswith(CRON_MARKER)
        and not stripped.startswith("#")
        and f" {_cron_escape(home_assignment(home))} " in f" {stripped}"
    )


def with_line(crontab: str, new_line: str, home: Path) -> tuple[str, str]:
    """The crontab text with our line for `home` in it, and what changed:
    'added', 'updated' (replaced a different line of ours) or 'unchanged'."""
    lines = crontab.splitlines()
    ours = [i for i, text in enumerate(lines) if _ours(text, home)]
    if not ours:
        return "\n".join([*lines, new_line]) + "\n", "added"
    if len(ours) == 1 and lines[ours[0]].strip() == new_line:
        return crontab if crontab.endswith("\n") else crontab + "\n", "unchanged"
    kept = [text for i, text in enumerate(lines) if i not in ours[1:]]
    kept[ours[0]] = new_line
    return "\n".join(kept) + "\n", "updated"


def without_line(crontab: str, home: Path) -> tuple[str, int]:
    """The crontab text without our line(s) for `home`, and how many were removed."""
    lines = crontab.splitlines()
    kept = [text for text in lines if not _ours(text, home)]
    removed = len(lines) - len(kept)
    return ("\n".join(kept) + "\n" if kept else ""), removed


def _crontab_program() -> str:
    import shutil

    exe = shutil.which("crontab")
    if exe is None:
        raise RecoveryError(
            "There is no 'crontab' program here, so nothing was changed. Install cron, or add "
            "the line from 'recovery remind cron' to your scheduler by hand."
        )
    return exe


def read_crontab() -> str:
    """The current user's crontab ('' when there is none yet)."""
    import subprocess

    done = subprocess.run([_crontab_program(), "-l"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=30, check=False)
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return ""
        reason = (done.stderr.strip().splitlines() or ["it failed"])[0]
        raise RecoveryError(f"Can't read your crontab (crontab -l: {reason}); nothing was changed.")
    return done.stdout


def write_crontab(text: str) -> None:
    import subprocess

    done = subprocess.run([_crontab_program(), "-"], input=text, capture_output=True, text=True,
                          timeout=30, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["it failed"])[0]
        raise RecoveryError(f"Can't write your crontab (crontab -: {reason}); nothing was changed.")
