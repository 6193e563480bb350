"""iCalendar export: one recurring event per active pairing of a leader, placed in working hours.

Where each pairing's next 1:1 goes:

1. its next due date (the last held 1:1 plus the cadence; the day the pairing began if it never
   met), or today when that is already past: an overdue 1:1 is booked as soon as possible;
2. today only while the working day has not begun (now, in the org's time zone, is before
   `working_hours.start`); else from the next day;
3. the first working day (`working_hours.days`) from there with room for it: a day's 1:1s are
   stacked back to back from `working_hours.start`, each after the previous one ends, and one
   that would end after `working_hours.end` moves to the next working day.

Pairings are placed most overdue first (earliest due date), then by member handle and kind. A
1:1 keeps its time of day when it repeats, so "room" counts every placed series that will ever
meet on the same day (weekly and fortnightly series on the same weekday, say), not only the
first meetings: a leader's 1:1s never start at the same instant or overlap. A 1:1 longer than
the working day starts at the beginning of a free day; when a leader's repeating 1:1s leave no
room on any working day, it goes on the first candidate day at its first free time, after hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from math import gcd, lcm
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services.one_on_ones import active_pairings, last_met_by_pairing
from eng_ops.services.people import get_person
from eng_ops.services.settings import Settings
from eng_ops.services.settings_registry import weekdays
from eng_ops.store.models import Person


def pairing_uid(pairing_id: int, leader: str, member: str, kind: str) -> str:
    """Stable across exports: derived from the pairing record, never from the clock."""
    return f"eng-ops-1on1-{pairing_id}-{leader}-{member}-{kind}@eng-ops"


@dataclass(frozen=True)
class WorkingHours:
    """When 1:1s may be placed: the org's time zone, working day start and end, working days."""

    timezone: str
    start: time
    end: time
    days: frozenset[int]  # date.weekday(): Monday 0 … Sunday 6


def working_hours(settings: Settings) -> WorkingHours:
    """The org's working hours from its settings; the end must come after the start."""
    v = settings.values
    hours = WorkingHours(
        timezone=str(v["timezone"]),
        start=time.fromisoformat(str(v["working_hours.start"])),
        end=time.fromisoformat(str(v["working_hours.end"])),
        days=weekdays(str(v["working_hours.days"])),
    )
    if hours.end <= hours.start:
        raise InvalidInput(
            f"working_hours.end ({hours.end:%H:%M}) is not after "
            f"working_hours.start ({hours.start:%H:%M})"
        )
    return hours


@dataclass(frozen=True)
class Wanted:
    """A pairing's next 1:1 to place: from which day, how long, how often."""

    key: int  # the pairing's id
    due: date
    member: str
    kind: str
    minutes: int
    every_days: int


@dataclass(frozen=True)
class Slot:
    """Where a pairing's next 1:1 was placed: its first day and minutes after midnight."""

    key: int
    day: date
    begin: int  # minutes after local midnight
    end: int
    every_days: int

    def meets_with(self, day: date, every_days: int) -> bool:
        """True when a series starting on `day` every `every_days` ever meets on a day of ours."""
        return (day - self.day).days % gcd(every_days, self.every_days) == 0


def wall_clock(tz: ZoneInfo) -> time:
    """The real time of day in `tz`: the only clock reading here (tests replace it)."""
    return datetime.now(tz).time()


