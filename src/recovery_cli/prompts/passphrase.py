"""Hidden passphrase prompts (encryption at rest). Never echoed, never stored."""

from __future__ import annotations

import sys

from recovery_cli.prompts import run

CANCELLED = "Cancelled; nothing was changed."


def _not_empty(text: str) -> bool | str:
    return bool(text) or "A passphrase can't be empty."


def ask_passphrase(message: str) -> str:
    """One hidden answer (opening an encrypted database)."""
    import questionary

    return str(run(questionary.password(message), CANCELLED))


def ask_new_passphrase(message: str) -> str:
    """A new passphrase, typed twice; asks again until the two match."""
    import questionary

    while True:
        first = str(run(questionary.password(message, validate=_not_empty), CANCELLED))
        second = str(run(questionary.password("Type it again:"), CANCELLED))
        if first == second:
            return first
        print("Those two didn't match; let's try once more.", file=sys.stderr)
