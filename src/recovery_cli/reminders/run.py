"""`recovery remind`'s fast path: what cron runs every evening.

It imports neither typer, rich, questionary, sqlite_utils nor (normally) pydantic. It gathers
what has been recorded through the store, read-only (a missing home or database means nothing
recorded; neither is ever created), asks the pure `reminders` module what is due, and prints
one plain line per reminder (nothing at all when nothing is due) or one JSON object.

Settings come from `config.load` (no pydantic there). Checklists are read with a *light*
reader: only the top-level `id`, `title` and `frequency_days` of each file (the shipped files
from their parsed copy, core/shipped.py; a person's own with `tomllib`).
Whenever that reader has any doubt (a file it can't parse, a value it doesn't accept), it hands
over to the full pydantic loader in `checklists.py`, which reports the broken file exactly as
every other command does. So a valid setup never pays for pydantic. (docs/ARCHITECTURE.md,
"remind's fast path".) The crontab line of `recovery remind cron` is reminders/cron.py
(re-exported here).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from recovery_cli.core import clock, paths
from recovery_cli.core.errors import RecoveryError
from recovery_cli.core.records import WarningMatch
from recovery_cli.reminders.cron import CRON_MARKER as CRON_MARKER  # re-exported: remind cron
from recovery_cli.reminders.cron import cron_line as cron_line
from recovery_cli.reminders.cron import executable_command as executable_command
from recovery_cli.reminders.cron import home_assignment as home_assignment
from recovery_cli.reminders.cron import read_crontab as read_crontab
from recovery_cli.reminders.cron import with_line as with_line
from recovery_cli.reminders.cron import without_line as without_line
from recovery_cli.reminders.cron import write_crontab as write_crontab
from recovery_cli.reminders.schedule import (
    Questionnaire,
    Recorded,
    Reminder,
    Settings,
    due_reminders,
)

# --- settings ----------------------------------------------------------------------------


def load_settings(home: Path) -> Settings:
    """The reminders.* settings (defaults when there is no config file); a broken file is
    InputError naming the key, as for every command. config.py needs no pydantic."""
    from recovery_cli.core import config

    cfg = config.load(home)
    clock.set_day_ends_at(cfg.day_ends_at)  # every "today" below ends when the person's does
    r = cfg.reminders
    return Settings(r.checkin_time, r.quiet_hours, tuple(r.assessments), r.plan_review_days,
                    r.notify_details, tuple(r.snaps))


# --- questionnaires ----------------------------------------------------------------------


def _top_level(text: str) -> dict[str, Any]:
    """The document's top-level keys. TOML puts them before the first [table] header, so that
    prefix is parsed alone (cheap); a prefix cut inside a multi-line value can't parse, and
    then the whole file is."""
    import tomllib

    lines = text.splitlines()
    cut = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    try:
        return tomllib.loads("\n".join(lines[:cut]))
    except tomllib.TOMLDecodeError:
        return tomllib.loads(text)


_PHQ9 = "phq9"  # safety_rules.PHQ9, not imported: it brings pydantic onto this fast path


def _light_checklist(path: Path, shipped_file: bool) -> Questionnaire | None:
    """Its id, title and frequency: a shipped file from its parsed copy (core/shipped.py),
    a file of the person's own from its top-level keys."""
    try:
        if shipped_file:
            from recovery_cli.core import shipped

            data = shipped.read(path)
        else:
            data = _top_level(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
        return None
    cid, title, freq = data.get("id"), data.get("title"), data.get("frequency_days")
    if not isinstance(cid, str) or not cid or not isinstance(title, str):
        return None
    if freq is not None and (type(freq) is not int or freq < 1):
        return None
    return Questionnaire(cid, title, freq)


def _checklist_files(home: Path) -> Iterable[Path]:
    for folder in (paths.builtin_checklists_dir(), paths.user_checklists_dir(home)):
        if folder.is_dir():
            yield from sorted(folder.glob("*.toml"))


def load_questionnaires(home: Path, wanted: Iterable[str]) -> dict[str, Questionnaire]:
    """Title and frequency of each wanted checklist that exists (the person's own files
    override the built-in ones by id, as everywhere)."""
    wanted = set(wanted)
    if not wanted:
        return {}
    found: dict[str, Questionnaire] = {}
    own = paths.user_checklists_dir(home)
    for path in _checklist_files(home):
        q = _light_checklist(path, path.parent != own)
        if q is None:
            return _full_questionnaires(home, wanted)
        if q.id == _PHQ9 and q.id in wanted and path.parent == own:
            # A person's own PHQ-9 is used only if it keeps the item-9 safety rule, which
            # takes the real checks (and a refusal is named on stderr, as everywhere).
            return _full_questionnaires(home, wanted)
        if q.id in wanted:
            found[q.id] = q
    return found


def _full_questionnaires(home: Path, wanted: set[str]) -> dict[str, Questionnaire]:
    from recovery_cli.core.checklists import load_checklists  # pydantic: a file needs real checks

    loaded = load_checklists(home)
    for error in loaded.errors:
        print(f"Skipped a checklist file: {error.message}", file=sys.stderr)
    return {
        c.id: Questionnaire(c.id, c.title, c.frequency_days)
        for c in loaded.checklists.values()
        if c.id in wanted
    }


# --- what has been recorded --------------------------------------------------------------


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None


def gather(home: Path, today: date) -> Recorded:
    """Everything reminders need, read-only. Never creates the home or the database."""
    from recovery_cli.store import assessments, checkins, open_db_readonly, plan
    from recovery_cli.store.files import is_encrypted_file

    if is_encrypted_file(paths.db_path(home)):
        from recovery_cli.store.cipher import keying
        from recovery_cli.store.cipher import status as cipher_status

        if keying.locked(home):  # no passphrase file: status.json's dates only, never a
            status = cipher_status.read_status(home)  # prompt or a passphrase command
            taken_days = {c: d for c, when in status.last_taken.items() if (d := _day(when))}
            return Recorded(_day(status.last_checkin_day), taken_days,
                            _day(status.plan_last_reviewed), (),
                            last_snap_at=_moment(status.last_snap_at))
    conn = open_db_readonly(home)
    if conn is None:
        return Recorded(first_day=None)
    try:
        from recovery_cli.store.home_meta import first_day_recorded

        first = first_day_recorded(conn)
        last_day = checkins.last_checkin_day(conn)
        taken = assessments.last_taken(conn)
        reviewed = plan.last_reviewed(conn)
        warnings: list[WarningMatch] = []
        if reviewed is not None:  # rules live in the plan: no plan, nothing to import or read
            from recovery_cli.plan import early_warnings

            warnings = early_warnings.current_warnings(conn, today, home=home)
        from recovery_cli.store.sessions_light import next_session_day

        next_session = _day(next_session_day(conn))
        from recovery_cli.store.snaps import last_at

        last_snap = _moment(last_at(conn))
    finally:
        conn.close()
    last_taken = {cid: d for cid, when in taken.items() if (d := _day(when)) is not None}
    return Recorded(_day(last_day), last_taken, _day(reviewed), tuple(warnings), next_session,
                    _day(first) if first else None, last_snap)



def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def check(home: Path, now: datetime) -> list[Reminder]:
    """The reminders due at `now` for the home (nothing recorded when it doesn't exist)."""
    if home.exists() and not home.is_dir():
        raise RecoveryError(
            f"The home path {home} is a file, not a folder. Choose another with --home."
        )
    settings = load_settings(home)
    recorded = gather(home, clock.day_of(now))
    questionnaires = load_questionnaires(home, settings.assessments)
    due = due_reminders(now, settings, recorded, questionnaires)
    from recovery_cli.sync.config import overdue_message

    sync_line = overdue_message(home, now.date().isoformat())
    if sync_line is not None:
        due.append(Reminder("sync", sync_line, "recovery sync"))
    return due


# --- output ------------------------------------------------------------------------------


def _colour() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM", "") in ("", "dumb"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def line(reminder: Reminder, colour: bool = False) -> str:
    if colour:
        return f"\x1b[36m•\x1b[0m {reminder.message} Run: \x1b[1m{reminder.command}\x1b[0m"
    return f"{reminder.message} Run: {reminder.command}"


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one (None for cron, pipes and files)."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def terminal_lines(reminder: Reminder, width: int, colour: bool = False) -> list[str]:
    """A reminder for a person at a terminal: the message wrapped under a bullet, whole
    words only, and the command on a line of its own. Cron and pipes get `line()` instead."""
    import textwrap

    body = textwrap.wrap(reminder.message, width=max(min(width, 100) - 1, 30),
                         initial_indent="• ", subsequent_indent="  ",
                         break_long_words=False, break_on_hyphens=False) or ["•"]
    run = f"  Run: {reminder.command}"
    if colour:
        body[0] = "\x1b[36m•\x1b[0m" + body[0][1:]
        run = f"  Run: \x1b[1m{reminder.command}\x1b[0m"
    return [*body, run]


def document(due: list[Reminder], now: datetime) -> dict[str, Any]:
    return {"due": [r.as_dict() for r in due], "checked_at": clock.iso(now)}


def notification_text(due: list[Reminder], details: bool = False) -> str:
    """What the desktop shows, which may be a lock screen or a shared screen: only that
    something is due and which command to run, unless the person opted in to the details
    (`reminders.notify_details`), which may quote their plan."""
    if details:
        return "\n".join(f"{r.message} ({r.command})" for r in due)
    commands = list(dict.fromkeys(r.command for r in due))
    what = "Something is due" if len(due) == 1 else f"{len(due)} things are due"
    return f"{what}. Run: {', '.join(commands)}"


def notify(due: list[Reminder], *, details: bool = False) -> bool:
    """A desktop notification via notify-send, only when it exists and a display is set.
    Silently does nothing otherwise (or when it fails). True when one was sent."""
    if not due or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    import shutil
    import subprocess

    exe = shutil.which("notify-send")
    if exe is None:
        return False
    body = notification_text(due, details)
    try:
        done = subprocess.run(
            [exe, "--app-name=recovery", "recovery", body],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def emit(due: list[Reminder], now: datetime, *, as_json: bool) -> None:
    if as_json:
        import json

        sys.stdout.write(json.dumps(document(due, now), ensure_ascii=False, indent=2) + "\n")
    else:
        from recovery_cli.ui.safe import terminal_safe  # no rich: plain functions only

        colour = _colour()
        width = _terminal_width()
        for reminder in due:
            reminder = reminder._replace(message=terminal_safe(reminder.message))
            if width is None:
                sys.stdout.write(line(reminder, colour) + "\n")
            else:
                sys.stdout.write("\n".join(terminal_lines(reminder, width, colour)) + "\n")
    sys.stdout.flush()


def remind(home: Path, *, as_json: bool = False, send_notification: bool = False) -> None:
    """The whole command: check, print, optionally notify. Errors propagate (RecoveryError,
    sqlite3/OS errors) to whichever entry point called it."""
    now = clock.now()
    due = check(home, now)
    emit(due, now, as_json=as_json)
    if due:  # never a line of its own: cron mails any output
        paths.demo_notice(home)
    if send_notification:
        notify(due, details=load_settings(home).notify_details)


# --- the fast entry point (main.py) ------------------------------------------------------


def run_fast(home_override: str | None, *, as_json: bool, send_notification: bool) -> int:
    """`recovery [--home P] remind [--json] [--notify]` without typer. Errors propagate to
    main.py, which reports them through app/outcome.py like the typer app does."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    home = paths.resolve_home(home_override)
    remind(home, as_json=as_json, send_notification=send_notification)
    return 0


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
