"""Lead openings: adverts, applications, nominations, eligibility, decisions, lifecycle.

The pipeline and openness views are in `lead_pipeline`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.ids import require_by_id
from eng_ops.services.ladder import check_level, competencies, get_competency, levels
from eng_ops.services.limits import ROTATION_WEEKS, SEATS, TERM_DAYS
from eng_ops.services.people import get_person, get_team
from eng_ops.services.readiness import judge, recent_evidence
from eng_ops.services.settings import ReadinessSettings
from eng_ops.services.settings import current as current_settings
from eng_ops.store.models import (
    Application,
    Competency,
    Evidence,
    LeadRole,
    Opening,
    OpeningDecider,
    Person,
    Team,
)
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
        "ended_on": o.ended_on,
        "end_reason": o.end_reason,
    }


def _check_closes(closes: date, field: str = "--closes") -> date:
    if closes < clock.today():
        raise InvalidInput(f"{field}: {closes.isoformat()} is in the past")
    return closes


def _decider_people(session: Session, handles: list[str]) -> list[Person]:
    """The people named as deciders: each in the org and still here, none named twice."""
    people: list[Person] = []
    for handle in handles:
        person = get_person(session, handle.strip())
        if person.left is not None and person.left <= clock.today():
            raise InvalidInput(f"--decider: {person.handle} left on {person.left.isoformat()}")
        if any(p.id == person.id for p in people):
            raise InvalidInput(f"--decider: '{person.handle}' is given twice")
        people.append(person)
    return people


def deciders(session: Session, opening: Opening) -> list[str]:
    """Who may decide on an opening: whoever created it, then the deciders named for it.

    Only people of the org are listed: an opening added by the file's owner (no --as) is
    theirs to decide as the admin, and they are no person to name.
    """
    named = session.exec(
        select(Person.handle)
        .join(OpeningDecider, OpeningDecider.person_id == Person.id)  # type: ignore[arg-type]
        .where(OpeningDecider.opening_id == opening.id)
        .order_by(OpeningDecider.id)
    ).all()
    creator = opening.created_by
    is_person = creator is not None and (
        session.exec(select(Person.id).where(Person.handle == creator)).first() is not None
    )
    found = [creator] if creator and is_person else []
    return found + [h for h in named if h not in found]


def _require_decider(session: Session, opening: Opening, what: str = "decide") -> None:
    """The acting user must be a decider of the opening.

    Someone who is not a person of the org (the OS login of the database file's owner, acting
    without --as) acts as the admin and may decide. Real identities and admin roles come with
    a later issue; until then this is the one place that says who may decide.
    """
    actor = audit.actor_of(session)
    if session.exec(select(Person.id).where(Person.handle == actor)).first() is None:
        return  # the file's owner: the admin
    allowed = deciders(session, opening)
    if actor not in allowed:
        raise InvalidInput(
            f"only the deciders of opening #{opening.id} may {what} ({', '.join(allowed)})"
        )


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
    decider: list[str] | None = None,
) -> dict:
    """Open a lead position; whoever adds it and everyone in `decider` may decide on it."""
    if not (title or "").strip():
        raise InvalidInput("--title: must not be empty")
    SEATS.check(seats, "--seats")
    TERM_DAYS.check(term_days, "--term")
    _check_closes(closes)
    team_row = get_team(session, team) if team else None
    named = _decider_people(session, decider or [])
    opening = Opening(
        title=title.strip(),
        team_id=team_row.id if team_row else None,
        seats=seats,
        term_days=term_days,
        requires=parse_requires(session, requires),
        min_level=check_level(session, min_level, "--min-level") if min_level else None,
        closes=closes,
        description=(description or "").strip() or None,
        created_by=audit.actor_of(session),
        created_at=datetime.now(UTC),
    )
    session.add(opening)
    session.flush()
    for person in named:
        session.add(OpeningDecider(opening_id=opening.id, person_id=person.id))  # type: ignore[arg-type]
    session.flush()
    record = {**_record(opening, team), "deciders": deciders(session, opening)}
    audit.record(session, "create", "opening", str(opening.id), None, record)
    return record


def get_opening(session: Session, opening_id: int) -> tuple[Opening, str | None]:
    opening = require_by_id(
        session,
        Opening,
        opening_id,
        f"no opening #{opening_id} (see: eng-ops lead opening list)",
    )
    team = session.exec(select(Team.key).where(Team.id == opening.team_id)).first()
    return opening, team


@dataclass(frozen=True)
class OpeningSummary:
    """One opening in a listing: what it asks for, where it stands, how it ended."""

    id: int
    title: str
    team: str | None
    seats: int
    term_days: int
    requires: dict[str, str]
    min_level: str | None
    closes: date
    description: str | None
    status: str
    ended_on: date | None
    end_reason: str | None
    candidates: int


def _summaries(
    session: Session, openings: list[tuple[Opening, str | None]]
) -> list[OpeningSummary]:
    ids = [o.id for o, _ in openings]
    counts: dict[int, int] = {}
    if ids:
        for opening_id, status in session.exec(
            select(Application.opening_id, Application.status).where(
                col(Application.opening_id).in_(ids)
            )
        ).all():
            if status != "withdrawn":
                counts[opening_id] = counts.get(opening_id, 0) + 1
    return [
        OpeningSummary(**_record(o, team), candidates=counts.get(o.id, 0))  # type: ignore[arg-type]
        for o, team in openings
    ]


def list_openings(session: Session, include_closed: bool = False) -> list[OpeningSummary]:
    """Open openings by closing date; with include_closed also filled, closed and cancelled."""
    query = select(Opening, Team.key).outerjoin(Team, Team.id == Opening.team_id)  # type: ignore[arg-type]
    if not include_closed:
        query = query.where(Opening.status == "open")
    found = session.exec(query.order_by(Opening.closes, Opening.id)).all()
    return _summaries(session, [(o, team) for o, team in found])


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


@dataclass(frozen=True)
class Decision:
    """A decision on one candidate, what to tell the decider, and any development plan."""

    opening: int
    handle: str
    status: str
    warnings: list[str]
    plan: list[Any]  # development actions (eng_ops.services.development), with --develop


def _pending_nominees(session: Session, opening: Opening) -> list[str]:
    """Handles of nominees who have not answered yet, by handle."""
    return sorted(
        session.exec(
            select(Person.handle)
            .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
            .where(
                Application.opening_id == opening.id,
                Application.kind == "nominated",
                Application.status == "active",
                col(Application.response).is_(None),
            )
        ).all()
    )


def _selected_count(session: Session, opening: Opening) -> int:
    return len(
        session.exec(
            select(Application.id).where(
                Application.opening_id == opening.id, Application.status == "selected"
            )
        ).all()
    )


def _plan_for_rejection(session: Session, opening: Opening, person: Person) -> list[Any]:
    """The not-selected candidate's development plan (eng_ops.services.development)."""
    try:
        from eng_ops.services.development import plan_for_rejection
    except ModuleNotFoundError as exc:
        if exc.name != "eng_ops.services.development":
            raise
        raise InvalidInput("development plans are not available in this version") from None
    return list(plan_for_rejection(session, opening, person, decided_on=clock.today()))


