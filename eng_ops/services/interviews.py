"""Candidates, interview loops, scorecards, panels and decisions."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from statistics import mean
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.ids import require_by_id
from eng_ops.services.people import get_person
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.store.models import (
    INTERVIEW_MODES,
    RECOMMENDATIONS,
    Candidate,
    Interview,
    Person,
    Rating,
    Rubric,
    Scorecard,
)

if TYPE_CHECKING:
    from eng_ops.services.rating_access import RatingAccess

POSITIVE = ("yes", "strong-yes")


# --- candidates ------------------------------------------------------------------------------


def _candidate_record(c: Candidate, person: str | None) -> dict:
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role,
        "person": person,
        "status": c.status,
        "decision": c.decision,
        "decided_on": c.decided_on,
        "created_at": c.created_at,
    }


def add_candidate(session: Session, name: str, role: str, person: str | None = None) -> dict:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name: must not be empty")
    latest_rubric(session, role)
    person_row = get_person(session, person) if person else None
    candidate = Candidate(
        name=name,
        role=role,
        person_id=person_row.id if person_row else None,
        created_at=datetime.now(UTC),
    )
    session.add(candidate)
    session.flush()
    record = _candidate_record(candidate, person)
    audit.record(session, "create", "candidate", str(candidate.id), None, record)
    return record


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    return require_by_id(
        session,
        Candidate,
        candidate_id,
        f"no candidate #{candidate_id} (see: eng-ops interview candidate list)",
    )


def list_candidates(
    session: Session, *, role: str | None = None, include_decided: bool = False
) -> list[dict]:
    person = aliased(Person)
    query = select(Candidate, person.handle).outerjoin(
        person, col(person.id) == col(Candidate.person_id)
    )
    if role:
        query = query.where(Candidate.role == role)
    if not include_decided:
        query = query.where(Candidate.status == "open")
    counts = _loop_counts(session)
    rows = []
    for c, handle in session.exec(query.order_by(Candidate.id)).all():
        scheduled, submitted = counts.get(c.id, (0, 0))  # type: ignore[arg-type]
        rows.append(
            {**_candidate_record(c, handle), "interviews": scheduled, "scorecards": submitted}
        )
    return rows


def _loop_counts(session: Session) -> dict[int, tuple[int, int]]:
    """candidate id -> (interviews, interviews with a submitted scorecard)."""
    submitted = set(
        session.exec(select(Scorecard.interview_id).where(col(Scorecard.submitted).is_(True))).all()
    )
    per_candidate: dict[int, set[int]] = defaultdict(set)
    for interview_id, candidate_id in session.exec(
        select(Interview.id, Interview.candidate_id)
    ).all():
        per_candidate[candidate_id].add(interview_id)  # type: ignore[arg-type]
    return {c: (len(ids), len(ids & submitted)) for c, ids in per_candidate.items()}


# --- interviews ------------------------------------------------------------------------------


def _interview_record(i: Interview, candidate: Candidate, interviewer: str) -> dict:
    return {
        "id": i.id,
        "candidate_id": candidate.id,
        "candidate": candidate.name,
        "role": candidate.role,
        "interviewer": interviewer,
        "mode": i.mode,
        "focus": i.focus,
        "on": i.on,
    }


def check_focus(session: Session, role: str, focus: list[str]) -> list[str]:
    rubric = latest_rubric(session, role)
    keys = [a.key for a in attributes_of(session, rubric.id)]  # type: ignore[arg-type]
    cleaned: list[str] = []
    for item in focus:
        key = item.strip()
        if key not in keys:
            raise InvalidInput(
                f"--focus: unknown attribute '{key}' for {role} (known: {', '.join(keys)})"
            )
        if key not in cleaned:
            cleaned.append(key)
    if not cleaned:
        raise InvalidInput("--focus: name at least one rubric attribute")
    return cleaned


MAX_AHEAD_DAYS = 365  # an interview further ahead than a year is a typo, not a plan


def check_interview_date(on: date, *, backfill: bool = False) -> date:
    """An interview is scheduled from today up to a year ahead; before today only as a
    backfill of one that already happened."""
    today = clock.today()
    if on < today and not backfill:
        raise InvalidInput(
            f"{on.isoformat()} is in the past: add --backfill to record an interview that "
            "already happened"
        )
    if (on - today).days > MAX_AHEAD_DAYS:
        raise InvalidInput(
            f"{on.isoformat()} is more than a year ahead (after "
            f"{(today + timedelta(days=MAX_AHEAD_DAYS)).isoformat()}): check the date"
        )
    return on


def schedule(
    session: Session,
    candidate_id: int,
    *,
    interviewer: str,
    focus: list[str],
    on: date,
    mode: str = "lead",
    backfill: bool = False,
) -> dict:
    """A new interview slot; a date before today only with `backfill` (it already happened)."""
    candidate = get_candidate(session, candidate_id)
    if candidate.status != "open":
        raise InvalidInput(f"candidate #{candidate_id} is already decided ({candidate.decision})")
    check_interview_date(on, backfill=backfill)
    if mode not in INTERVIEW_MODES:
        raise InvalidInput(f"--mode: '{mode}' is not one of {', '.join(INTERVIEW_MODES)}")
    person = get_person(session, interviewer)
    if person.left and person.left <= clock.today():
        raise InvalidInput(f"{interviewer} left on {person.left.isoformat()}")
    if candidate.person_id is not None and candidate.person_id == person.id:
        raise InvalidInput(f"{interviewer} is the candidate; they cannot interview themselves")
    existing = session.exec(
        select(Interview.id).where(
            Interview.candidate_id == candidate.id, Interview.interviewer_id == person.id
        )
    ).first()
    if existing is not None:
        raise InvalidInput(
            f"{interviewer} already interviews candidate #{candidate_id} (#{existing})"
        )
    interview = Interview(
        candidate_id=candidate.id,  # type: ignore[arg-type]
        interviewer_id=person.id,  # type: ignore[arg-type]
        focus=check_focus(session, candidate.role, focus),
        on=on,
        mode=mode,
        created_at=datetime.now(UTC),
    )
    session.add(interview)
    session.flush()
    record = _interview_record(interview, candidate, interviewer)
    audit.record(session, "create", "interview", str(interview.id), None, record)
    return record


def get_interview(session: Session, interview_id: int) -> tuple[Interview, Candidate, str]:
    interview = require_by_id(
        session,
        Interview,
        interview_id,
        f"no interview #{interview_id} (see: eng-ops interview panel CANDIDATE)",
    )
    candidate = get_candidate(session, interview.candidate_id)
    handle = session.exec(select(Person.handle).where(Person.id == interview.interviewer_id)).one()
    return interview, candidate, handle


# --- scorecards ------------------------------------------------------------------------------


def normalise_recommendation(value: Any) -> str:
    # YAML 1.1 reads a bare `yes`/`no` as a boolean.
    if value is True:
        value = "yes"
    elif value is False:
        value = "no"
    text = str(value or "").strip().lower()
    if text not in RECOMMENDATIONS:
        raise InvalidInput(f"--recommend: '{value}' is not one of {', '.join(RECOMMENDATIONS)}")
    return text


def score(
    session: Session,
    interview_id: int,
    *,
    ratings: dict[str, int],
    recommendation: str | None,
    notes: str | None = None,
    draft: bool = False,
    amend: str | None = None,
) -> dict:
    """Record the acting interviewer's scorecard (a draft, a submission or an amendment)."""
    interview, candidate, interviewer = get_interview(session, interview_id)
    if interview.on > clock.today():
        raise InvalidInput(
            f"interview #{interview_id} is on {interview.on.isoformat()}: it cannot be scored "
            "before it has happened"
        )
    actor = audit.actor_of(session)
    if actor != interviewer:
        raise InvalidInput(
            f"interview #{interview_id} is {interviewer}'s; you are acting as '{actor}' "
            f"(use --as {interviewer})"
        )
    cards = session.exec(
        select(Scorecard)
        .where(Scorecard.interview_id == interview.id)
        .order_by(col(Scorecard.revision))
    ).all()
    latest = cards[-1] if cards else None
    submitted_before = any(c.submitted for c in cards)
    if amend is not None and not submitted_before:
        raise InvalidInput(f"interview #{interview_id} has no submitted scorecard to amend")
    if submitted_before and amend is None and not (latest and not latest.submitted):
        raise InvalidInput(
            f"interview #{interview_id} already has a submitted scorecard; "
            "submitted scorecards do not change (amend with --amend REASON)"
        )
    if amend is not None and draft:
        raise InvalidInput("--amend and --draft cannot be combined")
    if amend is not None and not amend.strip():
        raise InvalidInput("--amend: say why you amend the scorecard (the reason is kept)")
    rubric = latest_rubric(session, candidate.role)
    keys = {a.key for a in attributes_of(session, rubric.id)}  # type: ignore[arg-type]
    for key, value in ratings.items():
        if key not in keys:
            raise InvalidInput(f"--rating: unknown attribute '{key}' for {candidate.role}")
        if key not in interview.focus:
            raise InvalidInput(
                f"--rating: '{key}' is not in this interview's focus ({', '.join(interview.focus)})"
            )
        if not rubric.scale_min <= value <= rubric.scale_max:
            raise InvalidInput(
                f"--rating: {key}={value} is off the scale ({rubric.scale_min}-{rubric.scale_max})"
            )
    rec = normalise_recommendation(recommendation) if recommendation is not None else None
    if not draft:
        missing = [k for k in interview.focus if k not in ratings]
        if missing:
            raise InvalidInput(
                f"--rating: rate every focus attribute before submitting: {', '.join(missing)}"
            )
        if rec is None:
            raise InvalidInput("--recommend is required to submit (or save with --draft)")
    now = datetime.now(UTC)
    if latest is not None and not latest.submitted:
        card = latest
        for old in session.exec(select(Rating).where(Rating.scorecard_id == card.id)).all():
            session.delete(old)
    else:
        card = Scorecard(
            interview_id=interview.id,  # type: ignore[arg-type]
            revision=(latest.revision + 1) if latest else 1,
            rubric_id=rubric.id,  # type: ignore[arg-type]
            author=actor,
            created_at=now,
        )
    card.rubric_id = rubric.id  # type: ignore[assignment]
    card.recommendation = rec
    # An amendment that gives no notes keeps the notes it amends.
    card.notes = notes if notes is not None or amend is None or latest is None else latest.notes
    card.submitted = not draft
    card.submitted_at = None if draft else now
    card.amend_reason = amend.strip() if amend is not None else None
    session.add(card)
    session.flush()
    for key in interview.focus:
        if key in ratings:
            session.add(Rating(scorecard_id=card.id, attribute=key, score=ratings[key]))  # type: ignore[arg-type]
    if not draft and amend is None and interview.mode == "lead" and candidate.person_id:
        _interview_evidence(session, interview, candidate, rubric, ratings)
    action = "draft" if draft else ("amend" if amend is not None else "submit")
    # The trail names the event, never the ratings: it must not leak a panel's scores.
    audit.record(
        session,
        action,
        "scorecard",
        f"{interview_id}@r{card.revision}",
        None,
        {"interview": interview_id, "revision": card.revision, "author": actor, "reason": amend},
    )
    return {
        "interview": interview_id,
        "candidate_id": candidate.id,
        "revision": card.revision,
        "rubric_version": rubric.version,
        "submitted": card.submitted,
        "recommendation": rec,
        "ratings": {k: ratings[k] for k in interview.focus if k in ratings},
    }


