"""Scorecards in and out: YAML scorecard files, CSV bulk import, export rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from eng_ops.dates import iso_date
from eng_ops.errors import EngOpsError, InvalidInput, located
from eng_ops.services import audit
from eng_ops.services.interviews import normalise_recommendation, panel
from eng_ops.services.limits import RUBRIC_SCALE
from eng_ops.services.org_spec import file_field, optional_text
from eng_ops.services.people import get_person
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.store.models import (
    INTERVIEW_MODES,
    Candidate,
    Interview,
    Person,
    Rating,
    Scorecard,
)
from eng_ops.yamlio import LineMap, load_yaml

IMPORT_COLUMNS = (
    "candidate",
    "role",
    "interviewer",
    "attribute",
    "score",
    "recommendation",
    "date",
    "mode",
)
EXPORT_COLUMNS = (
    "candidate_id",
    "candidate",
    "role",
    "interviewer",
    "mode",
    "date",
    "revision",
    "rubric_version",
    "attribute",
    "score",
    "recommendation",
)


NOTES_TEXT = 20_000  # a scorecard's notes: several pages of evidence


@dataclass
class ScorecardFile:
    ratings: dict[str, int]
    recommendation: str | None
    notes: str | None


def read_scorecard_file(path: Path) -> ScorecardFile:
    """ratings: {attr: n}, recommend: yes, notes: ... (safe YAML, file:line errors)."""
    name = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap):
        raise located(name, None, None, "expected a mapping with ratings and recommend")
    for key in data:
        if key not in ("ratings", "recommend", "notes"):
            raise located(name, data.line_of(key), str(key), "unknown field")
    ratings = data.get("ratings")
    if not isinstance(ratings, LineMap) or not ratings:
        raise located(name, data.line_of("ratings"), "ratings", "expected ATTRIBUTE: N pairs")
    parsed: dict[str, int] = {}
    for key, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise located(name, ratings.line_of(key), f"ratings.{key}", "expected a whole number")
        if not RUBRIC_SCALE.low <= value <= RUBRIC_SCALE.high:  # the rubric's own scale: later
            raise located(
                name,
                ratings.line_of(key),
                f"ratings.{key}",
                f"{value} is out of range ({RUBRIC_SCALE.text})",
            )
        parsed[str(key)] = value
    rec = data.get("recommend")
    try:
        recommendation = None if rec is None else normalise_recommendation(rec)
    except InvalidInput as exc:
        message = str(exc).split(": ", 1)[-1]
        raise located(name, data.line_of("recommend"), "recommend", message) from None
    return ScorecardFile(
        ratings=parsed,
        recommendation=recommendation,
        notes=file_field(name, data, "", "notes", optional_text, "notes", NOTES_TEXT),
    )


def export_rows(session: Session, candidate_id: int, viewer: str) -> list[dict]:
    """One row per visible submitted rating (same visibility as `interview panel`)."""
    view = panel(session, candidate_id, viewer)
    cand = view["candidate"]
    rows = []
    for card in view["scorecards"] + view["shadow_scorecards"]:
        if not card["submitted"]:
            continue
        for attribute, value in card["ratings"].items():
            rows.append(
                {
                    "candidate_id": cand["id"],
                    "candidate": cand["name"],
                    "role": cand["role"],
                    "interviewer": card["interviewer"],
                    "mode": card["mode"],
                    "date": card["on"],
                    "revision": card["revision"],
                    "rubric_version": card["rubric_version"],
                    "attribute": attribute,
                    "score": value,
                    "recommendation": card["recommendation"],
                }
            )
    return rows


def import_csv(session: Session, path: Path) -> dict[str, int]:
    """Load past scorecards (all or nothing): one interview + submitted scorecard per
    (candidate, role, interviewer, date, mode) group of rows."""
    from eng_ops.files import csv_rows

    name = str(path)
    header, reader = csv_rows(path)
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise located(name, 1, None, f"missing column(s): {', '.join(missing)}")
    groups: dict[tuple, dict] = {}
    rubrics: dict[str, tuple] = {}
    rows = list(reader)
    handles = set(session.exec(select(Person.handle)).all())
    for line, row in rows:
        try:
            key, rating, rec = _parse_row(session, row, rubrics, handles)
        except EngOpsError as exc:
            raise located(name, line, None, str(exc)) from None
        group = groups.setdefault(key, {"ratings": {}, "rec": rec, "line": line})
        if group["rec"] != rec:
            raise located(
                name,
                line,
                "recommendation",
                f"differs from line {group['line']} of the same scorecard",
            )
        if rating[0] in group["ratings"]:
            raise located(name, line, "attribute", f"'{rating[0]}' rated twice in one scorecard")
        group["ratings"][rating[0]] = rating[1]

    candidates: dict[tuple[str, str], Candidate] = {
        (c.name, c.role): c for c in session.exec(select(Candidate)).all()
    }
    people = {p.handle: p for p in session.exec(select(Person)).all()}
    existing = {
        (candidate_id, interviewer_id): interview_id
        for interview_id, candidate_id, interviewer_id in session.exec(
            select(Interview.id, Interview.candidate_id, Interview.interviewer_id)
        ).all()
    }
    counts = {"candidates": 0, "interviews": 0, "scorecards": 0, "ratings": 0}
    now = datetime.now(UTC)
    for (cand_name, role, interviewer, day, mode), group in groups.items():
        candidate = candidates.get((cand_name, role))
        if candidate is None:
            candidate = Candidate(name=cand_name, role=role, created_at=now)
            session.add(candidate)
            session.flush()
            candidates[(cand_name, role)] = candidate
            counts["candidates"] += 1
        person = people[interviewer]
        if candidate.person_id is not None and candidate.person_id == person.id:
            raise located(
                name,
                group["line"],
                "interviewer",
                f"{interviewer} is the candidate; they cannot interview themselves",
            )
        exists = existing.get((candidate.id, person.id))  # type: ignore[arg-type]
        if exists is not None:
            raise located(
                name,
                group["line"],
                None,
                f"{interviewer} already has an interview with {cand_name} (#{exists})",
            )
        interview = Interview(
            candidate_id=candidate.id,  # type: ignore[arg-type]
            interviewer_id=person.id,  # type: ignore[arg-type]
            focus=list(group["ratings"]),
            on=day,
            mode=mode,
            created_at=now,
        )
        session.add(interview)
        session.flush()
        rubric_id = rubrics[role][0]
        card = Scorecard(
            interview_id=interview.id,  # type: ignore[arg-type]
            revision=1,
            rubric_id=rubric_id,
            recommendation=group["rec"],
            submitted=True,
            author=interviewer,
            created_at=now,
            submitted_at=now,
        )
        session.add(card)
        session.flush()
        for attribute, value in group["ratings"].items():
            session.add(Rating(scorecard_id=card.id, attribute=attribute, score=value))  # type: ignore[arg-type]
        counts["interviews"] += 1
        counts["scorecards"] += 1
        counts["ratings"] += len(group["ratings"])
    audit.record(session, "import", "scorecards", name, None, counts)
    return counts


def _parse_row(session: Session, row: dict, rubrics: dict[str, tuple], handles: set[str]) -> tuple:
    cells = {k: (row.get(k) or "").strip() for k in IMPORT_COLUMNS}
    for key in ("candidate", "role", "interviewer", "attribute", "score", "date"):
        if not cells[key]:
            raise InvalidInput(f"{key}: is empty")
    role = cells["role"]
    if role not in rubrics:
        rubric = latest_rubric(session, role)
        attrs = {a.key for a in attributes_of(session, rubric.id)}  # type: ignore[arg-type]
        rubrics[role] = (rubric.id, rubric.scale_min, rubric.scale_max, attrs)
    _rubric_id, low, high, attrs = rubrics[role]
    if cells["attribute"] not in attrs:
        raise InvalidInput(f"attribute: unknown attribute '{cells['attribute']}' for {role}")
    try:
        value = int(cells["score"])
    except ValueError:
        raise InvalidInput(f"score: '{cells['score']}' is not a whole number") from None
    if not low <= value <= high:
        raise InvalidInput(f"score: {value} is off the scale ({low}-{high})")
    day = iso_date(cells["date"], "date")
    mode = cells["mode"] or "lead"
    if mode not in INTERVIEW_MODES:
        raise InvalidInput(f"mode: '{mode}' is not one of {', '.join(INTERVIEW_MODES)}")
    if not cells["recommendation"]:
        raise InvalidInput("recommendation: is empty")
    try:
        rec = normalise_recommendation(cells["recommendation"])
    except InvalidInput as exc:  # its message names the --recommend flag; here it is a column
        raise InvalidInput(f"recommendation: {str(exc).split(': ', 1)[-1]}") from None
    if cells["interviewer"] not in handles:
        get_person(session, cells["interviewer"])  # raises, with a did-you-mean
    key = (cells["candidate"], role, cells["interviewer"], day, mode)
    return key, (cells["attribute"], value), rec
