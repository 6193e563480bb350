"""Interview analytics over stored scorecards or CSV files: calibration and reliability."""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from eng_ops.errors import EngOpsError, InvalidInput, located
from eng_ops.services.limits import RATING_VALUE
from eng_ops.services.rubrics import latest_rubric
from eng_ops.store.models import Candidate, Interview, Person, Rating, Scorecard
from eng_ops.text import plural

ALPHA_THRESHOLD = 0.667  # Krippendorff: below this, data are not reliable enough to draw on
LEVELS = ("nominal", "ordinal", "interval", "ratio")

TOO_FEW = "too few ratings to judge"
"""What an analytic says, instead of a flag or a reading, below its minimum."""

MIN_CANDIDATES = 3
"""No reliability flag rests on fewer than three candidates.

The ratings of one candidate are not independent of each other: they come from the same
conversations, and an interviewer's view of a person spills over from one attribute to the
next (the halo effect: Thorndike 1920, "A constant error in psychological ratings"). Six
attributes of two candidates are two observations of agreement, not twelve, so alpha over
all attributes needs three candidates however many units it counts.
"""

MIN_PAIRABLE_UNITS = 10
"""Krippendorff's alpha is judged (flagged below ALPHA_THRESHOLD) on at least 10 pairable units.

A unit is one candidate's attribute; it is pairable when two or more interviewers rated it,
and only pairable units say anything about agreement (Krippendorff 2011, "Computing
Krippendorff's Alpha-Reliability": units with one value drop out). Krippendorff's own
sample-size table (Content Analysis, 2004, after Bloch & Kraemer 1989) asks for about 80
pairable values before one may be 95% sure that alpha on a four-point scale is above 0.667:
more than most hiring teams collect for one attribute in a year. eng-ops therefore never
claims that confidence; it only refuses to flag where one candidate decides the answer. With
10 units rated by two interviewers, all in agreement but one candidate rated 1 and 4, ordinal
alpha already drops from 1 to about 0.61; with fewer units that one candidate alone puts an
attribute below the line. Per attribute a unit is one candidate, so this asks for 10
double-rated candidates per attribute.
"""

MIN_INTERVIEWER_CANDIDATES = 3
"""An interviewer reads lenient or severe only after rating three candidates others also rated.

Calibration compares an interviewer with the other panelists on the same candidates, so a
candidate nobody else rated says nothing about them. The model counts each rating as
independent, but one interviewer's ratings of one candidate move together (the halo effect,
Thorndike 1920): an interval resting on one or two interviews is narrower than the truth, and
"severe" could be one bad afternoon. Below three shared candidates, or when the interval is
undefined (the only interviewer in their group), the reading is "too few ratings to judge";
the effect is still shown.
"""

if TYPE_CHECKING:
    from eng_ops.services.rating_access import RatingAccess

Observation = tuple[str, str, str, float]  # candidate, interviewer, attribute, score


# --- data ------------------------------------------------------------------------------------


def stored_observations(
    session: Session,
    *,
    role: str | None = None,
    modes: tuple[str, ...] = ("lead",),
    access: RatingAccess | None = None,
) -> list[Observation]:
    """Ratings from the latest submitted scorecard of each interview, leaving out the loops
    the viewer may not see (default: the session's actor; see `rating_access`)."""
    from eng_ops.services.rating_access import rating_access

    access = access or rating_access(session)
    if role:
        latest_rubric(session, role)
    query = (
        select(
            Candidate.id,
            Candidate.name,
            Person.handle,
            Rating.attribute,
            Rating.score,
            Scorecard.interview_id,
            Scorecard.revision,
        )
        .join(Scorecard, col(Scorecard.id) == col(Rating.scorecard_id))
        .join(Interview, col(Interview.id) == col(Scorecard.interview_id))
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(col(Scorecard.submitted).is_(True), col(Interview.mode).in_(modes))
    )
    if role:
        query = query.where(Candidate.role == role)
    if access.hidden:
        query = query.where(col(Candidate.id).not_in(sorted(access.hidden)))
    latest: dict[int, int] = {}
    rows = session.exec(query).all()
    for *_, interview_id, revision in rows:
        latest[interview_id] = max(latest.get(interview_id, 0), revision)
    return [
        (f"#{cid} {name}", handle, attribute, float(score))
        for cid, name, handle, attribute, score, interview_id, revision in rows
        if revision == latest[interview_id]
    ]


