"""Leaving: what a leaver holds (1:1s, actions, lead roles, rotations, bids, interviews) and
ending it in the same transaction as the leave date.

What a leave does, per kind (documented in the README, people section):

- pairings where they lead or are the member: end on the leave date (a pairing that already
  ends earlier is left alone; one that begins later ends the day it begins);
- open action items they own: left open and listed, so the pairing's leader can reassign or
  close them (closing them silently would lose them);
- lead roles: end on the leave date; one that would only start after it is cancelled;
- open rotations they lead or mentor that run to the leave date or past it: they are removed
  as lead (the project needs a new lead: `rotation plan` sees the seat as open) or as mentor;
- active applications and nominations to openings still open: withdrawn, "left the org";
- interviews they are to give on or after the leave date, for an open candidate, with no
  submitted scorecard: cancelled (a draft goes with it), so the loop gets a new interviewer.

Moving a leave date still ahead runs the same rules for the new date; what the earlier date
ended on that very day (pairings, lead roles) moves with it. Rotation seats, bids and
interviews it already gave up stay given up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from eng_ops.services import audit
from eng_ops.services.people import active, check_leave, leave_person
from eng_ops.store.models import (
    ActionItem,
    Application,
    Candidate,
    Interview,
    LeadRole,
    Meeting,
    Opening,
    Pairing,
    Person,
    Rating,
    Rotation,
    Scorecard,
    Team,
)

LEFT_THE_ORG = "left the org"
# note(action, entity, key, before, after): one audit row for one change
_Note = Callable[[str, str, str, dict | None, dict | None], None]


@dataclass(frozen=True)
class PairingEnd:
    """A 1:1 pairing the leaver leads or is the member of; `ended` is its end today."""

    id: int
    leader: str
    member: str
    kind: str
    since: date
    ended: date | None
    effect: str


@dataclass(frozen=True)
class OpenAction:
    """An open action item the leaver owns, agreed in the leader/member pairing's 1:1."""

    id: int
    text: str
    due: date | None
    leader: str
    member: str
    agreed_on: date
    effect: str


@dataclass(frozen=True)
class LeadRoleEnd:
    id: int
    team: str | None
    project: str | None
    start: date
    end: date | None
    effect: str


@dataclass(frozen=True)
class RotationSeat:
    """A rotation project the leaver leads or mentors (`part`)."""

    id: int
    name: str
    part: str  # lead | mentor
    lead: str | None
    mentor: str | None
    start: date
    end: date
    effect: str


@dataclass(frozen=True)
class BidWithdrawal:
    """An application or nomination of the leaver to an opening still open."""

    opening: int
    title: str
    kind: str  # applied | nominated
    nominated_by: str | None
    closes: date
    effect: str


@dataclass(frozen=True)
class InterviewCancel:
    """An interview slot the leaver was to give."""

    id: int
    candidate_id: int
    candidate: str
    role: str
    on: date
    mode: str
    focus: list[str]
    effect: str


@dataclass(frozen=True)
class LeavePlan:
    """Everything a leave ends or affects; `previous` is the leave date it replaces."""

    person: str
    on: date
    previous: date | None
    pairings: list[PairingEnd]
    actions: list[OpenAction]
    lead_roles: list[LeadRoleEnd]
    rotations: list[RotationSeat]
    applications: list[BidWithdrawal]
    interviews: list[InterviewCancel]
    reports: list[str]  # active direct reports who still report to the leaver


@dataclass
class _Rows:
    """The loaded records behind a plan, changed in place when it is applied."""

    pairings: list[tuple[Pairing, str, str]]
    lead_roles: list[tuple[LeadRole, str | None]]
    rotations: list[Rotation]
    applications: list[Application]
    interviews: list[tuple[Interview, Candidate]]


def leave_plan(session: Session, handle: str, on: date) -> LeavePlan:
    """What leaving on `on` would end or affect (the leave's own rules checked first)."""
    return _plan(session, handle, on)[0]


def leave(session: Session, handle: str, on: date, *, dry_run: bool = False) -> LeavePlan:
    """Record the leave date and end what it ends, in the caller's one transaction.

    With dry_run nothing is written. Any problem raises, so the caller rolls everything back.
    """
    plan, rows = _plan(session, handle, on)
    if dry_run:
        return plan
    leave_person(session, handle, on)
    _apply(session, plan, rows)
    return plan


# --- building the plan -----------------------------------------------------------------------


