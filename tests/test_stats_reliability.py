"""eng_ops.stats.reliability against published worked examples.

Krippendorff's alpha: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
sections A and C, and the computational example on Wikipedia's "Krippendorff's alpha".
ICC: Shrout & Fleiss (1979) Table 2 data, with ICCs from their Table 4 and F tests and
confidence intervals as printed by R psych::ICC for the same data.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from eng_ops.stats.reliability import (
    coincidence_matrix,
    icc,
    icc_table,
    krippendorff_alpha,
    mean_squares,
)

_ = None

# Krippendorff (2011), section C: "Nominal data, any number of observers, missing data".
# Rows are observers A-D, columns units 1-12; None = missing.
KRIPP_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]

# Krippendorff (2011), section A: binary data, two observers, no missing data.
KRIPP_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]

# Wikipedia, "Krippendorff's alpha", a computational example: 3 coders x 15 units.
WIKI = [
    [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
    [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
    [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
]


def _pairwise_alpha(data: list[list[int | None]], level: str) -> Fraction:
    """Independent, exact brute force of alpha's pairwise definition.

    D_o averages delta over all ordered pairs of values within a unit, each unit's
    pairs weighted 1 / (m_u - 1); D_e averages delta over all ordered pairs of the n
    pairable values. alpha = 1 - D_o / D_e, all in exact rational arithmetic.
    """
    units = [[row[j] for row in data if row[j] is not None] for j in range(len(data[0]))]
    units = [u for u in units if len(u) >= 2]
    pool = [v for u in units for v in u]
    n = len(pool)
    freq = {v: pool.count(v) for v in set(pool)}

    def delta(c: int, k: int) -> Fraction:
        if level == "nominal":
            return Fraction(int(c != k))
        if level == "interval":
            return Fraction((c - k) ** 2)
        if level == "ratio":
            return Fraction(c - k, c + k) ** 2
        lo, hi = min(c, k), max(c, k)
        between = sum(f for v, f in freq.items() if lo <= v <= hi)
        return (between - Fraction(freq[c] + freq[k], 2)) ** 2

    d_o = Fraction(0)
    for u in units:
        pairs = sum(delta(u[i], u[j]) for i in range(len(u)) for j in range(len(u)) if i != j)
        d_o += pairs / (len(u) - 1)
    d_o /= n
    d_e = sum(delta(pool[i], pool[j]) for i in range(n) for j in range(n) if i != j)
    d_e = Fraction(d_e, n * (n - 1))
    return 1 - d_o / d_e


# --- Krippendorff's alpha: published values ------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_section_c(level: str, published: float) -> None:
    """Published alphas for the section C data, and the exact value to full precision."""
    alpha = krippendorff_alpha(KRIPP_C, level=level)
    assert round(alpha, 3) == published
    assert alpha == pytest.approx(float(_pairwise_alpha(KRIPP_C, level)), rel=1e-14)


def test_krippendorff_2011_section_c_nominal_exact_fraction() -> None:
    """From the paper's coincidence matrix: n = 40, sum o_cc = 32, n_c = 9, 13, 10, 5, 3.

    alpha = ((n-1) sum o_cc - sum n_c(n_c-1)) / (n(n-1) - sum n_c(n_c-1))
          = (39 * 32 - 344) / (1560 - 344) = 904 / 1216 = 113 / 152.
    """
    exact = Fraction(39 * 32 - 344, 1560 - 344)
    assert exact == Fraction(113, 152)
    assert _pairwise_alpha(KRIPP_C, "nominal") == exact
    assert krippendorff_alpha(KRIPP_C, level="nominal") == pytest.approx(float(exact), rel=1e-15)


def test_krippendorff_2011_section_c_coincidence_matrix() -> None:
    """The coincidence matrix printed in the paper (values 1-5; unit 12 is dropped)."""
    values, o = coincidence_matrix(KRIPP_C)
    assert values == [1, 2, 3, 4, 5]
    third = 1 / 3
    expected = [
        [7, 4 * third, third, third, 0],
        [4 * third, 10, 4 * third, third, 0],
        [third, 4 * third, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    for row, want in zip(o.tolist(), expected, strict=True):
        assert row == pytest.approx(want, abs=1e-15)
    assert o.sum(axis=1).tolist() == pytest.approx([9, 13, 10, 5, 3], abs=1e-12)
    assert o.sum() == pytest.approx(40)


def test_krippendorff_2011_section_a_binary() -> None:
    """Section A: n_0 = 14, n_1 = 6, o_01 = 4; alpha = 1 - 19 * 4 / 84 = 2/21 = 0.095."""
    alpha = krippendorff_alpha(KRIPP_A, level="nominal")
    assert round(alpha, 3) == 0.095
    assert alpha == pytest.approx(2 / 21, rel=1e-15)
    # with two values 0/1 the interval metric is the nominal one
    assert krippendorff_alpha(KRIPP_A, level="interval") == pytest.approx(2 / 21, rel=1e-14)


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_wikipedia_computational_example(level: str, published: float) -> None:
    alpha = krippendorff_alpha(WIKI, level=level)
    assert round(alpha, 3) == published
    assert alpha == pytest.approx(float(_pairwise_alpha(WIKI, level)), rel=1e-14)


# --- Krippendorff's alpha: behaviour -------------------------------------------------


def test_default_level_is_interval() -> None:
    assert krippendorff_alpha(KRIPP_C) == krippendorff_alpha(KRIPP_C, level="interval")


def test_units_with_fewer_than_two_values_are_dropped() -> None:
    padded = [
        [*row, extra, None] for row, extra in zip(KRIPP_C, [9, None, None, None], strict=True)
    ]
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(padded, level=level) == pytest.approx(
            krippendorff_alpha(KRIPP_C, level=level), rel=1e-15
        )


def test_nan_counts_as_missing() -> None:
    with_nan = [[math.nan if v is None else v for v in row] for row in KRIPP_C]
    assert krippendorff_alpha(with_nan, level="ordinal") == krippendorff_alpha(
        KRIPP_C, level="ordinal"
    )


def test_perfect_agreement_is_one() -> None:
    data = [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, None, 4]]
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(data, level=level) == 1.0


def test_interval_is_invariant_to_affine_rescaling() -> None:
    moved = [[None if v is None else 3 * v - 7 for v in row] for row in KRIPP_C]
    assert krippendorff_alpha(moved) == pytest.approx(krippendorff_alpha(KRIPP_C), rel=1e-13)


def test_nothing_pairable_raises() -> None:
    with pytest.raises(ValueError, match="no unit has values from at least two coders"):
        krippendorff_alpha([[1, None], [None, 2]])


def test_single_distinct_value_raises() -> None:
    with pytest.raises(ValueError, match="every pairable value is 4"):
        krippendorff_alpha([[4, 4, 2], [4, 4, None]], level="nominal")


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha(KRIPP_C, level="circular")
    with pytest.raises(ValueError, match="rectangular"):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError, match="empty"):
        krippendorff_alpha([])
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[-1, 2], [1, 2]], level="ratio")


# --- ICC: Shrout & Fleiss (1979) -------------------------------------------------------

# Table 2: 6 targets (rows) rated by 4 judges (columns).
SF = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def _exact_mean_squares(matrix: list[list[int]]) -> dict[str, Fraction]:
    n, k = len(matrix), len(matrix[0])
    x = [[Fraction(v) for v in row] for row in matrix]
    grand = sum(sum(row) for row in x) / (n * k)
    sst = sum((v - grand) ** 2 for row in x for v in row)
    ssr = k * sum((sum(row) / k - grand) ** 2 for row in x)
    ssc = n * sum((sum(row[j] for row in x) / n - grand) ** 2 for j in range(k))
    return {
        "BMS": ssr / (n - 1),
        "WMS": (sst - ssr) / (n * (k - 1)),
        "JMS": ssc / (k - 1),
        "EMS": (sst - ssr - ssc) / ((n - 1) * (k - 1)),
    }


def test_shrout_fleiss_mean_squares() -> None:
    """Table 3 ANOVA: BMS 11.2417, WMS 6.2639, JMS 32.4861, EMS 1.0194 (exact: 1349/120,
    451/72, 2339/72, 367/360)."""
    exact = _exact_mean_squares(SF)
    assert exact == {
        "BMS": Fraction(1349, 120),
        "WMS": Fraction(451, 72),
        "JMS": Fraction(2339, 72),
        "EMS": Fraction(367, 360),
    }
    got = mean_squares(SF)
    published = {"BMS": 11.2417, "WMS": 6.2639, "JMS": 32.4861, "EMS": 1.0194}
    for key, value in published.items():
        assert round(got[key], 4) == value
        assert got[key] == pytest.approx(float(exact[key]), rel=1e-13)


def test_shrout_fleiss_iccs() -> None:
    """Table 4: .17, .29, .71, .44, .62, .91; to 4 decimals 0.1657, 0.2898, 0.7148, 0.4428,
    0.6200 (exactly 0.620050..., so 0.6201 when rounded), 0.9093."""
    got = icc(SF)
    assert list(got) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    table4 = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
    four = {
        "ICC1": 0.1657,
        "ICC2": 0.2898,
        "ICC3": 0.7148,
        "ICC1k": 0.4428,
        "ICC2k": 0.6200,
        "ICC3k": 0.9093,
    }
    for key in table4:
        assert round(got[key], 2) == table4[key]
        assert got[key] == pytest.approx(four[key], abs=1e-4)

    ms = _exact_mean_squares(SF)
    bms, wms, jms, ems = ms["BMS"], ms["WMS"], ms["JMS"], ms["EMS"]
    n, k = 6, 4
    exact = {
        "ICC1": (bms - wms) / (bms + (k - 1) * wms),
        "ICC2": (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": (bms - ems) / (bms + (k - 1) * ems),
        "ICC1k": (bms - wms) / bms,
        "ICC2k": (bms - ems) / (bms + (jms - ems) / n),
        "ICC3k": (bms - ems) / bms,
    }
    for key, value in exact.items():
        assert got[key] == pytest.approx(float(value), rel=1e-13)


def test_shrout_fleiss_icc_table_matches_psych() -> None:
    """R psych::ICC on the same data prints (p to 5 places, lower bounds to 3, upper to 2):

    ICC1  F 1.8  df 5 18 p 0.16477 [-0.133, 0.72]    ICC1k [-0.884, 0.91]
    ICC2  F 11.0 df 5 15 p 0.00013 [ 0.019, 0.76]    ICC2k [ 0.071, 0.93]
    ICC3  F 11.0 df 5 15 p 0.00013 [ 0.342, 0.95]    ICC3k [ 0.676, 0.99]
    """
    rows = {r["type"]: r for r in icc_table(SF)}
    assert list(rows) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    published = {
        "ICC1": (1.8, 5, 18, 0.16477, -0.133, 0.72),
        "ICC2": (11.0, 5, 15, 0.00013, 0.019, 0.76),
        "ICC3": (11.0, 5, 15, 0.00013, 0.342, 0.95),
        "ICC1k": (1.8, 5, 18, 0.16477, -0.884, 0.91),
        "ICC2k": (11.0, 5, 15, 0.00013, 0.071, 0.93),
        "ICC3k": (11.0, 5, 15, 0.00013, 0.676, 0.99),
    }
    values = icc(SF)
    for key, (f, df1, df2, p, low, high) in published.items():
        row = rows[key]
        assert row["value"] == values[key]
        assert round(row["F"], 1) == f
        assert (row["df1"], row["df2"]) == (df1, df2)
        assert round(row["p"], 5) == p
        assert round(row["ci_low"], 3) == low
        assert round(row["ci_high"], 2) == high
        assert row["ci_low"] < row["value"] < row["ci_high"]
    # F statistics exactly: BMS / WMS and BMS / EMS
    ms = _exact_mean_squares(SF)
    assert rows["ICC1"]["F"] == pytest.approx(float(ms["BMS"] / ms["WMS"]), rel=1e-13)
    assert rows["ICC3"]["F"] == pytest.approx(float(ms["BMS"] / ms["EMS"]), rel=1e-13)


def test_icc_perfect_agreement() -> None:
    rows = icc_table([[1, 1, 1], [3, 3, 3], [2, 2, 2], [5, 5, 5]])
    for row in rows:
        assert row["value"] == pytest.approx(1.0)
        assert row["F"] == math.inf
        assert row["p"] == 0.0
        assert (row["ci_low"], row["ci_high"]) == (1.0, 1.0)


def test_icc_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least 2 targets"):
        icc([[1, 2, 3]])
    with pytest.raises(ValueError, match="at least 2 raters"):
        icc([[1], [2]])
    with pytest.raises(ValueError, match="missing"):
        icc([[1, 2], [None, 3]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="missing"):
        icc_table([[1, 2], [math.nan, 3]])
    with pytest.raises(ValueError, match="complete"):
        icc([[1, 2], [3]])
    with pytest.raises(ValueError, match="same mean"):
        icc([[1, 2], [2, 1]])


def test_icc_perfect_agreement_with_fractional_scores() -> None:
    """Rounding noise in the mean squares must not turn exact agreement into F = 1e16."""
    rows = icc_table([[0.1, 0.1, 0.1], [0.7, 0.7, 0.7], [0.3, 0.3, 0.3]])
    assert all(row["F"] == math.inf and row["ci_low"] == 1.0 for row in rows)


def test_icc2_interval_without_residual_error_is_the_limit() -> None:
    """Raters differ only by a constant (EMS = 0): ICC3 = 1, ICC2 < 1, and ICC2's interval
    is the limit of intervals for vanishing residual error."""
    exact = {r["type"]: r for r in icc_table([[1, 2], [3, 4], [5, 6]])}
    assert exact["ICC3"]["value"] == 1.0
    assert exact["ICC2"]["value"] == pytest.approx(8 / 9, rel=1e-15)  # 8 / (8 + 0 + 2*1.5/3)
    near = {r["type"]: r for r in icc_table([[1, 2], [3, 4], [5, 6 + 1e-5]])}
    for key in ("ICC2", "ICC2k"):
        assert near[key]["ci_low"] == pytest.approx(exact[key]["ci_low"], rel=1e-3)
        assert near[key]["ci_high"] == pytest.approx(exact[key]["ci_high"], rel=1e-6)