def _interview_evidence(
    session: Session,
    interview: Interview,
    candidate: Candidate,
    rubric: Rubric,
    ratings: dict[str, int],
) -> None:
    """An internal candidate's lead-interview ratings on ladder competencies become evidence:
    the top of the scale at one level above theirs, one below the top at their level."""
    from eng_ops.services.evidence import add_evidence
    from eng_ops.store.models import Competency, LadderLevel

    person = session.get(Person, candidate.person_id)
    order = list(session.exec(select(LadderLevel.key).order_by(LadderLevel.position)).all())
    if person is None or person.level not in order:
        return
    known = set(session.exec(select(Competency.key)).all())
    here = order.index(person.level)
    for key, value in ratings.items():
        if key not in known or value < rubric.scale_max - 1:
            continue
        step = 1 if value == rubric.scale_max else 0
        add_evidence(
            session,
            handle=person.handle,
            competency=key,
            level=order[min(here + step, len(order) - 1)],
            on=min(interview.on, clock.today()),
            source="interview",
            note=f"{candidate.role} interview #{interview.id}: rated {value}/{rubric.scale_max}",
            interview_id=interview.id,
        )


def parse_ratings(items: list[str]) -> dict[str, int]:
    """['coding=3', 'design=4'] -> {'coding': 3, 'design': 4}."""
    ratings: dict[str, int] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--rating: '{item}' should look like ATTRIBUTE=N")
        try:
            score = int(value)
        except ValueError:
            raise InvalidInput(f"--rating: '{item}': '{value}' is not a whole number") from None
        if key.strip() in ratings:
            raise InvalidInput(
                f"--rating: '{key.strip()}' is rated twice ({ratings[key.strip()]} and {score}); "
                "rate each attribute once"
            )
        ratings[key.strip()] = score
    return ratings


