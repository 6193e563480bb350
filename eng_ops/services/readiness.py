"""Readiness: demonstrated level per competency against a target.

The rule (one rule for every caller: `readiness`, the one-pass `recent_evidence` + `judge`
used by openings, development plans and rotations):

- The level floor: a person whose `level` is on the ladder counts as showing every
  competency at that level, as many pieces as `readiness.min_evidence` needs. It shows as one
  synthetic piece of evidence per competency with source `current level`, dated today (the
  day of the judgement: the level is what they are now, whenever they reached it). It has no
  id and cannot be retracted; it changes when their level changes. A person with no level, or
  one the ladder leaves out (say, a VP above it), is judged on logged evidence only.
- Logged evidence counts inside the readiness window (`readiness.window_days`) unless it was
  retracted; `readiness.min_evidence` pieces at or above a level show that level, so logged
  evidence raises a competency above the floor, never below it.
- A competency with neither counts from just below its first expectation on the ladder.
- ready: no gaps; stretch: one level short on one competency; otherwise not-ready.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.services import settings as org_settings
from eng_ops.services.ladder import check_level, competencies, levels
from eng_ops.services.people import active, get_person
from eng_ops.services.settings import ReadinessSettings
from eng_ops.store.models import Competency, Evidence, Person, Team

CURRENT_LEVEL = "current level"  # the source of the level floor's synthetic evidence


@dataclass(frozen=True)
class LevelFloor:
    """The synthetic piece a person's level stands for in one competency: never stored, so it
    has no id and cannot be retracted. Shared by everyone at that level (read-only)."""

    competency: str
    level: str
    on: date
    note: str
    source: str = CURRENT_LEVEL
    id: None = None


Shown = Evidence | LevelFloor  # what readiness counts: logged evidence and the level floor


def counted() -> Any:
    """SQL condition: the evidence counts (it was not retracted)."""
    return col(Evidence.retracted_on).is_(None)


def visible_to_actor(session: Session) -> Any:
    """SQL condition: the acting person may see the evidence (interview-derived evidence
    follows its loop's scorecards; see `rating_access`)."""
    from eng_ops.services.rating_access import rating_access, visible_evidence

    return visible_evidence(rating_access(session))


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
    """One person's readiness for `required` (competency -> level), per competency with the
    evidence behind it (the level floor included). `level_counts` says whether the floor
    applies (their level is on the ladder)."""
    settings = settings or org_settings.current(session).readiness
    today = today or clock.today()
    person = get_person(session, handle)
    order = levels(session)
    comps = competencies(session)
    items = recent_evidence(session, today, settings, [person.id])  # type: ignore[list-item]
    rows, overall = judge(required, comps, order, items.get(person.id, []), settings)  # type: ignore[arg-type]
    return {
        "handle": handle,
        "target": target,
        "overall": overall,
        "level": person.level,
        "level_counts": person.level in order,
        "window_days": settings.window_days,
        "min_evidence": settings.min_evidence,
        "competencies": rows,
    }


def recent_evidence(
    session: Session,
    today: date,
    settings: ReadinessSettings,
    person_ids: Collection[int] | None = None,
) -> dict[int, list[Shown]]:
    """What readiness counts, by person id (everyone's, or these people's), in two queries:
    the level floor (a `current level` piece per competency for a person whose level is on
    the ladder) and the logged evidence inside the window that was not retracted."""
    since = today - timedelta(days=settings.window_days)
    found: dict[int, list[Shown]] = {}
    keys = [c.key for c in competencies(session)]
    floors = {  # one list per level, shared by everyone at it
        level: [level_floor(key, level, today) for key in keys] for level in levels(session)
    }
    people = select(Person.id, Person.level)
    if person_ids is not None:
        people = people.where(col(Person.id).in_(list(person_ids)))
    for person_id, level in session.exec(people.order_by(Person.id)).all():
        if level in floors:
            found[person_id] = list(floors[level])  # type: ignore[index]
    query = select(Evidence).where(Evidence.on >= since, counted(), visible_to_actor(session))
    if person_ids is not None:
        query = query.where(col(Evidence.person_id).in_(list(person_ids)))
    for e in session.exec(query.order_by(Evidence.id)).all():
        found.setdefault(e.person_id, []).append(e)
    return found


def level_floor(competency: str, level: str, today: date) -> LevelFloor:
    """The piece someone at `level` shows in `competency`, dated the day of the judgement."""
    return LevelFloor(competency, level, today, f"their level is {level}")


def judge(
    required: dict[str, str],
    comps: list[Competency],
    order: list[str],
    evidence: list[Shown],
    settings: ReadinessSettings,
) -> tuple[list[dict], str]:
    """One person's rows per required competency and the overall word, from what
    `recent_evidence` gives for them: ready (no gaps), stretch (one level short on one
    competency) or not-ready."""
    by_competency: dict[str, list[Shown]] = {}
    for e in evidence:
        if e.level in order:
            by_competency.setdefault(e.competency, []).append(e)
    rows = []
    for comp in comps:
        if comp.key not in required:
            continue
        items = sorted(by_competency.get(comp.key, []), key=lambda e: (-order.index(e.level), e.on))
        demonstrated = _demonstrated(items, order, settings.min_evidence)
        need = order.index(required[comp.key])
        # Counting starts no lower than just below the competency's first expectation.
        first = min((order.index(lv) for lv in comp.expectations), default=0)
        have = max(order.index(demonstrated) if demonstrated else -1, first - 1)
        logged = [e for e in items if e.id is not None]
        if demonstrated is None:
            shown_by = None
        elif pieces_at(logged, order, demonstrated, settings.min_evidence) >= settings.min_evidence:
            shown_by = "evidence"
        else:
            shown_by = CURRENT_LEVEL
        rows.append(
            {
                "competency": comp.key,
                "name": comp.name,
                "required": required[comp.key],
                "demonstrated": demonstrated,
                "shown_by": shown_by,  # evidence | current level | None (nothing yet)
                "gap": max(need - have, 0),
                "expectation": comp.expectations.get(required[comp.key]),
                "evidence": [
                    {
                        "id": e.id,
                        "on": e.on,
                        "level": e.level,
                        "source": e.source,
                        "note": e.note,
                    }
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


def pieces_at(items: list[Shown], order: list[str], level: str, needed: int) -> int:
    """Pieces at or above `level`; the level floor counts as `needed` pieces on its own."""
    index = order.index(level)
    return sum(
        needed if isinstance(e, LevelFloor) else 1
        for e in items
        if e.level in order and order.index(e.level) >= index
    )


def _demonstrated(items: list[Shown], order: list[str], needed: int) -> str | None:
    """The highest level with at least `needed` pieces of evidence at or above it."""
    for level in reversed(order):
        if pieces_at(items, order, level, needed) >= needed:
            return level
    return None


# --- coverage: is evidence being logged? -----------------------------------------------------


@dataclass(frozen=True)
class ManagerCoverage:
    """One manager's reports and how many of them have logged evidence in the window."""

    manager: str
    team: str | None  # the manager's team
    reports: int  # active direct reports
    with_evidence: int  # reports with at least one logged, counted piece in the window
    share: float  # with_evidence / reports
    latest: date | None  # the newest counted piece of any report, in the window or before


@dataclass(frozen=True)
class EvidenceCoverage:
    """Coverage per manager, lowest share first, and what it rests on."""

    window_days: int
    since: date  # the window's first day
    managers: tuple[ManagerCoverage, ...]


def evidence_coverage(session: Session, today: date | None = None) -> EvidenceCoverage:
    """Per manager (anyone with active reports): how many reports have logged evidence in the
    readiness window. The level floor is not logged evidence and does not count; retracted
    evidence neither. Lowest share first, then most reports, then by handle."""
    today = today or clock.today()
    settings = org_settings.current(session).readiness
    since = today - timedelta(days=settings.window_days)
    people = session.exec(select(Person).where(active(on=today))).all()
    reports: dict[int, list[int]] = {}
    for p in people:
        if p.manager_id is not None:
            reports.setdefault(p.manager_id, []).append(p.id)  # type: ignore[arg-type]
    latest: dict[int, date] = {}
    recent: set[int] = set()
    for person_id, on in session.exec(
        select(Evidence.person_id, Evidence.on).where(counted(), visible_to_actor(session))
    ).all():
        latest[person_id] = max(latest.get(person_id, on), on)
        if on >= since:
            recent.add(person_id)
    managers = {
        p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(list(reports)))).all()
    }
    teams = dict(session.exec(select(Team.id, Team.key)).all())
    rows = []
    for manager_id, ids in reports.items():
        manager = managers[manager_id]
        shown = sum(1 for i in ids if i in recent)
        dates = [latest[i] for i in ids if i in latest]
        rows.append(
            ManagerCoverage(
                manager=manager.handle,
                team=teams.get(manager.team_id),
                reports=len(ids),
                with_evidence=shown,
                share=round(shown / len(ids), 3),
                latest=max(dates) if dates else None,
            )
        )
    rows.sort(key=lambda r: (r.share, -r.reports, r.manager))
    return EvidenceCoverage(settings.window_days, since, tuple(rows))
