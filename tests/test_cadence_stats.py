"""eng_ops.stats.cadence: pure arithmetic, checked against hand-worked values."""

from __future__ import annotations

from datetime import date

import pytest

from eng_ops.stats.cadence import (
    falling,
    format_every,
    gaps,
    median_or_none,
    share_within,
    weekly_hours,
)


def test_gaps_sort_first() -> None:
    days = [date(2026, 1, 15), date(2026, 1, 1), date(2026, 2, 26)]
    assert gaps(days) == [14, 42]
    assert gaps([date(2026, 1, 1)]) == []


def test_median_and_share() -> None:
    assert median_or_none([14, 42, 15, 13]) == 14.5
    assert median_or_none([]) is None
    assert share_within([14, 17, 18, 42], 17) == 0.5
    assert share_within([], 17) is None


@pytest.mark.parametrize(
    ("minutes", "every", "hours"), [(30, 14, 0.25), (45, 7, 0.75), (60, 42, 1 / 6)]
)
def test_weekly_hours(minutes: int, every: int, hours: float) -> None:
    assert weekly_hours(minutes, every) == pytest.approx(hours)


def test_falling_needs_three_strict_drops() -> None:
    assert falling([4, 3, 2])
    assert not falling([4, 3, 3])
    assert not falling([3, 2])
    assert not falling([2, 3, 4])


def test_format_every() -> None:
    assert format_every(14) == "2w"
    assert format_every(10) == "10d"
    assert format_every(7) == "1w"
