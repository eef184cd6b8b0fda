"""Asking for journal text: the person's editor ($VISUAL/$EDITOR) on a private temporary
file, or a multi-line prompt; and the delete confirmation.

Only called in a terminal (the cli layer checks `interactive()` first).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from recovery_cli import prompts
from recovery_cli.core.errors import RecoveryError

CANCELLED = "Nothing was saved."
MULTILINE_HINT = "(Esc then Enter to save, Ctrl-C to stop without saving)"


def editor_command() -> str | None:
    """The person's editor: $VISUAL, else $EDITOR; None when neither is set."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    return None


def edit_in_editor(initial: str, editor: str, *, what: str = "entry",
                   folder: Path | None = None) -> str:
    """Open `editor` on a temporary file (0600) holding `initial`; return what was saved.

    The file is made in `folder` (the home's `drafts/`, 0700: never plaintext in $TMPDIR,
    an encrypted home included) and named with this process's id (`leftovers`). It is
    removed afterwards, SIGHUP and SIGTERM included (they stop the editor too), except when
    the editor fails after text was written: then it is kept (and named) so nothing typed is
    lost.
    """
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise RecoveryError(f"Can't read the editor command '{editor}' ({exc}); nothing was saved.") from None
    if not argv:
        raise RecoveryError("The editor command is empty; nothing was saved.")
    from recovery_cli.core import leftovers

    fd, name = tempfile.mkstemp(prefix=leftovers.tagged(leftovers.DRAFT_PREFIX), suffix=".md",
                                dir=folder, text=True)
    keep = False
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(initial)
        try:
            done = subprocess.run([*argv, name], check=False)
        except FileNotFoundError:
            raise RecoveryError(
                f"Can't start the editor '{argv[0]}' (from $VISUAL/$EDITOR): not found. "
                "Nothing was saved."
            ) from None
        except PermissionError:
            raise RecoveryError(
                f"Can't start the editor '{argv[0]}' (from $VISUAL/$EDITOR): not allowed to "
                "run it. Nothing was saved."
            ) from None
        with open(name, encoding="utf-8", errors="replace", newline="") as fh:
            text = fh.read()
        if done.returncode != 0:
            if text.strip() and text != initial:
                keep = True
                raise RecoveryError(
                    f"The editor stopped with an error (status {done.returncode}), so nothing "
                    f"was saved. What you wrote is kept in {name}."
                )
            raise RecoveryError(
                f"The editor stopped with an error (status {done.returncode}); nothing was saved."
            )
        return text
    finally:
        if not keep:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


def ask_entry_text(message: str, *, default: str = "") -> str:
    """A multi-line text prompt (no editor set). Ctrl-C/EOF -> Cancelled, nothing saved."""
    return prompts.ask_text(
        f"{message} {MULTILINE_HINT}\n", default=default, multiline=True, cancelled=CANCELLED
    )


def confirm_delete(summary: str) -> bool:
    """Ask before deleting; No is the default."""
    return prompts.ask_confirm(
        f"Delete {summary}? This can't be undone.",
        default=False,
        cancelled="Nothing was deleted.",
    )

