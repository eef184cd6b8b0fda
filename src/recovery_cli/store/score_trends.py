"""What a questionnaire's course needs, without reading its whole history (issue 23).

`stage` shows, for each scored questionnaire, the latest result with its change since the
one before and since the first (scoring.trends). Those are three results per questionnaire
and a count, so they are read as exactly that: one query (window functions) for the ids and
counts, then the three records with their answers, instead of every result ever taken.
"""

from __future__ import annotations

import sqlite3

from recovery_cli.core.records import AssessmentRecord
from recovery_cli.store.assessments import by_ids


def first_previous_latest(conn: sqlite3.Connection, kind: str = "instrument"
                          ) -> tuple[list[AssessmentRecord], dict[str, int]]:
    """The first, the one-before-latest and the latest scored result of each checklist of
    `kind` (oldest first; fewer when fewer were taken), and each checklist's count of scored
    results. Unscored results are left out, as scoring.trends leaves them out."""
    wanted: list[int] = []
    counts: dict[str, int] = {}
    for checklist, rid, n in conn.execute(
            "SELECT checklist, id, n FROM (SELECT checklist, id, "
            "ROW_NUMBER() OVER (PARTITION BY checklist ORDER BY taken_at, id) AS up, "
            "ROW_NUMBER() OVER (PARTITION BY checklist ORDER BY taken_at DESC, id DESC) AS down, "
            "COUNT(*) OVER (PARTITION BY checklist) AS n "
            "FROM assessments WHERE kind = ? AND score IS NOT NULL) "
            "WHERE up = 1 OR down <= 2", (kind,)):
        wanted.append(int(rid))
        counts[str(checklist)] = int(n)
    return by_ids(conn, sorted(set(wanted))), counts
