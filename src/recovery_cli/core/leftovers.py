"""Files a killed command can leave behind that hold plaintext (issue 24, item 8), named so
`doctor` can find them and nothing else is mistaken for them.

- Editor drafts of `journal write/edit`: `<home>/drafts/recovery-journal-<pid>-*.md` (and the
  editor's own swap or backup files beside them), in the home, never in $TMPDIR.
- Export temporary files: `.recovery-export-<pid>-*` beside the export's target.
- From older versions: `recovery-journal-*.md` drafts and `recovery-dry-run-*` folders in
  $TMPDIR, untouched for six hours (they carry no process id to tell a live one by).

A file whose process is still running (its pid is in the name) is in use, not left over.
SIGHUP and SIGTERM are handled like Ctrl-C (cli.run installs the handler), so these appear
only after SIGKILL, a power cut or an older version.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

DRAFTS = "drafts"
DRAFT_PREFIX = "recovery-journal-"
EXPORT_PREFIX = ".recovery-export-"
OLD_DRY_RUN_PREFIX = "recovery-dry-run-"
_PID = re.compile(r"-(\d+)-")
# Files an older version names carry no process id: one still running (in another terminal)
# may be using them, so in $TMPDIR only those untouched for this long count as left over.
OLD_VERSION_AGE = 6 * 3600


def drafts_dir(home: Path) -> Path:
    """The editor drafts' folder inside the home (0700), made on first use."""
    folder = home / DRAFTS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def tagged(prefix: str) -> str:
    """A temporary file's prefix carrying this process's id (`doctor` skips live ones)."""
    return f"{prefix}{os.getpid()}-"


def _alive(name: str) -> bool:
    m = _PID.search(name)
    if m is None:
        return False
    pid = int(m.group(1))
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or can't tell: leave it
    return True


def _older_than(path: Path, when: float) -> bool:
    try:
        return path.lstat().st_mtime < when
    except OSError:
        return False


def _mine(path: Path) -> bool:
    try:
        return path.lstat().st_uid == os.getuid()
    except OSError:
        return False


def find(home: Path, folders: tuple[Path, ...] = ()) -> list[Path]:
    """Leftovers in the home, its drafts folder, `folders` (where exports went: the current
    folder) and $TMPDIR; oldest kinds included. Sorted, each once."""
    found: set[Path] = set()
    drafts = home / DRAFTS
    if drafts.is_dir():
        for p in drafts.iterdir():
            if not _alive(p.name):
                found.add(p)
    for folder in {home, *folders}:
        try:
            names = [p for p in folder.iterdir() if p.name.startswith(EXPORT_PREFIX)]
        except OSError:
            continue
        found.update(p for p in names if not _alive(p.name) and _mine(p))
    tmp = Path(tempfile.gettempdir())
    now = time.time()
    try:
        for p in tmp.iterdir():
            old_draft = p.name.startswith(DRAFT_PREFIX) and p.name.endswith(".md")
            if (old_draft or p.name.startswith(OLD_DRY_RUN_PREFIX)) and _mine(p) \
                    and _older_than(p, now - OLD_VERSION_AGE):
                found.add(p)
    except OSError:
        pass
    return sorted(found)


def remove(paths: list[Path]) -> list[Path]:
    """Delete them (folders with what is in them); -> those that could not be removed."""
    import shutil

    failed: list[Path] = []
    for p in paths:
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            failed.append(p)
    return failed
