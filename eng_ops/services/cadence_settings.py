"""1:1 settings from config.toml's [one_on_one] section, with sensible defaults.

[one_on_one]
grace_days = 3            # a gap within target + grace counts as on time
due_soon_days = 3         # 'due-soon' when the next 1:1 is this close
frequent_days = 14        # a 1:1 at least this often counts as frequent
career_days = 90          # flag people with no career conversation for this long
capacity_hours = 4        # default 1:1 hours a week a leader can give
timezone = "Europe/Berlin"
meeting_time = "10:00"

[one_on_one.cadence]      # default cadence per kind
manager = "2w"
mentor = "1w"
skip = "6w"

[one_on_one.capacity]     # hours a week, per leader
priya = 3
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Any

from eng_ops.config import load_config
from eng_ops.errors import InvalidInput
from eng_ops.services import limits

DEFAULT_CADENCE = {"manager": 14, "mentor": 7, "skip": 42}


@dataclass(frozen=True)
class CadenceSettings:
    cadence: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    capacity_hours: float = 4.0
    capacity: dict[str, float] = field(default_factory=dict)
    grace_days: int = 3
    due_soon_days: int = 3
    frequent_days: int = 14
    career_days: int = 90
    timezone: str = "UTC"
    meeting_time: time = time(10, 0)

    def capacity_of(self, handle: str) -> float:
        return self.capacity.get(handle, self.capacity_hours)


def _number(
    section: dict[str, Any], key: str, default: float, where: str, bound: limits.Bound
) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidInput(f"config.toml: {where}.{key}: expected a number >= 0, got {value!r}")
    bound.check(value, f"config.toml: {where}.{key}")
    return float(value)


def load_settings() -> CadenceSettings:
    section = load_config().section("one_on_one")
    where = "one_on_one"
    cadence = dict(DEFAULT_CADENCE)
    for kind, value in (section.get("cadence") or {}).items():
        if kind not in DEFAULT_CADENCE:
            raise InvalidInput(f"config.toml: {where}.cadence.{kind}: unknown kind")
        field_name = f"config.toml: {where}.cadence.{kind}"
        days = limits.duration_days(str(value), limits.CADENCE_DAYS, field_name)
        cadence[kind] = days
    capacity = {
        str(h): _number(
            section.get("capacity") or {}, h, 0, f"{where}.capacity", limits.CAPACITY_HOURS
        )
        for h in (section.get("capacity") or {})
    }
    raw_time = str(section.get("meeting_time", "10:00"))
    try:
        meeting_time = time.fromisoformat(raw_time)
    except ValueError:
        raise InvalidInput(
            f"config.toml: {where}.meeting_time: '{raw_time}' is not HH:MM"
        ) from None
    tz = str(section.get("timezone", "UTC"))
    _check_timezone(tz)
    return CadenceSettings(
        cadence=cadence,
        capacity_hours=_number(section, "capacity_hours", 4.0, where, limits.CAPACITY_HOURS),
        capacity=capacity,
        grace_days=int(_number(section, "grace_days", 3, where, limits.GRACE_DAYS)),
        due_soon_days=int(_number(section, "due_soon_days", 3, where, limits.DUE_SOON_DAYS)),
        frequent_days=int(_number(section, "frequent_days", 14, where, limits.FREQUENT_DAYS)),
        career_days=int(_number(section, "career_days", 90, where, limits.CAREER_DAYS)),
        timezone=tz,
        meeting_time=meeting_time,
    )


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"config.toml: one_on_one.timezone: unknown time zone '{name}'"
        ) from None
