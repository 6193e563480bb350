"""Readiness: demonstrated level per competency (from recent evidence) against a target."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.services import settings as org_settings
from eng_ops.services.ladder import check_level, competencies, levels
from eng_ops.services.people import get_person
from eng_ops.services.settings import ReadinessSettings
from eng_ops.store.models import Competency, Evidence


def requirements_for_level(session: Session, level: str) -> dict[str, str]:
    """Each competency's required level for a target level: the highest expectation <= target."""
    order = levels(session)
    check_level(session, level)
    target = order.index(level)
    required = {}
    for comp in competencies(session):
        defined = [lv for lv in order[: target + 1] if lv in comp.expectations]
        if defined:
            required[comp.key] = defined[-1]
    return required


def readiness(
    session: Session,
    handle: str,
    required: dict[str, str],
    *,
    target: str,
    today: date | None = None,
    settings: ReadinessSettings | None = None,
) -> dict:
    """ready: no gaps; stretch: one level short on one competency; otherwise not-ready."""
    settings = settings or org_settings.current(session).readiness
    today = today or clock.today()
    person = get_person(session, handle)
    order = levels(session)
    since = today - timedelta(days=settings.window_days)
    items = session.exec(
        select(Evidence).where(Evidence.person_id == person.id, Evidence.on >= since)
    ).all()
    rows, overall = judge(required, competencies(session), order, list(items), settings)
    return {
        "handle": handle,
        "target": target,
        "overall": overall,
        "window_days": settings.window_days,
        "min_evidence": settings.min_evidence,
        "competencies": rows,
    }


def recent_evidence(
    session: Session,
    today: date,
    settings: ReadinessSettings,
    person_ids: Collection[int] | None = None,
) -> dict[int, list[Evidence]]:
    """Evidence inside the readiness window by person id (everyone's, or these people's):
    one query for many people."""
    since = today - timedelta(days=settings.window_days)
    query = select(Evidence).where(Evidence.on >= since)
    if person_ids is not None:
        query = query.where(col(Evidence.person_id).in_(list(person_ids)))
    found: dict[int, list[Evidence]] = {}
    for e in session.exec(query.order_by(Evidence.id)).all():
        found.setdefault(e.person_id, []).append(e)
    return found


def judge(
    required: dict[str, str],
    comps: list[Competency],
    order: list[str],
    evidence: list[Evidence],
    settings: ReadinessSettings,
) -> tuple[list[dict], str]:
    """One person's rows per required competency and the overall word, from their recent
    evidence: ready (no gaps), stretch (one level short on one competency) or not-ready."""
    by_competency: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_competency.setdefault(e.competency, []).append(e)
    rows = []
    for comp in comps:
        if comp.key not in required:
            continue
        items = sorted(by_competency.get(comp.key, []), key=lambda e: (-order.index(e.level), e.on))
        demonstrated = _demonstrated(items, order, settings.min_evidence)
        need = order.index(required[comp.key])
        # No evidence: count from just below the competency's first expectation on the ladder.
        first = min(order.index(lv) for lv in comp.expectations)
        have = order.index(demonstrated) if demonstrated else first - 1
        rows.append(
            {
                "competency": comp.key,
                "name": comp.name,
                "required": required[comp.key],
                "demonstrated": demonstrated,
                "gap": max(need - have, 0),
                "expectation": comp.expectations.get(required[comp.key]),
                "evidence": [
                    {"on": e.on, "level": e.level, "source": e.source, "note": e.note}
                    for e in items
                ],
            }
        )
    gaps = [r["gap"] for r in rows]
    if all(g == 0 for g in gaps):
        overall = "ready"
    elif sum(1 for g in gaps if g > 0) == 1 and max(gaps) == 1:
        overall = "stretch"
    else:
        overall = "not-ready"
    return rows, overall


def _demonstrated(items: list[Evidence], order: list[str], needed: int) -> str | None:
    """The highest level with at least `needed` pieces of evidence at or above it."""
    for index in range(len(order) - 1, -1, -1):
        if sum(1 for e in items if order.index(e.level) >= index) >= needed:
            return order[index]
    return None