def only_role(session: Session) -> str:
    """The one role with submitted scorecards the viewer may see; several need --role (roles
    share no scale)."""
    from eng_ops.services.rating_access import rating_access

    hidden = sorted(rating_access(session).hidden)
    roles = sorted(
        set(
            session.exec(
                select(Candidate.role)
                .join(Interview, col(Interview.candidate_id) == col(Candidate.id))
                .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
                .where(col(Scorecard.submitted).is_(True), col(Candidate.id).not_in(hidden))
            ).all()
        )
    )
    if len(roles) == 1:
        return roles[0]
    if not roles:
        raise InvalidInput("no submitted scorecards yet")
    raise InvalidInput(f"scorecards for several roles ({', '.join(roles)}): pick one with --role")


def read_scorecards_csv(path: Path) -> list[Observation]:
    """candidate,interviewer,attribute,score (other columns ignored)."""
    rows, header = _read_csv(path)
    needed = ("candidate", "interviewer", "attribute", "score")
    missing = [c for c in needed if c not in header]
    if missing:
        raise located(str(path), 1, None, f"missing column(s): {', '.join(missing)}")
    observations = []
    for line, row in rows:
        cells = {k: (row.get(k) or "").strip() for k in needed}
        empty = [k for k in needed if not cells[k]]
        if empty:
            raise located(str(path), line, empty[0], "is empty")
        score = _number(path, line, "score", cells["score"])
        observations.append((cells["candidate"], cells["interviewer"], cells["attribute"], score))
    if not observations:
        raise located(str(path), None, None, "no rows")
    return observations


def read_ratings_csv(path: Path) -> tuple[list[str], list[str], list[list[float | None]]]:
    """unit,RATER1,RATER2,...; an empty cell is missing. Returns units, raters, units x raters."""
    rows, header = _read_csv(path)
    if len(header) < 3 or header[0].strip().lower() != "unit":
        raise located(str(path), 1, None, "expected a header 'unit,RATER1,RATER2,...'")
    raters = [h.strip() for h in header[1:]]
    units, table = [], []
    for line, row in rows:
        units.append((row.get(header[0]) or "").strip() or f"row {line}")
        values: list[float | None] = []
        for rater, key in zip(raters, header[1:], strict=True):
            cell = (row.get(key) or "").strip()
            if not cell:
                values.append(None)
                continue
            values.append(_number(path, line, rater, cell))
        table.append(values)
    if not table:
        raise located(str(path), None, None, "no rows")
    return units, raters, table


def _read_csv(path: Path) -> tuple[list[tuple[int, dict]], list[str]]:
    from eng_ops.files import csv_rows

    header, rows = csv_rows(path, strip_header=True)
    return list(rows), header


def _number(path: Path, line: int, field: str, cell: str) -> float:
    """A score from a CSV cell: finite ('nan' and 'inf' are not scores) and within
    RATING_VALUE, so sums of squares cannot overflow (1e308 is not a score either)."""
    try:
        value = float(cell)
    except ValueError:
        raise located(str(path), line, field, f"'{cell}' is not a number") from None
    if not math.isfinite(value):
        raise located(str(path), line, field, f"'{cell}' is not a finite number")
    if not RATING_VALUE.low <= value <= RATING_VALUE.high:
        low, high = int(RATING_VALUE.low), int(RATING_VALUE.high)
        raise located(str(path), line, field, f"'{cell}' is out of range ({low} to {high})")
    return value


