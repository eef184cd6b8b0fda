"""Which crisis lines to show for a region (pure; the data is data/crisis.toml)."""

from __future__ import annotations

from dataclasses import dataclass

from recovery_cli.models import CrisisData, CrisisLine

DEFAULT_REGIONS = ["US", "GB", "IE"]  # shown, with the international lines, when none is set


@dataclass(frozen=True)
class CrisisView:
    region: str | None
    lines: list[CrisisLine]
    emergency: list[tuple[str, str]]  # (region, number)


def select(data: CrisisData, region: str | None) -> CrisisView:
    """The region's lines, then international ones; every region's lines when unset.
    An unknown region shows the international lines and its emergency number if known."""
    if region:
        wanted = data.regions.get(region.upper(), [region.upper()])
    else:
        wanted = list(DEFAULT_REGIONS)
    lines = [ln for r in wanted for ln in data.lines if ln.region == r]
    # Samaritans serves GB and IE with one number: show it once when both are listed.
    seen: set[tuple[str, str | None]] = set()
    unique: list[CrisisLine] = []
    for ln in lines:
        key = (ln.name, ln.phone)
        if key in seen:
            continue
        seen.add(key)
        unique.append(ln)
    unique += [ln for ln in data.lines if ln.region == "INTL"]
    emergency = [(e.region, e.number) for r in wanted for e in data.emergency if e.region == r]
    emergency += [(e.region, e.number) for e in data.emergency if e.region == "INTL"]
    return CrisisView(region=region.upper() if region else None, lines=unique, emergency=emergency)
