"""Interviewer calibration: an additive least-squares model of interview scores.

score = mu + candidate_c + interviewer_i + attribute_a + error, fitted by ordinary least
squares on an effect-coded design, so each factor's effects sum to zero (unweighted).
An interviewer effect above 0 is lenient (scores higher than the average interviewer on
the same candidates and attributes), below 0 severe.

Interviewer effects are only identified relative to interviewers connected to them
through shared candidates. The interviewer-candidate graph is therefore checked first:
a disconnected design raises DisconnectedDesign unless allow_disconnected=True.

Pure math on plain lists; no database, no CLI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

Observation = tuple[str, str, str, float]


@dataclass(frozen=True)
class InterviewerEffect:
    """Leniency of one interviewer: > 0 lenient, < 0 severe.

    se/ci_low/ci_high are None when the interviewer is the only one in its component,
    where the effect is 0 by definition and carries no information.
    """

    interviewer: str
    effect: float
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    component: int = 0


@dataclass(frozen=True)
class CandidateScore:
    """A candidate's raw mean score and the score adjusted for who interviewed them."""

    candidate: str
    raw_mean: float
    adjusted: float
    n: int
    component: int = 0


@dataclass(frozen=True)
class CalibrationResult:
    """Fitted calibration model.

    mu is the intercept of component 0 (the only one when connected); component_mu has
    one intercept per component. components lists each connected group's interviewers
    (sorted) followed by its candidates (sorted), largest group (by ratings) first;
    component_interviewers/component_candidates give the same groups split by role.
    """

    interviewers: list[InterviewerEffect]
    candidates: list[CandidateScore]
    mu: float
    residual_sd: float
    df: int
    components: list[list[str]]
    connected: bool
    component_mu: list[float] = field(default_factory=list)
    component_interviewers: list[list[str]] = field(default_factory=list)
    component_candidates: list[list[str]] = field(default_factory=list)
    attribute_effects: dict[str, float] = field(default_factory=dict)


class TooFewRatings(ValueError):
    """Fewer ratings than the model has parameters: nothing can be estimated yet."""


class DisconnectedDesign(ValueError):
    """The interviewer-candidate graph has more than one connected component."""

    def __init__(self, interviewer_groups: list[list[str]], candidate_groups: list[list[str]]):
        self.interviewer_groups = interviewer_groups
        self.candidate_groups = candidate_groups
        self.components = [
            [*ivs, *cands] for ivs, cands in zip(interviewer_groups, candidate_groups, strict=True)
        ]
        groups = "; ".join(
            f"[interviewers: {', '.join(ivs)} | candidates: {', '.join(cands)}]"
            for ivs, cands in zip(interviewer_groups, candidate_groups, strict=True)
        )
        super().__init__(
            f"interviewers and candidates form {len(self.components)} disconnected groups "
            f"(no shared candidates link them): {groups}. Interviewer effects cannot be "
            "compared across groups; fit with allow_disconnected=True to estimate them "
            "within each group."
        )