@contextmanager
def _quiet_math() -> Iterator[None]:
    """numpy and scipy stay silent on stderr; a result that is not finite is dealt with by
    the caller (shown as null, or refused), never printed as a warning."""
    import numpy as np

    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _finite(value: float | None, digits: int) -> float | None:
    """A rounded number for output; None for NaN or infinity (JSON has neither)."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


# --- what an analytic rests on --------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """How many candidates, interviewers and ratings an analytic rests on (candidates is None
    when the data does not say, e.g. a ratings file whose units are not named by candidate)."""

    candidates: int | None
    interviewers: int
    ratings: int

    @property
    def sentence(self) -> str:
        """One plain sentence: 'Based on 12 ratings of 3 candidates by 4 interviewers.'"""
        of = f" of {plural(self.candidates, 'candidate')}" if self.candidates is not None else ""
        return (
            f"Based on {plural(self.ratings, 'rating')}{of} "
            f"by {plural(self.interviewers, 'interviewer')}."
        )


def basis_of(observations: list[Observation]) -> Basis:
    """The basis of a set of (candidate, interviewer, attribute, score) observations."""
    return Basis(
        candidates=len({o[0] for o in observations}),
        interviewers=len({o[1] for o in observations}),
        ratings=len(observations),
    )


# --- calibration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewerReading:
    """One interviewer's effect (points above + or below - the others on the same
    candidates) with its 95% interval, and what it reads as.

    `candidates` counts the candidates they rated whom someone else also rated (the only
    ones that say anything about them); `note` says why the reading is too few to judge.
    """

    interviewer: str
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    candidates: int
    reading: str
    group: int
    note: str | None

    @property
    def judged(self) -> bool:
        return self.reading != TOO_FEW


@dataclass(frozen=True)
class AdjustedCandidate:
    """A candidate's raw mean and the score an average panel would have given them."""

    candidate: str
    raw_mean: float | None
    adjusted: float | None
    n: int
    group: int


@dataclass(frozen=True)
class CalibrationGroup:
    """Interviewers and candidates linked by shared candidates (effects compare within)."""

    interviewers: tuple[str, ...]
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Calibration:
    """Interviewer effects and adjusted candidate scores, with what they rest on."""

    basis: Basis
    connected: bool
    groups: tuple[CalibrationGroup, ...]
    mu: float | None
    residual_sd: float | None
    df: int
    interviewers: tuple[InterviewerReading, ...]
    candidates: tuple[AdjustedCandidate, ...]
    attribute_effects: dict[str, float | None]
    min_candidates: int
    note: str | None
    warnings: tuple[str, ...]


def calibrate(observations: list[Observation]) -> Calibration:
    """Interviewer leniency (+) / severity (-) and adjusted candidate scores.

    Disconnected designs are fitted per group and reported: effects then compare only
    within a group. Readings below MIN_INTERVIEWER_CANDIDATES say TOO_FEW.
    """
    from eng_ops.stats.calibration import DisconnectedDesign, TooFewRatings, fit

    if not observations:
        raise InvalidInput("no submitted lead scorecards to calibrate")
    notes = []
    try:
        with _quiet_math():
            try:
                result = fit(observations)
            except DisconnectedDesign as exc:
                result = fit(observations, allow_disconnected=True)
                groups = "; ".join(
                    f"group {n}: {', '.join(ivs)}" for n, ivs in enumerate(exc.interviewer_groups)
                )
                notes.append(
                    f"{len(exc.components)} groups of interviewers and candidates never meet "
                    f"({groups}); effects are only comparable within a group"
                )
    except TooFewRatings as exc:  # a small role is a fact, not an error
        return _too_few_to_fit(observations, str(exc))
    except ValueError as exc:
        raise InvalidInput(f"cannot calibrate: {exc}") from None

    def num(value: float | None) -> float | None:
        return _finite(value, 4)

    basis = basis_of(observations)
    shared = shared_candidates(observations)
    readings = []
    for e in sorted(result.interviewers, key=lambda e: -e.effect):
        reading, why = _reading(e.ci_low, e.ci_high, shared.get(e.interviewer, 0))
        readings.append(
            InterviewerReading(
                interviewer=e.interviewer,
                effect=num(e.effect),
                ci_low=num(e.ci_low),
                ci_high=num(e.ci_high),
                n=e.n,
                candidates=shared.get(e.interviewer, 0),
                reading=reading,
                group=e.component,
                note=why,
            )
        )
    few = basis.candidates is not None and basis.candidates < MIN_CANDIDATES
    return Calibration(
        basis=basis,
        connected=result.connected,
        groups=tuple(
            CalibrationGroup(tuple(ivs), tuple(cands))
            for ivs, cands in zip(
                result.component_interviewers, result.component_candidates, strict=True
            )
        ),
        mu=num(result.mu),
        residual_sd=num(result.residual_sd),
        df=result.df,
        interviewers=tuple(readings),
        candidates=tuple(
            AdjustedCandidate(c.candidate, num(c.raw_mean), num(c.adjusted), c.n, c.component)
            for c in sorted(result.candidates, key=lambda c: -c.adjusted)
        ),
        attribute_effects={k: num(v) for k, v in result.attribute_effects.items()},
        min_candidates=MIN_INTERVIEWER_CANDIDATES,
        note=(
            f"{TOO_FEW}: {plural(basis.candidates or 0, 'candidate')} "
            f"(a reading needs {MIN_INTERVIEWER_CANDIDATES} shared candidates)"
            if few
            else None
        ),
        warnings=tuple(notes),
    )


