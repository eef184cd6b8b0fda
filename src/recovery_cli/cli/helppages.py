"""`--help` without typer (issue 23): every command's help page, shipped as data.

Importing typer and click only to collect the help records cost about 90 ms of the 170 a
`recovery --help` took. helppages.json (beside this module, in the wheel) holds every page
of the app as plain data (cli/helptext.Page), built from the typer app itself; main.py
answers exactly `recovery [--home P] [COMMAND [SUBCOMMAND]] --help` (or `-h`) from it and
draws the page with cli/helptext.draw, the same drawing the typer path uses, so the text is
the same byte for byte (tests/cli/test_help_pages.py). Anything else, a missing or
unreadable file, or one built from other sources than these (a checksum of cli/*.py,
core/messages.py and typer's version) goes to the typer app.

Regenerate after changing a command, an option or a help text:

    python -m recovery_cli.cli.helppages
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from typing import Any

from recovery_cli.cli.helptext import Page

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "helppages.json")
FORMAT = 1
REGENERATE = "python -m recovery_cli.cli.helppages"
_HELP = ("--help", "-h")


def _sources() -> list[tuple[str, str]]:
    """(name, path) of every file the pages are made from: the cli modules (but _fast.py,
    which builds no command and imports no typer), the messages, typer's version."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [(f"cli/{n}", os.path.join(here, n)) for n in sorted(os.listdir(here))
             if n.endswith(".py") and n != "_fast.py"]
    files.append(("core/messages.py", os.path.join(here, os.pardir, "core", "messages.py")))
    for entry in sys.path:  # where `import typer` finds it (importlib.util costs 3 ms more)
        typer = os.path.join(entry or os.curdir, "typer", "__init__.py")
        if os.path.isfile(typer):
            files.append(("typer/__init__.py", typer))  # holds typer's __version__
            break
    return files


def digest() -> str:
    """A checksum of the sources, so a page file older than the code is never used."""
    crc = 0
    for name, path in _sources():
        with open(path, "rb") as fh:
            crc = zlib.crc32(fh.read(), zlib.crc32(name.encode(), crc))
    return f"{crc:08x}"


def generate() -> dict[str, Any]:
    """Every page of the typer app (the root, each command, each subcommand), and which help
    flags each one takes."""
    import typer.main

    from recovery_cli.cli import full_app
    from recovery_cli.cli._common import _unfold_all
    from recovery_cli.cli.helptext import build

    root = typer.main.get_command(full_app())
    _unfold_all(root)  # as RecoveryGroup.main does before every run
    pages: dict[str, Any] = {}

    def walk(command: Any, ctx: Any, words: list[str]) -> None:
        pages[" ".join(words)] = {"help": sorted(command.get_help_option_names(ctx)),
                                  "page": list(build(command, ctx))}
        for name in getattr(command, "commands", {}):
            sub = command.get_command(ctx, name)
            walk(sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True),
                 [*words, name])

    walk(root, root.make_context("recovery", [], resilient_parsing=True), [])
    return {"format": FORMAT, "digest": digest(), "regenerate": REGENERATE, "pages": pages}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _load() -> dict[str, Any] | None:
    try:
        with open(FILE, encoding="utf-8") as fh:
            data = json.load(fh)
        if data["format"] != FORMAT or data["digest"] != digest():
            return None
        pages = data["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pages if isinstance(pages, dict) else None


def _words(args: list[str]) -> tuple[str | None, list[str]] | None:
    """`[--home P] WORD...` -> (P, the words); None for any other shape."""
    home = None
    if args[:1] == ["--home"] and len(args) >= 2:
        home, args = args[1], args[2:]
    elif args and args[0].startswith("--home="):
        home, args = args[0].removeprefix("--home="), args[1:]
    if home is not None and (not home or home.startswith("-")):
        return None
    if any(w.startswith("-") for w in args):
        return None
    return home, args


def _utf8_stdout() -> bool:
    import codecs

    try:
        return codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8"
    except (AttributeError, LookupError):
        return False


def answer(args: list[str]) -> int | None:
    """Print the page `args` ask for, as the typer app would, and return the exit code; None
    when the typer app should answer."""
    if args[-1:] not in (["--help"], ["-h"]) or os.environ.get("_RECOVERY_COMPLETE"):
        return None
    if any("\ud800" <= ch <= "\udfff" for a in args for ch in a) or not _utf8_stdout():
        return None  # bytes that are not UTF-8, a stdout that is not: typer's own messages
    shape = _words(args[:-1])
    pages = _load() if shape is not None else None
    if shape is None or pages is None:
        return None
    home, words = shape
    entry = pages.get(" ".join(words))
    try:
        if entry is None or args[-1] not in entry["help"]:
            return None
        from recovery_cli.cli.helptext import draw

        text = draw(Page(*entry["page"])).rstrip("\n") + "\n"
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if not words:  # the root's --help is eager: nothing else runs
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    if _stderr_is_terminal():  # where the first-run note may show: every root step
        return _with_root_steps(home, words[0], text)
    return _quiet_root_steps(home, words[0], text)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _quiet_root_steps(home: str | None, command: str, text: str) -> int | None:
    """The root callback's steps that show anything when stderr is not a terminal: only the
    demo notice (the first-run note needs a terminal; the state and the day boundary show
    nothing). A home that cannot be resolved: None, and the typer app says what is wrong."""
    from recovery_cli.core import paths

    try:
        where = paths.resolve_home(home)
        if command not in ("demo", "remind"):
            paths.demo_notice(where)
    except Exception:
        return None
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def _with_root_steps(home: str | None, command: str, text: str) -> int:
    """A command's --help runs the root callback first (cli/_app.root: the state, the day
    boundary, the first-run note, the demo notice), then prints; errors as the root group
    maps them (`_common.failure`)."""
    from recovery_cli.cli._common import (
        apply_day_boundary,
        failure,
        first_run_disclaimer,
        handle_signals,
        reset_state,
        state,
    )
    from recovery_cli.core.errors import Terminated

    handle_signals()
    try:
        st = reset_state(home)
        apply_day_boundary()
        first_run_disclaimer(command, home)
        if command not in ("demo", "remind"):
            from recovery_cli.core import paths

            paths.demo_notice(st.home)
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    except (Exception, KeyboardInterrupt, Terminated) as exc:
        return failure(exc)
    finally:
        state().close()


def main() -> int:
    """Write helppages.json from the typer app."""
    with open(FILE, "w", encoding="utf-8") as fh:
        fh.write(dumps(generate()))
    print(f"wrote {FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
