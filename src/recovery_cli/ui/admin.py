"""Rendering for doctor and config."""

from __future__ import annotations

from typing import Any

from recovery_cli.ui import console


def print_doctor(report: dict[str, Any]) -> None:
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
    console().print(t)
    for err in report["checklist_errors"]:
        console().print(f"[yellow]Checklist file skipped:[/] {err}", markup=True)
    for problem in report["problems"]:
        console().print(f"[yellow]Problem:[/] {problem}", markup=True)
    if not report["problems"] and not report["checklist_errors"]:
        console().print("[green]Everything looks fine.[/]")


def print_config(values: dict[str, Any]) -> None:
    from rich.table import Table

    t = Table(show_header=True, box=None)
    t.add_column("setting", style="bold")
    t.add_column("value")
    for key, value in values.items():
        shown = "(every region)" if key == "region" and value is None else repr(value)
        if isinstance(value, str):
            shown = value or '""'
        t.add_row(key, shown)
    console().print(t)