def _components(rows: list[Observation]) -> tuple[list[list[str]], list[list[str]]]:
    """Connected components of the bipartite interviewer-candidate graph.

    Returns (interviewer groups, candidate groups), ordered by number of ratings
    (descending), then by first interviewer name.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for candidate, interviewer, _attribute, _score in rows:
        a, b = find(("i", interviewer)), find(("c", candidate))
        if a != b:
            parent[a] = b

    groups: dict[tuple[str, str], tuple[set[str], set[str], list[int]]] = {}
    for candidate, interviewer, _attribute, _score in rows:
        ivs, cands, count = groups.setdefault(find(("c", candidate)), (set(), set(), [0]))
        ivs.add(interviewer)
        cands.add(candidate)
        count[0] += 1
    ordered = sorted(groups.values(), key=lambda g: (-g[2][0], sorted(g[0])[0]))
    return [sorted(g[0]) for g in ordered], [sorted(g[1]) for g in ordered]


def _validate(observations: Sequence[Observation]) -> list[Observation]:
    rows: list[Observation] = []
    for row in observations:
        if len(row) != 4:
            raise ValueError(f"expected (candidate, interviewer, attribute, score), got {row!r}")
        candidate, interviewer, attribute, score = row
        value = float(score)
        if not math.isfinite(value):
            raise ValueError(f"score must be a finite number, got {score!r}")
        rows.append((str(candidate), str(interviewer), str(attribute), value))
    if not rows:
        raise ValueError("no observations to fit")
    return rows


def _effect_block(x: np.ndarray, row_levels: list[int], col: int, n_levels: int) -> None:
    """Fill sum-to-zero (effect) coding for one factor: level j < L-1 -> +1 in its
    column, the last level -> -1 in all L-1 columns."""
    for r, level in enumerate(row_levels):
        if level < n_levels - 1:
            x[r, col + level] = 1.0
        else:
            x[r, col : col + n_levels - 1] = -1.0


def _expand(
    beta: np.ndarray, cov: np.ndarray, start: int, n_levels: int
) -> tuple[np.ndarray, np.ndarray]:
    """Full effect vector (with the implied last level) and its covariance matrix."""
    c = np.vstack([np.eye(n_levels - 1), -np.ones((1, n_levels - 1))])
    block = slice(start, start + n_levels - 1)
    return c @ beta[block], c @ cov[block, block] @ c.T


def fit(
    observations: Sequence[Observation],
    allow_disconnected: bool = False,
    confidence: float = 0.95,
) -> CalibrationResult:
    """Fit score = mu + candidate + interviewer + attribute + error by least squares.

    Effects of each factor sum to zero. Standard errors come from the residual variance
    and (X'X)^-1 of the effect-coded design; CIs use the t distribution on the residual df.

    When the interviewer-candidate graph is disconnected, raises DisconnectedDesign unless
    allow_disconnected=True; then every component gets its own intercept and its own
    sum-to-zero interviewer and candidate effects (comparable only within the component,
    see .component), while attribute effects and the error variance are shared.
    Raises ValueError when there are no residual degrees of freedom or when the design
    cannot separate the effects (e.g. an attribute confounded with a candidate).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    rows = _validate(observations)
    iv_groups, cand_groups = _components(rows)
    connected = len(iv_groups) == 1
    if not connected and not allow_disconnected:
        raise DisconnectedDesign(iv_groups, cand_groups)

    n_obs = len(rows)
    cand_comp = {c: g for g, cands in enumerate(cand_groups) for c in cands}
    attributes = sorted({r[2] for r in rows})
    attr_index = {a: j for j, a in enumerate(attributes)}
    iv_index = {iv: j for ivs in iv_groups for j, iv in enumerate(ivs)}
    cand_index = {c: j for cands in cand_groups for j, c in enumerate(cands)}

    n_groups = len(iv_groups)
    n_params = (
        n_groups
        + sum(len(c) - 1 for c in cand_groups)
        + sum(len(i) - 1 for i in iv_groups)
        + len(attributes)
        - 1
    )
    df = n_obs - n_params
    if df <= 0:
        raise TooFewRatings(
            f"too few ratings to fit the model: {n_obs} ratings for {n_params} parameters "
            "(need at least one residual degree of freedom)"
        )

    x = np.zeros((n_obs, n_params))
    col = 0
    for g in range(n_groups):
        x[:, col] = [1.0 if cand_comp[r[0]] == g else 0.0 for r in rows]
        col += 1
    cand_start: list[int] = []
    iv_start: list[int] = []
    for g in range(n_groups):
        members = [i for i, r in enumerate(rows) if cand_comp[r[0]] == g]
        cand_start.append(col)
        sub = np.zeros((len(members), len(cand_groups[g]) - 1))
        _effect_block(sub, [cand_index[rows[i][0]] for i in members], 0, len(cand_groups[g]))
        x[members, col : col + sub.shape[1]] = sub
        col += sub.shape[1]
        iv_start.append(col)
        sub = np.zeros((len(members), len(iv_groups[g]) - 1))
        _effect_block(sub, [iv_index[rows[i][1]] for i in members], 0, len(iv_groups[g]))
        x[members, col : col + sub.shape[1]] = sub
        col += sub.shape[1]
    attr_start = col
    _effect_block(x, [attr_index[r[2]] for r in rows], attr_start, len(attributes))

    y = np.array([r[3] for r in rows])
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    if rank < n_params:
        raise ValueError(
            "the design cannot separate candidate, interviewer and attribute effects "
            "(some attribute is confounded with particular candidates or interviewers)"
        )
    resid = y - x @ beta
    sigma2 = float(resid @ resid) / df
    cov = np.linalg.inv(x.T @ x) * sigma2
    t_crit = float(stats.t.ppf(0.5 + confidence / 2, df))

    counts_iv: dict[str, int] = {}
    counts_cand: dict[str, list[float]] = {}
    for candidate, interviewer, _attribute, score in rows:
        counts_iv[interviewer] = counts_iv.get(interviewer, 0) + 1
        counts_cand.setdefault(candidate, []).append(score)

    interviewers: list[InterviewerEffect] = []
    candidates: list[CandidateScore] = []
    component_mu = [float(beta[g]) for g in range(n_groups)]
    for g in range(n_groups):
        ivs = iv_groups[g]
        if len(ivs) == 1:
            interviewers.append(
                InterviewerEffect(ivs[0], 0.0, None, None, None, counts_iv[ivs[0]], g)
            )
        else:
            effects, eff_cov = _expand(beta, cov, iv_start[g], len(ivs))
            for j, iv in enumerate(ivs):
                se = math.sqrt(max(float(eff_cov[j, j]), 0.0))
                effect = float(effects[j])
                interviewers.append(
                    InterviewerEffect(
                        iv, effect, se, effect - t_crit * se, effect + t_crit * se, counts_iv[iv], g
                    )
                )
        cands = cand_groups[g]
        if len(cands) == 1:
            cand_effects = np.zeros(1)
        else:
            cand_effects, _ = _expand(beta, cov, cand_start[g], len(cands))
        for j, cand in enumerate(cands):
            scores = counts_cand[cand]
            candidates.append(
                CandidateScore(
                    cand,
                    float(np.mean(scores)),
                    component_mu[g] + float(cand_effects[j]),
                    len(scores),
                    g,
                )
            )

    if len(attributes) == 1:
        attr_effects = np.zeros(1)
    else:
        attr_effects, _ = _expand(beta, cov, attr_start, len(attributes))

    return CalibrationResult(
        interviewers=sorted(interviewers, key=lambda e: e.interviewer),
        candidates=sorted(candidates, key=lambda c: c.candidate),
        mu=component_mu[0],
        residual_sd=math.sqrt(sigma2),
        df=df,
        components=[[*ivs, *cands] for ivs, cands in zip(iv_groups, cand_groups, strict=True)],
        connected=connected,
        component_mu=component_mu,
        component_interviewers=iv_groups,
        component_candidates=cand_groups,
        attribute_effects={a: float(attr_effects[j]) for j, a in enumerate(attributes)},
    )
