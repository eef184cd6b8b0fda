"""`recovery.1`, the man page, generated from the command definitions (the same help texts,
options, defaults and metavars `--help` shows), so it can't drift from them.

    python -m recovery_cli.cli.manpage > docs/recovery.1

docs/recovery.1 is committed and installed with the package (share/man/man1);
tests/test_manpage.py regenerates it and compares, and checks it against `--help`."""

from __future__ import annotations

from typing import Any

from recovery_cli import __version__

_STATIC_TAIL = r""".SH EXIT STATUS
.TP
.B 0
done
.TP
.B 1
could not be done (a runtime failure, an unknown id)
.TP
.B 2
bad usage or bad input (one line on stderr names what is wrong)
.TP
.B 130
interrupted; nothing was saved
.SH ENVIRONMENT
.TP
.B RECOVERY_HOME
the data folder (default: the platform's data folder, ~/.local/share/recovery\-cli on Linux)
.TP
.B RECOVERY_PASSPHRASE_FILE, RECOVERY_PASSPHRASE_COMMAND
where an encrypted database's passphrase comes from
.TP
.B NO_COLOR
no colours
.SH FILES
.TP
.I $RECOVERY_HOME/recovery.db
your data (SQLite), 0600
.TP
.I $RECOVERY_HOME/config.toml
your settings
.TP
.I $RECOVERY_HOME/checklists/
your own questionnaires and check\-in questions
.SH NOTES
recovery keeps notes and questionnaires to discuss with a professional. It does not
diagnose or treat any condition. In crisis, run
.B recovery crisis
or call your local emergency number.
"""


def _roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, no line starting with a dot."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + ln if ln.startswith((".", "'")) else ln for ln in out.splitlines())


def _paragraphs(command: Any) -> list[str]:
    from recovery_cli.cli.helptext import paragraphs

    out = []
    for p in paragraphs(command.help or ""):
        if p.lstrip("\n").startswith("\b"):
            out.append(".nf\n" + _roff(p.lstrip("\n")[1:].strip("\n")) + "\n.fi")
        else:
            out.append(_roff(" ".join(p.split())))
    return out


def _walk(command: Any, ctx: Any) -> list[tuple[Any, Any]]:
    """(command, context) for every command under `command`, depth first, in help order."""
    out = []
    for name in getattr(command, "list_commands", lambda _c: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
        out.append((sub, sub_ctx))
        out.extend(_walk(sub, sub_ctx))
    return out


def _options(command: Any, ctx: Any) -> list[str]:
    lines = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False) or param.param_type_name == "argument":
            continue
        record = param.get_help_record(ctx)
        if record is None or param.name == "help":
            continue
        lines += [".TP", f".B {_roff(record[0])}", _roff(" ".join(record[1].split()))]
    return lines


def render() -> str:
    """The whole page (roff)."""
    import typer.main

    from recovery_cli.cli import app
    from recovery_cli.cli._common import _unfold_all

    root = typer.main.get_command(app)
    _unfold_all(root)
    ctx = root.make_context("recovery", [], resilient_parsing=True)
    out = [
        f'.TH RECOVERY 1 "" "recovery {__version__}" "User Commands"',
        ".SH NAME",
        "recovery \\- " + _roff(" ".join((root.help or "").split("\n\n")[0].split())),
        ".SH SYNOPSIS",
        ".B recovery",
        "[\\-\\-home PATH] [\\-\\-passphrase\\-file PATH] COMMAND [ARGS]...",
        ".SH DESCRIPTION",
        *[p for para in _paragraphs(root) for p in (para, ".PP")],
        "Every command takes \\-\\-help. Commands that ask questions in a terminal also take "
        "flags; without a terminal they never ask.",
        ".SH OPTIONS",
        *_options(root, ctx),
        ".SH COMMANDS",
    ]
    for command, sub_ctx in _walk(root, ctx):
        pieces = " ".join(command.collect_usage_pieces(sub_ctx))
        out.append(f".SS {_roff(sub_ctx.command_path)}")
        out += [".B " + _roff(f"{sub_ctx.command_path} {pieces}".strip()), ".PP"]
        for para in _paragraphs(command):
            out += [para, ".PP"]
        out += _options(command, sub_ctx)
    if root.epilog:
        out += [".SH CRISIS", _roff(" ".join(root.epilog.split()))]
    return "\n".join(out) + "\n" + _STATIC_TAIL


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
