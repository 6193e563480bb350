"""Held 1:1s read from a calendar export (.ics from Google Calendar, Outlook or any RFC 5545
calendar).

Each instance of an event (recurrences expanded by `recurring_ical_events`, which also applies
Google's X-WR-TIMEZONE) between exactly two people of the org who have a pairing active on
that day is logged as a held 1:1. Every other instance is skipped with a short, stable reason
(see SKIP_REASONS). A re-import finds what it logged before by `Meeting.source`:
"UID#DATE", the date of the instance's RECURRENCE-ID (its original date, as the calendar
writes it) or of its start, so a moved instance keeps its key.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, located
from eng_ops.files import decode_utf8, read_bytes
from eng_ops.services import audit
from eng_ops.services.limits import MINUTES
from eng_ops.services.one_on_one_insights import level_rank
from eng_ops.store.models import Meeting, Pairing, Person

# Why an instance was not logged: short stable strings (the README lists them).
ALREADY_IMPORTED = "already imported"  # its UID#DATE was imported before
CANCELLED = "cancelled"  # STATUS:CANCELLED on the event or on the instance
NOT_ONE_ON_ONE = "not a 1:1"  # fewer or more than two people: counted, not listed
UNKNOWN_ATTENDEE = "unknown attendee"  # an email nobody in the org has
IN_THE_FUTURE = "in the future"  # its date is after today
DECLINED = "declined"  # one of the two declined (PARTSTAT=DECLINED)
NO_PAIRING = "no pairing"  # two people of the org with no pairing active that day
BEFORE_PAIRING = "before the pairing began"  # they have one, but it begins later
ALREADY_LOGGED = "already logged"  # that pairing has a 1:1 on that day already
SKIP_REASONS = (
    ALREADY_IMPORTED,
    CANCELLED,
    NOT_ONE_ON_ONE,
    UNKNOWN_ATTENDEE,
    IN_THE_FUTURE,
    DECLINED,
    NO_PAIRING,
    BEFORE_PAIRING,
    ALREADY_LOGGED,
)

# Two people with several pairings active on a day: the 1:1 is logged on the first kind.
KIND_PRIORITY = ("manager", "skip", "mentor")
FUTURE_DAYS = 14  # instances up to two weeks ahead are listed as `in the future`
LOOKBACK_DAYS = 365  # where the window starts when there is no pairing yet
MAX_INSTANCES = 50_000  # instances read in the window before the file is refused
CHUNK_DAYS = 31  # instances are expanded a month at a time
SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")  # series that repeat within a day: never 1:1s
NOT_PEOPLE = ("ROOM", "RESOURCE")  # CUTYPE of attendees that are not people
_SOURCE_MAX = 400  # Meeting.source


@dataclass(frozen=True)
class ImportedMeeting:
    """A held 1:1 logged (or, in a dry run, to be logged) from a calendar instance."""

    held_on: date
    leader: str
    member: str
    kind: str
    minutes: int
    uid: str
    summary: str


@dataclass(frozen=True)
class SkippedEvent:
    """A calendar instance that was not logged, and why."""

    held_on: date
    reason: str
    who: str  # handles, or the email of someone the org does not know
    uid: str
    summary: str


@dataclass(frozen=True)
class PairingSuggestion:
    """Two people of the org who met 1:1 in the calendar but have no pairing: pair them?"""

    leader: str
    member: str
    kind: str  # manager or skip when one is the other's (skip-level) manager, else mentor
    meetings: int
    first_met: date
    last_met: date


@dataclass(frozen=True)
class CalendarImport:
    """What an import logged, what it skipped, and the pairings it suggests."""

    logged: tuple[ImportedMeeting, ...]
    skipped: tuple[SkippedEvent, ...]
    suggestions: tuple[PairingSuggestion, ...]
    not_one_on_one: int  # instances with fewer or more than two people (not listed)
    window_start: date
    window_end: date


# --- reading the file ------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z0-9-]+")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_QUOTED = re.compile(r"'([^']{4,})'")


@dataclass
class _Block:
    """One BEGIN:X ... END:X of the file: its first line and where each property first is."""

    name: str
    line: int
    props: dict[str, int] = field(default_factory=dict)
    repeated: dict[str, int] = field(default_factory=dict)  # a property's second line


def _shown(text: str, width: int = 40) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= width else text[: width - 3] + "..."


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines (RFC 5545 3.1) with the file line each starts on."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def _scan(lines: list[tuple[int, str]], name: str) -> list[_Block]:
    """Check the file's shape (content lines, BEGIN/END nesting), naming the line at fault;
    the components in file order."""
    if not lines:
        raise located(name, None, None, "empty: not an iCalendar (.ics) file")
    first_line, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise located(
            name,
            first_line,
            None,
            f"not an iCalendar (.ics) file: it should start with BEGIN:VCALENDAR, "
            f"not '{_shown(first)}'",
        )
    blocks: list[_Block] = []
    stack: list[_Block] = []
    for number, line in lines:
        match = _NAME.match(line)
        if not match or match.end() >= len(line) or line[match.end()] not in ":;":
            raise located(name, number, None, f"not an iCalendar line: '{_shown(line)}'")
        prop = match.group(0).upper()
        value = line.partition(":")[2].strip().upper()
        if prop == "BEGIN":
            block = _Block(value, number)
            stack.append(block)
            blocks.append(block)
        elif prop == "END":
            if not stack:
                raise located(name, number, None, f"END:{value} without a BEGIN:{value}")
            if stack[-1].name != value:
                open_ = stack[-1]
                raise located(
                    name,
                    number,
                    None,
                    f"END:{value}, but BEGIN:{open_.name} (line {open_.line}) is still open",
                )
            stack.pop()
        elif not stack:
            raise located(name, number, None, f"'{_shown(line)}' is outside BEGIN:VCALENDAR")
        else:
            if prop in stack[-1].props:
                stack[-1].repeated.setdefault(prop, number)
            stack[-1].props.setdefault(prop, number)
    if stack:
        raise located(name, stack[-1].line, None, f"BEGIN:{stack[-1].name} has no END")
    return blocks


def _line_in_message(message: str, lines: list[tuple[int, str]]) -> int | None:
    """The line a parser message quotes, if it quotes one."""
    quoted = _QUOTED.search(message)
    if quoted:
        for number, line in lines:
            if quoted.group(1) in line:
                return number
    return None


def read_calendars(path: str | os.PathLike[str]) -> list[Any]:
    """The calendars of an .ics file (a file may hold several); a malformed file is one
    InvalidInput naming the file and, where it can, the line."""
    from icalendar import Calendar

    name = os.fspath(path)
    text = decode_utf8(read_bytes(path), name)
    lines = _logical_lines(text)
    blocks = _scan(lines, name)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        message = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise located(name, _line_in_message(message, lines), None, _shown(message, 160)) from None
    components = [c for cal in calendars for c in cal.walk()]
    mapped = len(components) == len(blocks)  # both in file order: each component's lines
    for index, component in enumerate(components):
        block = blocks[index] if mapped else None
        for prop, message in getattr(component, "errors", []):
            where = block.props.get(str(prop).upper(), block.line) if block and prop else None
            line = where or (block.line if block else None)
            text_ = (str(message).splitlines() or ["unreadable"])[0]
            raise located(name, line, str(prop) if prop else None, _shown(text_, 160))
        if component.name == "VEVENT":
            _check_event(component, block, name)
        elif component.name == "VCALENDAR" and component.get("X-WR-TIMEZONE") is not None:
            zone = str(component.get("X-WR-TIMEZONE"))
            if not _known_zone(zone):
                where = block.props.get("X-WR-TIMEZONE") if block else None
                raise located(name, where, "X-WR-TIMEZONE", f"unknown time zone '{_shown(zone)}'")
    return list(calendars)


def _known_zone(zone: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


ONCE = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "STATUS", "ORGANIZER")


def _check_event(event: Any, block: _Block | None, name: str) -> None:
    """What the import relies on: a UID and a DTSTART, each once, and an end after the start."""
    line = block.line if block else None
    for required in ("UID", "DTSTART"):
        if not str(event.get(required, "")).strip():
            raise located(name, line, None, f"an event without {required}")
    for prop in ONCE:
        if isinstance(event.get(prop), list):
            where = block.repeated.get(prop, line) if block else None
            raise located(name, where, prop, "given twice in one event")
    start, end = event.decoded("DTSTART"), event.get("DTEND")
    if end is not None:
        end = event.decoded("DTEND")
        where = block.props.get("DTEND", line) if block else None
        try:
            if type(end) is not type(start):
                raise TypeError
            backwards = end < start
        except TypeError:  # a date against a time, or a time with a zone against one without
            raise located(name, where, "DTEND", "not the same kind of time as DTSTART") from None
        if backwards:
            raise located(name, where, "DTEND", "before DTSTART")


# --- instances -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instance:
    uid: str
    key: str  # Meeting.source
    held_on: date
    minutes: int | None
    cancelled: bool
    summary: str
    organizer: str | None
    emails: tuple[str, ...]  # the people: organizer and attendees, rooms left out
    declined: frozenset[str]


def email_of(value: Any) -> str:
    """'MAILTO:Ben@Example.com' -> 'ben@example.com'."""
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _day(value: date, tz: tzinfo) -> date:
    """The org's date of a start: all-day events keep theirs, floating times are local."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(tz).date()


