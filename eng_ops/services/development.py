"""Development plans: not selected for an opening means a plan to close each competency gap.

A rejected candidate gets one action per competency the opening requires and they are short
of (the same readiness rule as the opening's candidate list):

- `rotation`: lead a rotation that builds the competency. Chosen when rotations in this org
  build it (a rotation, open or past, targets it), the person may take a turn (an active
  individual contributor at or above `rotations.min_level` who leads nothing today) and has not
  opted out; they are opted in, so `rotation plan` considers them.
- `evidence`: otherwise, show the competency at the required level by gathering the pieces of
  evidence still missing (`readiness.min_evidence` minus those already in the window).

Every action is due `development.horizon_days` after the decision. An action is `met` as soon
as the person shows the competency at its level (evidence closes it, nobody has to remember),
`done` when marked by hand, `overdue` past its date, else `open`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services import settings as org_settings
from eng_ops.services.ids import require_by_id
from eng_ops.services.ladder import ladder_levels
from eng_ops.services.people import get_person
from eng_ops.services.readiness import pieces_at, readiness, recent_evidence
from eng_ops.services.rotations import rotation_pool, set_optin
from eng_ops.store.models import (
    DevelopmentAction,
    Opening,
    Person,
    Rotation,
    RotationOptIn,
)

HORIZON_KEY = "development.horizon_days"


@dataclass(frozen=True)
class DevelopmentItem:
    """One development action with where it stands today."""

    id: int
    handle: str
    opening: int | None
    competency: str
    level: str
    kind: str  # rotation | evidence
    text: str
    due: date | None
    status: str  # open | overdue | met | done
    evidence: int  # pieces at or above the level within the readiness window, today
    done_on: date | None


def horizon_days(session: Session) -> int:
    """Days from a decision to the plan's due date (the org's development.horizon_days)."""
    return int(org_settings.current(session).values[HORIZON_KEY])


def plan_for_rejection(
    session: Session, opening: Opening, person: Person, *, decided_on: date
) -> list[DevelopmentItem]:
    """One action per competency of `opening.requires` the person is short of (audited).

    Idempotent per (person, opening, competency): an action already recorded is returned as
    it is, not made again. No gaps (ready, but the seats went to others): an empty plan.
    """
    result = readiness(
        session, person.handle, opening.requires, target=opening.title, today=decided_on
    )
    gaps = [row for row in result["competencies"] if row["gap"] > 0]
    if not gaps:
        return []
    existing = {
        a.competency: a
        for a in session.exec(
            select(DevelopmentAction).where(
                DevelopmentAction.person_id == person.id,
                DevelopmentAction.opening_id == opening.id,
            )
        ).all()
    }
    order = ladder_levels(session)
    min_evidence = int(result["min_evidence"])
    due = decided_on + timedelta(days=horizon_days(session))
    built_by_rotations = _rotation_competencies(session)
    rotation_ok, opted_in = _rotation_standing(session, person, decided_on)
    actions: list[DevelopmentAction] = []
    opting_in = False
    for row in gaps:
        key, level = row["competency"], row["required"]
        if key in existing:
            actions.append(existing[key])
            continue
        if rotation_ok and key in built_by_rotations:
            how = "already opted in" if opted_in or opting_in else "opted in to rotations"
            if not opted_in and not opting_in:
                set_optin(session, person.handle, True)
                opting_in = True
            kind, text = "rotation", f"Lead a rotation that builds {key} ({how})"
        else:
            have = sum(
                1
                for e in row["evidence"]
                if e["level"] in order and order.index(e["level"]) >= order.index(level)
            )
            kind, text = "evidence", _evidence_text(key, level, min_evidence - have, have > 0)
        action = DevelopmentAction(
            person_id=person.id,  # type: ignore[arg-type]
            opening_id=opening.id,
            competency=key,
            level=level,
            kind=kind,
            text=text,
            due=due,
            created_by=audit.actor_of(session),
            created_at=datetime.now(UTC),
        )
        session.add(action)
        session.flush()
        audit.record(
            session,
            "create",
            "development_action",
            str(action.id),
            None,
            _audit_record(action, person.handle),
        )
        actions.append(action)
    return _items(session, person, actions, decided_on)


def plan_of(
    session: Session,
    handle: str,
    *,
    include_done: bool = False,
    today: date | None = None,
) -> list[DevelopmentItem]:
    """Someone's development actions, by due date: those not done yet (all with include_done)."""
    person = get_person(session, handle)
    query = select(DevelopmentAction).where(DevelopmentAction.person_id == person.id)
    if not include_done:
        query = query.where(col(DevelopmentAction.done_on).is_(None))
    actions = list(session.exec(query.order_by(col(DevelopmentAction.id))).all())
    items = _items(session, person, actions, today or clock.today())
    return sorted(items, key=lambda i: (i.done_on is not None, i.due or date.max, i.id))


