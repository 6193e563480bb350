"""eng_ops.stats.calibration: exact recovery, a hand-solved example, noise, connectivity."""

from __future__ import annotations

import math
import random

import pytest

from eng_ops.stats.calibration import (
    CalibrationResult,
    DisconnectedDesign,
    InterviewerEffect,
    fit,
)

MU = 3.0
INTERVIEWERS = {"ana": 0.5, "bo": -0.5, "cy": 0.0}
CANDIDATES = {"c1": 0.6, "c2": -0.2, "c3": -0.3, "c4": 0.1, "c5": -0.2}
ATTRIBUTES = {"coding": 0.25, "design": -0.4, "comms": 0.15}


def _truth(candidate: str, interviewer: str, attribute: str) -> float:
    return MU + CANDIDATES[candidate] + INTERVIEWERS[interviewer] + ATTRIBUTES[attribute]


def _by_name(result: CalibrationResult) -> dict[str, InterviewerEffect]:
    return {e.interviewer: e for e in result.interviewers}


def _assert_recovers_truth(result: CalibrationResult) -> None:
    assert result.mu == pytest.approx(MU, abs=1e-12)
    assert result.residual_sd == pytest.approx(0.0, abs=1e-12)
    effects = _by_name(result)
    assert set(effects) == set(INTERVIEWERS)
    for name, value in INTERVIEWERS.items():
        assert effects[name].effect == pytest.approx(value, abs=1e-12)
        assert effects[name].se == pytest.approx(0.0, abs=1e-12)
    for score in result.candidates:
        assert score.adjusted == pytest.approx(MU + CANDIDATES[score.candidate], abs=1e-12)
    for name, value in ATTRIBUTES.items():
        assert result.attribute_effects[name] == pytest.approx(value, abs=1e-12)


def test_true_effects_sum_to_zero() -> None:
    for effects in (INTERVIEWERS, CANDIDATES, ATTRIBUTES):
        assert math.fsum(effects.values()) == pytest.approx(0.0, abs=1e-15)


def test_balanced_noise_free_design_recovers_effects_exactly() -> None:
    obs = [(c, i, a, _truth(c, i, a)) for c in CANDIDATES for i in INTERVIEWERS for a in ATTRIBUTES]
    result = fit(obs)
    _assert_recovers_truth(result)
    assert result.connected
    assert result.df == len(obs) - (1 + 4 + 2 + 2)
    assert {e.n for e in result.interviewers} == {15}
    assert all(s.n == 9 for s in result.candidates)


def test_unbalanced_noise_free_design_recovers_effects_exactly() -> None:
    """Drop a random third of the cells and repeat some: effects are still exact."""
    rng = random.Random(7)
    cells = [(c, i, a) for c in CANDIDATES for i in INTERVIEWERS for a in ATTRIBUTES]
    kept = [cell for cell in cells if rng.random() > 0.35]
    kept += rng.sample(kept, 6)
    obs = [(c, i, a, _truth(c, i, a)) for c, i, a in kept]
    result = fit(obs)
    _assert_recovers_truth(result)
    # raw means are biased by who interviewed whom, adjusted scores are not
    raw_errors = [abs(s.raw_mean - MU - CANDIDATES[s.candidate]) for s in result.candidates]
    assert max(raw_errors) > 0.05
    counts = {i: sum(1 for _, iv, _, _ in obs if iv == i) for i in INTERVIEWERS}
    assert {e.interviewer: e.n for e in result.interviewers} == counts


