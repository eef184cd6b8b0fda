"""`recovery values`: name what matters to you; goals can serve a value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from recovery_cli.cli._common import JsonOption, emit_json, interactive, need, report, state

if TYPE_CHECKING:
    pass

values_app = typer.Typer(
    help="Name what matters to you; goals can serve a value.",
    invoke_without_command=True, no_args_is_help=False,
)


def _values_list(json_out: bool) -> None:
    from recovery_cli.store import goals as store_goals

    values = store_goals.list_values(state().db())
    if json_out:
        emit_json([v.to_json() for v in values])
        return
    from recovery_cli.ui import goals as ui

    ui.print_values(values)


@values_app.callback(invoke_without_command=True)
def values_root(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """Name what matters to you. With no command: list your values."""
    if ctx.invoked_subcommand is None:
        _values_list(json_out)


@values_app.command("list")
def values_list(json_out: JsonOption = False) -> None:
    """List your values and the goals that serve each."""
    _values_list(json_out)


@values_app.command("add")
def values_add(
    text: Annotated[str | None, typer.Argument(
        metavar="[TEXT]", help="The value in your own words, e.g. 'Family'.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Add a value (in a terminal without TEXT: pick from suggestions or add your own)."""
    from recovery_cli.core import clock
    from recovery_cli.store import goals as store_goals
    from recovery_cli.store import transaction
    from recovery_cli.tools.goals import SUGGESTED_VALUES, clean_text

    conn = state().db()
    if text is not None:
        wanted = [clean_text(text, "The value")]
    elif interactive():
        from recovery_cli.prompts import goals as ask

        existing = [v.text for v in store_goals.list_values(conn)]
        wanted = [" ".join(w.split()) for w in ask.pick_values(existing, SUGGESTED_VALUES)]
        wanted = [w for w in wanted if w]
        if not wanted:
            report("Nothing was added. You can come back to this any time.")
            if json_out:
                emit_json([])
            return
    else:
        raise need("The value", "TEXT (recovery values add \"Family\")")
    added: list[tuple[int, str, bool]] = []
    with transaction(conn):
        now = clock.iso(clock.now())
        for words in wanted:
            value_id, new = store_goals.add_value(conn, words, now)
            added.append((value_id, words, new))
    from recovery_cli.cli import _crisis_note

    crisis_words = _crisis_note.check(w for _i, w, new in added if new)
    if json_out:
        by_id = {v.id: v for v in store_goals.list_values(conn)}
        emit_json([by_id[i].to_json() for i, _w, _n in added])
        if crisis_words:
            _crisis_note.show("your values are saved")
        return
    for value_id, words, new in added:
        if new:
            report(f"Added value {value_id}: {words}")
        else:
            report(f"'{words}' is already one of your values (number {value_id}).")
    report("A goal can serve it: recovery goals add \"...\" --value "
           f"{added[0][0]}")
    if crisis_words:
        _crisis_note.show("your values are saved")

def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(values_app, name="values")