def source_key(uid: str, day: date) -> str:
    """The import key of an instance: 'UID#YYYY-MM-DD' (hashed if the UID is huge)."""
    key = f"{uid}#{day.isoformat()}"
    if len(key) <= _SOURCE_MAX:
        return key
    return f"sha256:{hashlib.sha256(uid.encode('utf-8')).hexdigest()}#{day.isoformat()}"


def _minutes(component: Any, start: date) -> int | None:
    """The instance's length in minutes, if it is timed and a sensible 1:1 length."""
    if not isinstance(start, datetime):
        return None
    length: timedelta | None = None
    if component.get("DTEND") is not None:
        end = component.decoded("DTEND")
        if isinstance(end, datetime) and (end.tzinfo is None) == (start.tzinfo is None):
            length = end - start
    elif component.get("DURATION") is not None:
        length = component.decoded("DURATION")
    if not isinstance(length, timedelta):
        return None
    minutes = round(length.total_seconds() / 60)
    return minutes if MINUTES.low <= minutes <= MINUTES.high else None


def _instance(component: Any, tz: tzinfo) -> _Instance:
    start = component.decoded("DTSTART")
    original = component.get("RECURRENCE-ID")
    key_day = original.dt if original is not None else start
    key_day = key_day.date() if isinstance(key_day, datetime) else key_day
    uid = str(component.get("UID")).strip()
    organizer = component.get("ORGANIZER")
    emails: list[str] = []
    declined: set[str] = set()
    if organizer is not None and email_of(organizer):
        emails.append(email_of(organizer))
    for attendee in _as_list(component.get("ATTENDEE")):
        params = getattr(attendee, "params", {})
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        email = email_of(attendee)
        if not email:
            continue
        if email not in emails:
            emails.append(email)
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined.add(email)
    return _Instance(
        uid=uid,
        key=source_key(uid, key_day),
        held_on=_day(start, tz),
        minutes=_minutes(component, start),
        cancelled=str(component.get("STATUS", "")).strip().upper() == "CANCELLED",
        summary=str(component.get("SUMMARY", "")).strip(),
        organizer=email_of(organizer) if organizer is not None else None,
        emails=tuple(emails),
        declined=frozenset(declined),
    )


