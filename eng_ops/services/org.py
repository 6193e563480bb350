"""Org import/export, the teams listing and the reporting-line tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.org_spec import OrgSpec, find_cycle
from eng_ops.services.people import active, list_people, person_record
from eng_ops.store.models import Person, Team


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: {"team": 0, "person": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"team": 0, "person": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"team": 0, "person": 0})

    def summary(self) -> str:
        parts = []
        for entity, label in (("team", "teams"), ("person", "people")):
            parts.append(
                f"{label}: {self.created[entity]} created, {self.updated[entity]} updated, "
                f"{self.unchanged[entity]} unchanged"
            )
        return "; ".join(parts)


def _team_record(team: Team, parent_key: str | None) -> dict:
    return {
        "key": team.key,
        "name": team.name,
        "parent": parent_key,
        "engineering": team.engineering,
    }


def import_org(session: Session, spec: OrgSpec) -> ImportResult:
    """Create or update the file's teams and people in the open transaction (all or nothing).

    Each listed team/person is set exactly as the file says; others are left alone.
    """
    teams = {t.key: t for t in session.exec(select(Team)).all()}
    team_keys_by_id = {t.id: k for k, t in teams.items()}
    people = {p.handle: p for p in session.exec(select(Person)).all()}
    handles_by_id = {p.id: h for h, p in people.items()}

    _check_references(spec, set(teams), set(people))
    _check_levels(session, spec, people)
    _check_cycles(spec, teams, team_keys_by_id, people, handles_by_id)

    result = ImportResult()
    trail: list[dict] = []
    before_teams = {
        t.key: _team_record(teams[t.key], team_keys_by_id.get(teams[t.key].parent_id))
        for t in spec.teams
        if t.key in teams
    }
    for t in spec.teams:
        row = teams.get(t.key) or Team(key=t.key, name=t.name)
        row.name, row.engineering = t.name, t.engineering
        teams[t.key] = row
        session.add(row)
    session.flush()
    for t in spec.teams:
        teams[t.key].parent_id = teams[t.parent].id if t.parent else None
    session.flush()
    for t in spec.teams:
        after = _team_record(teams[t.key], t.parent)
        _audit(session, result, trail, "team", t.key, before_teams.get(t.key), after)

    team_key_of = {t.id: k for k, t in teams.items()}
    before_people = {
        p.handle: person_record(
            people[p.handle],
            team_key_of.get(people[p.handle].team_id),
            handles_by_id.get(people[p.handle].manager_id),
        )
        for p in spec.people
        if p.handle in people
    }
    for p in spec.people:
        row = people.get(p.handle) or Person(handle=p.handle, name=p.name)
        row.name, row.email, row.level, row.track = p.name, p.email, p.level, p.track
        row.title, row.specialties, row.started, row.left = (
            p.title,
            p.specialties,
            p.started,
            p.left,
        )
        row.team_id = teams[p.team].id if p.team else None
        people[p.handle] = row
        session.add(row)
    session.flush()
    for p in spec.people:
        people[p.handle].manager_id = people[p.manager].id if p.manager else None
    session.flush()
    for p in spec.people:
        after = person_record(people[p.handle], p.team, p.manager)
        _audit(session, result, trail, "person", p.handle, before_people.get(p.handle), after)
    audit.write(session, trail)
    return result


def _audit(
    session: Session, result: ImportResult, trail: list, entity: str, key: str, before, after
) -> None:  # type: ignore[no-untyped-def]
    row = audit.entry(session, "update" if before else "create", entity, key, before, after)
    if row is None:
        result.unchanged[entity] += 1
        return
    trail.append(row)
    (result.updated if before else result.created)[entity] += 1


def _check_levels(session: Session, spec: OrgSpec, people: dict[str, Person]) -> None:
    """Once a ladder is imported, a new or changed level must be one of its levels."""
    from eng_ops.services.ladder import check_known_level, ladder_levels

    known = ladder_levels(session)
    if not known:
        return
    for i, p in enumerate(spec.people):
        current = people[p.handle].level if p.handle in people else None
        try:
            check_known_level(session, p.level, "level", current=current, known=known)
        except InvalidInput as exc:
            message = str(exc).removeprefix("level: ")
            raise spec.error(p.lines.get("level"), f"people[{i}].level", message) from None


def _check_references(spec: OrgSpec, db_teams: set[str], db_people: set[str]) -> None:
    known_teams = db_teams | {t.key for t in spec.teams}
    known_people = db_people | {p.handle for p in spec.people}
    for i, t in enumerate(spec.teams):
        if t.parent and t.parent not in known_teams:
            raise spec.error(
                t.lines.get("parent"), f"teams[{i}].parent", f"unknown team '{t.parent}'"
            )
        if t.parent == t.key:
            raise spec.error(
                t.lines.get("parent"), f"teams[{i}].parent", "a team cannot be its own parent"
            )
    for i, p in enumerate(spec.people):
        if p.team and p.team not in known_teams:
            raise spec.error(p.lines.get("team"), f"people[{i}].team", f"unknown team '{p.team}'")
        if p.manager and p.manager not in known_people:
            raise spec.error(
                p.lines.get("manager"), f"people[{i}].manager", f"unknown manager '{p.manager}'"
            )
        if p.manager == p.handle:
            raise spec.error(
                p.lines.get("manager"), f"people[{i}].manager", "a person cannot manage themselves"
            )
        if p.left and p.started and p.left < p.started:
            raise spec.error(p.lines.get("left"), f"people[{i}].left", "is before 'started'")


def _check_cycles(spec: OrgSpec, teams, team_keys_by_id, people, handles_by_id) -> None:  # type: ignore[no-untyped-def]
    team_parents = {k: team_keys_by_id.get(t.parent_id) for k, t in teams.items()}
    team_parents.update({t.key: t.parent for t in spec.teams})
    cycle = find_cycle(team_parents)
    if cycle:
        index, t = next((i, t) for i, t in enumerate(spec.teams) if t.key in cycle)
        raise spec.error(
            t.lines.get("parent"), f"teams[{index}].parent", "team cycle: " + " -> ".join(cycle)
        )
    managers = {h: handles_by_id.get(p.manager_id) for h, p in people.items()}
    managers.update({p.handle: p.manager for p in spec.people})
    cycle = find_cycle(managers)
    if cycle:
        index, p = next((i, p) for i, p in enumerate(spec.people) if p.handle in cycle)
        raise spec.error(
            p.lines.get("manager"),
            f"people[{index}].manager",
            "management cycle: " + " -> ".join(cycle),
        )


def export_org(session: Session) -> dict:
    """The whole org as a dict in the import format (re-imports to the same state)."""
    parent = aliased(Team)
    teams = []
    for team, parent_key in session.exec(
        select(Team, parent.key)
        .outerjoin(parent, col(Team.parent_id) == col(parent.id))
        .order_by(Team.key)
    ):
        entry: dict = {"key": team.key, "name": team.name}
        if parent_key:
            entry["parent"] = parent_key
        if not team.engineering:
            entry["engineering"] = False
        teams.append(entry)
    people = []
    for record in list_people(session, include_left=True):
        entry = {}
        for key, value in record.items():
            if value in (None, []):
                continue
            entry[key] = value.isoformat() if isinstance(value, date) else value
        people.append(entry)
    return {"teams": teams, "people": people}


def list_teams(session: Session) -> list[dict]:
    """Teams with parent, headcount (active people) and the managers on them."""
    parent = aliased(Team)
    counts = dict(
        session.exec(
            select(Person.team_id, func.count()).where(active()).group_by(Person.team_id)
        ).all()
    )
    managers: dict[int, list[str]] = {}
    for team_id, handle in session.exec(
        select(Person.team_id, Person.handle)
        .where(Person.track == "manager", active())
        .order_by(Person.handle)
    ):
        managers.setdefault(team_id, []).append(handle)
    rows = []
    for team, parent_key in session.exec(
        select(Team, parent.key)
        .outerjoin(parent, col(Team.parent_id) == col(parent.id))
        .order_by(Team.key)
    ):
        rows.append(
            {
                "key": team.key,
                "name": team.name,
                "parent": parent_key,
                "headcount": counts.get(team.id, 0),
                "managers": managers.get(team.id, []),
            }
        )
    return rows


@dataclass
class TreeNode:
    record: dict
    reports: list[TreeNode] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "handle": self.record["handle"],
            "name": self.record["name"],
            "title": self.record["title"],
            "team": self.record["team"],
            "level": self.record["level"],
            "reports": [r.as_dict() for r in self.reports],
        }


def org_tree(session: Session, root: str | None = None) -> list[TreeNode]:
    """Reporting lines as a forest: people with no (active) manager at the top."""
    records = list_people(session)
    nodes = {r["handle"]: TreeNode(r) for r in records}
    roots: list[TreeNode] = []
    for r in records:
        boss = r["manager"]
        if boss in nodes:
            nodes[boss].reports.append(nodes[r["handle"]])
        else:
            roots.append(nodes[r["handle"]])
    if root:
        from eng_ops.errors import InvalidInput
        from eng_ops.services.people import get_person

        person = get_person(session, root)
        if root not in nodes:
            raise InvalidInput(f"{root} left on {person.left}; the tree shows active people")
        return [nodes[root]]
    return roots
