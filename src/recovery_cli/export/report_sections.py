"""Two standing documents of the report: the latest intake and the plan (as they are now,
whatever the period), read and laid out for the formats. Split from `report.py`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IntakeLine:
    """One answered intake field: its label (`recovery_cli.tools.intake.FIELDS`) and the answer,
    `text` for a text field, `items` for a list field."""

    id: str
    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IntakeSection:
    """The latest intake: answered fields only, in the form's order."""

    created_at: str
    updated_at: str
    lines: list[IntakeLine]

    @property
    def dated(self) -> str:
        """'updated 2026-11-20' (and when it was started, if on another day)."""
        updated, created = self.updated_at[:10], self.created_at[:10]
        return f"updated {updated}" + (f", started {created}" if created != updated else "")


def load_plan(conn: sqlite3.Connection) -> dict[str, Any] | None:
    from recovery_cli.store import plan as store_plan

    return store_plan.load_plan(conn)


def load_intake_section(conn: sqlite3.Connection) -> IntakeSection | None:
    """The latest intake with at least one answer, or None."""
    from recovery_cli.store.intake import load_intake
    from recovery_cli.tools.intake import FIELDS

    doc = load_intake(conn)
    if doc is None:
        return None
    answers = doc.get("answers") or {}
    lines: list[IntakeLine] = []
    for spec in FIELDS:
        value = answers.get(spec.id)
        if isinstance(value, list):
            items = [str(x) for x in value if str(x).strip()]
            if items:
                lines.append(IntakeLine(spec.id, spec.label, items=items))
        elif isinstance(value, str) and value.strip():
            lines.append(IntakeLine(spec.id, spec.label, text=value.strip()))
    if not lines:
        return None
    return IntakeSection(str(doc["created_at"]), str(doc["updated_at"]), lines)


def plan_lines(plan: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The plan as (section heading, lines) for text formats, empty sections left out."""
    out: list[tuple[str, list[str]]] = []
    for key, value in plan.items():
        heading = key.replace("_", " ").replace(".", ": ").capitalize()
        lines: list[str] = []
        if isinstance(value, str):
            if value.strip():
                lines.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    text = " — ".join(
                        str(v) for k, v in item.items() if v not in (None, "") and k != "rule")
                    if item.get("rule"):
                        text += f" (rule: {item['rule']})"
                    if text:
                        lines.append(text)
                elif str(item).strip():
                    lines.append(str(item))
        elif isinstance(value, dict):
            lines += _group_lines(key, value)
        if lines:
            out.append((heading, lines))
    return out


def _group_lines(prefix: str, value: dict[str, Any]) -> list[str]:
    """A plan group's parts as 'Title: a; b' lines, titled as `plan show` titles them, nested
    parts (crisis.treatment_preferences.preferred) included."""
    from recovery_cli.plan import document as plan_model

    lines: list[str] = []
    for k, v in value.items():
        key = f"{prefix}.{k}"
        if isinstance(v, dict):
            lines += _group_lines(key, v)
            continue
        spec = plan_model.BY_KEY.get(key)
        label = (spec.title.split(": ", 1)[-1] if spec else k.replace("_", " "))
        label = label[:1].upper() + label[1:]
        if isinstance(v, list):
            joined = "; ".join(str(x.get("text", x) if isinstance(x, dict) else x)
                               for x in v if x)
            if joined:
                lines.append(f"{label}: {joined}")
        elif v not in (None, ""):
            lines.append(f"{label}: {v}")
    return lines
