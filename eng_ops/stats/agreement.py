"""Agreement between two raters: Cohen's (weighted) kappa.

Pure math on plain lists; no database, no CLI.

Reference: Cohen, J. (1968). Weighted kappa: nominal scale agreement with provision for
scaled disagreement or partial credit. Psychological Bulletin 70(4), 213-220.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

WEIGHTS = ("linear", "quadratic", "none")


def weighted_kappa(
    a: Sequence[int],
    b: Sequence[int],
    categories: Sequence[int],
    weights: str = "quadratic",
) -> float:
    """Cohen's weighted kappa for paired ratings a[i], b[i].

    categories gives the ordered scale; disagreement weights use category positions:
    |i - j| / (K - 1) ("linear", Cicchetti-Allison), (i - j)^2 / (K - 1)^2 ("quadratic",
    Fleiss-Cohen) or 0/1 ("none": unweighted Cohen's kappa).
    kappa = 1 - sum(w * observed) / sum(w * expected), expected = outer product of margins.
    Raises ValueError for empty or unequal inputs, ratings outside categories, or when
    expected disagreement is zero (e.g. both raters used one and the same category).
    """
    if weights not in WEIGHTS:
        raise ValueError(f"unknown weights {weights!r}; expected one of {', '.join(WEIGHTS)}")
    if len(a) != len(b):
        raise ValueError(f"rating lists differ in length ({len(a)} vs {len(b)})")
    if len(a) == 0:
        raise ValueError("weighted kappa needs at least one pair of ratings")
    cats = list(categories)
    if len(set(cats)) != len(cats):
        raise ValueError("categories must be distinct")
    if len(cats) < 2:
        raise ValueError("weighted kappa needs at least two categories")
    index = {c: i for i, c in enumerate(cats)}
    size = len(cats)
    observed = np.zeros((size, size))
    for x, y in zip(a, b, strict=True):
        if x not in index or y not in index:
            bad = x if x not in index else y
            raise ValueError(f"rating {bad!r} is not one of the categories {cats}")
        observed[index[x], index[y]] += 1
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    pos = np.arange(size, dtype=float)
    diff = np.abs(pos[:, None] - pos[None, :])
    if weights == "linear":
        w = diff / (size - 1)
    elif weights == "quadratic":
        w = (diff / (size - 1)) ** 2
    else:
        w = (diff > 0).astype(float)
    expected_disagreement = float((w * expected).sum())
    if expected_disagreement == 0:
        raise ValueError(
            "kappa is undefined: no disagreement is expected by chance "
            "(both raters used a single, identical category)"
        )
    return 1.0 - float((w * observed).sum()) / expected_disagreement
