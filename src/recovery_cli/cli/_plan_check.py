"""The body of `recovery plan check`, without typer: the typer command (cli/plan.py) and the
typer-free fast path (cli/_fast.py) both call `show`."""

from __future__ import annotations

from recovery_cli.cli._common import emit_json, state


def show(json_out: bool = False) -> None:
    """Which early warning signs match as of today, since when, and the plan's responses."""
    from recovery_cli.app import warnings as app_warnings
    from recovery_cli.core import paths
    from recovery_cli.plan.early_warnings import plan_signs

    st = state()
    conn = st.db() if paths.db_path(st.home).is_file() else None  # reads never create one
    matches = app_warnings.current(st) if conn is not None else []
    if json_out:
        emit_json([
            {"sign": m.sign, "rule": m.rule, "since": m.since, "responses": list(m.responses)}
            for m in matches
        ])
        return
    from recovery_cli.ui import plan as ui_plan

    rules = len(plan_signs(conn)) if conn is not None else 0
    ui_plan.print_matches(matches, rules=rules)
