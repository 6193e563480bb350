"""eng_ops.stats.agreement: Cohen's weighted kappa against published outputs.

- SAS PROC FREQ agreement example (3 x 3 table, n = 19): simple kappa 0.4842 and
  weighted kappa (Cicchetti-Allison, i.e. linear weights) 0.4701, as reproduced in the
  statsmodels test suite (statsmodels/stats/tests/test_inter_rater.py).
- R irr::kappa2 on irr's `anxiety` data, raters 2 and 3: unweighted -0.006289308,
  "equal" (linear) 0.1459075, "squared" (quadratic) 0.2520325. kappa2 uses only the
  levels observed (1, 2, 3, 4, 6), so the same scale is passed as categories here.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from eng_ops.stats.agreement import weighted_kappa


def _pairs_from_table(table: list[list[int]], categories: list[int]) -> tuple[list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [categories[i]] * count
            b += [categories[j]] * count
    return a, b


def _exact_kappa(a: list[int], b: list[int], categories: list[int], weights: str) -> Fraction:
    """Brute force over all pairs of subjects: expected disagreement averages the weight
    over every (rating of A for subject s, rating of B for subject t) combination."""
    pos = {c: i for i, c in enumerate(categories)}
    top = len(categories) - 1

    def w(x: int, y: int) -> Fraction:
        d = abs(pos[x] - pos[y])
        if weights == "linear":
            return Fraction(d, top)
        if weights == "quadratic":
            return Fraction(d * d, top * top)
        return Fraction(int(d > 0))

    n = len(a)
    observed = sum(w(x, y) for x, y in zip(a, b, strict=True)) / n
    expected = sum(w(x, y) for x in a for y in b) / (n * n)
    return 1 - observed / expected


SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]

ANXIETY_RATER2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_RATER3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


@pytest.mark.parametrize(("weights", "published"), [("none", 0.4842), ("linear", 0.4701)])
def test_sas_agreement_example(weights: str, published: float) -> None:
    a, b = _pairs_from_table(SAS_TABLE, [1, 2, 3])
    kappa = weighted_kappa(a, b, [1, 2, 3], weights=weights)
    assert round(kappa, 4) == published
    assert kappa == pytest.approx(float(_exact_kappa(a, b, [1, 2, 3], weights)), rel=1e-14)


def test_sas_agreement_example_exact_fractions() -> None:
    """Margins: rows 5, 8, 6; columns 0, 13, 6 (n = 19).

    Unweighted: p_o = 13/19, p_e = (8*13 + 6*6)/361 = 140/361, kappa = 107/221.
    Linear (weights |i - j| / 2): observed sum w*p = (4 * 1/2 + 1 * 1 + 1 * 1/2) / 19
    = 133/722; expected sum w*p_i*p_j = (5*13/2 + 5*6 + 8*6/2 + 6*13/2) / 361 = 251/722;
    kappa = 1 - 133/251 = 118/251.
    """
    a, b = _pairs_from_table(SAS_TABLE, [1, 2, 3])
    assert _exact_kappa(a, b, [1, 2, 3], "none") == Fraction(107, 221)
    assert _exact_kappa(a, b, [1, 2, 3], "linear") == Fraction(118, 251)
    assert weighted_kappa(a, b, [1, 2, 3], "none") == pytest.approx(107 / 221, rel=1e-15)
    assert weighted_kappa(a, b, [1, 2, 3], "linear") == pytest.approx(118 / 251, rel=1e-15)


@pytest.mark.parametrize(
    ("weights", "published"),
    [("none", -0.006289308), ("linear", 0.1459075), ("quadratic", 0.2520325)],
)
def test_irr_kappa2_anxiety(weights: str, published: float) -> None:
    cats = [1, 2, 3, 4, 6]
    kappa = weighted_kappa(ANXIETY_RATER2, ANXIETY_RATER3, cats, weights=weights)
    assert kappa == pytest.approx(published, abs=5e-8)
    exact = _exact_kappa(ANXIETY_RATER2, ANXIETY_RATER3, cats, weights)
    assert kappa == pytest.approx(float(exact), rel=1e-13)


def test_default_weights_are_quadratic() -> None:
    cats = [1, 2, 3, 4, 6]
    assert weighted_kappa(ANXIETY_RATER2, ANXIETY_RATER3, cats) == weighted_kappa(
        ANXIETY_RATER2, ANXIETY_RATER3, cats, weights="quadratic"
    )


def test_unused_categories_change_weighted_distances() -> None:
    """Declaring 5 on the scale puts 6 two steps from 4, which changes linear weights."""
    short = weighted_kappa(ANXIETY_RATER2, ANXIETY_RATER3, [1, 2, 3, 4, 6], "linear")
    full = weighted_kappa(ANXIETY_RATER2, ANXIETY_RATER3, [1, 2, 3, 4, 5, 6], "linear")
    assert short != pytest.approx(full)
    exact = _exact_kappa(ANXIETY_RATER2, ANXIETY_RATER3, [1, 2, 3, 4, 5, 6], "linear")
    assert full == pytest.approx(float(exact), rel=1e-13)


@pytest.mark.parametrize("weights", ["linear", "quadratic", "none"])
def test_identical_ratings_give_one(weights: str) -> None:
    ratings = [1, 2, 2, 3, 4, 4, 1]
    assert weighted_kappa(ratings, list(ratings), [1, 2, 3, 4], weights) == 1.0


def test_single_shared_category_is_degenerate() -> None:
    with pytest.raises(ValueError, match="undefined"):
        weighted_kappa([3, 3, 3], [3, 3, 3], [1, 2, 3, 4])


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        weighted_kappa([1, 2], [1], [1, 2])
    with pytest.raises(ValueError, match="at least one pair"):
        weighted_kappa([], [], [1, 2])
    with pytest.raises(ValueError, match="not one of the categories"):
        weighted_kappa([1, 5], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="unknown weights"):
        weighted_kappa([1, 2], [1, 2], [1, 2], weights="cubic")
    with pytest.raises(ValueError, match="distinct"):
        weighted_kappa([1, 2], [1, 2], [1, 2, 2])
    with pytest.raises(ValueError, match="two categories"):
        weighted_kappa([1], [1], [1])
