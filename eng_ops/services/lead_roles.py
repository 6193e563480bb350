"""Lead roles: who leads which team or project, for which term, with what goal and direction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.ids import require_by_id
from eng_ops.services.people import get_person, get_team
from eng_ops.store.models import LeadRole, Person, Team


@dataclass(frozen=True)
class LeadRoleRecord:
    """One lead role as the commands show it."""

    id: int
    handle: str
    team: str | None
    project: str | None
    start: date
    end: date | None
    goal: str | None  # what the lead is there to achieve
    direction: str | None  # the technical direction agreed for the term


@dataclass(frozen=True)
class LeadRoleRow(LeadRoleRecord):
    """A lead role in a listing: days left in its term (None when open-ended)."""

    days_left: int | None


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def roles_of(session: Session, person_id: int) -> list[LeadRole]:
    return list(session.exec(select(LeadRole).where(LeadRole.person_id == person_id)).all())


def assign(
    session: Session,
    handle: str,
    *,
    team: str | None,
    project: str | None,
    start: date,
    end: date | None,
    allow_overlap: bool = False,
    goal: str | None = None,
    direction: str | None = None,
) -> LeadRoleRecord:
    """Make someone a lead of a team or a named project for a term.

    A goal or direction that is missing or placeholder text is accepted: `audit projects`
    lists it (see eng_ops.services.placeholders).
    """
    if project is not None and not project.strip():
        raise InvalidInput("--project: needs a name")
    if bool(team) == bool(project):
        raise InvalidInput("give --team or --project NAME (one of them)")
    if end is not None and end < start:
        raise InvalidInput(f"--to: {end.isoformat()} is before --from {start.isoformat()}")
    person = get_person(session, handle)
    if person.left and person.left <= start:
        raise InvalidInput(f"{handle} left on {person.left.isoformat()}")
    team_row = get_team(session, team) if team else None
    clashes = [r for r in roles_of(session, person.id) if _overlaps(start, end, r.start, r.end)]  # type: ignore[arg-type]
    if clashes and not allow_overlap:
        what = ", ".join(_label(session, r) for r in clashes)
        raise InvalidInput(
            f"{handle} already leads {what} in that term (end it first, or --allow-overlap)"
        )
    role = LeadRole(
        person_id=person.id,  # type: ignore[arg-type]
        team_id=team_row.id if team_row else None,
        project=project.strip() if project else None,
        start=start,
        end=end,
        goal=_text(goal),
        direction=_text(direction),
        created_at=datetime.now(UTC),
    )
    session.add(role)
    session.flush()
    record = _record(role, handle, team)
    audit.record(session, "create", "lead_role", str(role.id), None, asdict(record))
    return record


def _text(value: str | None) -> str | None:
    """Stored text: trimmed, None when blank."""
    return (value or "").strip() or None


def edit_role(
    session: Session, role_id: int, *, goal: str | None = None, direction: str | None = None
) -> LeadRoleRecord:
    """Write a lead role's goal and/or direction (given fields only; a blank one clears it)."""
    if goal is None and direction is None:
        raise InvalidInput("nothing to change: give a goal or a direction")
    role = _get_role(session, role_id)
    handle, team_key = _names(session, role)
    before = _record(role, handle, team_key)
    if goal is not None:
        role.goal = _text(goal)
    if direction is not None:
        role.direction = _text(direction)
    session.add(role)
    after = _record(role, handle, team_key)
    audit.record(session, "update", "lead_role", str(role_id), asdict(before), asdict(after))
    return after


def _get_role(session: Session, role_id: int) -> LeadRole:
    return require_by_id(
        session,
        LeadRole,
        role_id,
        f"no lead role #{role_id} (see: eng-ops lead role list --all)",
    )


def _names(session: Session, role: LeadRole) -> tuple[str, str | None]:
    """The role holder's handle and the team's key (None for a project)."""
    handle = session.exec(select(Person.handle).where(Person.id == role.person_id)).one()
    team_key = (
        session.exec(select(Team.key).where(Team.id == role.team_id)).one()
        if role.team_id
        else None
    )
    return handle, team_key


def _label(session: Session, role: LeadRole) -> str:
    if role.team_id is not None:
        key = session.exec(select(Team.key).where(Team.id == role.team_id)).one()
        return f"team {key}"
    return f"project '{role.project}'"


def _record(role: LeadRole, handle: str, team: str | None) -> LeadRoleRecord:
    return LeadRoleRecord(
        id=role.id,  # type: ignore[arg-type]
        handle=handle,
        team=team,
        project=role.project,
        start=role.start,
        end=role.end,
        goal=role.goal,
        direction=role.direction,
    )


def list_roles(
    session: Session, *, on: date | None = None, include_past: bool = False
) -> list[LeadRoleRow]:
    """Lead roles active on a date (default today), or all with include_past."""
    on = on or clock.today()
    team = aliased(Team)
    query = (
        select(LeadRole, Person.handle, team.key)
        .join(Person, col(Person.id) == col(LeadRole.person_id))
        .outerjoin(team, col(team.id) == col(LeadRole.team_id))
        .order_by(LeadRole.start, LeadRole.id)
    )
    if not include_past:
        query = query.where(
            LeadRole.start <= on, (col(LeadRole.end).is_(None)) | (col(LeadRole.end) >= on)
        )
    return [
        LeadRoleRow(
            **asdict(_record(role, handle, team_key)),
            days_left=(role.end - on).days if role.end else None,
        )
        for role, handle, team_key in session.exec(query).all()
    ]


def end_role(session: Session, role_id: int, on: date) -> LeadRoleRecord:
    role = _get_role(session, role_id)
    if on < role.start:
        raise InvalidInput(f"--on: {on.isoformat()} is before the role began ({role.start})")
    if role.end is not None and on > role.end:
        raise InvalidInput(
            f"lead role #{role_id} already ends on {role.end.isoformat()}; "
            "`lead role end` only brings the end forward"
        )
    handle, team_key = _names(session, role)
    before = _record(role, handle, team_key)
    role.end = on
    session.add(role)
    after = _record(role, handle, team_key)
    audit.record(session, "update", "lead_role", str(role_id), asdict(before), asdict(after))
    return after
