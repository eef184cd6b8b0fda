"""`recovery completion bash|zsh|fish`: the shell completion script, generated when asked
(never on a normal run: start-up stays as it was). The script calls `recovery` back with
`_RECOVERY_COMPLETE` set, and cli.run answers it from the whole app; questionnaire ids come
from the checklists of the home in use (`complete_checklist_ids`)."""

from __future__ import annotations

from typing import Annotated

import typer

from recovery_cli.cli._common import report

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_RECOVERY_COMPLETE"
_WHERE = {
    "bash": "add to ~/.bashrc:  eval \"$(recovery completion bash)\"",
    "zsh": "add to ~/.zshrc:   eval \"$(recovery completion zsh)\"",
    "fish": "run once:  recovery completion fish > ~/.config/fish/completions/recovery.fish",
}


def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish (commands, options and
    questionnaire ids complete with Tab).

    \b
    bash:  eval "$(recovery completion bash)"     (in ~/.bashrc)
    zsh:   eval "$(recovery completion zsh)"      (in ~/.zshrc)
    fish:  recovery completion fish > ~/.config/fish/completions/recovery.fish
    """
    from recovery_cli.core.errors import InputError

    name = shell.strip().lower()
    if name not in SHELLS:
        raise InputError(f"No completion for '{shell}': choose one of {', '.join(SHELLS)}.")
    from typer._completion_shared import get_completion_script

    print(get_completion_script(prog_name="recovery", complete_var=COMPLETE_VAR, shell=name))
    import sys

    if sys.stdout.isatty():
        report(f"To turn it on, {_WHERE[name]}")


def complete_checklist_ids(incomplete: str) -> list[str]:
    """Questionnaire ids (built-in and the home's own) that start with what was typed."""
    try:
        from recovery_cli.core import paths
        from recovery_cli.core.checklists import load_checklists

        found = load_checklists(paths.resolve_home(None))
    except Exception:  # completion must never print an error into the shell's line
        return []
    start = incomplete.casefold()
    return sorted(c.id for c in found.checklists.values()
                  if c.kind in ("instrument", "stage") and c.id.casefold().startswith(start))


def register(app: typer.Typer) -> None:
    app.command()(completion)
