"""The life chart in `trends` (issue 19): elevation above the line, low mood below it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from recovery_cli.trends.lifechart import chart_lines

if TYPE_CHECKING:
    from recovery_cli.timeline.events import Event


def print_life_chart(points: Sequence[Mapping[str, Any]], events: Sequence[Event]) -> None:
    from recovery_cli.ui import console

    con = console()
    con.print()
    con.print("[bold]Life chart[/] [dim](elevation above the line, low mood below; event "
              "numbers on the line, as above)[/]")
    for line in chart_lines(points, events, con.width):
        con.print(line, markup=False, highlight=False)