def instances(
    calendars: Iterable[Any], name: str, start: date, end: date, tz: tzinfo
) -> Iterator[_Instance]:
    """Every event instance whose date (in `tz`) lies in start..end, recurrences expanded by
    recurring_ical_events (EXDATEs left out, RECURRENCE-ID overrides applied)."""
    from zoneinfo import ZoneInfoNotFoundError

    import recurring_ical_events

    seen: set[str] = set()
    try:
        for calendar in calendars:
            _drop_sub_daily(calendar)
            query = recurring_ical_events.of(calendar)
            # A month at a time (a day's margin each side for time zones), so a huge
            # calendar is refused at MAX_INSTANCES instead of expanded whole. Not `after()`:
            # an event spanning years would make it step through the window in minutes.
            day, stop = start - timedelta(days=1), end + timedelta(days=2)
            while day < stop:
                chunk_end = min(day + timedelta(days=CHUNK_DAYS), stop)
                for component in query.between(day, chunk_end):
                    item = _instance(component, tz)
                    if item.key in seen or not start <= item.held_on <= end:
                        continue  # a long event is in several chunks
                    seen.add(item.key)
                    if len(seen) > MAX_INSTANCES:
                        raise InvalidInput(
                            f"{name}: more than {MAX_INSTANCES} event instances from "
                            f"{start.isoformat()} to {end.isoformat()}; export a shorter range"
                        )
                    yield item
                day = chunk_end
    except (ValueError, TypeError, OverflowError, ZoneInfoNotFoundError) as exc:
        message = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InvalidInput(
            f"{name}: cannot read the events' dates: {_shown(message, 160)}"
        ) from None


