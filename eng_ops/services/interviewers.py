"""Interviewer stages per role (trainee -> shadow -> reverse-shadow -> qualified)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, func, select

from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.people import active, get_person
from eng_ops.services.rubrics import latest_rubric
from eng_ops.store.models import INTERVIEWER_STAGES, Interview, InterviewerStage, Person

LOAD_WINDOW_DAYS = 90


def enrol(session: Session, handle: str, role: str, stage: str = "trainee") -> dict:
    """Set a person's interviewer stage for a role (creating the entry if needed)."""
    if stage not in INTERVIEWER_STAGES:
        raise InvalidInput(f"--stage: '{stage}' is not one of {', '.join(INTERVIEWER_STAGES)}")
    person = get_person(session, handle)
    latest_rubric(session, role)
    row = session.exec(
        select(InterviewerStage).where(
            InterviewerStage.person_id == person.id, InterviewerStage.role == role
        )
    ).first()
    before = {"handle": handle, "role": role, "stage": row.stage} if row else None
    if row is None:
        row = InterviewerStage(
            person_id=person.id, role=role, stage=stage, updated_at=datetime.now(UTC)
        )  # type: ignore[arg-type]
    row.stage = stage
    row.updated_at = datetime.now(UTC)
    session.add(row)
    after = {"handle": handle, "role": role, "stage": stage}
    audit.record(
        session, "update" if before else "create", "interviewer", f"{handle}/{role}", before, after
    )
    return after


def stages(session: Session, role: str) -> dict[int, str]:
    """person id -> stage for a role, active people only."""
    return dict(
        session.exec(
            select(InterviewerStage.person_id, InterviewerStage.stage)
            .join(Person, col(Person.id) == col(InterviewerStage.person_id))
            .where(InterviewerStage.role == role, active())
        ).all()
    )


def recent_load(session: Session, today: date | None = None) -> dict[int, int]:
    """Interviews per interviewer in the last LOAD_WINDOW_DAYS (one grouped query)."""
    since = (today or date.today()) - timedelta(days=LOAD_WINDOW_DAYS)
    return dict(
        session.exec(
            select(Interview.interviewer_id, func.count())
            .where(Interview.on >= since)
            .group_by(Interview.interviewer_id)
        ).all()
    )


def list_interviewers(session: Session, role: str | None = None) -> list[dict]:
    query = (
        select(Person.handle, Person.name, InterviewerStage.role, InterviewerStage.stage, Person.id)
        .join(Person, col(Person.id) == col(InterviewerStage.person_id))
        .where(active())
        .order_by(InterviewerStage.role, Person.handle)
    )
    if role:
        latest_rubric(session, role)
        query = query.where(InterviewerStage.role == role)
    load = recent_load(session)
    return [
        {"handle": h, "name": n, "role": r, "stage": s, "interviews_90d": load.get(pid, 0)}
        for h, n, r, s, pid in session.exec(query).all()
    ]
