"""A Ctrl-C, SIGTERM or SIGHUP at any moment of a question's life is answered (ctrlc finding 1).

Outside raw mode (while one question hands over to the next) a terminal turns Ctrl-C into
SIGINT. prompt_toolkit handed that signal to the question that installed its handler, as a
key: a select, checkbox or confirm question ignores it, and a question already answered no
longer reads keys, so the signal was lost and the next question waited for ever (seen as
`plan edit`'s trigger prompt staying until the test's 60 s timeout). Here the signal is raised
in-process at the exact moments a person's key can land on (the instant an answer is given,
just before a question reads keys), with the rest of the answers queued: a lost signal shows
as the wizard going on and saving (exit 0). The same in a real terminal:
tests/cli/test_reliability_interrupts.py.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Keys

ENTER, DOWN = Keys.ENTER, Keys.DOWN

# plan edit triggers, all the way to a saved plan: [Add a trigger], the trigger, what you'll
# do, [Done] (Add another, Change, Remove, Move, Done), Save? yes.
ADD_A_TRIGGER = ENTER + "Arguments at work" + ENTER + "Step outside" + ENTER \
    + DOWN * 4 + ENTER + "y"


@pytest.fixture
def handlers() -> Iterator[None]:
    """The process's signal handlers put back after the test (handle_signals() sets them)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for s, h in saved.items():
        signal.signal(s, h)


def _signal_after(monkeypatch: pytest.MonkeyPatch, method: str, sig: int, nth: int) -> list[int]:
    """Raise `sig` in this process right after the `nth` call of prompt_toolkit's
    `Application.<method>` made while the application runs (`exit`: the instant a question is
    answered; `reset`: a question starting, its handlers in place, before it reads keys; a
    question's construction resets it too, outside `run`). Returns the signals raised."""
    from prompt_toolkit.application import Application

    original = getattr(Application, method)
    calls: list[int] = []
    raised: list[int] = []

    def hooked(self: Any, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        if not self.is_running:
            return out
        calls.append(1)
        if len(calls) == nth:
            raised.append(sig)
            signal.raise_signal(sig)
        return out

    monkeypatch.setattr(Application, method, hooked)
    return raised


def _triggers(cli: Any) -> list[Any]:
    doc = cli("plan", "show", "--json").json()
    return list(doc["triggers"])


@pytest.mark.parametrize("nth", [1, 2, 3], ids=["choice", "trigger-text", "response-text"])
def test_ctrl_c_the_instant_a_question_is_answered(cli: Any, keys: Any, handlers: None,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   nth: int) -> None:
    assert cli("plan", "add", "triggers", "Loud places").exit_code == 0
    keys(ADD_A_TRIGGER)
    raised = _signal_after(monkeypatch, "exit", signal.SIGINT, nth)
    r = cli("plan", "edit", "triggers")
    assert raised == [signal.SIGINT]
    assert r.exit_code == 130, (r.stdout, r.stderr)
    assert "nothing was saved" in r.stderr + r.stdout
    assert [t["text"] for t in _triggers(cli)] == ["Loud places"]


@pytest.mark.parametrize("nth", [1, 2, 5], ids=["select", "text", "confirm"])
def test_ctrl_c_just_before_a_question_reads_keys(cli: Any, keys: Any, handlers: None,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  nth: int) -> None:
    """The signal comes while the question is being set up (the terminal not yet in raw mode):
    a select or confirm question used to ignore it and take the queued answer."""
    assert cli("plan", "add", "triggers", "Loud places").exit_code == 0
    keys(ADD_A_TRIGGER)
    raised = _signal_after(monkeypatch, "reset", signal.SIGINT, nth)
    r = cli("plan", "edit", "triggers")
    assert raised == [signal.SIGINT]
    assert r.exit_code == 130, (r.stdout, r.stderr)
    assert [t["text"] for t in _triggers(cli)] == ["Loud places"]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)],
                         ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("method", ["exit", "reset"])
def test_sigterm_or_sighup_between_two_questions(cli: Any, keys: Any, handlers: None,
                                                 monkeypatch: pytest.MonkeyPatch, sig: int,
                                                 code: int, method: str) -> None:
    """handle_signals() ignores a second SIGTERM while the first is handled, so a lost first
    one left a question nobody could stop but with SIGKILL."""
    from recovery_cli.cli._common import handle_signals

    handle_signals()
    assert cli("plan", "add", "triggers", "Loud places").exit_code == 0
    keys(ADD_A_TRIGGER)
    raised = _signal_after(monkeypatch, method, sig, 1)
    r = cli("plan", "edit", "triggers")
    assert raised == [sig]
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "nothing half-done was saved" in r.stderr
    assert [t["text"] for t in _triggers(cli)] == ["Loud places"]


def test_ctrl_c_between_two_questions_whose_exception_is_lost(
        cli: Any, keys: Any, handlers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between two questions a Ctrl-C raises KeyboardInterrupt at once; some code swallows
    it (prompt_toolkit's `Application.run` has an `except BaseException`, a finaliser's
    exception is only printed). Seen in a pty under load: the tty echoed "^C" between the
    select and the text prompt, and the text prompt then waited. The next question raises
    it instead."""
    import contextlib

    from prompt_toolkit.application import Application

    original_init, original_exit = Application.__init__, Application.exit
    answered: list[int] = []
    made: list[int] = []

    def exit_(self: Any, *args: Any, **kwargs: Any) -> None:
        original_exit(self, *args, **kwargs)
        answered.append(1)

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if answered and not made:  # the trigger's text question, made after the select's answer
            made.append(1)
            with contextlib.suppress(KeyboardInterrupt):
                signal.raise_signal(signal.SIGINT)

    assert cli("plan", "add", "triggers", "Loud places").exit_code == 0
    keys(ADD_A_TRIGGER)
    monkeypatch.setattr(Application, "__init__", init)
    monkeypatch.setattr(Application, "exit", exit_)
    r = cli("plan", "edit", "triggers")
    assert made == [1]
    assert r.exit_code == 130, (r.stdout, r.stderr)
    assert [t["text"] for t in _triggers(cli)] == ["Loud places"]


def test_a_question_without_a_signal_still_answers(cli: Any, keys: Any, handlers: None) -> None:
    """The same flow, nothing raised: saved (so the tests above can fail), and Ctrl-C's
    handler is the one before again when the next command starts."""
    before = signal.getsignal(signal.SIGINT)
    assert cli("plan", "add", "triggers", "Loud places").exit_code == 0
    keys(ADD_A_TRIGGER)
    r = cli("plan", "edit", "triggers")
    assert r.exit_code == 0, r.stderr
    assert [t["text"] for t in _triggers(cli)] == ["Loud places", "Arguments at work"]
    assert signal.getsignal(signal.SIGINT) is before
