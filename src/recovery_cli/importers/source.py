"""The file an import reads, made readable more than once (issue 24, item 6).

Detecting the format reads the first 64 KiB, then the reader opens the file again. A pipe
(`recovery import <(cat journal.txt)`, `... | recovery import -`) can't be read twice: the
second open went on where the first stopped, and a partial journal was imported with exit 0.
So anything that is not a regular file is read once, whole, into an anonymous in-memory file
(`memfd_create`: never on disk, gone when the process ends, even when killed) that the
readers then open by its /proc path as often as they need. Above `MAX_BYTES` it is refused
with one line; where memfd is not available, so is a pipe (save it to a file first).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from recovery_cli.core.errors import InputError

MAX_BYTES = 512 * 1024 * 1024
_CHUNK = 1 << 20


def _is_stream(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # check_readable says what is wrong
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def readable(path: Path) -> Iterator[Path]:
    """`path` itself for a regular file; for `-` (stdin), a pipe, FIFO or device, the path of
    an in-memory copy of all of it."""
    if str(path) != "-" and not _is_stream(path):
        yield path
        return
    shown = "standard input" if str(path) == "-" else str(path)
    if str(path) == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("import - reads the file from standard input, and there is none: "
                             "pipe one in (recovery import - < FILE) or give its path.")
        stream = sys.stdin.buffer
        close = False
    else:
        stream = open(path, "rb")  # noqa: SIM115 (closed below)
        close = True
    memfd = getattr(os, "memfd_create", None)
    if memfd is None:
        raise InputError(f"Can't import from {shown} here (it can be read only once): save it "
                         "to a file and import that. Nothing was imported.")
    fd = memfd("recovery-import", getattr(os, "MFD_CLOEXEC", 0))
    try:
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_BYTES:
                raise InputError(f"{shown} holds more than {MAX_BYTES // (1024 * 1024)} MiB; "
                                 "save it to a file and import that. Nothing was imported.")
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        if size == 0:
            raise InputError(f"{shown} is empty; nothing was imported.")
        yield Path(f"/proc/self/fd/{fd}")
    finally:
        os.close(fd)
        if close:
            stream.close()
