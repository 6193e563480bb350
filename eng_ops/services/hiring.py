"""The hiring view: loops in flight, time to decision, missing scorecards, load."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from statistics import median
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.store.models import Candidate, Interview, Person, Scorecard


def hiring_summary(session: Session, today: date | None = None) -> dict[str, Any]:
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

    in_flight, decided, missing = [], [], []
    for c in candidates:
        loop = by_candidate.get(c.id, [])  # type: ignore[arg-type]
        first = min((i.on for i, _ in loop), default=None)
        if c.status == "open":
            done = sum(1 for i, _ in loop if i.id in submitted)
            in_flight.append(
                {
                    "id": c.id,
                    "name": c.name,
                    "role": c.role,
                    "interviews": len(loop),
                    "scorecards": done,
                    "first_interview": first,
                    "days_open": (today - first).days if first else None,
                }
            )
        elif c.decided_on is not None:
            # created_at is the real clock; never let it start after the (business) decision
            start = first or min(c.created_at.date(), c.decided_on)
            decided.append(
                {
                    "id": c.id,
                    "name": c.name,
                    "role": c.role,
                    "decision": c.decision,
                    "decided_on": c.decided_on,
                    "days_to_decision": (c.decided_on - start).days,
                }
            )
    for interview, handle in interviews:
        if interview.on < today and interview.id not in submitted:
            cand = names[interview.candidate_id]
            if cand.status == "open":
                missing.append(
                    {
                        "interview": interview.id,
                        "candidate": cand.name,
                        "candidate_id": cand.id,
                        "interviewer": handle,
                        "mode": interview.mode,
                        "on": interview.on,
                        "days_waiting": (today - interview.on).days,
                    }
                )
    missing.sort(key=lambda r: -r["days_waiting"])
    load = Counter(handle for interview, handle in interviews if interview.mode == "lead")
    total = sum(load.values())
    return {
        "in_flight": in_flight,
        "decided": decided,
        "median_days_to_decision": median([d["days_to_decision"] for d in decided])
        if decided
        else None,
        "missing": missing,
        "load": [
            {"interviewer": h, "lead_interviews": n, "share": round(n / total, 3)}
            for h, n in load.most_common()
        ],
    }