# --- panel -----------------------------------------------------------------------------------


def _cards(session: Session, candidate: Candidate) -> list[tuple[Interview, str, list[Scorecard]]]:
    rows = session.exec(
        select(Interview, Person.handle)
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(Interview.candidate_id == candidate.id)
        .order_by(Interview.on, Interview.id)
    ).all()
    ids = [i.id for i, _ in rows]
    by_interview: dict[int, list[Scorecard]] = defaultdict(list)
    if ids:
        for card in session.exec(
            select(Scorecard)
            .where(col(Scorecard.interview_id).in_(ids))
            .order_by(Scorecard.revision)
        ).all():
            by_interview[card.interview_id].append(card)
    return [(i, h, by_interview.get(i.id, [])) for i, h in rows]  # type: ignore[arg-type]


def panel(session: Session, candidate_id: int, viewer: str) -> dict:
    """What `viewer` may see of a candidate's panel (independence and draft rules applied)."""
    from eng_ops.services.rating_access import rating_access

    candidate = get_candidate(session, candidate_id)
    access = rating_access(session, viewer)
    loop = _cards(session, candidate)
    others_visible = access.sees_ratings(candidate.id)
    # An internal candidate sees who interviews them, never a scorecard about themselves.
    is_candidate = candidate.id in access.own

    visible_ids = [c.id for _, h, cards in loop for c in cards]
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    if visible_ids:
        for card_id, attribute, value in session.exec(
            select(Rating.scorecard_id, Rating.attribute, Rating.score).where(
                col(Rating.scorecard_id).in_(visible_ids)
            )
        ).all():
            ratings[card_id][attribute] = value
    versions = dict(session.exec(select(Rubric.id, Rubric.version)).all())

    interviews, scorecards = [], []
    for interview, handle, cards in loop:
        mine = handle == viewer
        submitted = [c for c in cards if c.submitted]
        draft = next((c for c in reversed(cards) if not c.submitted), None)
        shown: Scorecard | None = None
        if submitted and (mine or others_visible) and not is_candidate:
            shown, state = submitted[-1], "submitted"
        elif submitted:
            state = "hidden"
        elif draft is not None and mine:
            shown, state = draft, "draft"
        elif interview.on > clock.today():
            state = "scheduled"  # not yet due: not missing
        else:
            state = "missing"
        interviews.append(
            {
                "id": interview.id,
                "interviewer": handle,
                "mode": interview.mode,
                "focus": interview.focus,
                "on": interview.on,
                "scorecard": state,
            }
        )
        if shown is not None:
            scorecards.append(
                {
                    "interview": interview.id,
                    "interviewer": handle,
                    "mode": interview.mode,
                    "on": interview.on,
                    "revision": shown.revision,
                    "rubric_version": versions.get(shown.rubric_id),
                    "submitted": shown.submitted,
                    "recommendation": shown.recommendation,
                    "ratings": ratings.get(shown.id, {}),  # type: ignore[arg-type]
                    "notes": shown.notes,
                }
            )

    counted = [s for s in scorecards if s["submitted"] and s["mode"] == "lead"]
    rubric = latest_rubric(session, candidate.role)
    attributes = []
    for attr in attributes_of(session, rubric.id):  # type: ignore[arg-type]
        scores = {
            s["interviewer"]: s["ratings"][attr.key] for s in counted if attr.key in s["ratings"]
        }
        values = list(scores.values())
        spread = (max(values) - min(values)) if values else None
        attributes.append(
            {
                "attribute": attr.key,
                "name": attr.name,
                "ratings": scores,
                "mean": round(mean(values), 2) if values else None,
                "spread": spread,
                "disagreement": spread is not None and spread >= 2,
            }
        )
    tally = {r: sum(1 for s in counted if s["recommendation"] == r) for r in RECOMMENDATIONS}
    missing = [
        i["interviewer"]
        for i in interviews
        if i["mode"] == "lead" and i["scorecard"] in ("missing", "draft")
    ]
    return {
        # a panelist who owes a scorecard does not read a rationale built on the others'
        "candidate": _candidate_record(candidate, _handle_of(session, candidate.person_id))
        | {"rationale": _rationale_for(candidate, access)},
        "rubric": {"role": rubric.role, "version": rubric.version},
        "viewer": viewer,
        "others_hidden": not others_visible and any(i["scorecard"] == "hidden" for i in interviews),
        "hidden_reason": None if others_visible else access.why_hidden(candidate.id),  # type: ignore[arg-type]
        "interviews": interviews,
        "scorecards": [s for s in scorecards if s["mode"] == "lead"],
        "shadow_scorecards": [s for s in scorecards if s["mode"] != "lead"],
        "attributes": attributes,
        "recommendations": tally,
        "missing": missing,
    }


