"""Meeting cadence arithmetic: gaps between dates, medians, adherence shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import median


def gaps(days: Sequence[date]) -> list[int]:
    """Days between consecutive dates (sorted first)."""
    ordered = sorted(days)
    return [(b - a).days for a, b in zip(ordered, ordered[1:], strict=False)]


def judged_gaps(since: date, held: Sequence[date], until: date, limit: int) -> list[int]:
    """The gaps of one pairing's life that can be judged, in days, oldest first.

    The first runs from the pairing's start (`since`) to its first held 1:1 (none when they
    first met on the day it began), then one between each two held 1:1s (one a day counts),
    then the open gap from the last held 1:1 (or from `since`, never met) to `until`, which
    counts only once it is longer than `limit` (it is late whatever happens next); until then
    it is not judged. Dates after `until` are left out; a 1:1 dated before `since` (an import
    of older history) moves the start back to it.
    """
    dates = {d for d in held if d <= until}
    points = sorted({min([since, *dates]), *dates})
    closed = gaps(points)
    still_open = (until - points[-1]).days
    return [*closed, still_open] if still_open > limit else closed


def median_or_none(values: Sequence[float]) -> float | None:
    return float(median(values)) if values else None


def share_within(values: Sequence[int], limit: int) -> float | None:
    """Share of gaps no longer than `limit`, or None when there are no gaps."""
    if not values:
        return None
    return sum(1 for v in values if v <= limit) / len(values)


def weekly_hours(minutes: int, every_days: int) -> float:
    """Hours per week that a meeting of `minutes` every `every_days` days takes."""
    return minutes / 60 * 7 / every_days


def falling(values: Sequence[int]) -> bool:
    """True when each value is lower than the one before (needs at least three)."""
    return len(values) >= 3 and all(b < a for a, b in zip(values, values[1:], strict=False))


def format_every(days: int) -> str:
    """14 -> '2w', 10 -> '10d'."""
    return f"{days // 7}w" if days % 7 == 0 else f"{days}d"