def _drop_sub_daily(calendar: Any) -> None:
    """Leave out series that repeat several times a day (reminders, not 1:1s): expanding
    them over months would take long for nothing."""
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    uids = {
        str(c.get("UID"))
        for c in events
        for rule in _as_list(c.get("RRULE"))
        if any(str(f).upper() in SUB_DAILY for f in _as_list(rule.get("FREQ")))
    }
    if uids:
        calendar.subcomponents = [
            c
            for c in calendar.subcomponents
            if not (c.name == "VEVENT" and str(c.get("UID")) in uids)
        ]


# --- matching instances to pairings ----------------------------------------------------------


@dataclass(frozen=True)
class _Org:
    by_email: dict[str, Person]
    by_id: dict[int, Person]
    pairings: dict[frozenset[int], list[Pairing]]


def _load_org(session: Session) -> _Org:
    people = session.exec(select(Person).order_by(Person.handle)).all()
    by_email: dict[str, Person] = {}
    for person in people:
        if person.email:
            by_email.setdefault(email_of(person.email), person)  # a shared email: first handle
    by_id = {p.id: p for p in people if p.id is not None}
    pairings: dict[frozenset[int], list[Pairing]] = defaultdict(list)
    for pairing in session.exec(select(Pairing).order_by(Pairing.id)).all():
        pairings[frozenset((pairing.leader_id, pairing.member_id))].append(pairing)
    return _Org(by_email, by_id, dict(pairings))


def _here(person: Person, day: date) -> bool:
    return person.left is None or person.left >= day


def _pairing_on(org: _Org, a: Person, b: Person, day: date) -> Pairing | None:
    """The pairing of two people active on `day` (manager, then skip, then mentor)."""
    if not (_here(a, day) and _here(b, day)):
        return None
    found = [
        p
        for p in org.pairings.get(frozenset((a.id, b.id)), [])  # type: ignore[arg-type]
        if p.since <= day and (p.ended is None or p.ended >= day)
    ]
    if not found:
        return None
    return min(found, key=lambda p: (KIND_PRIORITY.index(p.kind), p.id or 0))


