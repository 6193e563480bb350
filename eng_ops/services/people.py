"""People: listing, showing, adding, editing, leaving. Set-based queries only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, NotFound
from eng_ops.services import audit
from eng_ops.services.ladder import check_known_level
from eng_ops.services.org_spec import (
    check_date,
    check_email,
    check_handle,
    check_specialties,
    check_track,
    find_cycle,
    optional_text,
)
from eng_ops.store.models import Person, Team

PERSON_COLUMNS = (
    "handle",
    "name",
    "email",
    "team",
    "manager",
    "level",
    "track",
    "title",
    "specialties",
    "started",
    "left",
)


def active(person=Person, on: date | None = None):  # type: ignore[no-untyped-def]
    """SQL condition: the person has not left by `on` (default today)."""
    cutoff = on or clock.today()
    return col(person.left).is_(None) | (col(person.left) > cutoff)


def person_record(person: Person, team_key: str | None, manager_handle: str | None) -> dict:
    """A person as a plain dict in the stable column order (also the audit snapshot)."""
    return {
        "handle": person.handle,
        "name": person.name,
        "email": person.email,
        "team": team_key,
        "manager": manager_handle,
        "level": person.level,
        "track": person.track,
        "title": person.title,
        "specialties": list(person.specialties or []),
        "started": person.started,
        "left": person.left,
    }


def _records_query():  # type: ignore[no-untyped-def]
    manager = aliased(Person)
    return (
        select(Person, Team.key, manager.handle)
        .outerjoin(Team, col(Person.team_id) == col(Team.id))
        .outerjoin(manager, col(Person.manager_id) == col(manager.id))
    )


def list_people(
    session: Session,
    *,
    team: str | None = None,
    manager: str | None = None,
    level: str | None = None,
    include_left: bool = False,
    on: date | None = None,
) -> list[dict]:
    """People as records, sorted by handle. Leavers are hidden unless include_left."""
    query = _records_query()
    if team:
        team_row = get_team(session, team)
        query = query.where(Person.team_id == team_row.id)
    if manager:
        boss = get_person(session, manager)
        query = query.where(Person.manager_id == boss.id)
    if level:
        query = query.where(Person.level == level)
    if not include_left:
        query = query.where(active(Person, on))
    query = query.order_by(Person.handle)
    return [person_record(p, t, m) for p, t, m in session.exec(query)]


def get_person(session: Session, handle: str) -> Person:
    person = session.exec(select(Person).where(Person.handle == handle)).first()
    if person is None:
        raise NotFound(f"unknown person '{handle}'{did_you_mean(session, handle)}")
    return person


def did_you_mean(session: Session, handle: str) -> str:
    """' (did you mean 'ben'?)' for the closest handles, or ''."""
    from eng_ops.text import did_you_mean as close_matches

    return close_matches(handle, list(session.exec(select(Person.handle)).all()))


def get_team(session: Session, key: str) -> Team:
    team = session.exec(select(Team).where(Team.key == key)).first()
    if team is None:
        raise NotFound(f"unknown team '{key}'")
    return team


def record_of(session: Session, person: Person) -> dict:
    row = session.exec(_records_query().where(Person.id == person.id)).one()
    return person_record(*row)


@dataclass(frozen=True)
class PersonDetail:
    record: dict
    reports: list[str]
    chain: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {**self.record, "reports": self.reports, "reporting_chain": self.chain}


def show_person(session: Session, handle: str) -> PersonDetail:
    person = get_person(session, handle)
    reports = session.exec(
        select(Person.handle)
        .where(Person.manager_id == person.id, active())
        .order_by(Person.handle)
    ).all()
    return PersonDetail(
        record_of(session, person), list(reports), management_chain(session, person)
    )


def management_chain(session: Session, person: Person) -> list[str]:
    """Handles from the person's manager up to the top (one query for the whole map)."""
    parents = dict(session.exec(select(Person.id, Person.manager_id)).all())
    handles = dict(session.exec(select(Person.id, Person.handle)).all())
    chain: list[str] = []
    node = parents.get(person.id)
    while node is not None and handles[node] not in chain:
        chain.append(handles[node])
        node = parents.get(node)
    return chain


def _check_manager(session: Session, person: Person | None, manager_handle: str) -> Person:
    manager = get_person(session, manager_handle)
    if person is not None:
        if manager.id == person.id:
            raise InvalidInput(f"manager: {person.handle} cannot manage themselves")
        parents = {
            str(pid): (str(mid) if mid is not None else None)
            for pid, mid in session.exec(select(Person.id, Person.manager_id)).all()
        }
        parents[str(person.id)] = str(manager.id)
        if find_cycle(parents):
            raise InvalidInput(
                f"manager: {manager.handle} reports (directly or not) to {person.handle}; "
                "that would make a management cycle"
            )
    return manager


