"""What `recovery crisis` does, without typer: the lines first (flushed), then the safety plan.
`cli/crisis.py` (the typer command) and the fast path of a bare `recovery crisis` in main.py
(cli/_fast.py) both call `show`; `learn` shares `_view`."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

from recovery_cli.cli._common import emit_json, interactive, report, state

if TYPE_CHECKING:
    from recovery_cli.core.models import CrisisData
    from recovery_cli.plan.crisis import CrisisView


def _data() -> CrisisData | None:
    """The crisis lines file; None (named on stderr) when it can't be read."""
    try:
        from recovery_cli.core.checklists import load_crisis

        return load_crisis()
    except Exception as exc:
        report(f"(The crisis lines file could not be read: {exc}.)")
        return None


def _configured_region() -> str | None:
    try:
        return state().config().region
    except Exception:
        report("Your config.toml could not be read; showing the lines for the US, the UK and "
               "Ireland.")
        return None


def _view(region: str | None) -> CrisisView | None:
    """The lines for `--region` (refused with exit 2 when unknown) or the configured region;
    None when the crisis file can't be read."""
    from recovery_cli.plan import crisis as crisis_mod

    data = _data()
    if data is None:
        return None
    code = crisis_mod.check_region(region, data) if region is not None else _configured_region()
    try:
        return crisis_mod.select(data, code)
    except Exception as exc:  # never a failure instead of lines: the summary line is shown
        report(f"(The crisis lines could not be put together: {exc}.)")
        return None


def _flush() -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()


def show(region: str | None, *, json_out: bool = False) -> None:
    """The lines for `region` (or the configured one), then the safety plan; --json: one
    document with both."""
    from recovery_cli.core import messages

    view = _view(region)  # an unknown --region is refused here (exit 2), nothing shown
    try:
        _show_lines(view, json_out)
    except Exception:
        # The lines must reach the person whatever else failed.
        (report if json_out else print)(messages.HELP_EPILOG)
    _flush()
    doc = _read_plan(announce=not json_out)
    if json_out:
        from recovery_cli.plan import crisis as crisis_mod
        from recovery_cli.plan import document as plan_model

        out: dict[str, Any] = (crisis_mod.crisis_json(view) if view is not None else
                               {"region": None, "lines": [], "emergency": [],
                                "message": messages.HELP_EPILOG})
        out["plan"] = plan_model.crisis_json(doc)
        emit_json(out)
        return
    try:
        from recovery_cli.ui import plan as ui_plan

        ui_plan.print_safety_plan(doc)
    except Exception as exc:
        report(f"(Your safety plan could not be shown just now: {exc})")


def _show_lines(view: CrisisView | None, json_out: bool) -> None:
    from recovery_cli.core import messages
    from recovery_cli.plan import crisis as crisis_mod
    from recovery_cli.ui import crisis as ui_crisis

    if view is None:
        (report if json_out else print)(messages.HELP_EPILOG)
        return
    if json_out:  # the human text on stderr, as `assess take --json` does
        report(ui_crisis.crisis_text(view))
        return
    ui_crisis.print_crisis(view)
    note = crisis_mod.coverage_note(view)
    if note:
        print(note)


def _read_plan(*, announce: bool) -> dict[str, Any] | None:
    """The safety plan, read-only; never creates or migrates a database. None when there is
    none or it can't be read (named on stderr)."""
    from recovery_cli.core import paths

    home = state().home
    db_path = paths.db_path(home)
    if not db_path.is_file():
        return None
    from recovery_cli.store import db as store_db

    if announce and interactive() and store_db.is_encrypted_file(db_path):
        report("Your safety plan is encrypted: type your passphrase to see it below.\n"
               "(Ctrl-C stops here; the lines above are all you need to reach someone.)")
    from recovery_cli.store import open_db_readonly
    from recovery_cli.store import plan as store_plan

    try:
        conn = open_db_readonly(home, what="your safety plan")
        if conn is None:
            return None
        try:
            return store_plan.load_plan(conn)
        finally:
            conn.close()
    except Exception as exc:
        report(f"(Your safety plan could not be read just now: {exc})")
        return None


