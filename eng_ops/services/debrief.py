"""A candidate's debrief: what a panel acts on once its scorecards are in.

The independent ratings per attribute, the disagreements (ratings DISAGREEMENT or more points
apart, with who rated what), each rating beside the interviewer's calibrated adjustment where
the role has enough data (and a plain note where it has not), the recommendation spread, the
missing scorecards, and the decision with its rationale once recorded.

Who sees it follows `rating_access`: a panelist who has not submitted sees nothing; an
internal candidate sees only the decision of their own loop, once it is made. Calibration
uses only the ratings the viewer may see. Drafts never appear; only the latest submitted
revision of each lead scorecard counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import mean

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import EngOpsError, InvalidInput
from eng_ops.services.interview_analytics import (
    MIN_CANDIDATES,
    TOO_FEW,
    Basis,
    basis_of,
    calibrate,
    stored_observations,
)
from eng_ops.services.interviews import get_candidate
from eng_ops.services.rating_access import RatingAccess, rating_access
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.store.models import RECOMMENDATIONS, Interview, Person, Rating, Scorecard
from eng_ops.text import plural

DISAGREEMENT = 2
"""Ratings this many points apart (or more) on one attribute are a disagreement to discuss
(the same rule as `interview panel`)."""


@dataclass(frozen=True)
class DebriefCandidate:
    id: int
    name: str
    role: str
    status: str
    rubric_version: int


@dataclass(frozen=True)
class Rated:
    """One interviewer's rating of one attribute, beside their calibrated adjustment: their
    effect (points above + or below - others) and the rating minus it (None: not calibrated)."""

    interviewer: str
    score: int
    effect: float | None
    calibrated: float | None


@dataclass(frozen=True)
class AttributeRatings:
    """The panel's independent ratings of one attribute."""

    attribute: str
    name: str
    ratings: tuple[Rated, ...]
    mean: float | None
    low: int | None
    high: int | None
    spread: int | None
    disagreement: bool


@dataclass(frozen=True)
class Disagreement:
    """An attribute whose ratings are DISAGREEMENT or more points apart, and who said what."""

    attribute: str
    name: str
    spread: int
    low: int
    lowest: tuple[str, ...]
    high: int
    highest: tuple[str, ...]
    ratings: tuple[Rated, ...]


@dataclass(frozen=True)
class RecommendationCount:
    recommendation: str
    count: int
    interviewers: tuple[str, ...]


@dataclass(frozen=True)
class PanelistCalibration:
    """A panelist's calibrated effect on the role, and whether the debrief applies it."""

    interviewer: str
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    candidates: int
    reading: str
    applied: bool
    note: str | None


@dataclass(frozen=True)
class MissingScorecard:
    interviewer: str
    interview: int
    on: date


@dataclass(frozen=True)
class Decision:
    decision: str
    rationale: str | None
    decided_by: str | None
    decided_on: date | None


@dataclass(frozen=True)
class Debrief:
    """Everything a debrief shows; `basis` is None when the viewer sees no ratings."""

    candidate: DebriefCandidate
    viewer: str
    basis: Basis | None
    panelists: tuple[str, ...]
    ratings: tuple[AttributeRatings, ...]
    disagreements: tuple[Disagreement, ...]
    recommendations: tuple[RecommendationCount, ...]
    calibration: tuple[PanelistCalibration, ...]
    calibration_basis: Basis | None
    calibration_note: str | None
    missing: tuple[MissingScorecard, ...]
    decision: Decision | None
    note: str | None


def debrief(session: Session, candidate_id: int, viewer: str | None = None) -> Debrief:
    """The debrief of one candidate as `viewer` (default: the session's actor) may see it."""
    candidate = get_candidate(session, candidate_id)
    access = rating_access(session, viewer)
    rubric = latest_rubric(session, candidate.role)
    about = DebriefCandidate(
        candidate.id,  # type: ignore[arg-type]
        candidate.name,
        candidate.role,
        candidate.status,
        rubric.version,
    )
    decision = None
    if candidate.decision:
        decision = Decision(
            candidate.decision, candidate.rationale, candidate.decided_by, candidate.decided_on
        )
    if not access.sees_ratings(candidate_id):
        if candidate_id in access.own and decision is not None:
            return Debrief(
                about, access.viewer, None, (), (), (), (), (), None, None, (), decision,
                "you are the candidate: the panel's ratings and recommendations stay with "
                "the panel; this is the decision and its rationale",
            )  # fmt: skip
        raise InvalidInput(access.why_hidden(candidate_id) or "you may not see these ratings")

    interviews, cards, scores = _loop(session, candidate_id)
    lead = [(i, handle) for i, handle in interviews if i.mode == "lead"]
    submitted = [(i, handle) for i, handle in lead if i.id in cards]
    panelists = tuple(dict.fromkeys(handle for _, handle in submitted))
    calibration, calibration_basis, calibration_note = _calibration(
        session, candidate.role, access, panelists
    )
    effects = {c.interviewer: c.effect for c in calibration if c.applied}

    names = {a.key: a.name for a in attributes_of(session, rubric.id)}  # type: ignore[arg-type]
    given: dict[str, list[Rated]] = defaultdict(list)
    for interview, handle in submitted:
        for attribute, score in sorted(scores[cards[interview.id].id].items()):  # type: ignore[index]
            effect = effects.get(handle)
            given[attribute].append(
                Rated(
                    handle,
                    score,
                    effect,
                    None if effect is None else round(score - effect, 2),
                )
            )
    order = [*names, *sorted(set(given) - set(names))]
    attributes = tuple(_attribute(key, names.get(key, key), given.get(key, [])) for key in order)
    disagreements = tuple(
        Disagreement(
            a.attribute,
            a.name,
            a.spread,  # type: ignore[arg-type]
            a.low,  # type: ignore[arg-type]
            tuple(r.interviewer for r in a.ratings if r.score == a.low),
            a.high,  # type: ignore[arg-type]
            tuple(r.interviewer for r in a.ratings if r.score == a.high),
            a.ratings,
        )
        for a in attributes
        if a.disagreement
    )
    recommendations = []
    for r in RECOMMENDATIONS:
        who = tuple(h for i, h in submitted if cards[i.id].recommendation == r)  # type: ignore[index]
        recommendations.append(RecommendationCount(r, len(who), who))
    missing = tuple(
        MissingScorecard(handle, i.id, i.on)  # type: ignore[arg-type]
        for i, handle in lead
        if i.id not in cards and i.on <= clock.today()  # one still to come is not missing
    )
    rating_count = sum(len(v) for v in given.values())
    return Debrief(
        candidate=about,
        viewer=access.viewer,
        basis=Basis(candidates=1, interviewers=len(panelists), ratings=rating_count),
        panelists=panelists,
        ratings=attributes,
        disagreements=disagreements,
        recommendations=tuple(recommendations),
        calibration=calibration,
        calibration_basis=calibration_basis,
        calibration_note=calibration_note,
        missing=missing,
        decision=decision,
        note=None,
    )


