"""The README's command reference stays complete: every command has help and is documented."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

README = Path(__file__).resolve().parents[2] / "README.md"


def walk(command: object, prefix: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    subs = getattr(command, "commands", None)
    if subs:
        for name, sub in sorted(subs.items()):
            if getattr(sub, "hidden", False):
                continue
            path = f"{prefix} {name}"
            out.append((path, sub))
            out.extend(walk(sub, path))
    return out


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from recovery_cli.cli import app

    assert isinstance(app, typer.Typer)
    root = get_command(app)
    text = README.read_text()
    commands = walk(root, "recovery")
    assert len(commands) >= 5
    missing_help = [p for p, c in commands if not (getattr(c, "help", None) or getattr(c, "short_help", None))]
    assert missing_help == []
    undocumented = [p for p, _ in commands if f"`{p}" not in text]
    assert undocumented == [], f"add these to README's command reference: {undocumented}"
