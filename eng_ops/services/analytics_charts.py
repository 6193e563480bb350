"""Charts for the interview reports: interview analytics as `eng_ops.charts` rows.

The chart module draws; this module decides what the colours mean for interview data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eng_ops.charts import PALETTE, Bar, Category, Dot, bars, dot_plot
from eng_ops.services.interview_analytics import ALPHA_THRESHOLD, TOO_FEW, Alpha


class Effect(Protocol):
    """An interviewer's effect with its interval and reading (calibration or debrief)."""

    @property
    def interviewer(self) -> str: ...
    @property
    def effect(self) -> float | None: ...
    @property
    def ci_low(self) -> float | None: ...
    @property
    def ci_high(self) -> float | None: ...
    @property
    def reading(self) -> str: ...


READINGS = (
    Category("lenient", PALETTE["orange"], "scores above others (interval above 0)"),
    Category("severe", PALETTE["purple"], "scores below others (interval below 0)"),
    Category("in line", PALETTE["blue"], "interval includes 0"),
    Category(TOO_FEW, PALETTE["grey"], hollow=True),
)
"""What each colour of an interviewer's effect means."""

BELOW = f"below {ALPHA_THRESHOLD}"
RELIABLE = f"at or above {ALPHA_THRESHOLD}"
AGREEMENT = (
    Category(RELIABLE, PALETTE["blue"]),
    Category(BELOW, PALETTE["vermillion"]),
    Category(TOO_FEW, PALETTE["grey"], hollow=True),
)
"""What each colour of an alpha bar means."""

SPREAD = (
    Category("agree", PALETTE["blue"], "ratings within 1 point"),
    Category("disagree", PALETTE["vermillion"], "ratings 2 or more points apart"),
)
"""What each colour of a debrief's attribute row means."""


def effects_chart(readings: Sequence[Effect], *, title: str, chart_id: str | None = None) -> str:
    """Each interviewer's effect with its 95% interval, a zero line, coloured by reading."""
    rows = [
        Dot(r.interviewer, r.effect, r.ci_low, r.ci_high, r.reading)
        for r in readings
        if r.effect is not None
    ]
    return dot_plot(
        rows,
        title=title,
        x_label="points above (+) or below (\u2212) others on the same candidates",
        categories=READINGS,
        zero_line=True,
        zero_label="0: scores like the others",
        chart_id=chart_id,
        empty="no interviewer effects",
    )


def alpha_chart(alpha: Alpha, *, title: str, chart_id: str | None = None) -> str:
    """Alpha per attribute (all attributes first) with the 0.667 line."""
    rows = [Bar("all attributes", alpha.value, _agreement(alpha.note, alpha.flagged))]
    rows += [Bar(a.attribute, a.value, _agreement(a.note, a.flagged)) for a in alpha.attributes]
    lowest = min([0.0, *(r.value for r in rows if r.value is not None)])
    return bars(
        rows,
        title=title,
        x_label="Krippendorff's alpha (1 = full agreement, 0 = chance)",
        categories=AGREEMENT,
        threshold=ALPHA_THRESHOLD,
        threshold_label=f"{ALPHA_THRESHOLD}: Krippendorff's lowest acceptable alpha",
        domain=(lowest, 1.0),
        digits=2,
        chart_id=chart_id,
        empty="no attribute rated twice",
    )


def _agreement(note: str | None, flagged: bool) -> str:
    if note:
        return TOO_FEW
    return BELOW if flagged else RELIABLE


def ratings_chart(
    rows: Sequence[tuple[str, float | None, int | None, int | None, bool]],
    *,
    title: str,
    scale: tuple[int, int],
    chart_id: str | None = None,
) -> str:
    """Per attribute (label, mean, lowest, highest, disagreement): the mean as a point and
    the range of the panel's ratings as its interval, on the rubric's scale."""
    dots = [
        Dot(label, mean, low, high, "disagree" if disagree else "agree")
        for label, mean, low, high, disagree in rows
    ]
    return dot_plot(
        dots,
        title=title,
        x_label=f"rating on the rubric's {scale[0]}\u2013{scale[1]} scale "
        "(point: mean, line: lowest to highest)",
        categories=SPREAD,
        zero_line=False,
        domain=(float(scale[0]), float(scale[1])),
        chart_id=chart_id,
        empty="no ratings",
    )


OVER = "over the limit"
WITHIN = "within the limit"
FEW_LOOPS = "too few loops to judge"


def loop_share_chart(
    members: Sequence[tuple[str, float]],
    *,
    role: str,
    limit: float,
    judged: bool,
    chart_id: str | None = None,
) -> str:
    """Each interviewer's share of a role's loops (handle, share), with the loop-share limit;
    grey and hollow when the role has too few loops to judge."""
    categories = (
        Category(OVER, PALETTE["vermillion"]),
        Category(WITHIN, PALETTE["blue"]),
        Category(FEW_LOOPS, PALETTE["grey"], hollow=True),
    )
    rows = [
        Bar(handle, share, (OVER if share > limit else WITHIN) if judged else FEW_LOOPS)
        for handle, share in sorted(members, key=lambda m: (-m[1], m[0]))
    ]
    return bars(
        rows,
        title=f"{role}: share of the loops each interviewer sat on",
        x_label="share of the role's loops (1 = every loop)",
        categories=categories,
        threshold=limit,
        threshold_label=f"limit {limit:.0%} (interviewers.loop_share_limit)",
        domain=(0.0, 1.0),
        chart_id=chart_id,
        empty="nobody held a lead slot",
    )


def days_to_decision_chart(
    rows: Sequence[tuple[str, int | None]], *, median: float | None, chart_id: str | None = None
) -> str:
    """Days from first interview to decision per decided candidate, with the median line."""
    return bars(
        [Bar(label, None if days is None else float(days)) for label, days in rows],
        title="Days from first interview to decision",
        x_label="days",
        threshold=median,
        threshold_label="" if median is None else f"median {median:g} days",
        digits=0,
        chart_id=chart_id,
        empty="no decisions yet",
    )


def load_chart(rows: Sequence[tuple[str, int, float]], *, chart_id: str | None = None) -> str:
    """Each interviewer's share of all lead interviews (handle, count, share)."""
    return bars(
        [Bar(f"{handle} ({count})", share) for handle, count, share in rows],
        title="Share of all lead interviews",
        x_label="share of lead interviews (count in brackets)",
        domain=(0.0, max([0.5, *(share for _, _, share in rows)])),
        chart_id=chart_id,
        empty="no lead interviews",
    )
