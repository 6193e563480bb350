"""Evidence: dated records that a person showed a competency at a level."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.ids import require_by_id
from eng_ops.services.ladder import check_level, get_competency
from eng_ops.services.people import get_person
from eng_ops.store.models import EVIDENCE_SOURCES, Evidence, Person


def add_evidence(
    session: Session,
    *,
    handle: str,
    competency: str,
    level: str,
    on: date,
    source: str = "manual",
    note: str | None = None,
    interview_id: int | None = None,
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
        interview_id=interview_id,
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


@dataclass(frozen=True)
class EvidenceItem:
    """One logged piece of evidence, with its retraction when it was withdrawn."""

    id: int
    handle: str
    competency: str
    level: str
    on: date
    source: str
    note: str | None
    recorded_by: str
    retracted_on: date | None
    retracted_by: str | None
    retract_reason: str | None
    interview_id: int | None  # the interview it was derived from (source interview)


def _item(e: Evidence, handle: str) -> EvidenceItem:
    return EvidenceItem(
        id=e.id,  # type: ignore[arg-type]
        handle=handle,
        competency=e.competency,
        level=e.level,
        on=e.on,
        source=e.source,
        note=e.note,
        recorded_by=e.recorded_by,
        retracted_on=e.retracted_on,
        retracted_by=e.retracted_by,
        retract_reason=e.retract_reason,
        interview_id=e.interview_id,
    )


def list_evidence(
    session: Session,
    handle: str,
    competency: str | None = None,
    since: date | None = None,
    *,
    include_retracted: bool = False,
) -> list[EvidenceItem]:
    """Someone's logged evidence, newest first; retracted pieces only with
    `include_retracted` (then with who retracted them, when and why)."""
    from eng_ops.services.rating_access import rating_access, visible_evidence

    person = get_person(session, handle)
    query = select(Evidence).where(
        Evidence.person_id == person.id, visible_evidence(rating_access(session))
    )
    if competency:
        get_competency(session, competency)
        query = query.where(Evidence.competency == competency)
    if since:
        query = query.where(Evidence.on >= since)
    if not include_retracted:
        query = query.where(col(Evidence.retracted_on).is_(None))
    rows = session.exec(query.order_by(col(Evidence.on).desc(), col(Evidence.id).desc())).all()
    return [_item(e, handle) for e in rows]


def retract_evidence(session: Session, evidence_id: int, *, reason: str) -> EvidenceItem:
    """Withdraw a wrong record: kept in history (`evidence list --all`), audited, and no longer
    counted by readiness, development plans or coverage. Refused for an unknown id, a piece
    already retracted, or without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a retraction needs a reason")
    row = require_by_id(session, Evidence, evidence_id, f"no evidence #{evidence_id}")
    if row.retracted_on is not None:
        raise InvalidInput(
            f"evidence #{evidence_id} was already retracted on {row.retracted_on.isoformat()} "
            f"by {row.retracted_by}"
        )
    handle = session.get(Person, row.person_id).handle  # type: ignore[union-attr]
    before = asdict(_item(row, handle))
    row.retracted_on = clock.today()
    row.retracted_by = audit.actor_of(session)
    row.retract_reason = reason
    session.add(row)
    item = _item(row, handle)
    audit.record(session, "retract", "evidence", str(evidence_id), before, asdict(item))
    return item
