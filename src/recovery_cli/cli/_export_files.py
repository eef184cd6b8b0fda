"""Where an export is written: a 0600 temporary file beside the target, moved into place
when complete. Never a half-written export, never an overwrite without --force, and never a
write through a symbolic link (issue 24, item 9): a link at the target, pointing at a file or
at nothing, is refused with and without --force, so an export can't land in, or replace, a
file the link points to. A folder given with -o may be a link (it is where the person asked).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from recovery_cli.errors import RecoveryError


def exists_error(path: Path) -> RecoveryError:
    return RecoveryError(
        f"{path} already exists; nothing was written. Add --force to replace it, "
        "or choose another name with -o."
    )


def refuse_link(path: Path) -> None:
    """A symbolic link at `path` (to a file, a folder or nothing): exit 1, nothing written."""
    if path.is_symlink():
        try:
            to = f" (to {os.readlink(path)})"
        except OSError:
            to = ""
        raise RecoveryError(
            f"{path} is a symbolic link{to}; nothing was written. An export never writes "
            "through a link: give the real path with -o, or remove the link first."
        )


def refuse_special(path: Path) -> None:
    """A device, a FIFO or a socket at `path` (`-o /dev/null --force`): exit 1, nothing
    written. The export moves a finished file into place, which would replace the device
    with a regular file rather than write to it."""
    if path.exists() and not path.is_file() and not path.is_dir():
        raise RecoveryError(
            f"{path} is not a regular file (a device or a pipe); nothing was written. "
            "Give a file name with -o, or leave -o out to print to the terminal."
        )


def target(path: Path, default_name: str) -> Path:
    """A folder (existing, a link to one, or written with a trailing /) gets the default
    file name."""
    if path.is_dir() or str(path).endswith(os.sep):
        return path / default_name
    return path


@contextlib.contextmanager
def private_file(target: Path, force: bool) -> Iterator[TextIO]:
    """Write to a 0600 temporary file beside `target`, then move it into place."""
    from recovery_cli import leftovers

    folder = target.parent
    if not folder.is_dir():
        raise RecoveryError(f"The folder {folder} does not exist; nothing was written.")
    refuse_link(target)
    refuse_special(target)
    if target.exists() and not force:
        raise exists_error(target)
    import tempfile  # not at module level: every command imports the export module

    fd, tmp = tempfile.mkstemp(prefix=leftovers.tagged(leftovers.EXPORT_PREFIX), dir=folder)
    try:
        os.fchmod(fd, 0o600)  # the mode moves with the file: no chmod of a path afterwards
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            yield fp
        refuse_link(target)  # made meanwhile
        refuse_special(target)
        if force:
            os.replace(tmp, target)  # replaces a link made in a race, never writes through it
        else:
            try:
                os.link(tmp, target)  # fails if someone created it meanwhile: no clobbering
            except FileExistsError:
                raise exists_error(target) from None
            os.unlink(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
