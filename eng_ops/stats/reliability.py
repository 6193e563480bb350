"""Inter-rater reliability: Krippendorff's alpha and Shrout & Fleiss intraclass correlations.

Pure math on plain lists; no database, no CLI.

References:
- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  Communication, University of Pennsylvania (coincidence-matrix formulation).
- Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
  reliability. Psychological Bulletin 86(2), 420-428.
- McGraw, K. O. & Wong, S. P. (1996). Forming inferences about some intraclass correlation
  coefficients. Psychological Methods 1(1), 30-46 (confidence intervals, as in R psych::ICC).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

LEVELS = ("nominal", "ordinal", "interval", "ratio")
ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pairable_units(data: Sequence[Sequence[float | None]]) -> list[list[float]]:
    """Columns (units) of a coders x units table, keeping units with >= 2 values."""
    rows = [list(row) for row in data]
    if not rows:
        raise ValueError("reliability data is empty: expected coders x units")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("reliability data must be rectangular (every coder row the same length)")
    units: list[list[float]] = []
    for j in range(width):
        values = [float(row[j]) for row in rows if not _is_missing(row[j])]  # type: ignore[arg-type]
        if len(values) >= 2:
            units.append(values)
    return units


def coincidence_matrix(
    data: Sequence[Sequence[float | None]],
) -> tuple[list[float], np.ndarray]:
    """Krippendorff's coincidence matrix: (sorted distinct values, V x V matrix o_ck).

    Each unit with m_u >= 2 values adds (number of ordered c-k pairs) / (m_u - 1) to o_ck;
    units with fewer than two values are not pairable and are dropped.
    """
    units = _pairable_units(data)
    values = sorted({v for unit in units for v in unit})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        counts = np.zeros(len(values))
        for v in unit:
            counts[index[v]] += 1
        o += (np.outer(counts, counts) - np.diag(counts)) / (len(unit) - 1)
    return values, o


def _delta(values: list[float], n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared difference function delta^2_ck for the given level of measurement."""
    v = np.asarray(values, dtype=float)
    if level == "nominal":
        return 1.0 - np.eye(len(v))
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        if np.any(v < 0):
            raise ValueError("ratio-level alpha needs non-negative values")
        total = v[:, None] + v[None, :]
        diff = v[:, None] - v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(total == 0, 0.0, diff / total)
        return d**2
    # ordinal: (sum_{g=c}^{k} n_g - (n_c + n_k) / 2)^2 over the ranks of the values
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    size = len(v)
    d = np.zeros((size, size))
    for c in range(size):
        for k in range(c + 1, size):
            d[c, k] = d[k, c] = (cum[k + 1] - cum[c] - (n_c[c] + n_c[k]) / 2) ** 2
    return d


