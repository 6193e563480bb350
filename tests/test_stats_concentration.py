"""eng_ops.stats.concentration: Gini, HHI and top share against hand-computed values."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from eng_ops.stats.concentration import gini, hhi, top_share


def _pairwise_gini(values: list[int]) -> Fraction:
    """The definition: sum_i sum_j |x_i - x_j| / (2 n^2 mean), exactly."""
    n = len(values)
    total = sum(values)
    if total == 0:
        return Fraction(0)
    diffs = sum(abs(x - y) for x in values for y in values)
    return Fraction(diffs, 2 * n * total)  # 2 n^2 mean = 2 n total


def test_gini_hand_computed() -> None:
    assert gini([1, 1, 1, 1]) == 0.0
    # pairs: the 1 differs from each of three zeros, both orders: 6 / (2 * 16 * 1/4) = 0.75
    assert gini([0, 0, 0, 1]) == 0.75
    assert gini([1, 0]) == 0.5
    # [1, 2, 3]: sum |xi - xj| = 2 * (1 + 2 + 1) = 8; 8 / (2 * 9 * 2) = 2/9
    assert gini([3, 1, 2]) == pytest.approx(2 / 9, rel=1e-15)
    assert gini([0, 0, 0]) == 0.0
    assert gini([5]) == 0.0


def test_gini_matches_pairwise_definition() -> None:
    rng = random.Random(3)
    for _ in range(50):
        values = [rng.randint(0, 20) for _ in range(rng.randint(1, 30))]
        assert gini(values) == pytest.approx(float(_pairwise_gini(values)), abs=1e-14)


def test_gini_is_scale_invariant_and_bounded() -> None:
    assert gini([2, 4, 10]) == pytest.approx(gini([1, 2, 5]), rel=1e-14)
    n = 7
    assert gini([0] * (n - 1) + [3]) == pytest.approx((n - 1) / n, rel=1e-15)


def test_hhi_hand_computed() -> None:
    assert hhi([1, 1]) == 0.5
    assert hhi([4, 1]) == pytest.approx(0.68, rel=1e-15)  # 0.8^2 + 0.2^2
    assert hhi([0.5, 0.5]) == 0.5
    assert hhi([7]) == 1.0
    assert hhi([1, 1, 1, 1]) == 0.25
    assert hhi([3, 0, 1]) == pytest.approx(0.625, rel=1e-15)  # 0.75^2 + 0.25^2


def test_top_share_hand_computed() -> None:
    assert top_share([4, 1]) == 0.8
    assert top_share([1, 1, 1, 1]) == 0.25
    assert top_share([3, 2, 1], k=2) == pytest.approx(5 / 6, rel=1e-15)
    assert top_share([3, 2, 1], k=10) == 1.0


@pytest.mark.parametrize("func", [gini, hhi, top_share])
def test_bad_input_raises(func) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="at least one value"):
        func([])
    with pytest.raises(ValueError, match="non-negative"):
        func([1, -1])


def test_all_zero_shares_are_undefined() -> None:
    with pytest.raises(ValueError, match="zero"):
        hhi([0, 0])
    with pytest.raises(ValueError, match="zero"):
        top_share([0, 0])
    with pytest.raises(ValueError, match="k must be"):
        top_share([1, 2], k=0)
