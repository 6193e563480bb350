"""Bounds on every number eng-ops takes, from the command line, YAML, CSV or config.toml.

One table, so `--help`, the README and the services agree. Kept free of heavy imports: the
CLI reads it to write its help texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from eng_ops.errors import InvalidInput


@dataclass(frozen=True)
class Bound:
    """An inclusive range of whole numbers (or hours) with the unit it is counted in."""

    low: float
    high: float
    unit: str = ""

    @property
    def text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        joint = " to " if self.low < 0 else "-"  # "-1 to 1", not "-1-1"
        return f"{_num(self.low)}{joint}{_num(self.high)}{unit}"

    def help(self, text: str) -> str:
        """A help text with the range appended: 'How many leads are wanted (1-50).'

        A text that already ends in a parenthesis gets the range inside it, so help never
        shows two in a row: 'Cadence (default per kind; 1-182 days).'
        """
        body = text.rstrip()
        end = "." if body.endswith(".") else ""
        body = body.removesuffix(".")
        if body.endswith(")"):
            return f"{body[:-1]}; {self.text}){end}"
        return f"{body} ({self.text}){end}"

    def check(self, value: float, field: str) -> float:
        """The value, or InvalidInput naming the field and the range."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{field}: expected a number ({self.text}), got {value!r}")
        if not self.low <= value <= self.high:
            raise InvalidInput(f"{field}: {_num(value)} is out of range ({self.text})")
        return value


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# Counts and lengths given on the command line (and by imports of the same things).
SEATS = Bound(1, 50, "seats")
TERM_DAYS = Bound(7, 730, "days")  # a lead term: a week to two years
ROTATION_WEEKS = Bound(2, 12, "weeks")
MINUTES = Bound(5, 480, "minutes")  # one 1:1
CADENCE_DAYS = Bound(1, 182, "days")  # how often a pairing meets: daily to twice a year
WITHIN_DAYS = Bound(0, 365, "days")
COVERAGE_DAYS = Bound(1, 365, "days")
SCORE_1_5 = Bound(1, 5)  # challenge, mood
PANEL_SIZE = Bound(1, 12, "interviewers")
LIST_LIMIT = Bound(1, 10_000, "entries")
RUBRIC_VERSION = Bound(1, 10_000)
RUBRIC_SCALE = Bound(0, 10)  # a rubric's [low, high]: at most 11 anchored points
RATING_VALUE = Bound(-1000, 1000)  # a score read from a ratings or scorecards file

# org settings (eng-ops settings set)
CAPACITY_HOURS = Bound(0, 40, "hours a week")
GRACE_DAYS = Bound(0, 30, "days")
DUE_SOON_DAYS = Bound(0, 30, "days")
FREQUENT_DAYS = Bound(1, 182, "days")
CAREER_DAYS = Bound(1, 730, "days")
WINDOW_DAYS = Bound(30, 1830, "days")  # readiness evidence window: a month to five years
MIN_EVIDENCE = Bound(1, 20, "pieces")
HORIZON_DAYS = Bound(7, 730, "days")  # a development plan: a week to two years
STAGE_INTERVIEWS = Bound(0, 50, "interviews")
KAPPA = Bound(-1, 1)
SCORECARD_DAYS = Bound(0, 30, "days")  # from an interview to its scorecard's due date
SHARE_LIMIT = Bound(0.01, 1)  # a share of a role's loops or interview slots
LOOKBACK_DAYS = Bound(1, 3653, "days")  # how far back an analytic looks: a day to ten years


def duration_days(text: str, bound: Bound, field: str) -> int:
    """Parse a duration like '2w' and check its length in days against the bound."""
    from eng_ops.dates import parse_duration

    days = parse_duration(text, field=field).days  # at most ten years: no overflow
    bound.check(days, field)
    return days