def _too_few_to_fit(observations: list[Observation], why: str) -> Calibration:
    """A calibration with nothing estimated: the basis and a plain note."""
    basis = basis_of(observations)
    return Calibration(
        basis=basis,
        connected=False,
        groups=(),
        mu=None,
        residual_sd=None,
        df=0,
        interviewers=(),
        candidates=(),
        attribute_effects={},
        min_candidates=MIN_INTERVIEWER_CANDIDATES,
        note=f"{TOO_FEW}: {why.replace('too few ratings to fit the model: ', '')}",
        warnings=(),
    )


def shared_candidates(observations: list[Observation]) -> dict[str, int]:
    """Per interviewer: how many of their candidates someone else also rated."""
    raters: dict[str, set[str]] = defaultdict(set)
    for candidate, interviewer, _attribute, _score in observations:
        raters[candidate].add(interviewer)
    shared: dict[str, int] = defaultdict(int)
    for interviewers in raters.values():
        if len(interviewers) >= 2:
            for interviewer in interviewers:
                shared[interviewer] += 1
    return dict(shared)


def _reading(low: float | None, high: float | None, shared: int) -> tuple[str, str | None]:
    """lenient / severe / in line, or TOO_FEW with the reason."""
    if low is None or high is None:
        return TOO_FEW, "alone in their group: no one rated the same candidates"
    if shared < MIN_INTERVIEWER_CANDIDATES:
        return TOO_FEW, (
            f"{plural(shared, 'candidate')} also rated by others; a reading needs "
            f"at least {MIN_INTERVIEWER_CANDIDATES}"
        )
    if low > 0:
        return "lenient", None
    if high < 0:
        return "severe", None
    return "in line", None


# --- reliability -----------------------------------------------------------------------------


def _stored_units(observations: list[Observation], attribute: str | None) -> dict:
    """(candidate, attribute) units -> {interviewer: score}."""
    units: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for candidate, interviewer, attr, score in observations:
        if attribute is None or attr == attribute:
            units[(candidate, attr)][interviewer] = score
    return units