def place(wanted: list[Wanted], hours: WorkingHours, today: date, now: time) -> dict[int, Slot]:
    """A slot for each wanted 1:1, by key (see the module's docstring for the rules)."""
    day_start = hours.start.hour * 60 + hours.start.minute
    day_end = hours.end.hour * 60 + hours.end.minute
    first_day = today if now < hours.start else today + timedelta(days=1)
    placed: dict[int, Slot] = {}
    for item in sorted(wanted, key=lambda w: (w.due, w.member, w.kind, w.key)):
        earliest = max(item.due, first_day)
        # Which series meet on a day, and whether it is a working day, repeat every
        # lcm(cadence, 7) days: a day with room is within that horizon or nowhere.
        horizon = [earliest + timedelta(days=i) for i in range(lcm(item.every_days, 7))]
        candidates = [d for d in horizon if d.weekday() in hours.days]
        chosen: Slot | None = None
        for day in candidates:
            begin = _first_gap(placed.values(), day, item, day_start)
            if begin + item.minutes <= day_end or begin == day_start:
                chosen = Slot(item.key, day, begin, begin + item.minutes, item.every_days)
                break
        if chosen is None:  # every working day is full: after the last 1:1 on the first one
            day = candidates[0]
            begin = _first_gap(placed.values(), day, item, day_start)
            chosen = Slot(item.key, day, begin, begin + item.minutes, item.every_days)
        placed[item.key] = chosen
    return placed


def _first_gap(slots: Iterable[Slot], day: date, item: Wanted, day_start: int) -> int:
    """The first minute from `day_start` with `item.minutes` free among series meeting on `day`."""
    busy = sorted((s.begin, s.end) for s in slots if s.meets_with(day, item.every_days))
    cursor = day_start
    for begin, end in busy:
        if cursor + item.minutes <= begin:
            break
        cursor = max(cursor, end)
    return cursor


def leader_calendar(
    session: Session,
    settings: Settings,
    leader: str,
    *,
    today: date | None = None,
    now: time | None = None,
) -> bytes:
    """An .ics with a recurring VEVENT per active pairing of `leader`, placed in working hours.

    `today` defaults to the business date (eng_ops.dates.today()); `now` to the real time of
    day in the org's time zone. UIDs and DTSTAMPs come from the pairing, so exporting twice
    gives the same bytes and a calendar that imports it again updates instead of duplicating.
    """
    from icalendar import Calendar, Event, vRecur

    hours = working_hours(settings)
    tz = ZoneInfo(hours.timezone)
    today = today or clock.today()
    now = now if now is not None else wall_clock(tz)
    get_person(session, leader)
    pairs = active_pairings(session, leader)
    last = last_met_by_pairing(session, [p.id for p, _, _ in pairs])  # type: ignore[misc]
    handles = {leader} | {member for _, _, member in pairs}
    names = dict(
        session.exec(
            select(Person.handle, Person.name).where(col(Person.handle).in_(handles))
        ).all()
    )

    by_key = {int(p.id): (p, lead, member) for p, lead, member in pairs}  # type: ignore[arg-type]
    wanted: dict[int, Wanted] = {}
    for key, (pairing, _, member) in by_key.items():
        met = last.get(key)
        due = met + timedelta(days=pairing.every_days) if met else pairing.since
        wanted[key] = Wanted(key, due, member, pairing.kind, pairing.minutes, pairing.every_days)
    slots = place(list(wanted.values()), hours, today, now)

    cal = Calendar()
    cal.add("prodid", "-//eng-ops//1:1 cadence//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"1:1s of {names.get(leader, leader)}")
    for key in sorted(slots, key=lambda k: (slots[k].day, slots[k].begin)):
        pairing, lead, member = by_key[key]
        slot = slots[key]
        event = Event()
        event.add("uid", pairing_uid(key, lead, member, pairing.kind))
        event.add("dtstamp", _utc(pairing.created_at))
        event.add("dtstart", datetime.combine(slot.day, time(), tzinfo=tz) + _minutes(slot.begin))
        event.add("duration", _minutes(pairing.minutes))
        event.add(
            "summary",
            f"1:1 {names.get(lead, lead)} / {names.get(member, member)} ({pairing.kind})",
        )
        if pairing.every_days % 7 == 0:
            rule = {"freq": "weekly", "interval": pairing.every_days // 7}
        else:
            rule = {"freq": "daily", "interval": pairing.every_days}
        event.add("rrule", vRecur(rule))
        event.add(
            "description",
            f"eng-ops {pairing.kind} 1:1, every {pairing.every_days} days; "
            f"next due {wanted[key].due.isoformat()}",
        )
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
