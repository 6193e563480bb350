"""The one clock for business dates, and parsing of dates ('2026-11-27', 'today',
'yesterday') and durations ('2w', '10d').

Set ENG_OPS_TODAY=YYYY-MM-DD to run as if it were that day (demos, what-if checks, tests).
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from eng_ops.errors import InvalidInput

_DURATION = re.compile(r"^\s*(\d+)\s*([dwm])\s*$", re.IGNORECASE | re.ASCII)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_DAYS = {"d": 1, "w": 7, "m": 30.44}  # a month is counted as 30.44 days


TODAY_VAR = "ENG_OPS_TODAY"


def today() -> date:
    """Today's date for every business rule: ENG_OPS_TODAY when set, else the real date."""
    pinned = os.environ.get(TODAY_VAR, "").strip()
    if not pinned:
        return date.today()
    # Bytes that are not UTF-8 are named as typed ('\xff'), not as Python's surrogates.
    readable = pinned.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return iso_date(readable, TODAY_VAR)


def iso_date(text: str, field: str) -> date:
    """A YYYY-MM-DD date within EARLIEST..LATEST (typed, in a file or in ENG_OPS_TODAY)."""
    value = str(text).strip()
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
        raise InvalidInput(f"{field}: '{shown}' is not a date (use YYYY-MM-DD)") from None
    return in_range(day, field)


def in_range(day: date, field: str) -> date:
    """The date, or InvalidInput when it lies outside EARLIEST..LATEST (a file's dates too)."""
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(
            f"{field}: '{day.isoformat()}' is out of range "
            f"({EARLIEST.isoformat()} to {LATEST.isoformat()})"
        )
    return day


def parse_date(text: str | date, *, field: str = "date") -> date:
    """Parse an ISO date or 'today' / 'yesterday' / 'tomorrow'."""
    if isinstance(text, date):
        return text
    value = str(text).strip().lower()
    if value == "today":
        return today()
    if value == "yesterday":
        return today() - timedelta(days=1)
    if value == "tomorrow":
        return today() + timedelta(days=1)
    if not _ISO_DAY.match(value):
        raise InvalidInput(
            f"{field}: '{text}' is not a date (use YYYY-MM-DD, 'today' or 'yesterday')"
        )
    return iso_date(value, field)


# Dates typed by a person lie in EARLIEST..LATEST and durations are at most MAX_DURATION_DAYS
# (ten years), so date arithmetic (a date plus a duration, plus a cadence) never overflows.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
MAX_DURATION_DAYS = 3653


def parse_duration(text: str, *, field: str = "duration") -> timedelta:
    """Parse '10d', '2w' or '6m' into a timedelta of at most MAX_DURATION_DAYS (ten years)."""
    match = _DURATION.match(str(text))
    if not match:
        raise InvalidInput(f"{field}: '{text}' is not a duration (use e.g. 10d, 2w or 6m)")
    digits = match.group(1)
    days = round(int(digits) * _DAYS[match.group(2).lower()]) if len(digits) <= 6 else None
    if days is None or days > MAX_DURATION_DAYS:
        raise InvalidInput(
            f"{field}: '{text}' is longer than ten years (at most {MAX_DURATION_DAYS} days)"
        )
    return timedelta(days=days)