def _plan(session: Session, handle: str, on: date) -> tuple[LeavePlan, _Rows]:
    person = check_leave(session, handle, on)
    pid, previous = person.id, person.left
    pairings = _pairings(session, pid, on, previous)  # type: ignore[arg-type]
    lead_roles = _lead_roles(session, pid, on, previous)  # type: ignore[arg-type]
    rotations = list(
        session.exec(
            select(Rotation)
            .where(
                (Rotation.lead_id == pid) | (Rotation.mentor_id == pid),
                Rotation.status == "open",
                Rotation.end >= on,
            )
            .order_by(Rotation.start, Rotation.id)
        ).all()
    )
    bids = session.exec(
        select(Application, Opening)
        .join(Opening, col(Opening.id) == col(Application.opening_id))
        .where(
            Application.person_id == pid,
            Application.status == "active",
            Opening.status == "open",
        )
        .order_by(Opening.closes, Opening.id)
    ).all()
    submitted = select(Scorecard.interview_id).where(col(Scorecard.submitted).is_(True))
    interviews = list(
        session.exec(
            select(Interview, Candidate)
            .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
            .where(
                Interview.interviewer_id == pid,
                Interview.on >= on,
                Candidate.status == "open",
                col(Interview.id).not_in(submitted),
            )
            .order_by(Interview.on, Interview.id)
        ).all()
    )
    reports = session.exec(
        select(Person.handle).where(Person.manager_id == pid, active()).order_by(Person.handle)
    ).all()
    handles = _handles_of(session, rotations)
    plan = LeavePlan(
        person=person.handle,
        on=on,
        previous=previous,
        pairings=[
            PairingEnd(p.id, lead, mem, p.kind, p.since, p.ended, f"ends {_end_of(p, on)}")  # type: ignore[arg-type]
            for p, lead, mem in pairings
        ],
        actions=_actions(session, pid, person.handle),  # type: ignore[arg-type]
        lead_roles=[
            LeadRoleEnd(
                r.id,  # type: ignore[arg-type]
                team,
                r.project,
                r.start,
                r.end,
                f"cancelled: it would start {r.start}" if r.start > on else f"ends {on}",
            )
            for r, team in lead_roles
        ],
        rotations=[
            RotationSeat(
                r.id,  # type: ignore[arg-type]
                r.name,
                "lead" if r.lead_id == pid else "mentor",
                handles.get(r.lead_id),  # type: ignore[arg-type]
                handles.get(r.mentor_id),  # type: ignore[arg-type]
                r.start,
                r.end,
                "lead removed: the project needs a new lead"
                if r.lead_id == pid
                else "mentor removed: the project needs a new mentor",
            )
            for r in rotations
        ],
        applications=[
            BidWithdrawal(
                o.id,  # type: ignore[arg-type]
                o.title,
                a.kind,
                a.nominated_by,
                o.closes,
                f"withdrawn: {LEFT_THE_ORG}",
            )
            for a, o in bids
        ],
        interviews=[
            InterviewCancel(
                i.id,  # type: ignore[arg-type]
                c.id,  # type: ignore[arg-type]
                c.name,
                c.role,
                i.on,
                i.mode,
                list(i.focus),
                "cancelled: the loop needs another interviewer",
            )
            for i, c in interviews
        ],
        reports=list(reports),
    )
    rows = _Rows(pairings, lead_roles, rotations, [a for a, _ in bids], interviews)
    return plan, rows


def _still_running(ends: Any, on: date, previous: date | None) -> Any:
    """SQL: an end date the leave changes (open, later than the leave, or the earlier
    leave date's own end when that date is moved)."""
    condition = col(ends).is_(None) | (col(ends) > on)
    if previous is not None:
        condition = condition | (col(ends) == previous)
    return condition


def _end_of(pairing: Pairing, on: date) -> date:
    """A pairing ends on the leave date, or the day it begins if that is later."""
    return max(on, pairing.since)


def _pairings(
    session: Session, pid: int, on: date, previous: date | None
) -> list[tuple[Pairing, str, str]]:
    leader, member = aliased(Person), aliased(Person)
    rows = session.exec(
        select(Pairing, leader.handle, member.handle)
        .join(leader, col(leader.id) == col(Pairing.leader_id))
        .join(member, col(member.id) == col(Pairing.member_id))
        .where(
            (Pairing.leader_id == pid) | (Pairing.member_id == pid),
            _still_running(Pairing.ended, on, previous),
        )
        .order_by(leader.handle, member.handle, Pairing.kind, Pairing.id)
    ).all()
    return [(p, lh, mh) for p, lh, mh in rows if p.ended != _end_of(p, on)]


def _lead_roles(
    session: Session, pid: int, on: date, previous: date | None
) -> list[tuple[LeadRole, str | None]]:
    rows = session.exec(
        select(LeadRole, Team.key)
        .outerjoin(Team, col(Team.id) == col(LeadRole.team_id))
        .where(LeadRole.person_id == pid, _still_running(LeadRole.end, on, previous))
        .order_by(LeadRole.start, LeadRole.id)
    ).all()
    return [(r, team) for r, team in rows if r.end != on]