def decide(
    session: Session,
    opening_id: int,
    handle: str,
    select_: bool,
    rationale: str,
    *,
    early: bool = False,
    develop: bool = False,
) -> Decision:
    """Select or reject a candidate; only the opening's deciders (or the admin) may.

    A selection needs an open opening and, before its closing date, `early` (it shuts the
    opening to people still planning to apply); a rejection may follow once it is filled.
    With `develop`, a rejection also records a development plan for the candidate.
    """
    opening, _ = get_opening(session, opening_id)
    _require_decider(session, opening)
    opening, person, app = _candidate(session, opening_id, handle)
    if select_ or opening.status != "filled":
        _require_open(opening)
    if develop and select_:
        raise InvalidInput("a development plan is for a candidate who is not selected")
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
    today = clock.today()
    if select_ and today < opening.closes:
        if not early:
            raise InvalidInput(
                f"opening #{opening_id} closes on {opening.closes.isoformat()}: selecting now "
                "shuts it to people still planning to apply; add --early to decide anyway"
            )
        days = (opening.closes - today).days
        pending = _pending_nominees(session, opening)
        unanswered = (
            f"; not yet answered a nomination: {', '.join(pending)}"
            if pending
            else "; every nomination is answered"
        )
        warnings.append(
            f"selected {plural(days, 'day')} before opening #{opening_id} closes "
            f"({opening.closes.isoformat()}){unanswered}"
        )
    if select_ and status["readiness"] != "ready":
        warnings.append(
            f"{handle} is {status['readiness']} for this opening; pair them with a mentor"
        )
    app.status = "selected" if select_ else "rejected"
    app.rationale = rationale.strip()
    app.decided_by = audit.actor_of(session)
    app.decided_on = today
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
                # The opening said what the lead is for; the role starts with it (audit
                # projects lists it if that was a placeholder too).
                goal=opening.title,
                direction=opening.description,
                created_at=datetime.now(UTC),
            )
        )
        session.flush()
        if _selected_count(session, opening) >= opening.seats:
            before = {"status": opening.status, "ended_on": opening.ended_on}
            opening.status, opening.ended_on = "filled", today
            session.add(opening)
            audit.record(
                session,
                "update",
                "opening",
                str(opening_id),
                before,
                {"status": opening.status, "ended_on": opening.ended_on},
            )
            warnings.append(f"opening #{opening_id} is now filled")
    plan = _plan_for_rejection(session, opening, person) if develop else []
    return Decision(opening_id, handle, app.status, warnings, plan)


