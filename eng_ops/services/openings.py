"""Lead openings: adverts, applications, nominations, eligibility, decisions, pipeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, NotFound
from eng_ops.services import audit
from eng_ops.services.ids import get_by_id
from eng_ops.services.ladder import check_level, get_competency, levels
from eng_ops.services.limits import ROTATION_WEEKS, SEATS, TERM_DAYS
from eng_ops.services.people import active, get_person, get_team
from eng_ops.services.readiness import readiness
from eng_ops.store.models import Application, LeadRole, Opening, Person, Team
from eng_ops.text import plural

AT_RISK_DAYS = 14  # extend the deadline when this close and not on track


def parse_requires(session: Session, items: list[str]) -> dict[str, str]:
    required = {}
    for item in items:
        key, sep, level = item.partition(":")
        if not sep:
            raise InvalidInput(f"--requires: '{item}' should look like COMPETENCY:LEVEL")
        get_competency(session, key.strip())
        checked = check_level(session, level.strip(), "--requires")
        if key.strip() in required:
            raise InvalidInput(f"--requires: '{key.strip()}' is given twice")
        required[key.strip()] = checked
    if not required:
        raise InvalidInput("--requires: name at least one COMPETENCY:LEVEL")
    return required


def _record(o: Opening, team: str | None) -> dict:
    return {
        "id": o.id,
        "title": o.title,
        "team": team,
        "seats": o.seats,
        "term_days": o.term_days,
        "requires": o.requires,
        "min_level": o.min_level,
        "closes": o.closes,
        "description": o.description,
        "status": o.status,
    }


def add_opening(
    session: Session,
    *,
    title: str,
    team: str | None,
    seats: int,
    term_days: int,
    requires: list[str],
    closes: date,
    description: str | None = None,
    min_level: str | None = None,
) -> dict:
    if not (title or "").strip():
        raise InvalidInput("--title: must not be empty")
    SEATS.check(seats, "--seats")
    TERM_DAYS.check(term_days, "--term")
    if closes < clock.today():
        raise InvalidInput(f"--closes: {closes.isoformat()} is in the past")
    team_row = get_team(session, team) if team else None
    opening = Opening(
        title=title.strip(),
        team_id=team_row.id if team_row else None,
        seats=seats,
        term_days=term_days,
        requires=parse_requires(session, requires),
        min_level=check_level(session, min_level, "--min-level") if min_level else None,
        closes=closes,
        description=(description or "").strip() or None,
        created_at=datetime.now(UTC),
    )
    session.add(opening)
    session.flush()
    record = _record(opening, team)
    audit.record(session, "create", "opening", str(opening.id), None, record)
    return record


def get_opening(session: Session, opening_id: int) -> tuple[Opening, str | None]:
    opening = get_by_id(session, Opening, opening_id)
    if opening is None:
        raise NotFound(f"no opening #{opening_id} (see: eng-ops lead opening list)")
    team = session.exec(select(Team.key).where(Team.id == opening.team_id)).first()
    return opening, team


def list_openings(session: Session, include_closed: bool = False) -> list[dict]:
    query = select(Opening, Team.key).outerjoin(Team, Team.id == Opening.team_id)  # type: ignore[arg-type]
    if not include_closed:
        query = query.where(Opening.status == "open")
    counts: dict[int, int] = {}
    for opening_id, status in session.exec(
        select(Application.opening_id, Application.status)
    ).all():
        if status != "withdrawn":
            counts[opening_id] = counts.get(opening_id, 0) + 1
    rows = []
    for opening, team in session.exec(query.order_by(Opening.closes, Opening.id)).all():
        rows.append({**_record(opening, team), "candidates": counts.get(opening.id, 0)})  # type: ignore[arg-type]
    return rows


def term(opening: Opening) -> tuple[date, date]:
    """The lead term starts the day after the opening closes."""
    start = opening.closes + timedelta(days=1)
    return start, start + timedelta(days=opening.term_days - 1)  # the end is the last day


# --- candidates ------------------------------------------------------------------------------


def _application(session: Session, opening: Opening, person: Person) -> Application | None:
    return session.exec(
        select(Application).where(
            Application.opening_id == opening.id, Application.person_id == person.id
        )
    ).first()


def _require_open(opening: Opening) -> None:
    if opening.status != "open":
        raise InvalidInput(f"opening #{opening.id} is {opening.status}")


def apply(session: Session, opening_id: int, handle: str, statement: str | None) -> dict:
    opening, _ = get_opening(session, opening_id)
    _require_open(opening)
    person = get_person(session, handle)
    existing = _application(session, opening, person)
    if existing is not None and existing.status != "withdrawn":
        how = "applied" if existing.kind == "applied" else "been nominated"
        raise InvalidInput(f"{handle} has already {how} for opening #{opening_id}")
    app = existing or Application(
        opening_id=opening.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        kind="applied",
        created_at=datetime.now(UTC),
    )
    app.kind, app.status, app.statement = "applied", "active", (statement or "").strip() or None
    session.add(app)
    session.flush()
    audit.record(
        session,
        "create",
        "application",
        f"{opening_id}/{handle}",
        None,
        {"opening": opening_id, "handle": handle, "kind": "applied"},
    )
    return candidate_status(session, opening, person)


def nominate(session: Session, opening_id: int, handle: str, by: str, reason: str) -> dict:
    opening, _ = get_opening(session, opening_id)
    _require_open(opening)
    person = get_person(session, handle)
    get_person(session, by)
    if not (reason or "").strip():
        raise InvalidInput("--reason: say why you put them forward")
    if by == handle:
        raise InvalidInput(
            "to put yourself forward, apply: eng-ops lead opening apply OPENING HANDLE"
        )
    existing = _application(session, opening, person)
    if existing is not None and existing.status != "withdrawn":
        raise InvalidInput(f"{handle} is already a candidate for opening #{opening_id}")
    app = existing or Application(
        opening_id=opening.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        kind="nominated",
        created_at=datetime.now(UTC),
    )
    app.kind, app.status, app.nominated_by, app.reason = "nominated", "active", by, reason.strip()
    app.response = None
    session.add(app)
    session.flush()
    audit.record(
        session,
        "create",
        "nomination",
        f"{opening_id}/{handle}",
        None,
        {"opening": opening_id, "handle": handle, "by": by},
    )
    return candidate_status(session, opening, person)


def _candidate(
    session: Session, opening_id: int, handle: str
) -> tuple[Opening, Person, Application]:
    opening, _ = get_opening(session, opening_id)
    person = get_person(session, handle)
    app = _application(session, opening, person)
    if app is None or app.status == "withdrawn":
        raise InvalidInput(f"{handle} has not applied or been nominated for opening #{opening_id}")
    return opening, person, app


def respond(
    session: Session, opening_id: int, handle: str, accept: bool, reason: str | None
) -> dict:
    opening, person, app = _candidate(session, opening_id, handle)
    if app.kind != "nominated":
        raise InvalidInput(f"{handle} applied; only nominations take a response")
    before = {"response": app.response}
    app.response = "accepted" if accept else "declined"
    app.response_reason = (reason or "").strip() or None
    session.add(app)
    audit.record(
        session,
        "update",
        "nomination",
        f"{opening_id}/{handle}",
        before,
        {"response": app.response, "reason": app.response_reason},
    )
    return candidate_status(session, opening, person)


def withdraw(session: Session, opening_id: int, handle: str) -> None:
    _, _, app = _candidate(session, opening_id, handle)
    if app.status != "active":
        raise InvalidInput(f"{handle}'s candidacy is already {app.status}")
    app.status = "withdrawn"
    session.add(app)
    audit.record(
        session,
        "update",
        "application",
        f"{opening_id}/{handle}",
        {"status": "active"},
        {"status": "withdrawn"},
    )


def decide(
    session: Session, opening_id: int, handle: str, select_: bool, rationale: str
) -> tuple[dict, list[str]]:
    opening, person, app = _candidate(session, opening_id, handle)
    _require_open(opening)
    if not (rationale or "").strip():
        raise InvalidInput("--rationale: say why (it is kept with the decision)")
    if app.status != "active":
        raise InvalidInput(f"{handle}'s candidacy is already {app.status}")
    if app.kind == "nominated" and app.response != "accepted":
        raise InvalidInput(f"{handle} has not accepted the nomination yet")
    status = candidate_status(session, opening, person)
    warnings = []
    if select_ and not status["eligible"]:
        raise InvalidInput(f"{handle} is not eligible: {'; '.join(status['issues'])}")
    if select_ and status["readiness"] != "ready":
        warnings.append(
            f"{handle} is {status['readiness']} for this opening; pair them with a mentor"
        )
    app.status = "selected" if select_ else "rejected"
    app.rationale = rationale.strip()
    app.decided_by = audit.actor_of(session)
    app.decided_on = clock.today()
    session.add(app)
    audit.record(
        session,
        "decide",
        "application",
        f"{opening_id}/{handle}",
        {"status": "active"},
        {"status": app.status, "rationale": app.rationale},
    )
    if select_:
        start, end = term(opening)
        session.add(
            LeadRole(
                person_id=person.id,
                team_id=opening.team_id,  # type: ignore[arg-type]
                project=None if opening.team_id else opening.title,
                start=start,
                end=end,
                created_at=datetime.now(UTC),
            )
        )
        selected = len(
            session.exec(
                select(Application.id).where(
                    Application.opening_id == opening.id, Application.status == "selected"
                )
            ).all()
        )
        if selected >= opening.seats:
            opening.status = "filled"
            session.add(opening)
            warnings.append(f"opening #{opening_id} is now filled")
    return {"opening": opening_id, "handle": handle, "status": app.status}, warnings


# --- eligibility and readiness ---------------------------------------------------------------


def candidate_status(
    session: Session, opening: Opening, person: Person, today: date | None = None
) -> dict:
    """Eligibility (left, level, conflicting lead role) and readiness for one person."""
    today = today or clock.today()
    order = levels(session)
    start, end = term(opening)
    issues, conflicts = [], []
    if person.left is not None and person.left <= start:
        issues.append(f"leaves on {person.left.isoformat()}")
    if (
        opening.min_level
        and person.level in order
        and order.index(person.level) < order.index(opening.min_level)
    ):
        issues.append(f"level {person.level or 'unknown'} is below {opening.min_level}")
    for role in session.exec(select(LeadRole).where(LeadRole.person_id == person.id)).all():
        if (role.end is None or role.end >= start) and role.start <= end:
            what = (
                f"team {session.exec(select(Team.key).where(Team.id == role.team_id)).one()}"
                if role.team_id
                else f"project '{role.project}'"
            )
            until = f" until {role.end.isoformat()}" if role.end else " with no end date"
            conflicts.append(f"already leads {what}{until}")
    result = readiness(
        session,
        person.handle,
        opening.requires,
        target=opening.title,
        today=today,
    )
    return {
        "handle": person.handle,
        "eligible": not issues and not conflicts,
        "issues": issues + conflicts,
        "conflicts": conflicts,
        "readiness": result["overall"],
        "gaps": {r["competency"]: r["gap"] for r in result["competencies"] if r["gap"]},
    }


def candidates(session: Session, opening: Opening) -> list[dict]:
    rows = []
    for app, person in session.exec(
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .where(Application.opening_id == opening.id)
        .order_by(Application.id)
    ).all():
        status = candidate_status(session, opening, person)
        rows.append(
            {
                **status,
                "kind": app.kind,
                "status": app.status,
                "nominated_by": app.nominated_by,
                "response": app.response,
                "response_reason": app.response_reason,
                "team": None,
                "level": person.level,
            }
        )
    return rows


def show_opening(session: Session, opening_id: int) -> dict:
    opening, team = get_opening(session, opening_id)
    start, end = term(opening)
    return {
        **_record(opening, team),
        "term_start": start,
        "term_end": end,
        "candidates": candidates(session, opening),
    }


# --- pipeline --------------------------------------------------------------------------------


def _counts_as_applicant(row: dict) -> bool:
    return row["status"] == "active" and (row["kind"] == "applied" or row["response"] == "accepted")


def pipeline(
    session: Session, opening_id: int | None = None, today: date | None = None
) -> list[dict]:
    """Per open opening: seats, applicants, eligible, ready, stretch, conflicts, risk, actions."""
    today = today or clock.today()
    if opening_id is not None:
        openings = [get_opening(session, opening_id)[0]]
    else:
        openings = list(
            session.exec(
                select(Opening).where(Opening.status == "open").order_by(Opening.closes, Opening.id)
            ).all()
        )
    return [_pipeline_row(session, o, today) for o in openings]


def _pipeline_row(session: Session, opening: Opening, today: date) -> dict[str, Any]:
    rows = candidates(session, opening)
    selected = sum(1 for r in rows if r["status"] == "selected")
    open_seats = max(opening.seats - selected, 0)
    applicants = [r for r in rows if _counts_as_applicant(r)]
    eligible = [r for r in applicants if r["eligible"]]
    ready = [r for r in eligible if r["readiness"] == "ready"]
    stretch = [r for r in eligible if r["readiness"] == "stretch"]
    in_conflict = [r for r in applicants if r["conflicts"]]
    # rescuable: only the conflict stands between them and the seat (no other issue, ready
    # or one step short)
    conflicted = [
        r
        for r in in_conflict
        if all(i in r["conflicts"] for i in r["issues"]) and r["readiness"] in ("ready", "stretch")
    ]
    days_left = (opening.closes - today).days
    if len(ready) >= open_seats:
        risk = "ok"
    elif len(ready) + len(stretch) + len(conflicted) >= open_seats:
        risk = "at-risk"
    else:
        risk = "will-not-fill"
    actions: list[dict] = []
    if risk != "ok":
        missing = open_seats - len(ready)
        for suggestion in _nominees(session, opening, {r["handle"] for r in rows})[: missing * 2]:
            actions.append({"kind": "nominate", **suggestion})
        for r in stretch:
            actions.append(
                {
                    "kind": "accept-stretch",
                    "handle": r["handle"],
                    "reason": f"one level short on {', '.join(r['gaps'])}: pair with a "
                    "mentor and offer a shorter term",
                }
            )
        start, _ = term(opening)
        for r in conflicted:
            actions.append(
                {
                    "kind": "resolve-conflict",
                    "handle": r["handle"],
                    "reason": f"{'; '.join(r['conflicts'])}: hand over by "
                    f"{start.isoformat()}, co-lead, or decline",
                }
            )
        still = missing - len(stretch) - len(conflicted)
        if still > 0:
            actions.append(
                {
                    "kind": "convert-to-rotation",
                    "seats": still,
                    "reason": f"turn {plural(still, 'unfilled seat')} into time-boxed lead "
                    "rotations",
                }
            )
        if days_left <= AT_RISK_DAYS:
            actions.append(
                {"kind": "extend-deadline", "reason": f"closes in {plural(days_left, 'day')}"}
            )
    return {
        "opening": opening.id,
        "title": opening.title,
        "seats": opening.seats,
        "open_seats": open_seats,
        "applicants": len(applicants),
        "eligible": len(eligible),
        "ready": len(ready),
        "stretch": len(stretch),
        "conflicts": len(in_conflict),
        "days_left": days_left,
        "risk": risk,
        "actions": actions,
    }


def _nominees(session: Session, opening: Opening, taken: set[str]) -> list[dict]:
    """Eligible people who have not applied, most ready first."""
    found = []
    for person in session.exec(select(Person).where(active()).order_by(Person.handle)).all():
        if person.handle in taken:
            continue
        status = candidate_status(session, opening, person)
        if not status["eligible"] or status["readiness"] == "not-ready":
            continue
        found.append(
            (
                status["readiness"] != "ready",
                sum(status["gaps"].values()),
                person.handle,
                {"handle": person.handle, "reason": f"{status['readiness']} and has not applied"},
            )
        )
    return [item[-1] for item in sorted(found, key=lambda t: t[:3])]


def openness(session: Session) -> dict:
    """Who applied and who was nominated, by team and level; declined nominations."""
    rows = session.exec(
        select(Application, Person.handle, Person.level, Team.key)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .outerjoin(Team, Team.id == Person.team_id)  # type: ignore[arg-type]
    ).all()
    by_group: dict[tuple[str, str], dict] = {}
    population = session.exec(
        select(Person.level, Team.key)
        .outerjoin(Team, Team.id == Person.team_id)  # type: ignore[arg-type]
        .where(active())
    ).all()
    for level, team_key in population:
        g = by_group.setdefault(
            (team_key or "-", level or "-"),
            {"team": team_key, "level": level, "people": 0, "applied": 0, "nominated": 0},
        )
        g["people"] += 1
    declined = []
    for app, handle, level, team_key in rows:
        g = by_group.setdefault(
            (team_key or "-", level or "-"),
            {"team": team_key, "level": level, "people": 0, "applied": 0, "nominated": 0},
        )
        g[app.kind] += 1
        if app.response == "declined":
            declined.append(
                {"handle": handle, "opening": app.opening_id, "reason": app.response_reason}
            )
    return {
        "groups": [by_group[k] for k in sorted(by_group)],
        "by_tenure": _by_tenure(session, rows),
        "declined": declined,
    }


TENURE_BANDS = ((365, "under 1 year"), (3 * 365, "1-3 years"), (None, "3+ years"))


def _tenure_band(started: date | None, today: date) -> str:
    if started is None:
        return "unknown"
    days = (today - started).days
    return next(label for limit, label in TENURE_BANDS if limit is None or days < limit)


def _by_tenure(session: Session, rows: list) -> list[dict]:
    """Applied/nominated against everyone, by time in the org."""
    today = clock.today()
    bands: dict[str, dict] = {}
    order = [label for _, label in TENURE_BANDS] + ["unknown"]
    for started in session.exec(select(Person.started).where(active())).all():
        band = _tenure_band(started, today)
        bands.setdefault(band, {"tenure": band, "people": 0, "applied": 0, "nominated": 0})
        bands[band]["people"] += 1
    started_of = dict(session.exec(select(Person.handle, Person.started)).all())
    for app, handle, _level, _team in rows:
        band = _tenure_band(started_of.get(handle), today)
        bands.setdefault(band, {"tenure": band, "people": 0, "applied": 0, "nominated": 0})
        bands[band][app.kind] += 1
    return [bands[b] for b in order if b in bands]


def convert_to_rotations(session: Session, opening_id: int, weeks: int) -> list[dict]:
    """Turn an opening's unfilled seats into rotation projects targeting its competencies."""
    from eng_ops.services.rotations import add_rotation

    ROTATION_WEEKS.check(weeks, "--weeks")
    opening, team = get_opening(session, opening_id)
    _require_open(opening)
    selected = len(
        session.exec(
            select(Application.id).where(
                Application.opening_id == opening.id, Application.status == "selected"
            )
        ).all()
    )
    seats = opening.seats - selected
    if seats < 1:
        raise InvalidInput(f"opening #{opening_id} has no unfilled seats")
    start, _ = term(opening)
    created = [
        add_rotation(
            session,
            name=f"opening-{opening_id}-seat-{n}",
            goal=f"Lead for {weeks} weeks in place of an unfilled seat of '{opening.title}'",
            team=team,
            start=start,
            weeks=weeks,
            targets=list(opening.requires),
            direction=opening.description,
        )
        for n in range(selected + 1, opening.seats + 1)
    ]
    before = _record(opening, team)
    opening.status = "closed"
    session.add(opening)
    audit.record(
        session,
        "convert",
        "opening",
        str(opening_id),
        before,
        {**_record(opening, team), "rotations": [r["name"] for r in created]},
    )
    return created
