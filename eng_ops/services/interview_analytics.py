"""Interview analytics over stored scorecards or CSV files: calibration and reliability."""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from eng_ops.errors import EngOpsError, InvalidInput, located
from eng_ops.services.limits import RATING_VALUE
from eng_ops.services.rubrics import latest_rubric
from eng_ops.store.models import Candidate, Interview, Person, Rating, Scorecard

ALPHA_THRESHOLD = 0.667  # Krippendorff: below this, data are not reliable enough to draw on
LEVELS = ("nominal", "ordinal", "interval", "ratio")

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
    """The one role with submitted scorecards; several need --role (roles share no scale)."""
    roles = sorted(
        set(
            session.exec(
                select(Candidate.role)
                .join(Interview, col(Interview.candidate_id) == col(Candidate.id))
                .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
                .where(col(Scorecard.submitted).is_(True))
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


# --- calibration -----------------------------------------------------------------------------


def calibrate(observations: list[Observation]) -> dict[str, Any]:
    """Interviewer leniency (+) / severity (-) and adjusted candidate scores.

    Disconnected designs are fitted per group and reported: effects then compare only
    within a group.
    """
    from eng_ops.stats.calibration import DisconnectedDesign, fit

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
    except ValueError as exc:
        raise InvalidInput(f"cannot calibrate: {exc}") from None

    def num(value: float | None) -> float | None:
        return _finite(value, 4)

    return {
        "connected": result.connected,
        "groups": [
            {"interviewers": ivs, "candidates": cands}
            for ivs, cands in zip(
                result.component_interviewers, result.component_candidates, strict=True
            )
        ],
        "mu": num(result.mu),
        "residual_sd": num(result.residual_sd),
        "df": result.df,
        "interviewers": [
            {
                "interviewer": e.interviewer,
                "effect": num(e.effect),
                "ci_low": num(e.ci_low),
                "ci_high": num(e.ci_high),
                "n": e.n,
                "group": e.component,
                "reading": _reading(e.effect, e.ci_low, e.ci_high),
            }
            for e in sorted(result.interviewers, key=lambda e: -e.effect)
        ],
        "candidates": [
            {
                "candidate": c.candidate,
                "raw_mean": num(c.raw_mean),
                "adjusted": num(c.adjusted),
                "n": c.n,
                "group": c.component,
            }
            for c in sorted(result.candidates, key=lambda c: -c.adjusted)
        ],
        "attribute_effects": {k: num(v) for k, v in result.attribute_effects.items()},
        "warnings": notes,
    }


def _reading(effect: float, low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "alone in its group"
    if low > 0:
        return "lenient"
    if high < 0:
        return "severe"
    return "in line"


# --- reliability -----------------------------------------------------------------------------


def _stored_units(observations: list[Observation], attribute: str | None) -> dict:
    """(candidate, attribute) units -> {interviewer: score}."""
    units: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for candidate, interviewer, attr, score in observations:
        if attribute is None or attr == attribute:
            units[(candidate, attr)][interviewer] = score
    return units


def alpha_from_units(units: dict, level: str) -> dict[str, Any]:
    from eng_ops.stats.reliability import krippendorff_alpha

    raters = sorted({r for scores in units.values() for r in scores})
    keys = sorted(units)
    data = [[units[k].get(r) for k in keys] for r in raters]
    try:
        with _quiet_math():
            value = krippendorff_alpha(data, level)
    except ValueError as exc:
        raise InvalidInput(f"alpha: {exc}") from None
    if not math.isfinite(value):
        raise InvalidInput("alpha: is undefined for these ratings (not a finite number)")
    pairable = sum(1 for k in keys if len(units[k]) >= 2)
    return {
        "metric": "alpha",
        "level": level,
        "value": round(value, 6),
        "units": len(keys),
        "pairable_units": pairable,
        "raters": len(raters),
        "reliable": value >= ALPHA_THRESHOLD,
        "threshold": ALPHA_THRESHOLD,
    }


def stored_reliability(
    session: Session, *, role: str, attribute: str | None, metric: str, level: str
) -> dict[str, Any]:
    observations = stored_observations(session, role=role)
    if attribute is not None:
        rubric = latest_rubric(session, role)
        from eng_ops.services.rubrics import attributes_of

        keys = [a.key for a in attributes_of(session, rubric.id)]  # type: ignore[arg-type]
        if attribute not in keys:
            raise InvalidInput(f"--attribute: unknown attribute '{attribute}' for {role}")
    if not observations:
        raise InvalidInput(f"no submitted lead scorecards for {role}")
    units = _stored_units(observations, attribute)
    if metric == "icc":
        return icc_from_slots(units) | {"role": role, "attribute": attribute}
    result = alpha_from_units(units, level) | {"role": role, "attribute": attribute}
    if attribute is None:
        per_attribute = []
        for attr in sorted({a for _, a in units}):
            subset = {k: v for k, v in units.items() if k[1] == attr}
            try:
                row = alpha_from_units(subset, level)
            except EngOpsError as exc:
                per_attribute.append(
                    {
                        "attribute": attr,
                        "value": None,
                        "pairable_units": 0,
                        "flagged": False,
                        "note": str(exc),
                    }
                )
                continue
            per_attribute.append(
                {
                    "attribute": attr,
                    "value": row["value"],
                    "pairable_units": row["pairable_units"],
                    "flagged": not row["reliable"],
                    "note": None,
                }
            )
        result["attributes"] = per_attribute
    return result


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
    return {
        "metric": "icc",
        "values": {row["type"]: _finite(row["value"], 6) for row in table},
        # F is infinite when raters agree perfectly: shown as null (JSON has no infinity)
        "table": [
            {k: (_finite(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
            for row in table
        ],
        "units": len(matrix),
        "raters": len(matrix[0]) if matrix else 0,
        "dropped_incomplete_units": dropped,
    }


def file_reliability(path: Path, *, metric: str, level: str) -> dict[str, Any]:
    units, raters, table = read_ratings_csv(path)
    if metric == "icc":
        complete = [row for row in table if all(v is not None for v in row)]
        result = icc_from_matrix(complete, dropped=len(table) - len(complete))  # type: ignore[arg-type]
    else:
        keyed = {
            (index, unit): {r: v for r, v in zip(raters, row, strict=True) if v is not None}
            for index, (unit, row) in enumerate(zip(units, table, strict=True))
        }
        result = alpha_from_units(keyed, level)
        result["raters"] = len(raters)
    return result | {"file": str(path)}