# --- the lifecycle: edit, extend, cancel, close -----------------------------------------------


@dataclass(frozen=True)
class OpeningChange:
    """What an edit or an extension changed: `field: before -> after` lines, and notes."""

    opening: OpeningSummary
    changed: list[str]
    notes: list[str]


def _summary(session: Session, opening: Opening) -> OpeningSummary:
    team = session.exec(select(Team.key).where(Team.id == opening.team_id)).first()
    return _summaries(session, [(opening, team)])[0]


def _snapshot(session: Session, opening: Opening, team: str | None) -> dict[str, Any]:
    return {**_record(opening, team), "deciders": deciders(session, opening)}


def _shown(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """'seats: 4 -> 2' for each value given that changed (the status is told apart)."""
    return [
        f"{key}: {_shown(before[key])} -> {_shown(after[key])}"
        for key in after
        if before.get(key) != after[key] and key not in ("status", "ended_on", "end_reason")
    ]


def _term_notes(session: Session, opening: Opening) -> list[str]:
    """Leads already selected keep the term they were given when the dates move."""
    rows = session.exec(
        select(Person.handle)
        .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
        .where(Application.opening_id == opening.id, Application.status == "selected")
        .order_by(Person.handle)
    ).all()
    if not rows:
        return []
    start, end = term(opening)
    return [
        f"{', '.join(rows)} keep{'s' if len(rows) == 1 else ''} the lead term given when "
        f"selected; new selections lead from {start.isoformat()} to {end.isoformat()}"
    ]


def edit_opening(
    session: Session,
    opening_id: int,
    *,
    title: str | None = None,
    seats: int | None = None,
    term_days: int | None = None,
    closes: date | None = None,
    requires: list[str] | None = None,
    min_level: str | None = None,
    description: str | None = None,
    decider: list[str] | None = None,
) -> OpeningChange:
    """Change an open opening, each value checked as when it was added; `decider` adds some.

    Seats never go below the leads already selected (equal fills the opening).
    """
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "change it")
    _require_open(opening)
    before = _snapshot(session, opening, team)
    if title is not None:
        if not title.strip():
            raise InvalidInput("--title: must not be empty")
        opening.title = title.strip()
    selected = _selected_count(session, opening)
    if seats is not None:
        SEATS.check(seats, "--seats")
        if seats < selected:
            raise InvalidInput(
                f"--seats: opening #{opening_id} has {plural(selected, 'lead')} selected "
                f"already; seats cannot go below {selected}"
            )
        opening.seats = seats
    if term_days is not None:
        TERM_DAYS.check(term_days, "--term")
        opening.term_days = term_days
    if closes is not None:
        opening.closes = _check_closes(closes)
    if requires:
        opening.requires = parse_requires(session, requires)
    if min_level is not None:
        opening.min_level = check_level(session, min_level, "--min-level")
    if description is not None:
        opening.description = description.strip() or None
    current = set(before["deciders"])
    for person in _decider_people(session, decider or []):
        if person.handle in current:
            raise InvalidInput(f"--decider: {person.handle} already decides on #{opening_id}")
        session.add(OpeningDecider(opening_id=opening.id, person_id=person.id))  # type: ignore[arg-type]
    notes = []
    if opening.seats == selected:
        opening.status, opening.ended_on = "filled", clock.today()
        notes.append(f"opening #{opening_id} is now filled")
    session.add(opening)
    session.flush()
    after = _snapshot(session, opening, team)
    if (before["closes"], before["term_days"]) != (after["closes"], after["term_days"]):
        notes = _term_notes(session, opening) + notes
    audit.record(session, "update", "opening", str(opening_id), before, after)
    return OpeningChange(_summary(session, opening), _changed(before, after), notes)


