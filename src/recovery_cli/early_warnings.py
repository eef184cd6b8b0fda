"""Which of the plan's early warning rules match now.

Application glue shared by `checkin` (its summary), `plan check` and `remind`: reads only the
window the rules need from the store, then asks the pure `warnings` module.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from recovery_cli.records import WarningMatch


def current_warnings(conn: sqlite3.Connection, today: date) -> list[WarningMatch]:
    """The matching rules as of `today` (empty when there is no plan or no rule matches)."""
    return []  # filled in by the relapse-plan work (issue 6)
