"""trends' own mean and median (statistics is not imported on the daily path: issue 23)
give what the statistics module gives."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from recovery_cli.trends.window import mean_of, median_of

NUMBERS = st.lists(st.floats(min_value=-1e6, max_value=1e6) | st.integers(0, 10), min_size=1)


@given(NUMBERS)
def test_the_median_is_statistics_median(values: list[float]) -> None:
    assert median_of(values) == statistics.median(values)


@given(NUMBERS)
def test_the_mean_is_statistics_fmean(values: list[float]) -> None:
    assert mean_of(values) == statistics.fmean(values)