def extend_opening(session: Session, opening_id: int, closes: date) -> OpeningChange:
    """Move an open opening's closing date later (never into the past)."""
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "extend it")
    _require_open(opening)
    _check_closes(closes)
    if closes <= opening.closes:
        raise InvalidInput(
            f"--closes: {closes.isoformat()} is not later than the closing date of opening "
            f"#{opening_id} ({opening.closes.isoformat()})"
        )
    before = _record(opening, team)
    opening.closes = closes
    session.add(opening)
    after = _record(opening, team)
    audit.record(session, "extend", "opening", str(opening_id), before, after)
    return OpeningChange(
        _summary(session, opening), _changed(before, after), _term_notes(session, opening)
    )


@dataclass(frozen=True)
class CandidacyEnd:
    """How a candidacy ended when its opening was cancelled or closed."""

    opening: int
    handle: str
    kind: str
    status: str
    rationale: str


@dataclass(frozen=True)
class OpeningEnd:
    """An opening cancelled or closed, and what became of each candidacy still open."""

    opening: int
    status: str
    ended_on: date
    end_reason: str
    selected: list[str]
    unfilled: int
    candidates: list[CandidacyEnd]


def _undecided(session: Session, opening: Opening) -> list[tuple[Application, str]]:
    return list(
        session.exec(
            select(Application, Person.handle)
            .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
            .where(Application.opening_id == opening.id, Application.status == "active")
            .order_by(Application.id)
        ).all()
    )


def _end_candidacies(
    session: Session, opening: Opening, decide_: Any, action: str
) -> list[CandidacyEnd]:
    """Give each active candidacy its end: decide_(app) -> (status, rationale); audited."""
    actor, today = audit.actor_of(session), clock.today()
    ended, entries = [], []
    for app, handle in _undecided(session, opening):
        status, rationale = decide_(app)
        app.status, app.rationale = status, rationale
        app.decided_by, app.decided_on = actor, today
        session.add(app)
        entries.append(
            audit.entry(
                session,
                action,
                "application",
                f"{opening.id}/{handle}",
                {"status": "active"},
                {"status": status, "rationale": rationale},
            )
        )
        ended.append(CandidacyEnd(opening.id, handle, app.kind, status, rationale))  # type: ignore[arg-type]
    audit.write(session, [e for e in entries if e is not None])
    return ended


def _selected_handles(session: Session, opening: Opening) -> list[str]:
    return list(
        session.exec(
            select(Person.handle)
            .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
            .where(Application.opening_id == opening.id, Application.status == "selected")
            .order_by(Application.id)
        ).all()
    )


def cancel_opening(session: Session, opening_id: int, reason: str) -> OpeningEnd:
    """Cancel an open opening nobody was selected for; every candidacy is withdrawn."""
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "cancel it")
    _require_open(opening)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("--reason: say why the opening is cancelled")
    selected = _selected_handles(session, opening)
    if selected:
        raise InvalidInput(
            f"opening #{opening_id} has selected {', '.join(selected)} already: close it "
            "instead (eng-ops lead opening close)"
        )
    before = _record(opening, team)
    why = f"opening cancelled: {reason}"
    ended = _end_candidacies(session, opening, lambda app: ("withdrawn", why), "cancel")
    opening.status, opening.ended_on, opening.end_reason = "cancelled", clock.today(), reason
    session.add(opening)
    audit.record(session, "cancel", "opening", str(opening_id), before, _record(opening, team))
    return OpeningEnd(
        opening_id, opening.status, opening.ended_on, reason, [], opening.seats, ended
    )


def close_opening(session: Session, opening_id: int, feedback: str) -> OpeningEnd:
    """Close an open or filled opening: every candidate without a decision gets one.

    Applicants and nominees (accepted, or who never answered) are not selected, with the
    feedback as the rationale; a nomination that was declined is withdrawn.
    """
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "close it")
    if opening.status not in ("open", "filled"):
        raise InvalidInput(f"opening #{opening_id} is {opening.status} already")
    feedback = (feedback or "").strip()
    if not feedback:
        raise InvalidInput("--feedback: say why they were not selected (it is kept with each)")

    def outcome(app: Application) -> tuple[str, str]:
        if app.response == "declined":
            return "withdrawn", "declined the nomination"
        return "rejected", feedback

    before = _record(opening, team)
    ended = _end_candidacies(session, opening, outcome, "decide")
    selected = _selected_handles(session, opening)
    unfilled = max(opening.seats - len(selected), 0)
    opening.status, opening.ended_on = "closed", clock.today()
    opening.end_reason = f"{len(selected)} of {plural(opening.seats, 'seat')} filled"
    session.add(opening)
    audit.record(session, "close", "opening", str(opening_id), before, _record(opening, team))
    return OpeningEnd(
        opening_id, "closed", opening.ended_on, opening.end_reason, selected, unfilled, ended
    )