def _actions(session: Session, pid: int, handle: str) -> list[OpenAction]:
    leader, member = aliased(Person), aliased(Person)
    rows = session.exec(
        select(ActionItem, leader.handle, member.handle, Meeting.held_on)
        .join(Pairing, col(Pairing.id) == col(ActionItem.pairing_id))
        .join(leader, col(leader.id) == col(Pairing.leader_id))
        .join(member, col(member.id) == col(Pairing.member_id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(ActionItem.owner_id == pid, col(ActionItem.done_on).is_(None))
        .order_by(ActionItem.id)
    ).all()
    return [
        OpenAction(
            item.id,  # type: ignore[arg-type]
            item.text,
            item.due,
            lead,
            mem,
            held,
            _action_effect(lead, mem, handle),
        )
        for item, lead, mem, held in rows
    ]


def _action_effect(leader: str, member: str, leaver: str) -> str:
    """Who can pick the item up: the pairing's leader, or its member when the leader leaves."""
    if leader != leaver:
        return f"left open: {leader} to reassign or close it"
    return f"left open: {member} or a new leader to reassign or close it"


def _handles_of(session: Session, rotations: list[Rotation]) -> dict[int, str]:
    ids = {i for r in rotations for i in (r.lead_id, r.mentor_id) if i is not None}
    if not ids:
        return {}
    return dict(session.exec(select(Person.id, Person.handle).where(col(Person.id).in_(ids))).all())


# --- applying it -----------------------------------------------------------------------------


def _apply(session: Session, plan: LeavePlan, rows: _Rows) -> None:
    """Change every record the plan names, with one audit row each."""
    entries: list[dict | None] = []

    def note(action: str, entity: str, key: str, before: dict | None, after: dict | None) -> None:
        entries.append(audit.entry(session, action, entity, key, before, after))

    why = {"by": "leave", "reason": f"{plan.person} leaves on {plan.on.isoformat()}"}
    for pairing, lead, mem in rows.pairings:
        before = {"ended": pairing.ended}
        pairing.ended = _end_of(pairing, plan.on)
        session.add(pairing)
        note(
            "update",
            "pairing",
            f"{lead}/{mem}/{pairing.kind}",
            before,
            {"ended": pairing.ended, **why},
        )

    for role, team in rows.lead_roles:
        record = {"id": role.id, "handle": plan.person, "team": team, "project": role.project}
        record |= {"start": role.start, "end": role.end}
        if role.start > plan.on:
            session.delete(role)
            note("delete", "lead_role", str(role.id), record, None)
        else:
            role.end = plan.on
            session.add(role)
            note("update", "lead_role", str(role.id), record, {**record, "end": plan.on, **why})

    for seat, rotation in zip(plan.rotations, rows.rotations, strict=True):
        before = {"lead": seat.lead, "mentor": seat.mentor}
        if seat.part == "lead":
            rotation.lead_id = None
        else:
            rotation.mentor_id = None
        session.add(rotation)
        after = {"lead": None if seat.part == "lead" else seat.lead}
        after |= {"mentor": None if seat.part == "mentor" else seat.mentor, **why}
        note("update", "rotation", rotation.name, before, after)

    for app in rows.applications:
        app.status, app.rationale = "withdrawn", LEFT_THE_ORG
        session.add(app)
        note(
            "update",
            "application",
            f"{app.opening_id}/{plan.person}",
            {"status": "active"},
            {"status": "withdrawn", "reason": LEFT_THE_ORG},
        )

    _cancel_interviews(session, plan, rows, note)
    session.flush()
    audit.write(session, [e for e in entries if e is not None])


def _cancel_interviews(session: Session, plan: LeavePlan, rows: _Rows, note: _Note) -> None:
    """Delete the slots with their draft scorecards (a submitted one keeps its slot)."""
    ids = [i.id for i, _ in rows.interviews]
    if not ids:
        return
    drafts = select(Scorecard.id).where(col(Scorecard.interview_id).in_(ids))
    session.execute(delete(Rating).where(col(Rating.scorecard_id).in_(drafts)))
    session.execute(delete(Scorecard).where(col(Scorecard.interview_id).in_(ids)))
    for slot in plan.interviews:
        record = {
            "id": slot.id,
            "candidate_id": slot.candidate_id,
            "candidate": slot.candidate,
            "role": slot.role,
            "interviewer": plan.person,
            "mode": slot.mode,
            "focus": slot.focus,
            "on": slot.on,
        }
        note("delete", "interview", str(slot.id), record, None)
    session.execute(delete(Interview).where(col(Interview.id).in_(ids)))
