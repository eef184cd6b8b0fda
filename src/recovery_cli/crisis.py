"""Which crisis lines to show for a region (pure; the data is data/crisis.toml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from recovery_cli.models import CrisisData, CrisisLine

DEFAULT_REGIONS = ["US", "GB", "IE"]  # shown, with the international lines, when none is set


@dataclass(frozen=True)
class CrisisView:
    region: str | None
    lines: list[CrisisLine]
    emergency: list[tuple[str, str]]  # (region, number)
    # regions each line serves in this view, parallel to `lines` (Samaritans: GB and IE)
    served: list[list[str]] = field(default_factory=list)

    def regions_of(self, index: int) -> list[str]:
        if index < len(self.served):
            return self.served[index]
        return [self.lines[index].region]

    @property
    def has_regional_lines(self) -> bool:
        return any(ln.region != "INTL" for ln in self.lines)


def coverage_note(view: CrisisView) -> str:
    """A line after the block: when the numbers were checked, and a pointer for a region we
    hold no lines for."""
    out: list[str] = []
    if view.region and not view.has_regional_lines:
        out.append(f"recovery has no lines stored for {view.region} yet: findahelpline.com "
                   "lists the free, confidential ones near you.")
    if view.lines:
        oldest = min(ln.verified_on for ln in view.lines)
        out.append(f"These lines were last checked on {oldest.isoformat()}.")
    return "\n".join(out)


def select(data: CrisisData, region: str | None) -> CrisisView:
    """The region's lines, then international ones; every region's lines when unset.
    An unknown region shows the international lines and its emergency number if known."""
    if region:
        wanted = data.regions.get(region.upper(), [region.upper()])
    else:
        wanted = list(DEFAULT_REGIONS)
    lines = [ln for r in wanted for ln in data.lines if ln.region == r]
    # Samaritans serves GB and IE with one number: show it once when both are listed.
    seen: dict[tuple[str, str | None], int] = {}
    unique: list[CrisisLine] = []
    served: list[list[str]] = []
    for ln in lines:
        key = (ln.name, ln.phone)
        if key in seen:
            if ln.region not in served[seen[key]]:
                served[seen[key]].append(ln.region)
            continue
        seen[key] = len(unique)
        unique.append(ln)
        served.append([ln.region])
    for ln in data.lines:
        if ln.region == "INTL":
            unique.append(ln)
            served.append(["INTL"])
    emergency = [(e.region, e.number) for r in wanted for e in data.emergency if e.region == r]
    emergency += [(e.region, e.number) for e in data.emergency if e.region == "INTL"]
    return CrisisView(region=region.upper() if region else None, lines=unique,
                      emergency=emergency, served=served)
