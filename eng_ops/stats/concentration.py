"""Concentration of load: Gini coefficient, Herfindahl-Hirschman index, top share.

Pure math on plain lists; no database, no CLI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _non_negative(values: Sequence[float], what: str) -> list[float]:
    xs = [float(v) for v in values]
    if not xs:
        raise ValueError(f"{what} needs at least one value")
    for v in xs:
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"{what} needs finite non-negative values, got {v!r}")
    return xs


def gini(values: Sequence[float]) -> float:
    """Gini coefficient G = sum_i sum_j |x_i - x_j| / (2 n^2 mean): 0 = perfectly equal.

    Computed in O(n log n) from the sorted values (identical to the pairwise definition).
    All-zero input gives 0. The maximum for n values is (n - 1) / n.
    """
    xs = sorted(_non_negative(values, "gini"))
    n = len(xs)
    total = math.fsum(xs)
    if total == 0:
        return 0.0
    # sum_{i<j} (x_(j) - x_(i)) = sum_i (2i - n - 1) x_(i) with 1-based ranks i
    pair_sum = math.fsum((2 * i - n - 1) * x for i, x in enumerate(xs, start=1))
    return max(0.0, pair_sum / (n * total))


def _shares(values: Sequence[float], what: str) -> list[float]:
    xs = _non_negative(values, what)
    total = math.fsum(xs)
    if total == 0:
        raise ValueError(f"{what} is undefined when every value is zero")
    return [x / total for x in xs]


def hhi(shares_or_counts: Sequence[float]) -> float:
    """Herfindahl-Hirschman index: sum of squared shares (inputs are normalised to sum 1).

    Ranges from 1/n (equal split) to 1 (one holder of everything).
    """
    return math.fsum(s * s for s in _shares(shares_or_counts, "hhi"))


def top_share(counts: Sequence[float], k: int = 1) -> float:
    """Share of the total held by the k largest values (default: the single largest)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    shares = sorted(_shares(counts, "top_share"), reverse=True)
    return min(1.0, math.fsum(shares[:k]))
