"""Bulk 1:1 logs from a CSV file: all or nothing, and a re-import logs nothing twice."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from eng_ops import dates as clock
from eng_ops.errors import EngOpsError, located
from eng_ops.services import audit
from eng_ops.services.one_on_ones import check_rating, check_topics, parse_action
from eng_ops.store.models import PAIRING_KINDS, ActionItem, Meeting, Pairing, Person

REQUIRED = ("leader", "member", "date")
OPTIONAL = ("kind", "minutes", "topics", "challenge", "mood", "notes", "actions")
KIND_ORDER = {kind: n for n, kind in enumerate(PAIRING_KINDS)}


@dataclass(frozen=True)
class ImportedLog:
    line: int
    leader: str
    member: str
    kind: str
    held_on: date
    topics: list[str]
    actions: int


@dataclass(frozen=True)
class SkippedLog:
    line: int
    leader: str
    member: str
    held_on: date
    reason: str


@dataclass(frozen=True)
class LogImport:
    logged: list[ImportedLog]
    skipped: list[SkippedLog]


@dataclass(frozen=True)
class _Row:
    line: int
    pairing: Pairing
    leader: str
    member: str
    held_on: date
    minutes: int | None
    topics: list[str]
    challenge: int | None
    mood: int | None
    notes: str | None
    actions: list[tuple[str, int | None, date | None]]  # text, owner id, due


def import_logs(session: Session, path: str | os.PathLike[str]) -> LogImport:
    """Log every row's 1:1; any bad row stops the whole file (the caller rolls back).

    Columns: leader, member, date (required); kind (when two people have several pairings),
    minutes, topics and actions (';'-separated; an action is 'TEXT [@owner] [due:DATE]'),
    challenge and mood (1-5), notes (shared). A pairing's 1:1 on a date already logged is
    skipped, so the same file imports once.
    """
    from eng_ops.files import csv_rows
    from eng_ops.services.limits import MINUTES

    name = os.fspath(Path(path))
    header, reader = csv_rows(path, strip_header=True)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise located(name, 1, None, f"missing column(s): {', '.join(missing)}")
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        known = ", ".join(REQUIRED + OPTIONAL)
        raise located(name, 1, None, f"unknown column(s): {', '.join(unknown)} (known: {known})")

    people = {
        handle: (pid, left)
        for pid, handle, left in session.exec(select(Person.id, Person.handle, Person.left)).all()
    }
    pairings: dict[tuple[int, int], list[Pairing]] = {}
    for pairing in session.exec(select(Pairing).order_by(Pairing.id)).all():
        pairings.setdefault((pairing.leader_id, pairing.member_id), []).append(pairing)
    logged_days = set(session.exec(select(Meeting.pairing_id, Meeting.held_on)).all())
    today = clock.today()

    def person(handle: str, field: str) -> tuple[int, date | None]:
        if not handle:
            raise EngOpsError(f"{field}: empty (give a handle)")
        if handle not in people:
            from eng_ops.text import did_you_mean

            hint = did_you_mean(handle, list(people))
            raise EngOpsError(f"{field}: no person '{handle}'{hint}")
        return people[handle]

    def parse(line: int, row: dict[str, str]) -> _Row:
        cell = {k: (v or "").strip() for k, v in row.items()}
        leader, member = cell["leader"], cell["member"]
        leader_id, leader_left = person(leader, "leader")
        member_id, member_left = person(member, "member")
        day = clock.parse_date(cell["date"], field="date")
        if day > today:
            raise EngOpsError(f"date: {day.isoformat()} is in the future; log 1:1s that happened")
        for who, left in ((member, member_left), (leader, leader_left)):
            if left is not None and day >= left:
                raise EngOpsError(f"{who} left on {left.isoformat()}; no 1:1 after that")
        kind = cell.get("kind") or None
        if kind is not None and kind not in PAIRING_KINDS:
            raise EngOpsError(f"kind: '{kind}' is not one of {', '.join(PAIRING_KINDS)}")
        found = [
            p
            for p in pairings.get((leader_id, member_id), [])
            if p.since <= day
            and (p.ended is None or day <= p.ended)
            and (kind is None or p.kind == kind)
        ]
        if not found:
            what = f"{kind} " if kind else ""
            raise EngOpsError(
                f"no {what}pairing of {leader} with {member} on {day.isoformat()} "
                f"(see: eng-ops 1on1 pairs --leader {leader} --all)"
            )
        if len(found) > 1:
            kinds = ", ".join(sorted((p.kind for p in found), key=KIND_ORDER.__getitem__))
            raise EngOpsError(f"{leader} and {member} have several pairings ({kinds}); add kind")
        minutes = None
        if cell.get("minutes"):
            if not cell["minutes"].isdigit():
                raise EngOpsError(f"minutes: '{cell['minutes']}' is not a whole number")
            minutes = int(cell["minutes"])
            MINUTES.check(minutes, "minutes")
        actions = []
        for raw in _split(cell.get("actions")):
            spec = parse_action(raw)
            owner_id = person(spec.owner, "actions owner")[0] if spec.owner else member_id
            actions.append((spec.text, owner_id, spec.due))
        return _Row(
            line=line,
            pairing=found[0],
            leader=leader,
            member=member,
            held_on=day,
            minutes=minutes,
            topics=check_topics(_split(cell.get("topics"))),
            challenge=check_rating(_rating(cell.get("challenge"), "challenge"), "challenge"),
            mood=check_rating(_rating(cell.get("mood"), "mood"), "mood"),
            notes=cell.get("notes") or None,
            actions=actions,
        )

    parsed: list[_Row] = []
    for line, row in reader:
        try:
            parsed.append(parse(line, row))
        except EngOpsError as exc:
            text = str(exc).removeprefix("--")
            for flag, column in _COLUMN_OF_FLAG.items():
                if text.startswith(flag):
                    text = column + text.removeprefix(flag)
            raise located(name, line, None, text) from None

    author = audit.actor_of(session)
    now = datetime.now(UTC)
    logged: list[ImportedLog] = []
    skipped: list[SkippedLog] = []
    new_meetings: list[tuple[_Row, Meeting]] = []
    for item in parsed:
        key = (item.pairing.id, item.held_on)
        if key in logged_days:
            skipped.append(
                SkippedLog(item.line, item.leader, item.member, item.held_on, "already logged")
            )
            continue
        logged_days.add(key)
        meeting = Meeting(
            pairing_id=item.pairing.id,  # type: ignore[arg-type]
            held_on=item.held_on,
            minutes=item.minutes or item.pairing.minutes,
            topics=item.topics,
            challenge=item.challenge,
            mood=item.mood,
            notes=item.notes,
            author=author,
            created_at=now,
        )
        session.add(meeting)
        new_meetings.append((item, meeting))
    session.flush()
    for item, meeting in new_meetings:
        for text, owner_id, due in item.actions:
            session.add(
                ActionItem(
                    pairing_id=item.pairing.id,  # type: ignore[arg-type]
                    meeting_id=meeting.id,  # type: ignore[arg-type]
                    owner_id=owner_id,  # type: ignore[arg-type]
                    text=text,
                    due=due,
                )
            )
        logged.append(
            ImportedLog(
                item.line,
                item.leader,
                item.member,
                item.pairing.kind,
                item.held_on,
                item.topics,
                len(item.actions),
            )
        )
        audit.record(
            session,
            "create",
            "meeting",
            f"{item.leader}/{item.member}/{item.held_on.isoformat()}",
            None,
            {"pairing": item.pairing.id, "held_on": item.held_on, "source": f"{name}:{item.line}"},
        )
    session.flush()
    return LogImport(logged, skipped)


# The shared validators name `1on1 log` options; a CSV row names its columns.
_COLUMN_OF_FLAG = {"topic:": "topics:", "action due:": "actions due:", "action:": "actions:"}


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _rating(text: str | None, field: str) -> int | None:
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise EngOpsError(f"{field}: '{text}' is not a whole number from 1 to 5")
    return int(text)
