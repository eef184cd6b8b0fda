"""Asking one question so that Ctrl-C, SIGTERM or SIGHUP at ANY moment of its life ends it.

prompt_toolkit reads Ctrl-C as a key while the terminal is in raw mode, and questionary
answers that key. Around it, while one question hands over to the next, the terminal is
briefly back in cooked mode and turns a Ctrl-C into SIGINT, which prompt_toolkit's own
handler turns into a `<sigint>` key of the application that installed it. Two ways that
key was lost (ctrlc finding 1, reproduced with `kill -INT` in a pseudo-terminal):

- a select, checkbox or confirm question of questionary binds `<sigint>` to nothing (only
  prompt_toolkit's text prompt answers it), so SIGINT while one is asked did nothing;
- during a question's tear-down (its answer set, raw mode already left, its handler still
  installed) the key reached an application that no longer reads keys, and the next
  question then waited for an answer forever.

So every question runs with prompt_toolkit's handler off and ours on (`ask`). A signal
remembers itself (`interrupt`) and ends the question being asked; if the question had not
started yet it ends as soon as it starts (`pre_run`), and if it had already ended, `ask`
raises the signal instead of returning the answer.

Between two questions our handler stays (from a command's first question to the next
command's `reset`): there it raises KeyboardInterrupt at once, as Python's own does, and also
remembers it, because such a raise can be swallowed (a pty test under load caught the tty's
"^C" echoed between two questions, no exception seen and the next question waiting), so the
next question raises it. Light: prompt_toolkit is imported by the question, never here.
"""

from __future__ import annotations

import contextlib
import signal
from typing import Any

from recovery_cli.prompts import ahead

_asking: Any = None  # the prompt_toolkit Application of the question being asked
_pending: BaseException | None = None  # a signal while it is asked
_missed: BaseException | None = None  # a signal between two questions, for the next one
_previous: Any = None  # the SIGINT handler before ours, while ours is installed


def interrupt(exc: BaseException) -> bool:
    """End the question being asked by raising `exc` from it (called from a signal handler;
    the first signal wins). False when no question is being asked: the caller raises `exc`,
    and the next question raises it too if that raise was lost."""
    global _pending, _missed
    app = _asking
    if app is None:
        if _previous is not None and _missed is None:
            _missed = exc
        return False
    if _pending is None:
        _pending = exc
    first = _pending
    loop = getattr(app, "loop", None)  # set only while the application's event loop runs
    if loop is not None:

        def end() -> None:
            if app.is_running and not app.is_done:
                app.exit(exception=first)

        with contextlib.suppress(RuntimeError):  # the loop has just closed: `ask` raises it
            loop.call_soon_threadsafe(end)
    return True


def _on_sigint(_signum: int, _frame: object) -> None:
    if not interrupt(KeyboardInterrupt()):
        raise KeyboardInterrupt


def _end_if_pending() -> None:
    """prompt_toolkit's `pre_run`, right before it draws: a question drawn ahead handed over
    (prompts/ahead.py), and a signal that came before the question was running."""
    ahead.hand_over()
    if _pending is not None and _asking is not None and not _asking.is_done:
        _asking.exit(exception=_pending)


def reset() -> None:
    """A new command (cli's reset_state): the SIGINT handler before ours back, nothing
    remembered."""
    global _previous, _missed
    if _previous is not None:
        signal.signal(signal.SIGINT, _previous)
    _previous = _missed = None


def ask(question: Any) -> Any:
    """questionary's `unsafe_ask()`, with every Ctrl-C, SIGTERM and SIGHUP answered: the
    question raises KeyboardInterrupt or `Terminated` whenever the signal came, since the
    command's first question."""
    global _asking, _pending, _missed, _previous
    if getattr(question, "should_skip_question", False):
        return question.default
    app = question.application
    if _previous is None:
        try:
            _previous = signal.signal(signal.SIGINT, _on_sigint)
        except ValueError:  # not the main thread: no signals here, prompt_toolkit's way
            return app.run(pre_run=ahead.hand_over)
    missed, _missed = _missed, None
    if missed is not None:
        raise missed  # came after the last question, and its exception was lost
    _asking, _pending = app, None
    try:
        return app.run(pre_run=_end_if_pending, handle_sigint=False)
    finally:
        _asking = None  # from here a signal raises at once (`interrupt` is False)
        pending, _pending = _pending, None
        if pending is not None:
            raise pending  # whatever the question answered or raised: it was interrupted
