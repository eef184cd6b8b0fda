"""app.demo.seed with a Session on a temporary home: what it reports is what is stored, its
questionnaire results are made exactly as `assess take` makes them (app.assess.record), and a
home with data is refused untouched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from recovery_cli.app import assess, demo
from recovery_cli.app.session import Session
from recovery_cli.core import paths
from recovery_cli.core.errors import RecoveryError
from recovery_cli.store import assessments as store_assessments

NOW = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)


def test_seed_fills_an_empty_home_and_its_results_score_like_a_real_take(home: Path) -> None:
    s = Session(home_override=str(home), clock=lambda: NOW)
    try:
        done = demo.seed(s, 60)
        assert done.home == home and not done.made_here and paths.is_demo_home(home)
        rows = store_assessments.history(s.db())
        assert len(rows) == done.made["questionnaires"] + done.made["stage"] > 0
        assert done.first_day < "2026-03-10"
        count = s.db().execute("SELECT count(*) FROM checkins").fetchone()[0]
        assert count == done.made["checkins"] > 0
        for row in rows:  # scored the way assess take scores, from the saved answers
            cl = assess.find(s, row.checklist)
            again = Session(home_override=str(home.parent / f"again-{row.id}"))
            try:
                score, _ = assess.record(again.db(), cl, row.answers, taken_at=row.taken_at,
                                         day=row.day)
            finally:
                again.close()
            assert (score.score, score.band, score.safety_flag) == (
                row.score, row.band, row.safety_flag), row
    finally:
        s.close()


def test_seed_refuses_a_home_with_data_and_changes_nothing(home: Path) -> None:
    s = Session(home_override=str(home), clock=lambda: NOW)
    try:
        cl = assess.find(s, "phq2")
        assess.record(s.db(), cl, {i.id: 1.0 for i in cl.items}, taken_at="2026-03-01T10:00:00Z",
                      day="2026-03-01")
        with pytest.raises(RecoveryError, match="already has data"):
            demo.seed(s, 30)
        assert len(store_assessments.history(s.db())) == 1
        assert not paths.is_demo_home(home)
    finally:
        s.close()