def krippendorff_alpha(data: Sequence[Sequence[float | None]], level: str = "interval") -> float:
    """Krippendorff's alpha for a coders x units table (None or NaN = missing).

    level is "nominal", "ordinal" (rank-based metric on the marginal frequencies n_g),
    "interval" or "ratio". alpha = 1 - (n - 1) * sum(o_ck d_ck) / sum(n_c n_k d_ck).
    Raises ValueError when no unit has two values or when only one distinct value was used.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    values, o = coincidence_matrix(data)
    if not values:
        raise ValueError(
            "Krippendorff's alpha is undefined: no unit has values from at least two coders"
        )
    if len(values) < 2:
        raise ValueError(
            f"Krippendorff's alpha is undefined: every pairable value is {values[0]:g} "
            "(no variation, so expected disagreement is zero)"
        )
    n_c = o.sum(axis=1)
    n = n_c.sum()
    delta = _delta(values, n_c, level)
    observed = float((o * delta).sum())
    expected = float((np.outer(n_c, n_c) * delta).sum())
    return float(1.0 - (n - 1) * observed / expected)


def _check_matrix(matrix: Sequence[Sequence[float]]) -> np.ndarray:
    rows = [list(row) for row in matrix]
    if len(rows) < 2:
        raise ValueError("ICC needs at least 2 targets (rows)")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("ICC needs a complete targets x raters matrix (rows differ in length)")
    if width < 2:
        raise ValueError("ICC needs at least 2 raters (columns)")
    if any(_is_missing(x) for row in rows for x in row):
        raise ValueError("ICC needs a complete matrix: found missing cells")
    x = np.asarray(rows, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError("ICC needs finite ratings")
    return x


def mean_squares(matrix: Sequence[Sequence[float]]) -> dict[str, float]:
    """Two-way ANOVA mean squares of a targets x raters matrix: BMS, WMS, JMS, EMS."""
    return _mean_squares(_check_matrix(matrix))


def _mean_squares(x: np.ndarray) -> dict[str, float]:
    n, k = x.shape
    grand = x.mean()
    sst = float(((x - grand) ** 2).sum())
    ssr = float(k * ((x.mean(axis=1) - grand) ** 2).sum())
    ssc = float(n * ((x.mean(axis=0) - grand) ** 2).sum())
    sse = max(sst - ssr - ssc, 0.0)
    # squash rounding noise so that exact data (e.g. identical raters) gives exact zeros
    tol = 1e-14 * max(1.0, float(np.abs(x).max()) ** 2)
    parts = {
        "BMS": ssr / (n - 1),
        "WMS": max(sst - ssr, 0.0) / (n * (k - 1)),
        "JMS": ssc / (k - 1),
        "EMS": sse / ((n - 1) * (k - 1)),
    }
    return {key: (0.0 if value < tol else value) for key, value in parts.items()}


def icc(matrix: Sequence[Sequence[float]]) -> dict[str, float]:
    """Shrout & Fleiss (1979) ICCs for a complete targets x raters matrix.

    Keys: ICC1, ICC2, ICC3 (single rater) and ICC1k, ICC2k, ICC3k (mean of k raters).
    Raises ValueError when the targets do not differ at all (BMS = 0).
    """
    return _icc_values(_check_matrix(matrix))


def _icc_values(x: np.ndarray) -> dict[str, float]:
    n, k = x.shape
    ms = _mean_squares(x)
    bms, wms, jms, ems = ms["BMS"], ms["WMS"], ms["JMS"], ms["EMS"]
    if bms == 0:
        raise ValueError("ICC is undefined: every target has the same mean rating (BMS = 0)")
    return {
        "ICC1": (bms - wms) / (bms + (k - 1) * wms),
        "ICC2": (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": (bms - ems) / (bms + (k - 1) * ems),
        "ICC1k": (bms - wms) / bms,
        "ICC2k": (bms - ems) / (bms + (jms - ems) / n),
        "ICC3k": (bms - ems) / bms,
    }


def _ratio(num: float, den: float) -> float:
    return math.inf if den == 0 else num / den


def _single_bound(f: float, k: int) -> float:
    return 1.0 if math.isinf(f) else (f - 1) / (f + k - 1)


def _average_bound(f: float) -> float:
    return 1.0 if math.isinf(f) else 1 - 1 / f


def icc_table(matrix: Sequence[Sequence[float]], alpha: float = 0.05) -> list[dict]:
    """Per ICC form: type, value, F, df1, df2, p, ci_low, ci_high.

    F tests and (1 - alpha) confidence intervals follow Shrout & Fleiss (1979) and
    McGraw & Wong (1996), with the same formulas as R psych::ICC (ICC2/ICC2k use the
    Satterthwaite-style df). With error-free data (an F of infinity), p = 0 and the
    bounds take their limiting value 1.
    """
    x = _check_matrix(matrix)
    n, k = x.shape
    ms = _mean_squares(x)
    bms, wms, jms, ems = ms["BMS"], ms["WMS"], ms["JMS"], ms["EMS"]
    values = _icc_values(x)
    q = 1 - alpha / 2

    f1 = _ratio(bms, wms)
    df1n, df1d = n - 1, n * (k - 1)
    f3 = _ratio(bms, ems)
    df3n, df3d = n - 1, (n - 1) * (k - 1)
    p1 = 0.0 if math.isinf(f1) else float(stats.f.sf(f1, df1n, df1d))
    p3 = 0.0 if math.isinf(f3) else float(stats.f.sf(f3, df3n, df3d))

    f1_low = f1 / stats.f.ppf(q, df1n, df1d)
    f1_high = f1 * stats.f.ppf(q, df1d, df1n)
    f3_low = f3 / stats.f.ppf(q, df3n, df3d)
    f3_high = f3 * stats.f.ppf(q, df3d, df3n)

    # ICC2: approximate df v of Shrout & Fleiss (1979) / McGraw & Wong (1996) case 2A.
    rho = values["ICC2"]
    if ems == 0 and jms == 0:
        low2 = high2 = 1.0
    else:
        if ems == 0:
            v = float(k - 1)  # limit of v as F_j = JMS / EMS -> infinity
        else:
            fj = jms / ems
            base = n * (1 + (k - 1) * rho) - k * rho
            v = (k - 1) * (n - 1) * (k * rho * fj + base) ** 2
            v /= (n - 1) * k**2 * rho**2 * fj**2 + base**2
        low2, high2 = _icc2_bounds(n, k, bms, jms, ems, v, q)
    low2k = low2 * k / (1 + low2 * (k - 1))
    high2k = high2 * k / (1 + high2 * (k - 1))

    rows = [
        ("ICC1", f1, df1n, df1d, p1, _single_bound(f1_low, k), _single_bound(f1_high, k)),
        ("ICC2", f3, df3n, df3d, p3, low2, high2),
        ("ICC3", f3, df3n, df3d, p3, _single_bound(f3_low, k), _single_bound(f3_high, k)),
        ("ICC1k", f1, df1n, df1d, p1, _average_bound(f1_low), _average_bound(f1_high)),
        ("ICC2k", f3, df3n, df3d, p3, low2k, high2k),
        ("ICC3k", f3, df3n, df3d, p3, _average_bound(f3_low), _average_bound(f3_high)),
    ]
    return [
        {
            "type": name,
            "value": values[name],
            "F": float(f),
            "df1": int(d1),
            "df2": int(d2),
            "p": float(p),
            "ci_low": float(lo),
            "ci_high": float(hi),
        }
        for name, f, d1, d2, p, lo, hi in rows
    ]


def _icc2_bounds(
    n: int, k: int, bms: float, jms: float, ems: float, v: float, q: float
) -> tuple[float, float]:
    f_star_high = stats.f.ppf(q, n - 1, v)
    f_star_low = stats.f.ppf(q, v, n - 1)
    shared = k * jms + (k * n - k - n) * ems
    low = n * (bms - f_star_high * ems) / (f_star_high * shared + n * bms)
    high = n * (f_star_low * bms - ems) / (shared + n * f_star_low * bms)
    return float(low), float(high)
