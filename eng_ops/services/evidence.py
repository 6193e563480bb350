"""Evidence: dated records that a person showed a competency at a level."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.ladder import check_level, get_competency
from eng_ops.services.people import get_person
from eng_ops.store.models import EVIDENCE_SOURCES, Evidence


def add_evidence(
    session: Session,
    *,
    handle: str,
    competency: str,
    level: str,
    on: date,
    source: str = "manual",
    note: str | None = None,
) -> dict:
    person = get_person(session, handle)
    get_competency(session, competency)
    check_level(session, level)
    if source not in EVIDENCE_SOURCES:
        raise InvalidInput(f"--source: '{source}' is not one of {', '.join(EVIDENCE_SOURCES)}")
    if on > clock.today():
        raise InvalidInput(f"--on: {on.isoformat()} is in the future")
    row = Evidence(
        person_id=person.id,  # type: ignore[arg-type]
        competency=competency,
        level=level,
        on=on,
        source=source,
        note=(note or "").strip() or None,
        recorded_by=audit.actor_of(session),
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    record = _record(row, handle)
    audit.record(session, "create", "evidence", str(row.id), None, record)
    return record


def _record(e: Evidence, handle: str) -> dict:
    return {
        "id": e.id,
        "handle": handle,
        "competency": e.competency,
        "level": e.level,
        "on": e.on,
        "source": e.source,
        "note": e.note,
        "recorded_by": e.recorded_by,
    }


def list_evidence(
    session: Session, handle: str, competency: str | None = None, since: date | None = None
) -> list[dict]:
    person = get_person(session, handle)
    query = select(Evidence).where(Evidence.person_id == person.id)
    if competency:
        get_competency(session, competency)
        query = query.where(Evidence.competency == competency)
    if since:
        query = query.where(Evidence.on >= since)
    rows = session.exec(query.order_by(col(Evidence.on).desc(), col(Evidence.id).desc())).all()
    return [_record(e, handle) for e in rows]