def add_person(
    session: Session,
    *,
    handle: str,
    name: str,
    email: str | None = None,
    team: str | None = None,
    manager: str | None = None,
    level: str | None = None,
    track: str = "ic",
    title: str | None = None,
    specialties: list[str] | None = None,
    started: date | None = None,
) -> dict:
    handle = check_handle(handle)
    if session.exec(select(Person.id).where(Person.handle == handle)).first() is not None:
        raise InvalidInput(f"handle: '{handle}' already exists")
    person = Person(
        handle=handle,
        name=optional_text(name, "name") or "",
        email=check_email(email),
        level=check_known_level(session, optional_text(level, "level", 16)),
        track=check_track(track),
        title=optional_text(title, "title"),
        specialties=check_specialties(specialties or []),
        started=check_date(started, "started"),
    )
    if not person.name:
        raise InvalidInput("name: must not be empty")
    if team:
        person.team_id = get_team(session, team).id
    if manager:
        person.manager_id = _check_manager(session, None, manager).id
    session.add(person)
    session.flush()
    after = record_of(session, person)
    audit.record(session, "create", "person", handle, None, after)
    return after


_UNSET: Any = object()


def edit_person(session: Session, handle: str, **changes: Any) -> dict:
    """Change the given fields; a value of None clears an optional field."""
    return update_person(session, handle, **changes).record


@dataclass(frozen=True)
class PersonUpdate:
    record: dict
    changed: list[str]  # the fields whose value changed, in column order


def update_person(session: Session, handle: str, **changes: Any) -> PersonUpdate:
    """edit_person, also saying which fields really changed (none: nothing is recorded)."""
    person = get_person(session, handle)
    before = record_of(session, person)
    checks = {
        "name": lambda v: optional_text(v, "name") or _empty("name"),
        "email": check_email,
        "level": lambda v: check_known_level(
            session, optional_text(v, "level", 16), current=person.level
        ),
        "track": check_track,
        "title": lambda v: optional_text(v, "title"),
        "specialties": check_specialties,
        "started": lambda v: check_date(v, "started"),
        "left": lambda v: check_date(v, "left"),
    }
    for key, value in changes.items():
        if key == "team":
            person.team_id = get_team(session, value).id if value else None
        elif key == "manager":
            person.manager_id = _check_manager(session, person, value).id if value else None
        elif key in checks:
            setattr(person, key, checks[key](value))
        else:
            raise InvalidInput(f"cannot edit field '{key}'")
    session.add(person)
    session.flush()
    after = record_of(session, person)
    audit.record(session, "update", "person", handle, before, after)
    return PersonUpdate(after, [k for k in after if after[k] != before.get(k)])


def _empty(what: str) -> str:
    raise InvalidInput(f"{what}: must not be empty")


def check_leave(session: Session, handle: str, on: date) -> Person:
    """The person, if they can be recorded as leaving on `on` (nothing is written)."""
    person = get_person(session, handle)
    previous = person.left
    if previous is not None and previous <= clock.today():
        raise InvalidInput(f"{handle} already left on {previous.isoformat()}")
    if previous == on:
        raise InvalidInput(
            f"{handle} will leave on {on.isoformat()} already (another --on date moves it)"
        )
    if person.started and on < person.started:
        raise InvalidInput(f"--on: {on.isoformat()} is before {handle} started")
    return person


def leave_person(session: Session, handle: str, on: date) -> tuple[dict, list[str], date | None]:
    """Record that someone leaves (or move a leaving date that is still ahead).

    Returns the record, their active direct reports and the leaving date it replaced.
    """
    person = check_leave(session, handle, on)
    previous = person.left
    after = edit_person(session, handle, left=on)
    reports = session.exec(
        select(Person.handle)
        .where(Person.manager_id == person.id, active())
        .order_by(Person.handle)
    ).all()
    return after, list(reports), previous


def headcount(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Person).where(active())).one()


def require_actor(session: Session, handle: str) -> None:
    """A named actor must be a person of the org: a write is never made as a name nobody
    has (the file's owner writes by naming nobody)."""
    if session.exec(select(Person.id).where(Person.handle == handle)).first() is not None:
        return
    if session.exec(select(Person.id).limit(1)).first() is not None:  # an empty org bootstraps
        raise InvalidInput(
            f"'{handle}' (--as, ENG_OPS_USER or the config user) is not a person in this org: "
            "changes are made as a person, or with no one named, as the file's owner"
        )
