"""Reading back the plain documents the store writes out (`dump`/`restore` of the stage tools)."""

from __future__ import annotations

from typing import Any

from recovery_cli.core.errors import InputError


def required(row: Any, key: str, where: str) -> Any:
    """`row[key]`, or one clear InputError naming where it is missing."""
    if not isinstance(row, dict) or key not in row:
        raise InputError(f"{where}: '{key}' is missing.")
    return row[key]