# --- eligibility and readiness ---------------------------------------------------------------


def candidate_status(
    session: Session, opening: Opening, person: Person, today: date | None = None
) -> dict:
    """Eligibility (left, level, conflicting lead role) and readiness for one person."""
    facts = _facts(session, today or clock.today(), [person.id])  # type: ignore[list-item]
    return _status(facts, opening, person)


def candidates(session: Session, opening: Opening) -> list[dict]:
    found = session.exec(
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .where(Application.opening_id == opening.id)
        .order_by(Application.id)
    ).all()
    # One set of facts (ladder, evidence, lead roles) for every candidate, not one per person.
    facts = _facts(session, clock.today(), [p.id for _, p in found])  # type: ignore[misc]
    rows = []
    for app, person in found:
        status = _status(facts, opening, person)
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
                "rationale": app.rationale,
                "decided_by": app.decided_by,
                "decided_on": app.decided_on,
            }
        )
    return rows


def show_opening(session: Session, opening_id: int) -> dict:
    opening, team = get_opening(session, opening_id)
    start, end = term(opening)
    return {
        **_record(opening, team),
        "deciders": deciders(session, opening),
        "term_start": start,
        "term_end": end,
        "candidates": candidates(session, opening),
    }


# --- eligibility and readiness facts, for everyone at once -------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What judging many people against openings needs, loaded once (no per-person queries)."""

    today: date
    order: list[str]
    comps: list[Competency]
    settings: ReadinessSettings
    evidence: dict[int, list[Evidence]]  # person id -> evidence inside the readiness window
    roles: dict[int, list[tuple[LeadRole, str | None]]]  # person id -> (lead role, team key)


def _facts(session: Session, today: date, person_ids: list[int] | None = None) -> _Facts:
    """Ladder, settings, recent evidence and lead roles of everyone (or of these people)."""
    settings = current_settings(session).readiness
    roles_query = (
        select(LeadRole, Team.key)
        .outerjoin(Team, Team.id == LeadRole.team_id)  # type: ignore[arg-type]
        .order_by(LeadRole.id)
    )
    if person_ids is not None:
        roles_query = roles_query.where(col(LeadRole.person_id).in_(person_ids))
    roles: dict[int, list[tuple[LeadRole, str | None]]] = {}
    for role, team_key in session.exec(roles_query).all():
        roles.setdefault(role.person_id, []).append((role, team_key))
    return _Facts(
        today=today,
        order=levels(session),
        comps=competencies(session),
        settings=settings,
        evidence=recent_evidence(session, today, settings, person_ids),
        roles=roles,
    )


def _from_this_opening(role: LeadRole, opening: Opening, start: date, end: date) -> bool:
    """The lead role a selection for this opening created: its team (or title) and term."""
    same_place = (
        role.team_id == opening.team_id
        if opening.team_id
        else (role.team_id is None and role.project == opening.title)
    )
    return same_place and role.start == start and role.end == end


def _status(facts: _Facts, opening: Opening, person: Person) -> dict:
    """Eligibility (left, level, conflicting lead role) and readiness for one person."""
    order = facts.order
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
    for role, team_key in facts.roles.get(person.id, []):  # type: ignore[arg-type]
        if _from_this_opening(role, opening, start, end):
            continue  # the role this opening gave them when they were selected
        if (role.end is None or role.end >= start) and role.start <= end:
            what = f"team {team_key}" if role.team_id else f"project '{role.project}'"
            until = f" until {role.end.isoformat()}" if role.end else " with no end date"
            conflicts.append(f"already leads {what}{until}")
    rows, overall = judge(
        opening.requires,
        facts.comps,
        order,
        facts.evidence.get(person.id, []),  # type: ignore[arg-type]
        facts.settings,
    )
    return {
        "handle": person.handle,
        "eligible": not issues and not conflicts,
        "issues": issues + conflicts,
        "conflicts": conflicts,
        "readiness": overall,
        "gaps": {r["competency"]: r["gap"] for r in rows if r["gap"]},
    }


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
    opening.ended_on = clock.today()
    opening.end_reason = f"{plural(seats, 'unfilled seat')} turned into lead rotations"
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