@dataclass(frozen=True)
class AttributeAlpha:
    """Alpha for one attribute: flagged only when judged (enough units and candidates)."""

    attribute: str
    value: float | None
    pairable_units: int
    candidates: int
    flagged: bool
    note: str | None


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha with what it rests on.

    `reliable` is None (and `flagged` false, with a `note`) below MIN_PAIRABLE_UNITS pairable
    units or MIN_CANDIDATES candidates: too few ratings to judge.
    """

    metric: str
    level: str
    value: float | None  # None: no pairable unit yet (see note)
    reliable: bool | None
    flagged: bool
    note: str | None
    basis: Basis
    units: int
    pairable_units: int
    raters: int
    threshold: float
    role: str | None = None
    attribute: str | None = None
    file: str | None = None
    attributes: tuple[AttributeAlpha, ...] = ()


def judge_alpha(
    value: float, pairable: int, candidates: int | None
) -> tuple[bool | None, bool, str | None]:
    """(reliable, flagged, note): a judgement only at or above the documented minimums."""
    if pairable < MIN_PAIRABLE_UNITS:
        return (
            None,
            False,
            (
                f"{TOO_FEW} ({plural(pairable, 'pairable unit')}; "
                f"alpha needs at least {MIN_PAIRABLE_UNITS})"
            ),
        )
    if candidates is not None and candidates < MIN_CANDIDATES:
        return (
            None,
            False,
            (
                f"{TOO_FEW} ({plural(candidates, 'candidate')}; "
                f"alpha needs at least {MIN_CANDIDATES})"
            ),
        )
    reliable = value >= ALPHA_THRESHOLD
    return reliable, not reliable, None


def alpha_from_units(units: dict, level: str, *, by_candidate: bool = True) -> Alpha:
    """Alpha over units {key: {rater: score}}; with `by_candidate` a key is (candidate, ...)
    and the candidate minimum applies (a file's units name no candidate)."""
    from eng_ops.stats.reliability import krippendorff_alpha

    raters = sorted({r for scores in units.values() for r in scores})
    keys = sorted(units)
    data = [[units[k].get(r) for k in keys] for r in raters]
    basis = Basis(
        candidates=len({k[0] for k in keys}) if by_candidate else None,
        interviewers=len(raters),
        ratings=sum(len(v) for v in units.values()),
    )
    if by_candidate and not any(len(units[k]) >= 2 for k in keys):
        # nobody's rating of a candidate's attribute can be set beside another's yet
        _, _, note = judge_alpha(0.0, 0, None)
        return Alpha("alpha", level, None, None, False, note, basis, len(keys), 0, len(raters),
                     ALPHA_THRESHOLD)  # fmt: skip
    try:
        with _quiet_math():
            value = krippendorff_alpha(data, level)
    except ValueError as exc:
        raise InvalidInput(f"alpha: {exc}") from None
    if not math.isfinite(value):
        raise InvalidInput("alpha: is undefined for these ratings (not a finite number)")
    pairable = [k for k in keys if len(units[k]) >= 2]
    candidates = len({k[0] for k in pairable}) if by_candidate else None
    reliable, flagged, note = judge_alpha(value, len(pairable), candidates)
    return Alpha(
        metric="alpha",
        level=level,
        value=round(value, 6),
        reliable=reliable,
        flagged=flagged,
        note=note,
        basis=basis,
        units=len(keys),
        pairable_units=len(pairable),
        raters=len(raters),
        threshold=ALPHA_THRESHOLD,
    )


def stored_reliability(
    session: Session, *, role: str, attribute: str | None, metric: str, level: str
) -> Alpha | dict[str, Any]:
    """Alpha (per attribute too, when no attribute is given) or the ICCs on stored ratings."""
    observations = stored_observations(session, role=role)
    if attribute is not None:
        rubric = latest_rubric(session, role)
        from eng_ops.services.rubrics import attributes_of

        keys = [a.key for a in attributes_of(session, rubric.id)]  # type: ignore[arg-type]
        if attribute not in keys:
            raise InvalidInput(f"--attribute: unknown attribute '{attribute}' for {role}")
    if not observations:
        raise InvalidInput(f"no submitted lead scorecards for {role}")
    if metric == "icc":
        units = _stored_units(observations, attribute)
        return icc_from_slots(units) | {"role": role, "attribute": attribute}
    return alpha_of(observations, level=level, role=role, attribute=attribute)


def alpha_of(
    observations: list[Observation], *, level: str, role: str, attribute: str | None = None
) -> Alpha:
    """Alpha on stored observations: over all attributes (and per attribute) or one."""
    units = _stored_units(observations, attribute)
    result = replace(alpha_from_units(units, level), role=role, attribute=attribute)
    if attribute is None:
        per_attribute = []
        for attr in sorted({a for _, a in units}):
            subset = {k: v for k, v in units.items() if k[1] == attr}
            double = len({k[0] for k, v in subset.items() if len(v) >= 2})
            try:
                row = alpha_from_units(subset, level)
            except EngOpsError as exc:
                _, _, note = judge_alpha(0.0, double, double)
                per_attribute.append(
                    AttributeAlpha(attr, None, double, double, False, note or str(exc))
                )
                continue
            per_attribute.append(
                AttributeAlpha(attr, row.value, row.pairable_units, double, row.flagged, row.note)
            )
        result = replace(result, attributes=tuple(per_attribute))
    return result


@dataclass(frozen=True)
class RoleCalibration:
    """One role's calibration and ordinal alpha, each None with an error when not possible."""

    role: str
    basis: Basis
    calibration: Calibration | None
    calibration_error: str | None
    alpha: Alpha | None
    alpha_error: str | None


def role_calibration(
    session: Session, role: str, access: RatingAccess | None = None
) -> RoleCalibration | None:
    """Calibration and alpha for a role on the ratings the viewer may see (None: no ratings)."""
    observations = stored_observations(session, role=role, access=access)
    if not observations:
        return None
    calibration, calibration_error = None, None
    try:
        calibration = calibrate(observations)
    except EngOpsError as exc:
        calibration_error = str(exc)
    alpha, alpha_error = None, None
    try:
        alpha = alpha_of(observations, level="ordinal", role=role)
    except EngOpsError as exc:
        alpha_error = str(exc)
    return RoleCalibration(
        role, basis_of(observations), calibration, calibration_error, alpha, alpha_error
    )


def icc_from_slots(units: dict) -> dict[str, Any]:
    """ICCs on stored panels: each unit's ratings fill slots 1..k; only complete units count.

    Panels differ from one candidate to the next, so raters are not crossed with units:
    ICC1 / ICC1k (one-way random) are the forms that apply.
    """
    sizes = [len(v) for v in units.values() if len(v) >= 2]
    if not sizes:
        raise InvalidInput("icc: no unit was rated by two or more interviewers")
    k = min(sizes)
    # the first k ratings by interviewer handle: an order that says nothing about the scores
    matrix = [[v[h] for h in sorted(v)][:k] for v in units.values() if len(v) >= 2]
    result = icc_from_matrix(matrix)
    result["basis"] = Basis(
        candidates=len({key[0] for key in units}),
        interviewers=len({r for scores in units.values() for r in scores}),
        ratings=sum(len(v) for v in units.values()),
    )
    result["note"] = (
        f"raters differ per candidate: {len(matrix)} units, first {k} ratings each; "
        "read ICC1/ICC1k (one-way random)"
    )
    return result


def icc_from_matrix(matrix: list[list[float]], dropped: int = 0) -> dict[str, Any]:
    from eng_ops.stats.reliability import icc_table

    try:
        with _quiet_math():
            table = icc_table(matrix)
    except ValueError as exc:
        raise InvalidInput(f"icc: {exc}") from None
    raters = len(matrix[0]) if matrix else 0
    return {
        "metric": "icc",
        "values": {row["type"]: _finite(row["value"], 6) for row in table},
        # F is infinite when raters agree perfectly: shown as null (JSON has no infinity)
        "table": [
            {k: (_finite(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
            for row in table
        ],
        "units": len(matrix),
        "raters": raters,
        "dropped_incomplete_units": dropped,
        "basis": Basis(candidates=None, interviewers=raters, ratings=len(matrix) * raters),
    }


def file_reliability(path: Path, *, metric: str, level: str) -> Alpha | dict[str, Any]:
    """Alpha or the ICCs on a ratings file (unit,RATER1,RATER2,...)."""
    units, raters, table = read_ratings_csv(path)
    if metric == "icc":
        complete = [row for row in table if all(v is not None for v in row)]
        result = icc_from_matrix(complete, dropped=len(table) - len(complete))  # type: ignore[arg-type]
        return result | {"file": str(path)}
    keyed = {
        (index, unit): {r: v for r, v in zip(raters, row, strict=True) if v is not None}
        for index, (unit, row) in enumerate(zip(units, table, strict=True))
    }
    alpha = alpha_from_units(keyed, level, by_candidate=False)
    return replace(alpha, raters=len(raters), file=str(path))
