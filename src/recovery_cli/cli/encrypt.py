"""Commands: encrypt, decrypt, passphrase (the optional `encryption` extra, SQLCipher).

The passphrase comes from `--passphrase-file` / $RECOVERY_PASSPHRASE_FILE,
$RECOVERY_PASSPHRASE_COMMAND, or a hidden prompt in a terminal (store/cipher/keying.py). This module
registers that prompt with the store, and the root callback hands it the `--passphrase-file`
option for each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recovery_cli.cli._common import interactive, need, state


def _prompt(message: str, new: bool) -> str | None:
    """The store's way to ask for a passphrase: only with a person at a terminal."""
    if not interactive():
        return None
    from recovery_cli.prompts import passphrase as ask

    return ask.ask_new_passphrase(message) if new else ask.ask_passphrase(message)


# Commands that may ask their own questions before they open the database.
_ASKING = frozenset({"checkin", "snap", "journal", "assess", "plan", "intake", "goals", "values",
                     "skills"})


def set_up(passphrase_file: Path | None, command: str | None = None) -> None:
    """Per command (root callback): the --passphrase-file option and the prompt. In a
    terminal, a command that asks questions unlocks an encrypted database first, so nothing
    typed is lost to a mistyped passphrase."""
    import sys

    from recovery_cli.store import files  # not cipher: a plaintext database never loads it

    files.unlock_file = passphrase_file
    files.unlock_prompt = _prompt
    keying = sys.modules.get("recovery_cli.store.cipher.keying")
    if keying is not None:
        keying.forget()  # a previous command's passphrase (tests run many in one process)
    if command not in _ASKING or not interactive():
        return
    if "--help" in sys.argv or "-h" in sys.argv:
        return
    from recovery_cli.core import paths

    st = state()
    if files.is_encrypted_file(paths.db_path(st.home)):
        st.db()


def encrypt() -> None:
    """Encrypt your whole database (and your backups) with a passphrase."""
    from recovery_cli.core import paths
    from recovery_cli.core.errors import RecoveryError
    from recovery_cli.store.cipher import convert, keying, library

    library.sqlcipher()  # says how to install the extra when it is missing
    st = state()
    db = paths.db_path(st.home)
    if keying.is_encrypted(db):
        raise RecoveryError("Your database is already encrypted. "
                            "'recovery passphrase' changes the passphrase.")
    st.db()  # create or migrate it first, so what gets encrypted is current
    st.close()
    key = keying.new_passphrase()
    _warn_if_short(key)
    backups = convert.encrypt_home(st.home, key)
    print("Your database is encrypted. recovery will ask for the passphrase (or read it from "
          "RECOVERY_PASSPHRASE_COMMAND or --passphrase-file).")
    if backups:
        print(f"{len(backups)} backup{'s' if len(backups) != 1 else ''} encrypted too.")
    print("Keep the passphrase somewhere safe: without it nobody, you included, can read "
          "your entries.")
    print("Reminders still work while locked: status.json keeps only the dates they need.")


def decrypt(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
) -> None:
    """Store your database unencrypted again (after confirmation)."""
    from recovery_cli.core import paths
    from recovery_cli.core.errors import RecoveryError
    from recovery_cli.store.cipher import convert, keying, library

    library.sqlcipher()
    st = state()
    db = paths.db_path(st.home)
    if not keying.is_encrypted(db):
        raise RecoveryError("Your database is not encrypted; nothing was changed.")
    if not yes and not interactive():
        raise need("Confirmation", "--yes")
    st.db()  # asks for (and checks) the passphrase before anything else
    st.close()
    if not yes:
        from recovery_cli import prompts

        if not prompts.ask_confirm(
            "Store your journal unencrypted on this computer? Anyone who can read your files "
            "could then read it.", default=False,
            cancelled="Cancelled; your database stays encrypted.",
        ):
            print("Nothing was changed; your database stays encrypted.")
            return
    convert.decrypt_home(st.home)
    print("Your database is no longer encrypted. Backups made while it was encrypted stay "
          "encrypted with your passphrase.")


def passphrase(
    new_passphrase_file: Annotated[
        Path | None,
        typer.Option("--new-passphrase-file", metavar="PATH",
                     help="Read the new passphrase from this file (for scripts)."),
    ] = None,
) -> None:
    """Change the passphrase of your encrypted database (and of its backups)."""
    from recovery_cli.core import paths
    from recovery_cli.core.errors import RecoveryError
    from recovery_cli.store.cipher import convert, keying, library

    library.sqlcipher()
    st = state()
    if not keying.is_encrypted(paths.db_path(st.home)):
        raise RecoveryError("Your database is not encrypted; 'recovery encrypt' encrypts it.")
    if new_passphrase_file is None and not interactive():
        raise need("The new passphrase", "--new-passphrase-file")
    st.db()  # the current passphrase, checked
    st.close()
    if new_passphrase_file is not None:
        new = keying.read_passphrase_file(new_passphrase_file)
    else:
        new = keying.ask("Choose a new passphrase:", new=True, what="The new passphrase")
    _warn_if_short(new)
    changed, kept = convert.rekey_home(st.home, new)
    print("Your passphrase is changed.")
    if changed:
        print(f"{len(changed)} backup{'s' if len(changed) != 1 else ''} now use it too.")
    if kept:
        print(f"{len(kept)} older backup{'s' if len(kept) != 1 else ''} did not open with the "
              "old passphrase and keep the one they were made with.")


SHORT_PASSPHRASE = 8


def _warn_if_short(key: str) -> None:
    """A gentle word about a short passphrase; it is used as given (never refused)."""
    if len(key) < SHORT_PASSPHRASE:
        from recovery_cli.cli._common import report

        n = len(key)
        report(f"That passphrase is short ({n} character{'s' if n != 1 else ''}). It is used as "
               f"you gave it; a longer one ({SHORT_PASSPHRASE} or more characters, or a few "
               "words) is much harder to guess. 'recovery passphrase' changes it any time.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(encrypt)
    app.command()(decrypt)
    app.command()(passphrase)