def _attribute(key: str, name: str, ratings: list[Rated]) -> AttributeRatings:
    values = [r.score for r in ratings]
    low, high = (min(values), max(values)) if values else (None, None)
    spread = high - low if values else None  # type: ignore[operator]
    return AttributeRatings(
        attribute=key,
        name=name,
        ratings=tuple(ratings),
        mean=round(float(mean(values)), 2) if values else None,
        low=low,
        high=high,
        spread=spread,
        disagreement=spread is not None and spread >= DISAGREEMENT,
    )


@dataclass(frozen=True)
class _Card:
    """The latest submitted scorecard of one interview."""

    id: int
    revision: int
    recommendation: str | None


def _loop(
    session: Session, candidate_id: int
) -> tuple[list[tuple[Interview, str]], dict[int, _Card], dict[int, dict[str, int]]]:
    """The loop's interviews (by date), the latest submitted scorecard per interview, and
    each such scorecard's ratings. Drafts are never read."""
    interviews = [
        (i, h)
        for i, h in session.exec(
            select(Interview, Person.handle)
            .join(Person, col(Person.id) == col(Interview.interviewer_id))
            .where(Interview.candidate_id == candidate_id)
            .order_by(col(Interview.on), col(Interview.id))
        ).all()
    ]
    ids = [i.id for i, _ in interviews]
    cards: dict[int, _Card] = {}
    if ids:
        for card_id, interview_id, revision, recommendation in session.exec(
            select(
                Scorecard.id, Scorecard.interview_id, Scorecard.revision, Scorecard.recommendation
            ).where(col(Scorecard.interview_id).in_(ids), col(Scorecard.submitted).is_(True))
        ).all():
            if interview_id not in cards or revision > cards[interview_id].revision:
                cards[interview_id] = _Card(card_id, revision, recommendation)  # type: ignore[arg-type]
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    if cards:
        for card_id, attribute, score in session.exec(
            select(Rating.scorecard_id, Rating.attribute, Rating.score).where(
                col(Rating.scorecard_id).in_([c.id for c in cards.values()])
            )
        ).all():
            scores[card_id][attribute] = score
    return interviews, cards, scores


def _calibration(
    session: Session, role: str, access: RatingAccess, panelists: tuple[str, ...]
) -> tuple[tuple[PanelistCalibration, ...], Basis | None, str | None]:
    """Each panelist's effect on the role's ratings the viewer may see; applied only where
    it is judged (enough shared candidates, a defined interval)."""
    if not panelists:
        return (), None, None
    observations = stored_observations(session, role=role, access=access)
    basis = basis_of(observations)
    shown = "ratings shown as given"
    if (basis.candidates or 0) < MIN_CANDIDATES:
        return (
            (),
            basis,
            (
                f"{role} has {plural(basis.candidates or 0, 'candidate')} with ratings: "
                f"too few to calibrate; {shown}"
            ),
        )
    try:
        result = calibrate(observations)
    except EngOpsError as exc:
        return (), basis, f"{role}: {exc}; {shown}"
    by = {r.interviewer: r for r in result.interviewers}
    rows = []
    for handle in panelists:
        r = by.get(handle)
        if r is None:  # not reached: the loop's own ratings are among the observations
            continue
        rows.append(
            PanelistCalibration(
                handle, r.effect, r.ci_low, r.ci_high, r.candidates, r.reading, r.judged,
                None if r.judged else f"{r.note}; {shown}",
            )
        )  # fmt: skip
    unapplied = [r.interviewer for r in rows if not r.applied]
    note = None
    if unapplied:
        who = ", ".join(unapplied)
        note = f"{who}: {TOO_FEW} how they score against others; their ratings shown as given"
    return tuple(rows), basis, note
