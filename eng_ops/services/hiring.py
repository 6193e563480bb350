"""The hiring view: loops in flight, time to decision, missing scorecards, load.

Durations count only from interviews that have happened (dated today or earlier), so they are
never negative by construction: an interview still to come opens nothing yet, and a decision
recorded before its loop's first interview (possible only in imported data) is named in a
note instead of being counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import median

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.store.models import Candidate, Interview, Person, Scorecard


@dataclass(frozen=True)
class InFlight:
    """An open loop: days_open counts from its first interview that has happened."""

    id: int
    name: str
    role: str
    interviews: int
    scorecards: int
    first_interview: date | None  # the first one held (None while none has happened)
    next_interview: date | None  # the first one still to come
    days_open: int | None


@dataclass(frozen=True)
class Decided:
    """A decided loop: days from its first interview (or the candidate's creation when it had
    none) to the decision; None when the decision predates that start (see the notes)."""

    id: int
    name: str
    role: str
    decision: str | None
    decided_on: date
    first_interview: date | None
    days_to_decision: int | None


@dataclass(frozen=True)
class MissingScorecard:
    interview: int
    candidate: str
    candidate_id: int
    interviewer: str
    mode: str
    on: date
    days_waiting: int


@dataclass(frozen=True)
class Load:
    interviewer: str
    lead_interviews: int
    share: float


@dataclass(frozen=True)
class HiringSummary:
    in_flight: list[InFlight]
    decided: list[Decided]
    median_days_to_decision: float | None  # over the decided loops with a duration
    timed: int  # how many decided loops the median rests on
    missing: list[MissingScorecard]
    load: list[Load]
    notes: list[str]  # data that could not be counted, and why


def hiring_summary(session: Session, today: date | None = None) -> HiringSummary:
    today = today or clock.today()
    interviews = session.exec(
        select(Interview, Person.handle).join(
            Person, col(Person.id) == col(Interview.interviewer_id)
        )
    ).all()
    submitted = set(
        session.exec(select(Scorecard.interview_id).where(col(Scorecard.submitted).is_(True))).all()
    )
    by_candidate: dict[int, list[tuple[Interview, str]]] = defaultdict(list)
    for interview, handle in interviews:
        by_candidate[interview.candidate_id].append((interview, handle))
    candidates = session.exec(select(Candidate).order_by(Candidate.id)).all()
    names = {c.id: c for c in candidates}

    in_flight: list[InFlight] = []
    decided: list[Decided] = []
    notes: list[str] = []
    for c in candidates:
        loop = by_candidate.get(c.id, [])  # type: ignore[arg-type]
        held = [i.on for i, _ in loop if i.on <= today]
        first = min(held, default=None)
        if c.status == "open":
            in_flight.append(
                InFlight(
                    id=c.id,  # type: ignore[arg-type]
                    name=c.name,
                    role=c.role,
                    interviews=len(loop),
                    scorecards=sum(1 for i, _ in loop if i.id in submitted),
                    first_interview=first,
                    next_interview=min((i.on for i, _ in loop if i.on > today), default=None),
                    days_open=(today - first).days if first else None,
                )
            )
            continue
        if c.decided_on is None:
            continue
        # Every interview of a decided loop counts, even one dated after the decision.
        start = min((i.on for i, _ in loop), default=None)
        days: int | None
        if start is None:
            # No interview: count from the candidate's creation. created_at is a real-clock
            # timestamp and decided_on a business date (ENG_OPS_TODAY may lie in the past);
            # a candidate is always created before it is decided, so that order is kept.
            days = (c.decided_on - min(c.created_at.date(), c.decided_on)).days
        elif start > c.decided_on:
            notes.append(
                f"candidate #{c.id} {c.name} was decided on {c.decided_on.isoformat()}, before "
                f"its first interview on {start.isoformat()}: not counted in time to decision"
            )
            days = None
        else:
            days = (c.decided_on - start).days
        decided.append(
            Decided(
                id=c.id,  # type: ignore[arg-type]
                name=c.name,
                role=c.role,
                decision=c.decision,
                decided_on=c.decided_on,
                first_interview=min((i.on for i, _ in loop), default=None),
                days_to_decision=days,
            )
        )
    missing: list[MissingScorecard] = []
    for interview, handle in interviews:
        if interview.on < today and interview.id not in submitted:
            cand = names[interview.candidate_id]
            if cand.status == "open":
                missing.append(
                    MissingScorecard(
                        interview=interview.id,  # type: ignore[arg-type]
                        candidate=cand.name,
                        candidate_id=cand.id,  # type: ignore[arg-type]
                        interviewer=handle,
                        mode=interview.mode,
                        on=interview.on,
                        days_waiting=(today - interview.on).days,
                    )
                )
    missing.sort(key=lambda r: -r.days_waiting)
    # interviews that have happened, as concentration counts them (not those still to come)
    load = Counter(
        handle
        for interview, handle in interviews
        if interview.mode == "lead" and interview.on <= today
    )
    total = sum(load.values())
    durations = [d.days_to_decision for d in decided if d.days_to_decision is not None]
    return HiringSummary(
        in_flight=in_flight,
        decided=decided,
        median_days_to_decision=median(durations) if durations else None,
        timed=len(durations),
        missing=missing,
        load=[Load(h, n, round(n / total, 3)) for h, n in load.most_common()],
        notes=notes,
    )