def mark_done(session: Session, action_id: int, on: date) -> DevelopmentItem:
    """Mark an action done by hand on a day (not in the future); audited."""
    action = require_by_id(
        session,
        DevelopmentAction,
        action_id,
        f"no development action #{action_id} (see: eng-ops lead plan show HANDLE)",
    )
    if action.done_on is not None:
        raise InvalidInput(
            f"development action #{action_id} is already done (on {action.done_on.isoformat()})"
        )
    today = clock.today()
    if on > today:
        raise InvalidInput(f"--on: {on.isoformat()} is in the future")
    person = session.get(Person, action.person_id)
    assert person is not None
    action.done_on = on
    session.add(action)
    session.flush()
    audit.record(
        session,
        "update",
        "development_action",
        str(action.id),
        {"done_on": None},
        {"done_on": on},
    )
    return _items(session, person, [action], today)[0]


# --- helpers ---------------------------------------------------------------------------------


def _rotation_competencies(session: Session) -> set[str]:
    """Competencies the org's rotations (open or past) build: the union of their targets."""
    return {t for targets in session.exec(select(Rotation.targets)).all() for t in targets or []}


def _rotation_standing(session: Session, person: Person, today: date) -> tuple[bool, bool]:
    """(may be offered a rotation turn and has not opted out, has opted in)."""
    choice = session.get(RotationOptIn, person.id)
    if choice is not None and not choice.opted_in:
        return False, False  # their choice stands: the plan is evidence
    in_pool = any(p.id == person.id for p in rotation_pool(session, today))
    return in_pool, choice is not None and choice.opted_in


def _items(
    session: Session, person: Person, actions: list[DevelopmentAction], today: date
) -> list[DevelopmentItem]:
    """Each action with its status and evidence count as of `today` (one evidence query)."""
    if not actions:
        return []
    order = ladder_levels(session)
    window = org_settings.current(session).readiness
    # What readiness counts (the level floor, logged evidence not retracted): one rule.
    shown = recent_evidence(session, today, window, [person.id]).get(person.id, [])  # type: ignore[list-item]
    items = []
    for a in actions:
        pieces = [e for e in shown if e.competency == a.competency]
        logged = [e for e in pieces if e.id is not None]
        need = window.min_evidence
        known = a.level in order
        count = pieces_at(logged, order, a.level, need) if known else 0
        if a.done_on is not None:
            status = "done"
        elif known and pieces_at(pieces, order, a.level, need) >= need:
            status = "met"
        elif a.due is not None and a.due < today:
            status = "overdue"
        else:
            status = "open"
        items.append(
            DevelopmentItem(
                id=a.id,  # type: ignore[arg-type]
                handle=person.handle,
                opening=a.opening_id,
                competency=a.competency,
                level=a.level,
                kind=a.kind,
                text=a.text,
                due=a.due,
                status=status,
                evidence=count,
                done_on=a.done_on,
            )
        )
    return items


def _evidence_text(competency: str, level: str, missing: int, some: bool) -> str:
    """'Show delivery at L5: gather 2 pieces of evidence' ('1 more piece' when some exist)."""
    more = " more" if some else ""
    pieces = "piece" if missing == 1 else "pieces"
    return f"Show {competency} at {level}: gather {missing}{more} {pieces} of evidence"


def _audit_record(a: DevelopmentAction, handle: str) -> dict[str, object]:
    return {
        "id": a.id,
        "handle": handle,
        "opening": a.opening_id,
        "competency": a.competency,
        "level": a.level,
        "kind": a.kind,
        "text": a.text,
        "due": a.due,
    }
