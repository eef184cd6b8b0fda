"""Where things live. Computes paths; creates only the home folder (0700).

Home: `--home PATH` > `$RECOVERY_HOME` > the platform's user data dir for `recovery-cli`.
It holds `recovery.db`, `config.toml`, `checklists/` (the person's own checklists) and `backups/`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from recovery_cli.core.errors import StoreError

APP_NAME = "recovery-cli"
DB_NAME = "recovery.db"
CONFIG_NAME = "config.toml"
PRIVATE_UMASK = 0o077


def resolve_home(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("RECOVERY_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def private_umask() -> None:
    """Every file and folder this process creates is readable by its owner only."""
    os.umask(PRIVATE_UMASK)


def ensure_home(home: Path) -> Path:
    """Create the home (0700) if needed; fail clearly when it can't be a folder."""
    private_umask()
    if home.exists() and not home.is_dir():
        raise StoreError(f"The home path {home} is a file, not a folder. Choose another with --home.")
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Can't create the home folder {home}: {exc.strerror or exc}.") from exc
    if not os.access(home, os.W_OK | os.X_OK):
        raise StoreError(f"The home folder {home} is not writable.")
    return home


def db_path(home: Path) -> Path:
    return home / DB_NAME


def config_path(home: Path) -> Path:
    return home / CONFIG_NAME


def user_checklists_dir(home: Path) -> Path:
    return home / "checklists"


def backups_dir(home: Path) -> Path:
    return home / "backups"


def builtin_data_dir() -> Path:
    """The shipped data folder: inside the installed package, or the source tree's `data/`."""
    packaged = Path(__file__).resolve().parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


def builtin_checklists_dir() -> Path:
    return builtin_data_dir() / "checklists"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def too_open(path: Path) -> bool:
    """True when group or others can read, write or enter the path."""
    return bool(mode_of(path) & 0o077)


# A home filled by `recovery demo` holds this file beside config.toml: any command can tell
# with one stat (the fast `remind` path included), and no migration is needed.
DEMO_MARKER = "demo-home"
DEMO_NOTICE = "(A demo home: everything in it is made up; your own data is not here.)"


def is_demo_home(home: Path) -> bool:
    return (home / DEMO_MARKER).is_file()


def mark_demo_home(home: Path) -> None:
    """Write the marker (0600) into a home `recovery demo` has just filled."""
    fd = os.open(home / DEMO_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fp:
        fp.write("This home was filled by 'recovery demo': everything in it is made up. "
                 "Delete the folder when you are done with it.\n")


def demo_notice(home: Path) -> None:
    """One dim line on stderr when `home` is a demo home (plain when not a terminal or with
    NO_COLOR)."""
    if not is_demo_home(home):
        return
    import sys

    dim = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    print(f"\x1b[2m{DEMO_NOTICE}\x1b[0m" if dim else DEMO_NOTICE, file=sys.stderr)
