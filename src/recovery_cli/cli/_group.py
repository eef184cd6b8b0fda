"""The typer side of the root group: usage errors as one line, and every other error of a
running command through `_common.failure` (the one mapping, shared with the fast paths)."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from recovery_cli.cli._common import NOT_UTF8, _not_utf8, _unfold_all, failure, report, state
from recovery_cli.core.errors import Terminated


def _usage_exit(exc: BaseException) -> BaseException:
    """A usage error (bad flag value, unknown option or command, missing argument) as ONE
    line on stderr and exit 2, like every other bad input (click draws a multi-line box).
    Anything else, help shown for a bare group included, is returned unchanged."""
    from typer._click.exceptions import UsageError

    if not isinstance(exc, UsageError):
        return exc
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help (cli/helptext.py)
        print(exc.format_message())
        return typer.Exit(exc.exit_code)
    message = " ".join(exc.format_message().split())
    if not message.endswith((".", "?", "!")):
        message += "."
    if exc.ctx is not None:
        message += f" See '{exc.ctx.command_path} --help'."
    report(message)
    return typer.Exit(exc.exit_code)


class RecoveryGroup(TyperGroup):
    """The root group: maps every error raised while a command runs to one line on stderr and
    the documented exit code. No traceback reaches a person unless RECOVERY_DEBUG=1."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _unfold_all(self)
        return super().main(*args, **kwargs)

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            raise _usage_exit(exc) from None

    def invoke(self, ctx: Any) -> Any:
        from typer.exceptions import Abort, Exit, TyperException

        first = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", None)
        raw = [*(first or []), *ctx.args]
        if raw[:2] not in (["journal", "write"], ["journal", "edit"]) \
                and any(_not_utf8(a) for a in raw):
            # One rule for every flag and argument (the journal's own text keeps such bytes
            # as U+FFFD, documented; its tags refuse them in normalise_tag).
            report(NOT_UTF8)
            raise typer.Exit(2)
        try:
            return super().invoke(ctx)
        except (TyperException, Exit, Abort) as exc:
            raise _usage_exit(exc) from None
        except (Exception, KeyboardInterrupt, Terminated) as exc:
            raise typer.Exit(failure(exc)) from None
        finally:
            state().close()
