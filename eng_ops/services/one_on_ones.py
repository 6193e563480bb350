"""1:1 pairings, meetings and action items; what is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, NotFound
from eng_ops.services import audit
from eng_ops.services.ids import require_by_id
from eng_ops.services.limits import CADENCE_DAYS, MINUTES, SCORE_1_5, WITHIN_DAYS
from eng_ops.services.people import active, get_person
from eng_ops.services.settings import CadenceSettings
from eng_ops.stats.cadence import format_every
from eng_ops.store.models import PAIRING_KINDS, TOPICS, ActionItem, Meeting, Pairing, Person

DUE_STATUSES = ("overdue", "never-met", "due-soon", "on-track")


# --- pairings --------------------------------------------------------------------------------


def check_kind(kind: str) -> str:
    if kind not in PAIRING_KINDS:
        raise InvalidInput(f"--kind: '{kind}' is not one of {', '.join(PAIRING_KINDS)}")
    return kind


def _pairing_record(p: Pairing, leader: str, member: str) -> dict:
    return {
        "id": p.id,
        "leader": leader,
        "member": member,
        "kind": p.kind,
        "every": format_every(p.every_days),
        "every_days": p.every_days,
        "minutes": p.minutes,
        "since": p.since,
        "ended": p.ended,
        "forced": p.forced,
    }


def _pairings_query():  # type: ignore[no-untyped-def]
    leader, member = aliased(Person), aliased(Person)
    query = (
        select(Pairing, leader.handle, member.handle)
        .join(leader, col(leader.id) == col(Pairing.leader_id))
        .join(member, col(member.id) == col(Pairing.member_id))
    )
    return query, leader, member


def running(on: date | None = None):  # type: ignore[no-untyped-def]
    """SQL condition: the pairing has not ended by `on` (default today); one that ends on a
    later date (say, a leaver's last day) still runs until then."""
    cutoff = on or clock.today()
    return col(Pairing.ended).is_(None) | (col(Pairing.ended) > cutoff)


def pair(
    session: Session,
    settings: CadenceSettings,
    *,
    leader: str,
    member: str,
    kind: str,
    every_days: int | None = None,
    minutes: int = 30,
    since: date | None = None,
    force: bool = False,
) -> dict:
    """Start a 1:1 relationship (several per person are fine, one per leader/member/kind).

    A manager pairing is with the member's manager and a skip-level with their manager's
    manager; anything else must be forced (kept by sync, marked in the audit trail).
    """
    check_kind(kind)
    lead, mem = get_person(session, leader), get_person(session, member)
    if lead.id == mem.id:
        raise InvalidInput(f"cannot pair {leader} with themselves")
    off_line = _against_reporting_line(session, kind, lead, mem)
    if off_line and not force:
        raise InvalidInput(f"{off_line}; to pair them anyway, force it (1on1 pair --force)")
    for person in (lead, mem):
        if person.left and person.left <= clock.today():
            raise InvalidInput(f"{person.handle} left on {person.left.isoformat()}")
    days = settings.cadence[kind] if every_days is None else every_days
    if days <= 0:
        raise InvalidInput("--every: the cadence must be positive (e.g. 1w, 2w, 10d)")
    CADENCE_DAYS.check(days, "--every")
    MINUTES.check(minutes, "--minutes")
    existing = session.exec(
        select(Pairing.id).where(
            Pairing.leader_id == lead.id,
            Pairing.member_id == mem.id,
            Pairing.kind == kind,
            running(),
        )
    ).first()
    if existing is not None:
        raise InvalidInput(f"{leader} already has a {kind} 1:1 with {member} (#{existing})")
    pairing = Pairing(
        leader_id=lead.id,  # type: ignore[arg-type]
        member_id=mem.id,  # type: ignore[arg-type]
        kind=kind,
        every_days=days,
        minutes=minutes,
        since=since or clock.today(),
        forced=bool(off_line),
        created_at=datetime.now(UTC),
    )
    session.add(pairing)
    session.flush()
    record = _pairing_record(pairing, leader, member)
    if off_line:
        record = {**record, "forced_because": off_line}
    audit.record(session, "create", "pairing", f"{leader}/{member}/{kind}", None, record)
    return record


def _against_reporting_line(session: Session, kind: str, lead: Person, mem: Person) -> str:
    """Why a manager or skip pairing does not follow the reporting lines ('' when it does)."""
    if kind == "mentor":
        return ""
    manager = session.get(Person, mem.manager_id) if mem.manager_id else None
    if kind == "manager":
        if manager is None:
            return f"{mem.handle} has no manager in the org"
        if manager.id != lead.id:
            return f"{mem.handle} reports to {manager.handle}, not {lead.handle}"
        return ""
    grand = session.get(Person, manager.manager_id) if manager and manager.manager_id else None
    if grand is None:
        return f"{mem.handle} has no skip-level in the org (their manager has no manager)"
    if grand.id != lead.id:
        return (
            f"{mem.handle}'s skip-level is {grand.handle} "
            f"(manager of {manager.handle}), not {lead.handle}"  # type: ignore[union-attr]
        )
    return ""


def find_pairing(session: Session, leader: str, member: str, kind: str | None) -> Pairing:
    """The active pairing between two people (kind needed only when there are several)."""
    lead, mem = get_person(session, leader), get_person(session, member)
    query = select(Pairing).where(
        Pairing.leader_id == lead.id, Pairing.member_id == mem.id, running()
    )
    if kind:
        query = query.where(Pairing.kind == check_kind(kind))
    found = session.exec(query.order_by(Pairing.id)).all()
    if not found:
        what = f"{kind} " if kind else ""
        raise NotFound(
            f"no active {what}1:1 pairing of {leader} with {member} "
            f"(create one: eng-ops 1on1 pair {leader} {member} --kind ...)"
        )
    if len(found) > 1:
        kinds = ", ".join(p.kind for p in found)
        raise InvalidInput(f"{leader} and {member} have several pairings ({kinds}); add --kind")
    return found[0]


def unpair(
    session: Session, leader: str, member: str, kind: str | None, on: date | None = None
) -> dict:
    pairing = find_pairing(session, leader, member, kind)
    before = _pairing_record(pairing, leader, member)
    pairing.ended = on or clock.today()
    if pairing.ended < pairing.since:
        raise InvalidInput(f"--on: {pairing.ended} is before the pairing began ({pairing.since})")
    session.add(pairing)
    after = _pairing_record(pairing, leader, member)
    audit.record(session, "update", "pairing", f"{leader}/{member}/{pairing.kind}", before, after)
    return after


def list_pairings(
    session: Session,
    *,
    leader: str | None = None,
    member: str | None = None,
    kind: str | None = None,
    include_ended: bool = False,
) -> list[dict]:
    query, lead, mem = _pairings_query()
    if leader:
        query = query.where(Pairing.leader_id == get_person(session, leader).id)
    if member:
        query = query.where(Pairing.member_id == get_person(session, member).id)
    if kind:
        query = query.where(Pairing.kind == check_kind(kind))
    if not include_ended:
        query = query.where(running())
    query = query.order_by(lead.handle, mem.handle, Pairing.kind)
    return [_pairing_record(p, lh, mh) for p, lh, mh in session.exec(query)]


def active_pairings(session: Session, leader: str | None = None) -> list[tuple[Pairing, str, str]]:
    """Active pairings between people who are still here, with leader and member handles."""
    query, lead, mem = _pairings_query()
    query = query.where(running(), active(lead), active(mem))
    if leader:
        query = query.where(Pairing.leader_id == get_person(session, leader).id)
    return list(session.exec(query.order_by(lead.handle, mem.handle, Pairing.kind)).all())


# --- meetings and actions --------------------------------------------------------------------

_OWNER = re.compile(r"(?:^|\s)@([a-z0-9][a-z0-9._-]*)")
_DUE = re.compile(r"(?:^|\s)(?:due|by):(\S+)")


@dataclass(frozen=True)
class ActionSpec:
    text: str
    owner: str | None
    due: date | None


def parse_action(raw: str) -> ActionSpec:
    """'Draft the RFC @ben due:2026-12-10' -> text, owner handle, due date."""
    from eng_ops.dates import parse_date

    owner = _OWNER.search(raw)
    due = _DUE.search(raw)
    text = _DUE.sub("", _OWNER.sub("", raw)).strip()
    if not text:
        raise InvalidInput(f"--action: '{raw}' has no text")
    return ActionSpec(
        text=text,
        owner=owner.group(1) if owner else None,
        due=parse_date(due.group(1), field="--action due") if due else None,
    )


def check_rating(value: int | None, what: str) -> int | None:
    if value is not None:
        SCORE_1_5.check(value, f"--{what}")
    return value


def check_topics(topics: list[str]) -> list[str]:
    cleaned = []
    for topic in topics:
        t = topic.strip().lower()
        if t not in TOPICS:
            raise InvalidInput(f"--topic: '{topic}' is not one of {', '.join(TOPICS)}")
        if t in cleaned:
            raise InvalidInput(f"--topic: '{t}' is given twice; give each topic once")
        cleaned.append(t)
    return cleaned


@dataclass
class LoggedMeeting:
    meeting: Meeting
    pairing: Pairing
    new_actions: list[dict]
    carried: list[dict]


def log_meeting(
    session: Session,
    *,
    leader: str,
    member: str,
    kind: str | None = None,
    on: date,
    minutes: int | None = None,
    topics: list[str] | None = None,
    challenge: int | None = None,
    mood: int | None = None,
    notes: str | None = None,
    private: str | None = None,
    actions: list[str] | None = None,
    skipped: bool = False,
    reason: str | None = None,
) -> LoggedMeeting:
    for who in (member, leader):
        gone = get_person(session, who).left
        if gone is not None and on > gone:
            raise InvalidInput(
                f"{who} left on {gone.isoformat()}; a 1:1 after that cannot be logged"
            )
    pairing = find_pairing(session, leader, member, kind)
    if on > clock.today():
        raise InvalidInput(f"--on: {on.isoformat()} is in the future; log 1:1s that happened")
    if on < pairing.since:
        raise InvalidInput(f"--on: {on.isoformat()} is before the pairing began ({pairing.since})")
    if skipped and not (reason or "").strip():
        raise InvalidInput("--skipped needs --reason TEXT (why it did not happen)")
    if reason and not skipped:
        raise InvalidInput("--reason is only for --skipped meetings")
    if minutes is not None:
        MINUTES.check(minutes, "--minutes")
    specs = [parse_action(a) for a in actions or []]
    owners = {s.owner for s in specs if s.owner}
    owner_ids = {h: get_person(session, h).id for h in sorted(owners)}
    carried = open_actions(session, pairing_id=pairing.id)
    meeting = Meeting(
        pairing_id=pairing.id,  # type: ignore[arg-type]
        held_on=on,
        minutes=None if skipped else (minutes or pairing.minutes),
        skipped=skipped,
        skip_reason=reason.strip() if reason else None,
        topics=check_topics(topics or []),
        challenge=check_rating(challenge, "challenge"),
        mood=check_rating(mood, "mood"),
        notes=notes,
        private_notes=private,
        author=audit.actor_of(session),
        created_at=datetime.now(UTC),
    )
    session.add(meeting)
    session.flush()
    new_actions = []
    for spec in specs:
        item = ActionItem(
            pairing_id=pairing.id,  # type: ignore[arg-type]
            meeting_id=meeting.id,  # type: ignore[arg-type]
            owner_id=owner_ids[spec.owner] if spec.owner else pairing.member_id,
            text=spec.text,
            due=spec.due,
        )
        session.add(item)
        session.flush()
        new_actions.append(
            {"id": item.id, "text": item.text, "owner": spec.owner or member, "due": item.due}
        )
    audit.record(
        session,
        "create",
        "meeting",
        f"{leader}/{member}/{meeting.held_on.isoformat()}",
        None,
        {
            "pairing": pairing.id,
            "held_on": meeting.held_on,
            "skipped": skipped,
            "topics": meeting.topics,
            "actions": [a["id"] for a in new_actions],
        },
    )
    return LoggedMeeting(meeting, pairing, new_actions, carried)


def open_actions(
    session: Session,
    *,
    pairing_id: int | None = None,
    leader: str | None = None,
    member: str | None = None,
    include_done: bool = False,
) -> list[dict]:
    owner, lead, mem = aliased(Person), aliased(Person), aliased(Person)
    query = (
        select(ActionItem, owner.handle, lead.handle, mem.handle, Meeting.held_on)
        .join(owner, col(owner.id) == col(ActionItem.owner_id))
        .join(Pairing, col(Pairing.id) == col(ActionItem.pairing_id))
        .join(lead, col(lead.id) == col(Pairing.leader_id))
        .join(mem, col(mem.id) == col(Pairing.member_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
    )
    if pairing_id is not None:
        query = query.where(ActionItem.pairing_id == pairing_id)
    if leader:
        query = query.where(Pairing.leader_id == get_person(session, leader).id)
    if member:
        query = query.where(Pairing.member_id == get_person(session, member).id)
    if not include_done:
        query = query.where(col(ActionItem.done_on).is_(None))
    query = query.order_by(ActionItem.id)
    return [
        {
            "id": item.id,
            "text": item.text,
            "owner": owner_h,
            "due": item.due,
            "leader": lead_h,
            "member": mem_h,
            "from_meeting": held,
            "done_on": item.done_on,
        }
        for item, owner_h, lead_h, mem_h, held in session.exec(query)
    ]


def mark_done(session: Session, action_id: int, on: date | None = None) -> dict:
    item = require_by_id(
        session,
        ActionItem,
        action_id,
        f"no action item #{action_id} (see: eng-ops 1on1 actions)",
    )
    if item.done_on is not None:
        raise InvalidInput(f"action #{action_id} was already done on {item.done_on.isoformat()}")
    on = on or clock.today()
    if on > clock.today():
        raise InvalidInput(f"--on: {on.isoformat()} is in the future; mark done what is done")
    agreed = session.get(Meeting, item.meeting_id)
    if agreed is not None and on < agreed.held_on:
        raise InvalidInput(
            f"--on: {on.isoformat()} is before action #{action_id} was agreed "
            f"(at the 1:1 of {agreed.held_on.isoformat()})"
        )
    before = {"text": item.text, "done_on": None}
    item.done_on = on
    session.add(item)
    audit.record(
        session, "update", "action", str(action_id), before, {**before, "done_on": item.done_on}
    )
    return {"id": item.id, "text": item.text, "done_on": item.done_on}


# --- due -------------------------------------------------------------------------------------


def last_met_by_pairing(session: Session, pairing_ids: list[int] | None = None) -> dict[int, date]:
    """The latest held (not skipped) meeting per pairing, in one grouped query."""
    query = (
        select(Meeting.pairing_id, func.max(Meeting.held_on))
        .where(col(Meeting.skipped).is_(False))
        .group_by(Meeting.pairing_id)
    )
    if pairing_ids is not None:
        query = query.where(col(Meeting.pairing_id).in_(pairing_ids))
    return {pid: held for pid, held in session.exec(query).all()}


def due(
    session: Session,
    settings: CadenceSettings,
    *,
    leader: str | None = None,
    within_days: int | None = None,
    today: date | None = None,
) -> list[dict]:
    """Every active pairing: last met, next due, status and days late, most late first."""
    if within_days is not None:
        WITHIN_DAYS.check(within_days, "--within")
    today = today or clock.today()
    pairs = active_pairings(session, leader)
    last = last_met_by_pairing(session)
    rows = []
    for pairing, lead, mem in pairs:
        met = last.get(pairing.id)  # type: ignore[arg-type]
        next_due = (met or pairing.since) + timedelta(days=pairing.every_days if met else 0)
        late = (today - next_due).days
        if met is None:
            status = "never-met"
        elif late > 0:
            status = "overdue"
        elif -late <= settings.due_soon_days:
            status = "due-soon"
        else:
            status = "on-track"
        if within_days is not None and (next_due - today).days > within_days:
            continue
        rows.append(
            {
                "leader": lead,
                "member": mem,
                "kind": pairing.kind,
                "every": format_every(pairing.every_days),
                "last_met": met,
                "next_due": next_due,
                "status": status,
                "days_late": max(late, 0),
            }
        )
    rows.sort(key=lambda r: (-r["days_late"], r["next_due"], r["leader"], r["member"]))
    return rows
