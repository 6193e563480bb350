"""Every org rule eng-ops knows: its key, type, default, range and one-line description.

The registry is the one place a setting is defined. The database holds the values the org
chose (`eng-ops settings set`); everything else falls back to the defaults here. Light to
import: the README's Settings section and `settings --help` are generated from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from eng_ops.errors import InvalidInput
from eng_ops.services import limits
from eng_ops.text import did_you_mean


def _duration(text: str, spec: Spec) -> int:
    return limits.duration_days(text, spec.bound or limits.CADENCE_DAYS, spec.key)


def _integer(text: str, spec: Spec) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{spec.key}: '{text}' is not a whole number") from None
    if spec.bound:
        spec.bound.check(value, spec.key)
    return value


def _number(text: str, spec: Spec) -> float:
    import math

    try:
        value = float(text.strip())
    except ValueError:
        raise InvalidInput(f"{spec.key}: '{text}' is not a number") from None
    if not math.isfinite(value):
        raise InvalidInput(f"{spec.key}: '{text}' is not a finite number")
    if spec.bound:
        spec.bound.check(value, spec.key)
    return value


def _timezone(text: str, spec: Spec) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    name = text.strip()
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        hint = did_you_mean(name, sorted(available_timezones()), n=3)
        hint = hint or " (an IANA name, e.g. Europe/London)"
        raise InvalidInput(f"{spec.key}: unknown time zone '{text}'{hint}") from None
    return name


def _clock_time(text: str, spec: Spec) -> str:
    try:
        value = time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{spec.key}: '{text}' is not a time of day (HH:MM)") from None
    return value.strftime("%H:%M")


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(word: str, key: str) -> int:
    """Monday 0 … Sunday 6 for 'mon', 'Monday', 'tues'…; InvalidInput naming `key` otherwise."""
    name = word.strip().lower()
    for number, full in enumerate(_DAY_NAMES):
        if len(name) >= 3 and full.startswith(name):
            return number
    raise InvalidInput(
        f"{key}: '{word.strip()}' is not a day of the week (use {', '.join(WEEKDAYS)})"
    )


def _day_ranges(text: str, key: str) -> list[tuple[int, int]]:
    """The (first, last) days of each comma-separated part of 'mon-wed,fri'."""
    ranges = []
    for part in str(text).split(","):
        if not part.strip():
            raise InvalidInput(f"{key}: '{text}' names no day (e.g. mon-fri or sun-thu)")
        first, dash, last = part.partition("-")
        low = _weekday(first, key)
        ranges.append((low, _weekday(last, key) if dash else low))
    return ranges


def weekdays(text: str, key: str = "working_hours.days") -> frozenset[int]:
    """The days 'mon-fri', 'sun-thu' or 'mon-wed,fri' names, as date.weekday() numbers
    (Monday 0); a range may wrap past Sunday ('fri-mon')."""
    days: set[int] = set()
    for low, high in _day_ranges(text, key):
        days.update((low + i) % 7 for i in range((high - low) % 7 + 1))
    return frozenset(days)


def _weekdays(text: str, spec: Spec) -> str:
    parts = _day_ranges(text, spec.key)
    return ",".join(
        WEEKDAYS[low] if low == high else f"{WEEKDAYS[low]}-{WEEKDAYS[high]}" for low, high in parts
    )


def _level(text: str, spec: Spec) -> str:
    value = text.strip()
    if not value:
        raise InvalidInput(f"{spec.key}: a level is required (e.g. L3)")
    return value


KINDS: dict[str, tuple[str, Callable[[str, Spec], Any]]] = {
    "duration": ("a duration like 10d, 2w or 6m", _duration),
    "integer": ("a whole number", _integer),
    "number": ("a number", _number),
    "timezone": ("an IANA time zone name", _timezone),
    "time": ("a time of day, HH:MM", _clock_time),
    "weekdays": ("days of the week, e.g. mon-fri, sun-thu or mon-wed,fri", _weekdays),
    "level": ("a level of the ladder", _level),
}


@dataclass(frozen=True)
class Spec:
    """One setting: `key` is dotted and grouped by area (one_on_one.grace_days)."""

    key: str
    kind: str
    default: str | None
    description: str
    bound: limits.Bound | None = None
    org: bool = True  # may be set for the whole org
    per_person: bool = False  # may be set for one person with --person

    def parse(self, text: str) -> Any:
        """The typed value of `text`, or InvalidInput naming the key."""
        return KINDS[self.kind][1](str(text), self)

    @property
    def type_text(self) -> str:
        words = KINDS[self.kind][0]
        return f"{words} ({self.bound.text})" if self.bound else words


REGISTRY: tuple[Spec, ...] = (
    Spec("timezone", "timezone", "UTC", "The org's time zone: 1:1 calendar events use it."),
    Spec(
        "working_hours.start",
        "time",
        "10:00",
        "When the working day starts: a day's first 1:1 in the calendar export starts then.",
    ),
    Spec(
        "working_hours.end",
        "time",
        "17:00",
        "When the working day ends: 1:1s that would run past it move to the next working day.",
    ),
    Spec(
        "working_hours.days",
        "weekdays",
        "mon-fri",
        "The working days: the calendar export places 1:1s only on them.",
    ),
    Spec(
        "one_on_one.cadence.manager",
        "duration",
        "2w",
        "Default cadence of a manager 1:1.",
        limits.CADENCE_DAYS,
    ),
    Spec(
        "one_on_one.cadence.mentor",
        "duration",
        "1w",
        "Default cadence of a mentor 1:1.",
        limits.CADENCE_DAYS,
    ),
    Spec(
        "one_on_one.cadence.skip",
        "duration",
        "6w",
        "Default cadence of a skip-level 1:1.",
        limits.CADENCE_DAYS,
    ),
    Spec(
        "one_on_one.capacity_hours.manager",
        "number",
        "6",
        "Hours a week a manager can give to 1:1s.",
        limits.CAPACITY_HOURS,
    ),
    Spec(
        "one_on_one.capacity_hours.ic",
        "number",
        "2",
        "Hours a week an individual contributor (a tech lead, a mentor) can give to 1:1s.",
        limits.CAPACITY_HOURS,
    ),
    Spec(
        "one_on_one.capacity_hours",
        "number",
        None,
        "One person's 1:1 hours a week, instead of their track's default (--person only).",
        limits.CAPACITY_HOURS,
        org=False,
        per_person=True,
    ),
    Spec(
        "one_on_one.grace_days",
        "integer",
        "3",
        "Days past a pairing's cadence that still count as on time.",
        limits.GRACE_DAYS,
    ),
    Spec(
        "one_on_one.due_soon_days",
        "integer",
        "3",
        "A 1:1 is 'due-soon' when the next one is this many days away or fewer.",
        limits.DUE_SOON_DAYS,
    ),
    Spec(
        "one_on_one.frequent_days",
        "integer",
        "14",
        "A 1:1 at least this often counts as frequent (mentor suggestions).",
        limits.FREQUENT_DAYS,
    ),
    Spec(
        "one_on_one.career_days",
        "integer",
        "90",
        "Flag people with no career conversation for this many days.",
        limits.CAREER_DAYS,
    ),
    Spec(
        "readiness.window_days",
        "integer",
        "365",
        "Evidence older than this many days does not count toward readiness.",
        limits.WINDOW_DAYS,
    ),
    Spec(
        "readiness.min_evidence",
        "integer",
        "2",
        "Pieces of evidence in the window needed to show a competency at a level.",
        limits.MIN_EVIDENCE,
    ),
    Spec(
        "development.horizon_days",
        "integer",
        "90",
        "Days from a not-selected decision to the due date of each development action.",
        limits.HORIZON_DAYS,
    ),
    Spec(
        "interviewers.shadows",
        "integer",
        "2",
        "Shadow interviews with scorecards a trainee needs before reverse-shadowing.",
        limits.STAGE_INTERVIEWS,
    ),
    Spec(
        "interviewers.reverse_shadows",
        "integer",
        "2",
        "Reverse-shadow interviews a trainee needs before qualifying.",
        limits.STAGE_INTERVIEWS,
    ),
    Spec(
        "interviewers.min_kappa",
        "number",
        "0.6",
        "Weighted kappa with the panel a trainee's ratings need to be promoted.",
        limits.KAPPA,
    ),
    Spec(
        "interviewers.scorecard_days",
        "integer",
        "1",
        "Days after an interview by which its scorecard is due (interview kits say so).",
        limits.SCORECARD_DAYS,
    ),
    Spec(
        "interviewers.loop_share_limit",
        "number",
        "0.5",
        "Warn when one interviewer sits on more than this share of a role's loops (0-1).",
        limits.SHARE_LIMIT,
    ),
    Spec(
        "interviewers.slot_share_limit",
        "number",
        "0.25",
        "Warn when one interviewer does more than this share of a role's lead interviews "
        "(only with more than 1/limit people interviewing).",
        limits.SHARE_LIMIT,
    ),
    Spec(
        "rotations.min_level",
        "level",
        "L3",
        "The lowest level offered a lead rotation.",
    ),
)

BY_KEY: dict[str, Spec] = {spec.key: spec for spec in REGISTRY}

# The org rules config.toml used to hold, by their old dotted path: the key they became (or
# keys) and a conversion of the old value to the new key's text. Keys whose name did not change
# are the registry's own; `[one_on_one.capacity] HANDLE = hours` is LEGACY_PERSONAL.
_RENAMED: dict[str, tuple[str | tuple[str, ...], Callable[[Any], str]]] = {
    "one_on_one.timezone": ("timezone", str),
    "one_on_one.meeting_time": ("working_hours.start", str),
    "one_on_one.capacity_hours": (
        ("one_on_one.capacity_hours.manager", "one_on_one.capacity_hours.ic"),
        str,
    ),
    "readiness.window_months": ("readiness.window_days", lambda v: str(round(float(v) * 30.44))),
}
LEGACY: dict[str, tuple[str | tuple[str, ...], Callable[[Any], str]]] = {
    **{s.key: (s.key, str) for s in REGISTRY if s.org and "." in s.key},
    **_RENAMED,
}
LEGACY_PERSONAL = "one_on_one.capacity"  # [one_on_one.capacity] handle = hours


def spec(key: str, *, person: bool = False) -> Spec:
    """The spec of `key`, or InvalidInput naming close matches; checks --person is allowed."""
    found = BY_KEY.get(key)
    if found is None:
        hint = did_you_mean(key, list(BY_KEY), n=3, cutoff=0.5) or " (see eng-ops settings show)"
        raise InvalidInput(f"unknown setting '{key}'{hint}")
    if person and not found.per_person:
        raise InvalidInput(f"{key} is an org-wide setting, not one person's: leave out --person")
    if not person and not found.org:
        raise InvalidInput(f"{key} is set per person: add --person HANDLE")
    return found


def markdown_table() -> str:
    """The README's Settings table, generated from the registry."""
    lines = [
        "| key | type | default | per person | what it is |",
        "|---|---|---|---|---|",
    ]
    for s in REGISTRY:
        default = f"`{s.default}`" if s.default is not None else "the track's default"
        who = "only" if not s.org else ("yes" if s.per_person else "")
        lines.append(f"| `{s.key}` | {s.type_text} | {default} | {who} | {s.description} |")
    return "\n".join(lines) + "\n"
