"""Small SVG charts for the HTML reports: a dot plot with intervals, horizontal bars, a heat
strip (squares coloured by band) and a funnel.

Pure functions that return SVG text: standard library only, no database, no templates. Every
chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>` (a text alternative
that summarises the data), with a fixed viewBox, a labelled numeric axis with ticks, a legend
saying what each colour means, no script and no external reference; the same input always
gives the same text. Every piece of text is escaped here, so a template prints the result
as it is (`{{ chart | safe }}`).

Colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable with the common colour-vision deficiencies; a "hollow" category (e.g.
"too few ratings to judge") is drawn as an outline, so it does not rest on colour alone.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
"""Width of every chart's viewBox, in SVG units (the page scales it)."""
ROW = 24
"""Height of one row (a dot or a bar)."""
TOP = 36
"""Room above the first row for the visible title."""
RIGHT_DOTS = 24
"""Margin right of a dot plot's axis."""
RIGHT_BARS = 64
"""Margin right of a bar chart's axis: the value column."""
RIGHT_FUNNEL = 100
"""Margin right of a funnel: the count and its share of the first stage."""
FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12"'
LEGEND_LEFT = 4.0
"""Where the legend starts (room for a marker's stroke)."""
MINUS = "\u2212"

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "grey": "#767676",
    "ink": "#1f2328",
}
"""Okabe-Ito colours (grey and ink added for neutral marks and text)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Category:
    """What a colour means: its name (legend and text alternative), colour, a longer
    description for the legend, and whether marks are drawn hollow (outline only)."""

    name: str
    colour: str
    description: str = ""
    hollow: bool = False


@dataclass(frozen=True)
class Dot:
    """One row of a dot plot: a point at `value` with an optional interval low..high."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    category: str = ""


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a bar from zero to `value` (None: no value)."""

    label: str
    value: float | None
    category: str = ""


def _describe(
    title: str, n: int, what: str, x_label: str, scale: _Scale, line: str, summary: list[str]
) -> str:
    """The text alternative: what the axis shows, its range, any line, and every row."""
    decimals = _decimals(scale.ticks)
    return (
        f"{title}. {n} {what} on an axis of {x_label} from "
        f"{number(scale.ticks[0], decimals)} to {number(scale.ticks[-1], decimals)}"
        f"{line}. " + "; ".join(summary) + "."
    )


def _grid(scale: _Scale, bottom: float) -> list[str]:
    """A light vertical line at every tick of the axis."""
    parts = ['<g class="grid">']
    for tick in scale.ticks:
        x = _coord(scale.x(tick))
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{_coord(bottom)}" stroke="#eaeef2"/>')
    parts.append("</g>")
    return parts


# --- numbers and text ------------------------------------------------------------------------


def _nice(x: float) -> float:
    """The 'nice' step (1, 2 or 5 times a power of ten) closest to x (Heckbert 1990)."""
    exponent = math.floor(math.log10(x))
    fraction = x / 10**exponent
    nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    return nice * 10.0**exponent


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Evenly spaced round tick values covering low..high, about `count` intervals."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("axis limits must be finite numbers")
    low, high = min(low, high), max(low, high)
    if high == low:
        low, high = low - 1, high + 1
    step = _nice((high - low) / max(count - 1, 1))
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    n = round((stop - start) / step)
    return [_clean_zero(round(start + i * step, 10)) for i in range(n + 1)]


def _clean_zero(value: float) -> float:
    return 0.0 if value == 0 else value


def _decimals(ticks: Sequence[float]) -> int:
    """Decimals that tell the ticks apart (0 for whole steps, 1 for 0.5 or 0.2, ...)."""
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0])
    return max(0, -math.floor(math.log10(step) + 1e-9))


def number(value: float, digits: int) -> str:
    """A number as text with a true minus sign; never '-0'."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def _coord(value: float) -> str:
    """An SVG coordinate: two decimals at most, no trailing zeros (deterministic text)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: object) -> str:
    """Text for SVG: control characters shown as U+FFFD (XML forbids them), then escaped."""
    return html.escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
    return f"chart-{slug or 'untitled'}"


def _label_width(labels: Sequence[str], given: int | None) -> int:
    if given is not None:
        return given
    longest = max((len(label) for label in labels), default=0)
    return min(max(7 * longest + 16, 72), 220)


def _fit(label: str, width: int) -> str:
    """A label shortened with an ellipsis to fit `width` units (about 7 per character)."""
    room = max((width - 12) // 7, 4)
    return label if len(label) <= room else label[: room - 1] + "\u2026"


# --- pieces ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    ticks: list[float]
    left: float
    right: float

    def x(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.left + (value - low) / (high - low) * (self.right - self.left)


def _scale(values: list[float], domain: tuple[float, float] | None, left: int, right: int):  # type: ignore[no-untyped-def]
    low, high = domain if domain is not None else (min(values), max(values))
    if domain is not None and values:
        low, high = min(low, *values), max(high, *values)
    return _Scale(nice_ticks(low, high), float(left), float(WIDTH - right))


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    cid = _text(chart_id)
    return [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {_coord(height)}" width="{WIDTH}" '
        f'height="{_coord(height)}" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f"{FONT}>",
        f'<title id="{cid}-title">{_text(title)}</title>',
        f'<desc id="{cid}-desc">{_text(desc)}</desc>',
        f'<text class="chart-title" x="0" y="16" font-weight="600" '
        f'fill="{PALETTE["ink"]}">{_text(title)}</text>',
    ]


def _axis(scale: _Scale, y: float, x_label: str) -> list[str]:
    decimals = _decimals(scale.ticks)
    parts = [
        '<g class="axis">',
        f'<line class="axis-line" x1="{_coord(scale.left)}" y1="{_coord(y)}" '
        f'x2="{_coord(scale.right)}" y2="{_coord(y)}" stroke="{PALETTE["grey"]}"/>',
    ]
    for tick in scale.ticks:
        x = _coord(scale.x(tick))
        parts.append(
            f'<g class="tick"><line x1="{x}" y1="{_coord(y)}" x2="{x}" y2="{_coord(y + 5)}" '
            f'stroke="{PALETTE["grey"]}"/><text class="tick-label" x="{x}" '
            f'y="{_coord(y + 18)}" text-anchor="middle" fill="{PALETTE["ink"]}">'
            f"{number(tick, decimals)}</text></g>"
        )
    middle = (scale.left + scale.right) / 2
    parts.append(
        f'<text class="axis-label" x="{_coord(middle)}" y="{_coord(y + 36)}" '
        f'text-anchor="middle" fill="{PALETTE["ink"]}">{_text(x_label)}</text>'
    )
    parts.append("</g>")
    return parts


def _legend(items: list[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """Legend entries (marker SVG, text), wrapped onto lines; returns parts and bottom y."""
    if not items:
        return [], y
    parts = ['<g class="legend">']
    x, line_y = LEGEND_LEFT, y
    for marker, text in items:
        width = 28 + 7 * len(text)
        if x > LEGEND_LEFT and x + width > WIDTH:
            x, line_y = LEGEND_LEFT, line_y + 20
        parts.append(
            f'<g class="legend-item" transform="translate({_coord(x)},{_coord(line_y)})">'
            f'{marker}<text x="18" y="4" fill="{PALETTE["ink"]}">{_text(text)}</text></g>'
        )
        x += width + 12
    parts.append("</g>")
    return parts, line_y + 12


def _category_marker(category: Category, shape: str) -> str:
    fill = "#ffffff" if category.hollow else _text(category.colour)
    stroke = _text(category.colour)
    if shape == "circle":
        return f'<circle cx="6" cy="0" r="5" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
    return (
        f'<rect x="0" y="-5" width="12" height="10" fill="{fill}" stroke="{stroke}" '
        'stroke-width="1.5"/>'
    )


def _legend_text(category: Category) -> str:
    return f"{category.name}: {category.description}" if category.description else category.name


def _used(categories: Sequence[Category], keys: set[str]) -> list[Category]:
    return [c for c in categories if c.name in keys]


def _lookup(categories: Sequence[Category]) -> dict[str, Category]:
    return {c.name: c for c in categories}


def _empty(chart_id: str, title: str, empty: str) -> str:
    parts = _open(chart_id, title, f"{title}: {empty}.", 56)
    parts.append(f'<text class="empty" x="0" y="42" fill="{PALETTE["grey"]}">{_text(empty)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- charts ----------------------------------------------------------------------------------


def dot_plot(
    rows: Sequence[Dot],
    *,
    title: str,
    x_label: str,
    categories: Sequence[Category] = (),
    zero_line: bool = True,
    zero_label: str = "",
    domain: tuple[float, float] | None = None,
    label_width: int | None = None,
    digits: int = 2,
    chart_id: str | None = None,
    empty: str = "no data",
) -> str:
    """A point per row with a horizontal interval (low..high), on one labelled numeric axis.

    `categories` colour the points (a row's `category` names one) and make the legend;
    `zero_line` draws a line at 0 (legend text `zero_label`, if given); `domain` widens the
    axis to at least that range.
    """
    chart_id = chart_id or _slug(title)
    if not rows:
        return _empty(chart_id, title, empty)
    values = [v for r in rows for v in (r.value, r.low, r.high) if v is not None]
    if zero_line:
        values.append(0.0)
    if not values:
        values = [0.0]
    left = _label_width([r.label for r in rows], label_width)
    scale = _scale(values, domain, left, RIGHT_DOTS)
    known = _lookup(categories)
    bottom = TOP + ROW * len(rows)

    summary = []
    for r in rows:
        if r.value is None:
            text = f"{r.label}: no value"
        else:
            text = f"{r.label}: {number(r.value, digits)}"
            if r.low is not None and r.high is not None:
                text += f" ({number(r.low, digits)} to {number(r.high, digits)})"
        if r.category:
            text += f", {r.category}"
        summary.append(text)
    desc = _describe(
        title, len(rows), "rows", x_label, scale, ", with a line at 0" if zero_line else "", summary
    )
    parts = _grid(scale, bottom)
    if zero_line:
        x0 = _coord(scale.x(0.0))
        parts.append(
            f'<line class="zero" x1="{x0}" y1="{TOP - 4}" x2="{x0}" y2="{_coord(bottom + 4)}" '
            f'stroke="{PALETTE["ink"]}" stroke-width="1.5"/>'
        )
    parts.append('<g class="rows">')
    for index, r in enumerate(rows):
        y = TOP + ROW * index + ROW / 2
        category = known.get(r.category)
        colour = category.colour if category else PALETTE["ink"]
        fill = "#ffffff" if category and category.hollow else colour
        parts.append(f'<g class="row"><title>{_text(summary[index])}</title>')
        parts.append(
            f'<text class="label" x="{_coord(left - 8)}" y="{_coord(y + 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{_text(_fit(r.label, left))}</text>'
        )
        if r.low is not None and r.high is not None:
            x1, x2 = _coord(scale.x(r.low)), _coord(scale.x(r.high))
            parts.append(
                f'<line class="interval" x1="{x1}" y1="{_coord(y)}" x2="{x2}" y2="{_coord(y)}" '
                f'stroke="{_text(colour)}" stroke-width="2"/>'
            )
        if r.value is not None:
            parts.append(
                f'<circle class="point" cx="{_coord(scale.x(r.value))}" cy="{_coord(y)}" r="5" '
                f'fill="{_text(fill)}" stroke="{_text(colour)}" stroke-width="2"/>'
            )
        else:
            parts.append(
                f'<text class="no-value" x="{_coord(left + 4)}" y="{_coord(y + 4)}" '
                f'fill="{PALETTE["grey"]}">no value</text>'
            )
        parts.append("</g>")
    parts.append("</g>")
    axis_y = bottom + 4
    parts += _axis(scale, axis_y, x_label)
    items = [
        (_category_marker(c, "circle"), _legend_text(c))
        for c in _used(categories, {r.category for r in rows})
    ]
    if zero_line and zero_label:
        line = f'<line x1="0" y1="0" x2="12" y2="0" stroke="{PALETTE["ink"]}" stroke-width="1.5"/>'
        items.append((line, zero_label))
    legend, legend_bottom = _legend(items, axis_y + 58)
    parts += legend
    return _finish(chart_id, title, desc, parts, max(axis_y + 44, legend_bottom) + 8)


def bars(
    rows: Sequence[Bar],
    *,
    title: str,
    x_label: str,
    categories: Sequence[Category] = (),
    threshold: float | None = None,
    threshold_label: str = "",
    domain: tuple[float, float] | None = None,
    label_width: int | None = None,
    digits: int = 2,
    chart_id: str | None = None,
    empty: str = "no data",
) -> str:
    """Horizontal bars from 0 to each row's value on a labelled numeric axis, the value
    printed right of the axis; an optional dashed threshold line with its legend entry."""
    chart_id = chart_id or _slug(title)
    if not rows:
        return _empty(chart_id, title, empty)
    values = [r.value for r in rows if r.value is not None] + [0.0]
    if threshold is not None:
        values.append(threshold)
    left = _label_width([r.label for r in rows], label_width)
    scale = _scale(values, domain, left, RIGHT_BARS)
    known = _lookup(categories)
    bottom = TOP + ROW * len(rows)
    base = min(max(0.0, scale.ticks[0]), scale.ticks[-1])

    summary = []
    for r in rows:
        text = f"{r.label}: " + ("no value" if r.value is None else number(r.value, digits))
        if r.category:
            text += f", {r.category}"
        summary.append(text)
    line = (
        f", with a line at {number(threshold, digits)}"
        + (f" ({threshold_label})" if threshold_label else "")
        if threshold is not None
        else ""
    )
    desc = _describe(title, len(rows), "bars", x_label, scale, line, summary)
    parts = _grid(scale, bottom)
    parts.append('<g class="rows">')
    for index, r in enumerate(rows):
        top = TOP + ROW * index
        category = known.get(r.category)
        colour = category.colour if category else PALETTE["blue"]
        fill = "#ffffff" if category and category.hollow else colour
        parts.append(f'<g class="row"><title>{_text(summary[index])}</title>')
        parts.append(
            f'<text class="label" x="{_coord(left - 8)}" y="{_coord(top + ROW / 2 + 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{_text(_fit(r.label, left))}</text>'
        )
        if r.value is not None:
            x_base, x_end = scale.x(base), scale.x(r.value)
            parts.append(
                f'<rect class="bar" x="{_coord(min(x_base, x_end))}" y="{_coord(top + 5)}" '
                f'width="{_coord(abs(x_end - x_base))}" height="{ROW - 10}" '
                f'fill="{_text(fill)}" stroke="{_text(colour)}" stroke-width="1.5"/>'
            )
        value_text = "no value" if r.value is None else number(r.value, digits)
        parts.append(
            f'<text class="value" x="{WIDTH - 4}" y="{_coord(top + ROW / 2 + 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{value_text}</text>'
        )
        parts.append("</g>")
    parts.append("</g>")
    if threshold is not None:
        xt = _coord(scale.x(threshold))
        parts.append(
            f'<line class="threshold" x1="{xt}" y1="{TOP - 4}" x2="{xt}" '
            f'y2="{_coord(bottom + 4)}" stroke="{PALETTE["vermillion"]}" stroke-width="1.5" '
            'stroke-dasharray="4,3"/>'
        )
    axis_y = bottom + 4
    parts += _axis(scale, axis_y, x_label)
    items = [
        (_category_marker(c, "rect"), _legend_text(c))
        for c in _used(categories, {r.category for r in rows})
    ]
    if threshold is not None:
        line = (
            f'<line x1="0" y1="0" x2="12" y2="0" stroke="{PALETTE["vermillion"]}" '
            'stroke-width="1.5" stroke-dasharray="4,3"/>'
        )
        items.append((line, threshold_label or f"threshold {number(threshold, digits)}"))
    legend, legend_bottom = _legend(items, axis_y + 58)
    parts += legend
    return _finish(chart_id, title, desc, parts, max(axis_y + 44, legend_bottom) + 8)


def _finish(chart_id: str, title: str, desc: str, body: list[str], height: float) -> str:
    """The whole chart: the opening tag (now that the height is known), body, end tag."""
    return "\n".join([*_open(chart_id, title, desc, height), *body, "</svg>"]) + "\n"


# --- heat strip and funnel -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One square of a heat strip: what it is (e.g. a person) and its value (None: no data)."""

    label: str
    value: float | None


@dataclass(frozen=True)
class Strip:
    """One row of a heat strip (e.g. a team), its cells left to right."""

    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Band:
    """Values up to and including `upto` take this category's colour (bands in rising order;
    a value above the last band takes the last)."""

    upto: float
    category: Category


CELL = 16
"""Side of a heat-strip square; squares sit 2 apart."""
NO_DATA = Category("no data", PALETTE["grey"], hollow=True)


def _band(value: float | None, bands: Sequence[Band]) -> Category:
    if value is None:
        return NO_DATA
    for band in bands:
        if value <= band.upto:
            return band.category
    return bands[-1].category


def heat_strip(
    strips: Sequence[Strip],
    *,
    title: str,
    bands: Sequence[Band],
    unit: str = "",
    label_width: int | None = None,
    digits: int = 0,
    chart_id: str | None = None,
    empty: str = "no data",
) -> str:
    """Rows of squares coloured by band (e.g. weeks since each person's last 1:1, per team);
    the legend names every band, and the text alternative counts each row's squares per band.
    Rows with more squares than fit are wrapped onto further lines."""
    chart_id = chart_id or _slug(title)
    if not strips or not bands:
        return _empty(chart_id, title, empty)
    left = _label_width([s.label for s in strips], label_width)
    per_line = max(int((WIDTH - left) // (CELL + 2)), 1)
    names = [b.category.name for b in bands] + [NO_DATA.name]
    summary, parts, y = [], ['<g class="rows">'], float(TOP)
    for strip in strips:
        counts = {name: 0 for name in names}
        for cell in strip.cells:
            counts[_band(cell.value, bands).name] += 1
        said = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        summary.append(f"{strip.label}: {said or 'nothing'}")
        lines = max(-(-len(strip.cells) // per_line), 1)
        parts.append(f'<g class="strip"><title>{_text(summary[-1])}</title>')
        parts.append(
            f'<text class="label" x="{_coord(left - 8)}" y="{_coord(y + CELL - 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{_text(_fit(strip.label, left))}</text>'
        )
        for index, cell in enumerate(strip.cells):
            category = _band(cell.value, bands)
            x = left + (index % per_line) * (CELL + 2)
            top = y + (index // per_line) * (CELL + 2)
            fill = "#ffffff" if category.hollow else category.colour
            value = "no data" if cell.value is None else f"{number(cell.value, digits)}{unit}"
            parts.append(
                f'<rect class="cell" x="{_coord(x)}" y="{_coord(top)}" width="{CELL}" '
                f'height="{CELL}" fill="{_text(fill)}" stroke="{_text(category.colour)}">'
                f"<title>{_text(f'{cell.label}: {value}')}</title></rect>"
            )
        parts.append("</g>")
        y += lines * (CELL + 2) + 6
    parts.append("</g>")
    used = {_band(c.value, bands).name for s in strips for c in s.cells}
    items = [
        (_category_marker(c, "rect"), _legend_text(c))
        for c in [*(b.category for b in bands), NO_DATA]
        if c.name in used or c is not NO_DATA
    ]
    legend, legend_bottom = _legend(items, y + 14)
    parts += legend
    desc = f"{title}. {len(strips)} rows of squares. " + "; ".join(summary) + "."
    return _finish(chart_id, title, desc, parts, legend_bottom + 8)


def funnel(
    stages: Sequence[tuple[str, int]],
    *,
    title: str,
    label_width: int | None = None,
    chart_id: str | None = None,
    empty: str = "no data",
) -> str:
    """Centred bars, one per stage, as wide as its count relative to the first stage, with the
    count, its share of the first stage and of the stage before (e.g. openings -> applied ->
    interviewed -> selected)."""
    chart_id = chart_id or _slug(title)
    if not stages:
        return _empty(chart_id, title, empty)
    left = _label_width([s for s, _ in stages], label_width)
    right = WIDTH - RIGHT_FUNNEL
    widest = max(max(n for _, n in stages), 1)
    first = stages[0][1]
    summary, parts = [], ['<g class="rows">']
    for index, (stage, count) in enumerate(stages):
        top = TOP + ROW * index
        width = (right - left) * count / widest
        x = left + ((right - left) - width) / 2
        share = f"{count / first:.0%} of {stages[0][0]}" if first and index else ""
        before = stages[index - 1][1] if index else 0
        step = f", {count / before:.0%} of the stage before" if index > 1 and before else ""
        summary.append(f"{stage}: {count}" + (f" ({share}{step})" if share else ""))
        parts.append(f'<g class="row"><title>{_text(summary[-1])}</title>')
        parts.append(
            f'<text class="label" x="{_coord(left - 8)}" y="{_coord(top + ROW / 2 + 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{_text(_fit(stage, left))}</text>'
        )
        parts.append(
            f'<rect class="stage" x="{_coord(x)}" y="{_coord(top + 3)}" width="{_coord(width)}" '
            f'height="{ROW - 6}" fill="{PALETTE["blue"]}"/>'
        )
        value = str(count) + (f" ({count / first:.0%})" if first and index else "")
        parts.append(
            f'<text class="value" x="{WIDTH - 4}" y="{_coord(top + ROW / 2 + 4)}" '
            f'text-anchor="end" fill="{PALETTE["ink"]}">{value}</text>'
        )
        parts.append("</g>")
    parts.append("</g>")
    desc = f"{title}. {len(stages)} stages. " + "; ".join(summary) + "."
    return _finish(chart_id, title, desc, parts, TOP + ROW * len(stages) + 12)
