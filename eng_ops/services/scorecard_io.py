"""Scorecards in and out: YAML scorecard files, CSV bulk import, export rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from eng_ops import dates as clock
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


OUTCOME_COLUMNS = ("decision", "decided_on", "rationale")
DECISIONS = ("hire", "no-hire")


@dataclass(frozen=True)
class ScorecardImport:
    """What an import added; `skipped` scorecards (and decisions) were already recorded."""

    candidates: int
    interviews: int
    scorecards: int
    ratings: int
    decisions: int
    skipped: int


@dataclass
class _Outcome:
    """A candidate's decision as the file states it: each field with the line that gave it."""

    first_line: int
    given: dict[str, tuple[object, int]]


def import_csv(session: Session, path: Path) -> ScorecardImport:
    """Load past scorecards (all or nothing): one interview + submitted scorecard per
    (candidate, role, interviewer, date, mode) group of rows. Optional decision, decided_on
    and rationale columns record a candidate's decision as `interview decide` would.

    Importing the same file again adds nothing: a scorecard already recorded with the same
    date, mode, ratings and recommendation is skipped, as is the same decision; a different
    one is refused with its file:line."""
    from eng_ops.files import csv_rows

    name = str(path)
    header, reader = csv_rows(path)
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise located(name, 1, None, f"missing column(s): {', '.join(missing)}")
    with_outcomes = any(c in header for c in OUTCOME_COLUMNS)
    groups: dict[tuple, dict] = {}
    outcomes: dict[tuple[str, str], _Outcome] = {}
    rubrics: dict[str, tuple] = {}
    rows = list(reader)
    handles = set(session.exec(select(Person.handle)).all())
    for line, row in rows:
        try:
            key, rating, rec = _parse_row(session, row, rubrics, handles)
            stated = _parse_outcome(row) if with_outcomes else {}
        except EngOpsError as exc:
            raise located(name, line, None, str(exc)) from None
        group = groups.setdefault(key, {"ratings": {}, "rec": rec, "line": line, "lines": {}})
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
        group["lines"][rating[0]] = line
        if stated:
            outcome = outcomes.setdefault(key[:2], _Outcome(line, {}))
            for column, value in stated.items():
                earlier = outcome.given.setdefault(column, (value, line))
                if earlier[0] != value:
                    raise located(
                        name,
                        line,
                        column,
                        f"differs from line {earlier[1]} for the same candidate ({key[0]})",
                    )
    for (cand_name, _role), outcome in outcomes.items():
        _check_outcome(name, cand_name, outcome)

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
    recorded = _recorded_scorecards(session, groups, candidates, people, existing)
    counts = Counter[str]()
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
            before = recorded.get(exists)
            if before != (day, mode, group["ratings"], group["rec"]):
                raise located(
                    name,
                    _first_changed_line(group, before),
                    None,
                    f"{interviewer} already has a different interview with {cand_name} "
                    f"(#{exists}): it is not changed by an import",
                )
            counts["skipped"] += 1
            continue
        if candidate.decided_on is not None and day > candidate.decided_on:
            raise located(
                name,
                group["line"],
                "date",
                f"{cand_name} was decided on {candidate.decided_on.isoformat()}; an interview "
                f"on {day.isoformat()} would come after the decision",
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
        existing[(candidate.id, person.id)] = interview.id  # type: ignore[index]
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
    session.flush()
    counts["decisions"] = _decide(session, name, outcomes, candidates)
    result = ScorecardImport(
        candidates=counts["candidates"],
        interviews=counts["interviews"],
        scorecards=counts["scorecards"],
        ratings=counts["ratings"],
        decisions=counts["decisions"],
        skipped=counts["skipped"],
    )
    if result.interviews or result.decisions or result.candidates:
        audit.record(session, "import", "scorecards", name, None, asdict(result))
    return result


def _parse_outcome(row: dict) -> dict[str, object]:
    """The decision cells a row fills: {column: value}; empty cells say nothing."""
    cells = {k: (row.get(k) or "").strip() for k in OUTCOME_COLUMNS}
    stated: dict[str, object] = {}
    if cells["decision"]:
        decision = cells["decision"].lower()
        if decision not in DECISIONS:
            raise InvalidInput(
                f"decision: '{cells['decision']}' is not one of {', '.join(DECISIONS)}"
            )
        stated["decision"] = decision
    if cells["decided_on"]:
        day = iso_date(cells["decided_on"], "decided_on")
        today = clock.today()
        if day > today:
            raise InvalidInput(
                f"decided_on: {day.isoformat()} is after today ({today.isoformat()})"
            )
        stated["decided_on"] = day
    if cells["rationale"]:
        stated["rationale"] = cells["rationale"]
    return stated


def _check_outcome(name: str, cand_name: str, outcome: _Outcome) -> None:
    """A decision needs its date and its rationale; a date or rationale needs a decision."""
    given = outcome.given
    if "decision" not in given:
        column, (_value, line) = next(iter(given.items()))
        raise located(
            name, line, column, f"given for {cand_name} without a decision (hire or no-hire)"
        )
    line = given["decision"][1]
    if "decided_on" not in given:
        raise located(name, line, "decided_on", f"{cand_name}'s decision needs its date")
    if "rationale" not in given:
        raise located(
            name, line, "rationale", f"say why {cand_name} was decided so (it is kept on record)"
        )


def _first_changed_line(group: dict, before: tuple | None) -> int:
    """The file line of the first rating that differs from what is recorded (else the
    scorecard's first line: its date, mode, recommendation or set of ratings differ)."""
    if before is not None:
        recorded = before[2]
        changed = [
            line
            for attribute, line in group["lines"].items()
            if attribute in recorded and recorded[attribute] != group["ratings"][attribute]
        ]
        if changed:
            return min(changed)
    return group["line"]


def _recorded_scorecards(
    session: Session,
    groups: dict[tuple, dict],
    candidates: dict[tuple[str, str], Candidate],
    people: dict[str, Person],
    existing: dict[tuple[int, int], int],
) -> dict[int, tuple]:
    """interview id -> (date, mode, ratings, recommendation) of its latest submitted
    scorecard, for the interviews the file names again (two queries)."""
    ids = []
    for cand_name, role, interviewer, _day, _mode in groups:
        candidate = candidates.get((cand_name, role))
        if candidate is not None:
            found = existing.get((candidate.id, people[interviewer].id))  # type: ignore[arg-type]
            if found is not None:
                ids.append(found)
    if not ids:
        return {}
    latest: dict[int, tuple[Interview, Scorecard]] = {}
    for interview, card in session.exec(
        select(Interview, Scorecard)
        .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
        .where(col(Interview.id).in_(ids), col(Scorecard.submitted).is_(True))
        .order_by(col(Scorecard.revision))
    ).all():
        latest[interview.id] = (interview, card)  # type: ignore[index]
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    cards = [card.id for _, card in latest.values()]
    for card_id, attribute, value in session.exec(
        select(Rating.scorecard_id, Rating.attribute, Rating.score).where(
            col(Rating.scorecard_id).in_(cards)
        )
    ).all():
        ratings[card_id][attribute] = value
    return {
        iid: (i.on, i.mode, ratings.get(card.id, {}), card.recommendation)  # type: ignore[arg-type]
        for iid, (i, card) in latest.items()
    }


def _decide(
    session: Session,
    name: str,
    outcomes: dict[tuple[str, str], _Outcome],
    candidates: dict[tuple[str, str], Candidate],
) -> int:
    """Record each stated decision exactly as `interview decide` does; returns how many."""
    from eng_ops.services.interviews import _candidate_record

    if not outcomes:
        return 0
    ids = [candidates[key].id for key in outcomes]
    loops: dict[int, list[tuple[int, date, str, str]]] = defaultdict(list)
    for iid, cid, on, mode, handle in session.exec(
        select(Interview.id, Interview.candidate_id, Interview.on, Interview.mode, Person.handle)
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(col(Interview.candidate_id).in_(ids))
    ).all():
        loops[cid].append((iid, on, mode, handle))  # type: ignore[arg-type]
    every = [i[0] for loop in loops.values() for i in loop]
    submitted = set(
        session.exec(
            select(Scorecard.interview_id).where(
                col(Scorecard.interview_id).in_(every), col(Scorecard.submitted).is_(True)
            )
        ).all()
    )
    today = clock.today()
    actor = audit.actor_of(session)
    decided = 0
    for key, outcome in outcomes.items():
        candidate = candidates[key]
        decision, line = outcome.given["decision"]
        on, on_line = outcome.given["decided_on"]
        rationale = outcome.given["rationale"][0]
        if candidate.status != "open":
            if (candidate.decision, candidate.decided_on, candidate.rationale) == (
                decision,
                on,
                rationale,
            ):
                continue  # imported before: nothing new
            raise located(
                name,
                line,
                "decision",
                f"{key[0]} is already decided ({candidate.decision} on "
                f"{candidate.decided_on}); change it with eng-ops interview decide --force",
            )
        loop = loops.get(candidate.id, [])  # type: ignore[arg-type]
        ahead = [f"#{i} {h} on {d.isoformat()}" for i, d, _m, h in sorted(loop) if d > today]
        if ahead:
            raise located(
                name,
                line,
                "decision",
                f"{key[0]} has interviews still to come ({', '.join(ahead)}): "
                "decide after they happen",
            )
        last = max((d for _i, d, _m, _h in loop), default=None)
        if last is not None and on < last:  # type: ignore[operator]
            raise located(
                name,
                on_line,
                "decided_on",
                f"{on.isoformat()} is before {key[0]}'s last interview on "  # type: ignore[attr-defined]
                f"{last.isoformat()}",
            )
        unscored = sorted(h for i, _d, m, h in loop if m == "lead" and i not in submitted)
        if unscored:
            raise located(
                name,
                line,
                "decision",
                f"lead scorecards missing from {', '.join(unscored)} for {key[0]}: score them "
                "first, or decide with eng-ops interview decide --force",
            )
        before = _candidate_record(candidate, None)
        candidate.status = "hired" if decision == "hire" else "rejected"
        candidate.decision = str(decision)
        candidate.rationale = str(rationale)
        candidate.decided_by = actor
        candidate.decided_on = on  # type: ignore[assignment]
        session.add(candidate)
        after = _candidate_record(candidate, None) | {"rationale": candidate.rationale}
        audit.record(session, "decide", "candidate", str(candidate.id), before, after)
        decided += 1
    return decided


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
    today = clock.today()
    if day > today:
        raise InvalidInput(
            f"date: {day.isoformat()} is after today ({today.isoformat()}): only interviews "
            "that have happened are imported (schedule the others)"
        )
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
