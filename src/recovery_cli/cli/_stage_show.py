"""The body of `recovery stage`, without typer: the typer command (cli/stage.py) and the
typer-free fast path (cli/_fast.py) both call `show`."""

from __future__ import annotations

from typing import Any

from recovery_cli.cli._common import emit_json, report, state


def _history_json(session: Any) -> list[dict[str, Any]]:
    from recovery_cli.app import stage as app_stage
    from recovery_cli.assess import stage as stage_logic

    docs = []
    for rec, p in app_stage.history(session):
        doc: dict[str, Any] = (
            stage_logic.profile_json(p) if p is not None else
            {"stage": rec.stage, "name": stage_logic.stage_name(rec.stage),
             "scores": {}, "margin": None, "tied": []})
        doc["assessed_at"] = rec.taken_at
        doc["checklist_version"] = rec.checklist_version
        docs.append(doc)
    return docs


def show(show_history: bool = False, json_out: bool = False) -> None:
    """The latest stage self-assessment's profile and evidence, or (`show_history`) the
    past ones."""
    from recovery_cli.app import stage as app_stage
    from recovery_cli.assess.stage_evidence import view_json
    from recovery_cli.ui import stage as ui_stage

    st = state()
    if show_history:
        if json_out:
            emit_json(_history_json(st))
        else:
            ui_stage.print_stage_history([rec for rec, _ in app_stage.history(st)],
                                         app_stage.current_version(st))
        return
    v = app_stage.view(st)
    if json_out:
        emit_json(view_json(v.profile, v.taken_at, v.evidence))
        if v.profile is None:
            report("No stage self-assessment yet. Take one with: recovery assess take stages")
        elif v.went_back is not None:
            report(" ".join(v.went_back.lines()))
    elif v.profile is None or v.taken_at is None:
        ui_stage.print_no_stage(v.evidence)
    else:
        ui_stage.print_stage(v.profile, v.taken_at, v.evidence, moved_back=v.went_back,
                             earlier_version=v.earlier_version)
