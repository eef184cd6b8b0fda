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

from recovery_cli.core.errors import RecoveryError


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


def _temp(folder: Path) -> tuple[int, str]:
    """A 0600 temporary file in `folder`, named so `doctor` can tell a killed export's."""
    import tempfile  # not at module level: every command imports the export module

    from recovery_cli.core import leftovers

    fd, tmp = tempfile.mkstemp(prefix=leftovers.tagged(leftovers.EXPORT_PREFIX), dir=folder)
    try:
        os.fchmod(fd, 0o600)  # the mode moves with the file: no chmod of a path afterwards
    except BaseException:
        os.close(fd)
        raise
    return fd, tmp


def _place(tmp: str, target: Path, force: bool) -> None:
    """A complete, fsynced temporary file takes its name (never through a link)."""
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


def _check(target: Path, force: bool) -> None:
    refuse_link(target)
    refuse_special(target)
    if target.exists() and not force:
        raise exists_error(target)


@contextlib.contextmanager
def private_file(target: Path, force: bool) -> Iterator[TextIO]:
    """Write to a 0600 temporary file beside `target`, then move it into place."""
    from recovery_cli.store.files import fsync_path

    folder = target.parent
    if not folder.is_dir():
        raise RecoveryError(f"The folder {folder} does not exist; nothing was written.")
    _check(target, force)
    fd, tmp = _temp(folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())  # on disk before it has the name (a power cut: no empty file)
        _place(tmp, target, force)
        fsync_path(folder)  # the new name itself
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def private_files(folder: Path, texts: dict[str, str], force: bool) -> None:
    """Several files as one export (the CSV tables): every one is written to its temporary
    file and fsynced before any takes its name, so a full disk (or Ctrl-C, or any failure)
    part-way leaves none of the new files, and with --force the old set as it was."""
    from recovery_cli.store.files import fsync_path

    targets = [folder / name for name in texts]
    for t in targets:  # every file checked before any is written
        refuse_link(t)
        refuse_special(t)
    clash = [t for t in targets if t.exists()]
    if clash and not force:
        raise exists_error(clash[0])
    temps: list[str] = []
    try:
        for text in texts.values():
            fd, tmp = _temp(folder)
            temps.append(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
                fp.write(text)
                fp.flush()
                os.fsync(fp.fileno())
        for tmp, t in zip(temps, targets, strict=True):
            _place(tmp, t, force)
        fsync_path(folder)
    finally:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
