"""Parsing of dates ('2026-11-27', 'today', 'yesterday') and durations ('2w', '10d')."""

from __future__ import annotations

import re
from datetime import date, timedelta

from eng_ops.errors import InvalidInput

_DURATION = re.compile(r"^\s*(\d+)\s*([dwm])\s*$", re.IGNORECASE)
_DAYS = {"d": 1, "w": 7, "m": 30.44}  # a month is counted as 30.44 days


def today() -> date:
    return date.today()


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
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{field}: '{text}' is not a date (use YYYY-MM-DD, 'today' or 'yesterday')"
        ) from None


def parse_duration(text: str, *, field: str = "duration") -> timedelta:
    """Parse '10d', '2w' or '6m' into a timedelta."""
    match = _DURATION.match(str(text))
    if not match:
        raise InvalidInput(f"{field}: '{text}' is not a duration (use e.g. 10d, 2w or 6m)")
    count, unit = int(match.group(1)), match.group(2).lower()
    return timedelta(days=round(count * _DAYS[unit]))