def test_hand_solved_two_by_three_example() -> None:
    """2 interviewers x 3 candidates, one attribute, one rating per cell.

    For a balanced two-way additive model the least-squares solution is closed-form:
    mu = grand mean, interviewer effect = row mean - grand mean, candidate effect =
    column mean - grand mean, residual SS on (2-1)(3-1) = 2 df, and
    Var(interviewer effect) = sigma^2 (I - 1) / (I J) = sigma^2 / 6.

        scores   c1  c2  c3 | mean
        ana       4   3   5 | 4
        bo        2   2   2 | 2
        mean      3 2.5 3.5 | 3

    Residuals y - row - col + grand: ana: 0, -0.5, 0.5; bo: 0, 0.5, -0.5; SSE = 1,
    sigma^2 = 1/2, se = sqrt(1/12). t(0.975, 2 df): its CDF is 1/2 + t / (2 sqrt(2 + t^2)),
    so t^2 = 2 * 0.95^2 / (1 - 0.95^2).
    """
    scores = {("ana", "c1"): 4, ("ana", "c2"): 3, ("ana", "c3"): 5}
    scores |= {("bo", "c1"): 2, ("bo", "c2"): 2, ("bo", "c3"): 2}
    obs = [(c, i, "overall", float(s)) for (i, c), s in scores.items()]
    result = fit(obs)

    grand = 3.0
    se = math.sqrt(0.5 / 6)
    t = math.sqrt(2 * 0.95**2 / (1 - 0.95**2))
    assert result.mu == pytest.approx(grand, rel=1e-14)
    assert result.df == 2
    assert result.residual_sd == pytest.approx(math.sqrt(0.5), rel=1e-13)
    effects = _by_name(result)
    for name, mean in (("ana", 4.0), ("bo", 2.0)):
        e = effects[name]
        assert e.effect == pytest.approx(mean - grand, rel=1e-14)
        assert e.se == pytest.approx(se, rel=1e-13)
        assert e.ci_low == pytest.approx(mean - grand - t * se, rel=1e-12)
        assert e.ci_high == pytest.approx(mean - grand + t * se, rel=1e-12)
        assert e.n == 3
    column_means = {"c1": 3.0, "c2": 2.5, "c3": 3.5}
    for s in result.candidates:
        assert s.raw_mean == pytest.approx(column_means[s.candidate], rel=1e-15)
        assert s.adjusted == pytest.approx(column_means[s.candidate], rel=1e-14)
        assert s.n == 2
    assert result.attribute_effects == {"overall": 0.0}
    assert effects["ana"].effect > 0 > effects["bo"].effect  # ana lenient, bo severe


def test_lenient_interviewer_is_positive_and_adjustment_corrects_for_it() -> None:
    """Everyone has true skill 3; 'easy' adds +1, 'hard' -1, 'mid' 0 (plus small noise).

    c1 is only seen by easy + mid, c2 only by hard + mid: raw means differ, adjusted do not.
    """
    rng = random.Random(11)
    bias = {"easy": 1.0, "hard": -1.0, "mid": 0.0}
    panels = {"c1": ["easy", "mid"], "c2": ["hard", "mid"], "c3": ["easy", "hard", "mid"]}
    obs = [
        (c, i, a, 3.0 + bias[i] + rng.gauss(0, 0.05))
        for c, ivs in panels.items()
        for i in ivs
        for a in ("x", "y", "z")
    ]
    result = fit(obs)
    effects = _by_name(result)
    assert effects["easy"].effect > 0.8 and effects["easy"].ci_low > 0
    assert effects["hard"].effect < -0.8 and effects["hard"].ci_high < 0
    assert abs(effects["mid"].effect) < 0.2
    by_candidate = {s.candidate: s for s in result.candidates}
    assert by_candidate["c1"].raw_mean - by_candidate["c2"].raw_mean > 0.9
    assert abs(by_candidate["c1"].adjusted - by_candidate["c2"].adjusted) < 0.2


def _noisy_design(rng: random.Random, repeats: int, sd: float) -> list[tuple[str, str, str, float]]:
    cells = [(c, i, a) for c in CANDIDATES for i in INTERVIEWERS for a in ATTRIBUTES]
    return [
        (c, i, a, _truth(c, i, a) + rng.gauss(0, sd)) for _ in range(repeats) for c, i, a in cells
    ]


def test_confidence_intervals_cover_the_truth_at_about_95_percent() -> None:
    rng = random.Random(2024)
    covered = total = 0
    for _ in range(200):
        result = fit(_noisy_design(rng, repeats=1, sd=0.8))
        for e in result.interviewers:
            assert e.ci_low is not None and e.ci_high is not None
            covered += e.ci_low <= INTERVIEWERS[e.interviewer] <= e.ci_high
            total += 1
    assert 0.90 <= covered / total <= 0.99


def test_interval_width_shrinks_with_more_ratings() -> None:
    rng = random.Random(5)
    widths = []
    for repeats in (1, 4, 16):
        result = fit(_noisy_design(rng, repeats=repeats, sd=0.8))
        e = _by_name(result)["ana"]
        assert e.ci_low is not None and e.ci_high is not None
        assert e.ci_low <= INTERVIEWERS["ana"] <= e.ci_high
        widths.append(e.ci_high - e.ci_low)
        assert result.residual_sd == pytest.approx(0.8, rel=0.35)
    assert widths[0] > widths[1] > widths[2]
    assert widths[2] < widths[0] / 2.5


