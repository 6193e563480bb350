"""The audit trail: every change records who, when, what, before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from eng_ops.output import to_jsonable
from eng_ops.store.models import AuditEntry


def actor_of(session: Session) -> str:
    return str(session.info.get("actor") or "unknown")


def entry(
    session: Session,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """An audit row for a change, or None when an update changed nothing."""
    before_j = to_jsonable(before) if before is not None else None
    after_j = to_jsonable(after) if after is not None else None
    if action == "update" and before_j == after_j:
        return None
    return {
        "actor": actor_of(session),
        "at": datetime.now(UTC),
        "action": action,
        "entity": entity,
        "entity_key": key,
        "before": before_j,
        "after": after_j,
    }


def write(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows in one statement (executemany)."""
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)  # type: ignore[attr-defined]


def record(
    session: Session,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """Record one change; an update that changed nothing records nothing."""
    row = entry(session, action, entity, key, before, after)
    if row is not None:
        write(session, [row])
    return row


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    changes: str


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if before is None or after is None:
        return ""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return ", ".join(f"{k}: {before.get(k)!r} -> {after.get(k)!r}" for k in keys)


def _visible_entries(session: Session) -> Any:
    """SQL condition: leave out the creation of evidence the actor may not see (that an
    interview made evidence tells how the candidate was rated), and the decision of a loop
    whose rationale they may not read yet."""
    from sqlalchemy import and_, not_, true

    from eng_ops.services.rating_access import hidden_evidence_ids, rating_access

    access = rating_access(session)
    hidden = hidden_evidence_ids(session, access)
    if not hidden and not access.unsubmitted:
        return true()
    keys = sorted(str(i) for i in hidden)
    # a decision's rationale waits for the panelist's own scorecard, as in the panel
    loops = sorted(str(i) for i in access.unsubmitted)
    return and_(
        not_(and_(AuditEntry.entity == "evidence", col(AuditEntry.entity_key).in_(keys))),
        not_(
            and_(
                AuditEntry.entity == "candidate",
                AuditEntry.action == "decide",
                col(AuditEntry.entity_key).in_(loops),
            )
        ),
    )


def list_entries(
    session: Session,
    *,
    entity: str | None = None,
    key: str | None = None,
    actor: str | None = None,
    since: date | None = None,
    limit: int = 50,
) -> list[AuditRow]:
    from eng_ops.services.limits import LIST_LIMIT

    LIST_LIMIT.check(limit, "--limit")
    query = select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if key:
        query = query.where(AuditEntry.entity_key == key)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if since:
        # `at` is stored in UTC (and shown so), so a day starts at midnight UTC
        start = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(AuditEntry.at >= start)
    query = query.where(_visible_entries(session))
    query = query.order_by(col(AuditEntry.id).desc()).limit(limit)
    return [
        AuditRow(
            id=e.id or 0,
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_key=e.entity_key,
            changes=changed_fields(e.before, e.after),
        )
        for e in session.exec(query)
    ]
