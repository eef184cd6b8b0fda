"""`--help` in typer's rich look (usage, description, boxed Arguments / Options / Commands
panels, the epilog) drawn without importing rich.

typer's rich help imports rich's console, panels, tables and a Markdown parser (about 90 ms
of CPU before a line is drawn), which made `recovery --help` twice as slow as `jrnl --help`.
The help records (names, metavars, defaults, "required") still come from click and typer
themselves, so the text is theirs; only the drawing is ours. Colours only in a terminal and
never with NO_COLOR.

Two steps: `build` makes a `Page` (plain data) from a click command in its context, and
`draw` turns a page into text at the terminal's width. The typer path does both; main.py
draws the pages cli/helppages.py ships, built once from the app, without importing typer."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, NamedTuple

_BOLD, _DIM, _CYAN, _YELLOW, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def _styled() -> bool:
    try:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    except (AttributeError, ValueError):
        return False


def width() -> int:
    return max(min(shutil.get_terminal_size((80, 24)).columns, 200), 40)


def paragraphs(text: str) -> list[str]:
    """A help text's paragraphs ("\\b" ones keep their lines), up to click's "\\f" cut."""
    body = text.split("\f", 1)[0]
    return [p.strip("\n") for p in body.split("\n\n") if p.strip()]


def _wrap(text: str, cols: int) -> list[str]:
    if text.lstrip("\n").startswith("\b"):
        return [ln.rstrip() for ln in text.lstrip("\n")[1:].strip("\n").splitlines()]
    return textwrap.wrap(" ".join(text.split()), width=max(cols, 10), break_long_words=False,
                         break_on_hyphens=False) or [""]


class _Out:
    def __init__(self, cols: int) -> None:
        self.cols = cols
        self.lines: list[str] = []
        self.styled = _styled()

    def style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.styled and text else text

    def panel(self, title: str, rows: Sequence[Sequence[str]]) -> None:
        """A box with the rows as columns: every column but the last as wide as its widest
        cell (names in bold cyan, the others as they are), the last wrapped to what is left."""
        if not rows:
            return
        inner = self.cols - 4
        keep = [c for c in range(len(rows[0]) - 1) if any(r[c] for r in rows)] + [len(rows[0]) - 1]
        rows = [tuple(r[c] for c in keep) for r in rows]  # no empty columns
        ncols = len(rows[0])
        widths = [max(len(r[c]) for r in rows) for c in range(ncols - 1)]
        while sum(widths) + 2 * (ncols - 1) > inner * 2 // 3 and max(widths) > 8:
            widths[widths.index(max(widths))] -= 1  # long names wrap rather than the help
        right = max(inner - sum(w + 2 for w in widths), 10)
        top = f"╭─ {title} " + "─" * max(self.cols - len(title) - 5, 1) + "╮"
        self.lines.append(self.style(top, _DIM))
        bar = self.style("│", _DIM)
        for row in rows:
            cells = [textwrap.wrap(row[c], widths[c], break_on_hyphens=False) or [""]
                     for c in range(ncols - 1)]
            helps = [w for p in paragraphs(row[-1]) for w in _wrap(p, right)] or [""]
            for i in range(max(len(helps), *(len(c) for c in cells))):
                parts = []
                for c, w in enumerate(widths):
                    text = cells[c][i] if i < len(cells[c]) else ""
                    code = _BOLD + _CYAN if c == 0 else _BOLD + _YELLOW if c == ncols - 2 else _CYAN
                    parts.append(self.style(text, code) + " " * (w - len(text)))
                h = helps[i] if i < len(helps) else ""
                self.lines.append(f"{bar} {'  '.join(parts)}  {h}{' ' * (right - len(h))} {bar}")
        self.lines.append(self.style("╰" + "─" * (self.cols - 2) + "╯", _DIM))


class Page(NamedTuple):
    """One help page as plain data (cli/helppages.py ships every page in a file): the usage
    line, the description's and the epilog's paragraphs, and the rows of the Arguments,
    Options and Commands panels (help texts as written, wrapped when drawn)."""

    usage: str
    description: Sequence[str]
    arguments: Sequence[Sequence[str]]
    options: Sequence[Sequence[str]]
    commands: Sequence[Sequence[str]]
    epilog: Sequence[str]


def build(command: Any, ctx: Any) -> Page:
    """The page of `command` (a click command or group) in its context, from the records
    click and typer keep (names, metavars, defaults, "required")."""
    from typer.core import TyperArgument

    pieces = " ".join(command.collect_usage_pieces(ctx))
    arguments: list[tuple[str, ...]] = []
    options: list[tuple[str, ...]] = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            name = param.make_metavar(ctx)
            helps = getattr(param, "help", None) or ""
            if param.required:
                helps = f"{helps} [required]".strip()
            arguments.append((name, helps))
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names = [o for o in param.opts if o.startswith("--")]
        shorts = [o for o in param.opts if not o.startswith("--")]
        secondary = "/".join(param.secondary_opts)
        long_names = "/".join(names) + (f"/{secondary}" if secondary and names else secondary)
        metavar = "" if getattr(param, "is_flag", False) or getattr(param, "count", False) \
            else param.make_metavar(ctx)
        options.append((long_names or ", ".join(shorts), ", ".join(shorts) if names else "",
                        metavar, record[1]))
    commands: list[tuple[str, ...]] = []
    for name in getattr(command, "list_commands", lambda _c: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        first = paragraphs(sub.help or sub.short_help or "")
        commands.append((name, " ".join(first[0].split()) if first else ""))
    return Page(f"{ctx.command_path} {pieces}".rstrip(), paragraphs(command.help or ""),
                arguments, options, commands, paragraphs(command.epilog or ""))


def draw(page: Page) -> str:
    """The page as text, as wide as the terminal (or $COLUMNS)."""
    out = _Out(width())
    out.lines += ["", " " + out.style("Usage:", _YELLOW) + " " + out.style(page.usage, _BOLD), ""]
    for para in page.description:
        out.lines += [" " + line for line in _wrap(para, out.cols - 2)]
        out.lines.append("")
    out.panel("Arguments", page.arguments)
    out.panel("Options", page.options)
    out.panel("Commands", page.commands)
    if page.epilog:
        out.lines.append("")
        for para in page.epilog:
            out.lines += [" " + line for line in _wrap(para, out.cols - 2)]
    out.lines.append("")
    return "\n".join(out.lines)


def render(command: Any, ctx: Any) -> str:
    """The help page of `command` (a click command or group) in its context."""
    return draw(build(command, ctx))


def install() -> None:
    """Draw every command's help with `render` (typer's own format_help would import rich)."""
    from typer.core import TyperCommand, TyperGroup

    def format_help(self: Any, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx))

    TyperCommand.format_help = format_help  # type: ignore[method-assign]
    TyperGroup.format_help = format_help  # type: ignore[method-assign]