def _handle_of(session: Session, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    return session.exec(select(Person.handle).where(Person.id == person_id)).first()


def _rationale_for(candidate: Candidate, access: RatingAccess) -> str | None:
    """A panelist who owes a scorecard does not read a rationale built on the others'
    (unless they wrote it)."""
    if candidate.id in access.unsubmitted and candidate.decided_by != access.viewer:
        return None
    return candidate.rationale


# --- decisions -------------------------------------------------------------------------------


def decide(
    session: Session, candidate_id: int, *, hire: bool, rationale: str, force: bool = False
) -> tuple[dict, list[str]]:
    """Record hire/no-hire with a rationale; returns the record and warnings."""
    from eng_ops.services.rating_access import rating_access

    candidate = get_candidate(session, candidate_id)
    access = rating_access(session)
    if candidate.id in access.own:
        raise InvalidInput(f"you are candidate #{candidate_id}: someone else decides your loop")
    ahead = upcoming(session, candidate)
    if ahead:  # no --force: a loop is decided once its interviews have happened
        raise InvalidInput(
            f"candidate #{candidate_id} has interviews still to come ({ahead}): decide after "
            "they happen, or cancel them (eng-ops interview cancel INTERVIEW)"
        )
    if not (rationale or "").strip():
        raise InvalidInput("--rationale: say why (it is kept with the decision)")
    if candidate.status != "open" and not force:
        raise InvalidInput(
            f"candidate #{candidate_id} is already decided ({candidate.decision}); "
            "--force to change it"
        )
    # The decision is taken on every submitted scorecard, whoever records it.
    view = panel(session, candidate_id, viewer="")
    if view["missing"] and not force:
        raise InvalidInput(
            f"lead scorecards missing from {', '.join(view['missing'])}; wait, or --force"
        )
    warnings = []
    tally = view["recommendations"]
    yes = sum(tally[r] for r in POSITIVE)
    no = sum(tally[r] for r in RECOMMENDATIONS if r not in POSITIVE)
    against = (hire and no > yes) or (not hire and yes > no)
    hidden = access.why_hidden(candidate_id)
    if hidden is not None:
        # The decider may not see the panel's ratings: say nothing derived from them.
        warnings.append(f"decided without the panel's scorecards ({hidden})")
    elif against:
        warnings.append(
            f"this goes against the panel majority ({yes} yes / {no} no); rationale kept on record"
        )
    if view["missing"]:
        warnings.append(f"decided without scorecards from {', '.join(view['missing'])}")
    before = _candidate_record(candidate, None)
    candidate.status = "hired" if hire else "rejected"
    candidate.decision = "hire" if hire else "no-hire"
    candidate.rationale = rationale.strip()
    candidate.decided_by = audit.actor_of(session)
    candidate.decided_on = clock.today()
    session.add(candidate)
    after = _candidate_record(candidate, None) | {"rationale": candidate.rationale}
    audit.record(session, "decide", "candidate", str(candidate_id), before, after)
    return after, warnings


def upcoming(session: Session, candidate: Candidate) -> str:
    """The candidate's interviews dated after today, as '#41 hana on 2026-12-02, ...'."""
    rows = session.exec(
        select(Interview.id, Person.handle, Interview.on)
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(Interview.candidate_id == candidate.id, Interview.on > clock.today())
        .order_by(Interview.on, Interview.id)
    ).all()
    return ", ".join(f"#{i} {handle} on {on.isoformat()}" for i, handle, on in rows)


def cancel(session: Session, interview_id: int) -> dict:
    """Remove an interview slot that has no submitted scorecard (a draft goes with it)."""
    interview, candidate, interviewer = get_interview(session, interview_id)
    if candidate.status != "open":
        raise InvalidInput(
            f"candidate #{candidate.id} is already decided ({candidate.decision}): "
            "its interviews stay on record"
        )
    cards = session.exec(select(Scorecard).where(Scorecard.interview_id == interview.id)).all()
    if any(c.submitted for c in cards):
        raise InvalidInput(
            f"interview #{interview_id} has a submitted scorecard: it happened and stays on record"
        )
    record = _interview_record(interview, candidate, interviewer) | {"drafts_discarded": len(cards)}
    for card in cards:
        for rating in session.exec(select(Rating).where(Rating.scorecard_id == card.id)).all():
            session.delete(rating)
        session.delete(card)
    session.flush()
    session.delete(interview)
    session.flush()
    audit.record(session, "delete", "interview", str(interview_id), record, None)
    return record