def _existing_sources(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for index in range(0, len(keys), 500):
        chunk = keys[index : index + 500]
        found.update(
            s for s in session.exec(select(Meeting.source).where(col(Meeting.source).in_(chunk)))
        )
    return found


def _logged_days(session: Session, start: date, end: date) -> set[tuple[int, date]]:
    rows = session.exec(
        select(Meeting.pairing_id, Meeting.held_on).where(
            Meeting.held_on >= start, Meeting.held_on <= end
        )
    ).all()
    return {(pid, held) for pid, held in rows}


def _suggestion(
    org: _Org, pair: frozenset[int], met: list[_Instance], today: date
) -> PairingSuggestion | None:
    """Pair two people who met 1:1? Not if they have a pairing today or one has left."""
    a, b = sorted((org.by_id[i] for i in pair), key=lambda p: p.handle)
    if any(p.left is not None and p.left <= today for p in (a, b)):
        return None  # never suggest pairing someone who has left
    if _pairing_on(org, a, b, today) is not None:
        return None
    grand = {p.id: org.by_id[p.manager_id].manager_id for p in (a, b) if p.manager_id in org.by_id}
    if a.manager_id == b.id or b.manager_id == a.id:
        leader, member = (b, a) if a.manager_id == b.id else (a, b)
        kind = "manager"
    elif grand.get(a.id) == b.id or grand.get(b.id) == a.id:
        leader, member = (b, a) if grand.get(a.id) == b.id else (a, b)
        kind = "skip"
    else:  # the more senior leads; at the same level, whoever sent most of the invitations
        sent = Counter(i.organizer for i in met)
        rank_a = (level_rank(a.level), sent[email_of(a.email or "")])
        rank_b = (level_rank(b.level), sent[email_of(b.email or "")])
        leader, member = (b, a) if rank_b > rank_a else (a, b)
        kind = "mentor"
    days = sorted(i.held_on for i in met)
    return PairingSuggestion(leader.handle, member.handle, kind, len(met), days[0], days[-1])


def import_calendar(
    session: Session, path: str | os.PathLike[str], *, dry_run: bool = False
) -> CalendarImport:
    """Log the held 1:1s of a calendar export; with dry_run, only say what would be logged.

    Instances are read from the earliest pairing's start (or a year back when there is no
    pairing) to FUTURE_DAYS ahead; all-or-nothing: a malformed file writes nothing.
    """
    from zoneinfo import ZoneInfo

    from eng_ops.services.settings import current

    name = os.fspath(path)
    calendars = read_calendars(path)
    today = clock.today()
    tz = ZoneInfo(current(session).one_on_one.timezone)
    org = _load_org(session)
    starts = [p.since for group in org.pairings.values() for p in group]
    window_start = min(starts) if starts else today - timedelta(days=LOOKBACK_DAYS)
    window_end = today + timedelta(days=FUTURE_DAYS)
    found = list(instances(calendars, name, window_start, window_end, tz))
    found.sort(key=lambda i: (i.held_on, i.uid, i.key))
    pairs = [i for i in found if len(i.emails) == 2]  # only these can be (or be) imported
    imported = _existing_sources(session, sorted({i.key for i in pairs}))
    logged_days = _logged_days(session, pairs[0].held_on, pairs[-1].held_on) if pairs else set()

    logged: list[tuple[ImportedMeeting, Pairing, str]] = []
    skipped: list[SkippedEvent] = []
    unpaired: dict[frozenset[int], list[_Instance]] = defaultdict(list)
    not_one_on_one = 0
    for item in found:
        if item.key in imported:
            skipped.append(_skip(item, ALREADY_IMPORTED, org))
            continue
        if len(item.emails) != 2:
            not_one_on_one += 1
            continue
        a, b = (org.by_email.get(e) for e in item.emails)
        reason = None
        if item.cancelled:
            reason = CANCELLED
        elif a is None or b is None:
            reason = UNKNOWN_ATTENDEE
        elif item.held_on > today:
            reason = IN_THE_FUTURE
        elif item.declined:
            reason = DECLINED
        if reason is not None or a is None or b is None:
            skipped.append(_skip(item, reason or UNKNOWN_ATTENDEE, org))
            continue
        pairing = _pairing_on(org, a, b, item.held_on)
        if pairing is None:
            later = any(
                p.since > item.held_on
                for p in org.pairings.get(frozenset((a.id, b.id)), [])  # type: ignore[arg-type]
            )
            skipped.append(_skip(item, BEFORE_PAIRING if later else NO_PAIRING, org))
            unpaired[frozenset((a.id, b.id))].append(item)  # type: ignore[arg-type]
            continue
        if (pairing.id, item.held_on) in logged_days:
            skipped.append(_skip(item, ALREADY_LOGGED, org))
            continue
        imported.add(item.key)
        logged_days.add((pairing.id, item.held_on))  # type: ignore[arg-type]
        leader, member = org.by_id[pairing.leader_id], org.by_id[pairing.member_id]
        meeting = ImportedMeeting(
            held_on=item.held_on,
            leader=leader.handle,
            member=member.handle,
            kind=pairing.kind,
            minutes=item.minutes or pairing.minutes,
            uid=item.uid,
            summary=item.summary,
        )
        logged.append((meeting, pairing, item.key))

    if not dry_run:
        _write(session, logged)
    suggestions = [
        s for pair, met in unpaired.items() if (s := _suggestion(org, pair, met, today)) is not None
    ]
    suggestions.sort(key=lambda s: (-s.meetings, s.leader, s.member))
    return CalendarImport(
        logged=tuple(m for m, _, _ in logged),
        skipped=tuple(skipped),
        suggestions=tuple(suggestions),
        not_one_on_one=not_one_on_one,
        window_start=window_start,
        window_end=window_end,
    )


def _skip(item: _Instance, reason: str, org: _Org) -> SkippedEvent:
    who = [org.by_email[e].handle if e in org.by_email else e for e in item.emails]
    return SkippedEvent(item.held_on, reason, ", ".join(who), item.uid, item.summary)


def _write(session: Session, logged: list[tuple[ImportedMeeting, Pairing, str]]) -> None:
    """Insert the meetings and their audit rows, in bulk."""
    author = audit.actor_of(session)
    now = datetime.now(UTC)
    meetings = [
        Meeting(
            pairing_id=pairing.id,  # type: ignore[arg-type]
            held_on=item.held_on,
            minutes=item.minutes,
            topics=[],
            author=author,
            source=key,
            created_at=now,
        )
        for item, pairing, key in logged
    ]
    session.add_all(meetings)
    session.flush()
    rows = [
        audit.entry(
            session,
            "create",
            "meeting",
            f"{item.leader}/{item.member}/{item.held_on.isoformat()}",
            None,
            {
                "pairing": pairing.id,
                "held_on": item.held_on,
                "skipped": False,
                "topics": [],
                "actions": [],
                "source": key,
                "meeting": meeting.id,
            },
        )
        for (item, pairing, key), meeting in zip(logged, meetings, strict=True)
    ]
    audit.write(session, [r for r in rows if r is not None])
