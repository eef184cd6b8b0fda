"""Which crisis lines to show for a region (pure; the data is data/crisis.toml).

No pydantic at import time: the models are only types here, so a command that shows the lines
pays for the model only when it loads the file (checklists.load_crisis).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from recovery_cli.core.errors import InputError

if TYPE_CHECKING:
    from recovery_cli.core.models import CrisisData, CrisisLine

DEFAULT_REGIONS = ["US", "GB", "IE"]  # shown, with the international lines, when none is set
LOCAL_EMERGENCY = "your local emergency number"


class CrisisView(NamedTuple):
    region: str | None
    lines: list[CrisisLine]
    emergency: list[tuple[str, str]]  # (region, number)
    # regions each line serves in this view, parallel to `lines` (Samaritans: GB and IE)
    served: Sequence[list[str]] = []
    # the data's own lines behind each shown line, parallel to `lines` (one per region served:
    # Samaritans GB with jo@samaritans.org and Samaritans IE with jo@samaritans.ie)
    variants: Sequence[list[CrisisLine]] = []
    names: Mapping[str, str] = {}  # region code -> display name

    def regions_of(self, index: int) -> list[str]:
        if index < len(self.served):
            return self.served[index]
        return [self.lines[index].region]

    def variants_of(self, index: int) -> list[CrisisLine]:
        if index < len(self.variants):
            return self.variants[index]
        return [self.lines[index]]

    def name_of(self, region: str) -> str:
        return self.names.get(region, region)

    @property
    def has_regional_lines(self) -> bool:
        return any(ln.region != "INTL" for ln in self.lines)


def known_regions(data: CrisisData) -> list[str]:
    """Every region code `config set region` and `crisis --region` accept: those with lines,
    and aliases (UK) that point only at such regions."""
    with_lines = {ln.region for ln in data.lines if ln.region != "INTL"}
    aliases = {code for code, shows in data.regions.items()
               if shows and all(r in with_lines for r in shows)}
    return sorted(with_lines | aliases)


def unknown_region_message(text: str, data: CrisisData) -> str:
    return (f"recovery has no crisis lines stored for '{text}'. Known regions: "
            f"{', '.join(known_regions(data))}. Elsewhere, findahelpline.com lists free, "
            "confidential helplines; in danger, call your local emergency number.")


def check_region(text: str, data: CrisisData) -> str:
    """The upper-case code for a region we hold lines for (`us` -> `US`, `uk` -> `UK`);
    InputError (exit 2) for anything else, naming the known regions."""
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or code not in known_regions(data):
        raise InputError(unknown_region_message(text.strip(), data))
    return code


def coverage_note(view: CrisisView) -> str:
    """A line after the block: when the numbers were checked, and a pointer for a region we
    hold no lines for."""
    out: list[str] = []
    if view.region and not view.has_regional_lines:
        out.append(f"recovery has no lines stored for {view.region} yet: findahelpline.com "
                   "lists the free, confidential ones near you.")
    if view.lines:
        oldest = min(ln.verified_on for v in range(len(view.lines)) for ln in view.variants_of(v))
        out.append(f"These lines were last checked on {oldest.isoformat()}.")
    return "\n".join(out)


def select(data: CrisisData, region: str | None) -> CrisisView:
    """The region's lines, then international ones; US, UK and Ireland's when unset.
    A region without lines shows the international lines and "your local emergency number"
    (with 112 only where 112 is the European emergency number)."""
    code = region.strip().upper() if region else None
    wanted = data.regions.get(code, [code]) if code else list(DEFAULT_REGIONS)
    lines = [ln for r in wanted for ln in data.lines if ln.region == r]
    # Samaritans serves GB and IE with one number: show it once when both are listed, and
    # keep each region's own details (the email differs) in `variants`.
    seen: dict[tuple[str, str | None], int] = {}
    unique: list[CrisisLine] = []
    served: list[list[str]] = []
    variants: list[list[CrisisLine]] = []
    for ln in lines:
        key = (ln.name, ln.phone)
        if key in seen:
            at = seen[key]
            if ln.region not in served[at]:
                served[at].append(ln.region)
                variants[at].append(ln)
            continue
        seen[key] = len(unique)
        unique.append(ln)
        served.append([ln.region])
        variants.append([ln])
    for ln in data.lines:
        if ln.region == "INTL":
            unique.append(ln)
            served.append(["INTL"])
            variants.append([ln])
    emergency = [(e.region, e.number) for r in wanted for e in data.emergency if e.region == r]
    if code and not lines and code in data.fallback.europe_112:
        emergency.append((code, "112"))
    emergency += [(e.region, e.number) for e in data.emergency if e.region == "INTL"]
    return CrisisView(region=code, lines=unique, emergency=emergency, served=served,
                      variants=variants, names=dict(data.names))


def crisis_json(view: CrisisView) -> dict[str, Any]:
    """The lines shown, as data: one entry per region's line (Samaritans UK and Ireland apart,
    each with its own email), then the emergency numbers."""
    lines: list[dict[str, Any]] = []
    for index in range(len(view.lines)):
        for ln in view.variants_of(index):
            lines.append({
                "region": ln.region, "name": ln.name, "phone": ln.phone, "text": ln.text,
                "url": ln.url, "email": ln.email, "hours": ln.hours or None,
                "description": ln.description or None, "source": ln.source,
                "verified_on": ln.verified_on.isoformat(),
            })
    return {
        "region": view.region,
        "lines": lines,
        "emergency": [{"region": r, "number": n} for r, n in view.emergency],
    }
