"""Rendering for doctor and config."""

from __future__ import annotations

from typing import Any

from recovery_cli.ui import console


def print_doctor(report: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column()
    for key in ("home", "database", "schema_version", "integrity", "builtin_data",
                "user_checklists", "backups"):
        t.add_row(key.replace("_", " "), str(report.get(key)))
    t.add_row("encrypted", "yes (SQLCipher)" if report.get("encrypted") else "no")
    cipher = report.get("cipher") or {}
    if cipher:
        t.add_row("cipher", ", ".join(f"{k} {v}" for k, v in cipher.items()))
    t.add_row("checklists", ", ".join(report["checklists"]) or "none")
    sync = report.get("sync")
    if sync:
        t.add_row("sync", f"{sync['folder']} ({len(sync['devices'])} computer(s), last "
                  f"{sync['last_sync'] or 'never'})")
    console().print(t)
    for err in report["checklist_errors"]:
        console().print(f"[yellow]Checklist file skipped:[/] {escape(str(err))}", markup=True)
    for problem in report["problems"]:
        console().print(f"[yellow]Problem:[/] {escape(str(problem))}", markup=True)
    if not report["problems"] and not report["checklist_errors"]:
        console().print("[green]Everything looks fine.[/]")


def config_value_words(key: str, value: Any) -> str:
    """A setting as `config set` takes it back: true/false, "phq9, gad7, who5", and words for
    the empty ones, never Python's spelling (False, ['phq9'])."""
    if key == "region" and value is None:
        return "(not set: every region's lines)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    if key == "reminders.plan_review_days" and value == 0:
        return "0 (off)"
    if value is None or value == "":
        return "(none)"
    return str(value)


def print_config(values: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    t = Table(show_header=True, box=None, pad_edge=False, header_style="bold")
    t.add_column("setting", style="bold", no_wrap=True)
    t.add_column("value")
    for key, value in values.items():
        t.add_row(key, Text(config_value_words(key, value)))
    console().print(t)
    console().print("Change one with: recovery config set KEY VALUE", markup=False)