def test_disconnected_design_is_detected() -> None:
    obs = [
        ("c1", "ana", "x", 3.0),
        ("c1", "bo", "x", 4.0),
        ("c2", "bo", "x", 2.0),
        ("c2", "ana", "x", 2.5),
        ("c3", "cy", "x", 5.0),
        ("c3", "di", "x", 4.0),
        ("c4", "di", "x", 3.0),
    ]
    with pytest.raises(DisconnectedDesign) as info:
        fit(obs)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.components == [["ana", "bo", "c1", "c2"], ["cy", "di", "c3", "c4"]]
    assert err.interviewer_groups == [["ana", "bo"], ["cy", "di"]]
    assert err.candidate_groups == [["c1", "c2"], ["c3", "c4"]]
    assert "2 disconnected groups" in str(err)
    assert "allow_disconnected=True" in str(err)


def test_disconnected_design_fitted_within_components_when_allowed() -> None:
    """Two separate panels, noise-free: effects are recovered within each component."""
    group_a = {"ana": 0.5, "bo": -0.5}
    group_b = {"cy": 0.2, "di": -0.2}
    skill = {"c1": 0.4, "c2": -0.4, "c3": 1.0, "c4": -1.0}
    attrs = {"x": 0.1, "y": -0.1}
    obs = []
    for ivs, cands, base in ((group_a, ("c1", "c2"), 3.0), (group_b, ("c3", "c4"), 2.0)):
        for c in cands:
            for i, bias in ivs.items():
                for a, lift in attrs.items():
                    obs.append((c, i, a, base + skill[c] + bias + lift))
    obs.append(("c1", "ana", "x", 3.0 + 0.4 + 0.5 + 0.1))  # makes group a the larger one
    result = fit(obs, allow_disconnected=True)
    assert not result.connected
    assert result.components == [["ana", "bo", "c1", "c2"], ["cy", "di", "c3", "c4"]]
    assert result.component_mu == pytest.approx([3.0, 2.0], abs=1e-12)
    assert result.mu == pytest.approx(3.0, abs=1e-12)
    effects = _by_name(result)
    for name, value in {**group_a, **group_b}.items():
        assert effects[name].effect == pytest.approx(value, abs=1e-12)
    assert {n: e.component for n, e in effects.items()} == {"ana": 0, "bo": 0, "cy": 1, "di": 1}
    adjusted = {s.candidate: (s.adjusted, s.component) for s in result.candidates}
    assert adjusted["c1"] == (pytest.approx(3.4, abs=1e-12), 0)
    assert adjusted["c4"] == (pytest.approx(1.0, abs=1e-12), 1)
    assert result.attribute_effects == pytest.approx(attrs, abs=1e-12)


def test_lone_interviewer_component_has_no_standard_error() -> None:
    obs = [
        ("c1", "ana", "x", 3.0),
        ("c1", "bo", "x", 4.0),
        ("c2", "ana", "x", 2.0),
        ("c2", "bo", "x", 2.5),
        ("c3", "cy", "x", 5.0),
        ("c3", "cy", "x", 4.0),
    ]
    result = fit(obs, allow_disconnected=True)
    cy = _by_name(result)["cy"]
    assert (cy.effect, cy.se, cy.ci_low, cy.ci_high, cy.component) == (0.0, None, None, None, 1)


def test_too_few_ratings_raise() -> None:
    # 4 ratings, parameters: mu + 1 candidate + 1 interviewer + 1 attribute = 4 -> df 0
    obs = [
        ("c1", "ana", "x", 3.0),
        ("c2", "bo", "y", 4.0),
        ("c1", "bo", "x", 2.0),
        ("c2", "ana", "y", 2.5),
    ]
    with pytest.raises(ValueError, match="too few ratings"):
        fit(obs)
    with pytest.raises(ValueError, match="no observations"):
        fit([])


def test_confounded_attribute_raises() -> None:
    """Candidate c1 is only rated on x and c2 only on y: attribute and candidate collide."""
    obs = [
        ("c1", "ana", "x", 3.0),
        ("c1", "bo", "x", 4.0),
        ("c2", "ana", "y", 2.0),
        ("c2", "bo", "y", 2.5),
        ("c1", "ana", "x", 3.5),
        ("c2", "bo", "y", 2.0),
    ]
    with pytest.raises(ValueError, match="cannot separate"):
        fit(obs)


def test_non_finite_score_raises() -> None:
    with pytest.raises(ValueError, match="finite"):
        fit([("c1", "ana", "x", math.nan)])
