"""Rendering for the relapse-prevention and safety plan.

(Stub signatures shared with other modules; the plan work fills in the bodies.)
"""

from __future__ import annotations

from typing import Any


def print_safety_plan(plan: dict[str, Any]) -> None:
    """The safety-plan part of `plan` (and contacts), shown after a crisis block."""
    raise NotImplementedError
