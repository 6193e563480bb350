"""eng_ops.charts: SVG dot plots and bar charts, parsed back with ElementTree.

Every expected coordinate is worked out by hand from the chart geometry: a viewBox 640 wide,
rows 24 high starting at y = 36, the axis from the label column (given here) to 640 - 24 for
a dot plot and 640 - 64 for bars (the value column).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from eng_ops.charts import (
    PALETTE,
    Band,
    Bar,
    Category,
    Cell,
    Dot,
    Strip,
    bars,
    dot_plot,
    funnel,
    heat_strip,
    nice_ticks,
)

MINUS = "\u2212"
READINGS = (
    Category("lenient", PALETTE["orange"], "interval above 0"),
    Category("severe", PALETTE["purple"], "interval below 0"),
    Category("in line", PALETTE["blue"]),
    Category("too few ratings to judge", PALETTE["grey"], hollow=True),
)
EFFECTS = [
    Dot("emily", 0.77, 0.44, 1.10, "lenient"),
    Dot("samuel", -0.74, -1.26, -0.22, "too few ratings to judge"),
    Dot("nobody", None),
]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "svg"
    return root


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(tag) if e.get("class") == cls]


def texts(root: ET.Element, cls: str) -> list[str]:
    return [e.text or "" for e in by_class(root, "text", cls)]


def effects_plot(**extra) -> str:  # type: ignore[no-untyped-def]
    return dot_plot(
        EFFECTS,
        title="Interviewer effects",
        x_label="points above or below others",
        categories=READINGS,
        zero_label="0: like the others",
        label_width=160,
        **extra,
    )


# --- axis ticks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        # range 2.36 over 4 intervals = 0.59 -> the nice step 0.5; -1.26 -> -1.5, 1.10 -> 1.5
        (-1.26, 1.10, [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]),
        # 1.18 / 4 = 0.295 -> step 0.2; -0.18 -> -0.2
        (-0.18, 1.0, [-0.2, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        # a rubric scale: 3 / 4 = 0.75 -> step 1
        (1, 4, [1.0, 2.0, 3.0, 4.0]),
        # one value: widened by 1 either side, 2 / 4 = 0.5
        (0, 0, [-1.0, -0.5, 0.0, 0.5, 1.0]),
    ],
)
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


# --- dot plot ----------------------------------------------------------------------------------


def test_dot_plot_is_an_accessible_image_with_title_and_desc() -> None:
    root = parse(effects_plot())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    (title,) = [e for e in root if e.tag == "title"]
    (desc,) = [e for e in root if e.tag == "desc"]
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Interviewer effects"
    # the text alternative names every row with its numbers and its category
    assert desc.text is not None
    assert "emily: 0.77 (0.44 to 1.10), lenient" in desc.text
    assert (
        f"samuel: {MINUS}0.74 ({MINUS}1.26 to {MINUS}0.22), too few ratings to judge" in desc.text
    )
    assert "nobody: no value" in desc.text
    assert f"from {MINUS}1.5 to 1.5" in desc.text
    # a fixed viewBox, 640 wide
    assert root.get("viewBox", "").startswith("0 0 640 ")
    assert root.get("width") == "640"


def test_dot_plot_axis_zero_line_points_and_intervals() -> None:
    root = parse(effects_plot())
    # values -1.26 .. 1.10 and 0 -> ticks -1.5 .. 1.5 in steps of 0.5
    assert texts(root, "tick-label") == [
        f"{MINUS}1.5", f"{MINUS}1.0", f"{MINUS}0.5", "0.0", "0.5", "1.0", "1.5",
    ]  # fmt: skip
    assert texts(root, "axis-label") == ["points above or below others"]
    # the axis runs from x = 160 (label column) to 640 - 24 = 616: 456 units for 3 points,
    # so x(v) = 160 + (v + 1.5) / 3 * 456 = 160 + 152 * (v + 1.5)
    ticks = [float(g.find("line").get("x1")) for g in root.iter("g") if g.get("class") == "tick"]  # type: ignore[union-attr]
    assert ticks == [160, 236, 312, 388, 464, 540, 616]
    (zero,) = by_class(root, "line", "zero")
    assert zero.get("x1") == zero.get("x2") == "388"  # 160 + 152 * 1.5
    points = by_class(root, "circle", "point")
    assert len(points) == 2  # one per row with a value; "nobody" has none
    # emily: 160 + 152 * 2.27 = 505.04; samuel: 160 + 152 * 0.76 = 275.52
    assert [p.get("cx") for p in points] == ["505.04", "275.52"]
    # rows are 24 high from y = 36: centres at 48 and 72
    assert [p.get("cy") for p in points] == ["48", "72"]
    intervals = by_class(root, "line", "interval")
    # emily 0.44 .. 1.10: 160 + 152 * 1.94 = 454.88 .. 160 + 152 * 2.6 = 555.2
    # samuel -1.26 .. -0.22: 160 + 152 * 0.24 = 196.48 .. 160 + 152 * 1.28 = 354.56
    assert [(i.get("x1"), i.get("x2")) for i in intervals] == [
        ("454.88", "555.2"),
        ("196.48", "354.56"),
    ]
    assert texts(root, "no-value") == ["no value"]


def test_dot_plot_legend_says_what_each_colour_means() -> None:
    root = parse(effects_plot())
    legend = [e.text for item in by_class(root, "g", "legend-item") for e in item.iter("text")]
    # only the categories in use, in the order given, then the zero line
    assert legend == [
        "lenient: interval above 0",
        "too few ratings to judge",
        "0: like the others",
    ]
    emily, samuel = by_class(root, "circle", "point")
    assert emily.get("fill") == PALETTE["orange"]
    # "too few" is hollow: not told apart by colour alone
    assert (samuel.get("fill"), samuel.get("stroke")) == ("#ffffff", PALETTE["grey"])


def test_dot_plot_without_zero_line_on_a_given_domain() -> None:
    root = parse(
        dot_plot(
            [Dot("coding", 2.5, 2, 3, "agree")],
            title="Ratings",
            x_label="rating",
            zero_line=False,
            domain=(1, 4),
            label_width=100,
        )
    )
    assert by_class(root, "line", "zero") == []
    assert texts(root, "tick-label") == ["1", "2", "3", "4"]
    # x(v) = 100 + (v - 1) / 3 * (616 - 100) = 100 + 172 * (v - 1): 2.5 -> 358
    (point,) = by_class(root, "circle", "point")
    assert point.get("cx") == "358"


def test_charts_are_deterministic_and_self_contained() -> None:
    svg = effects_plot()
    assert svg == effects_plot()
    lowered = svg.lower()
    for banned in ("<script", "http:", "https:", "href", "<image", "@import", "url("):
        assert banned not in lowered


def test_every_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & co'
    svg = dot_plot(
        [Dot(hostile, 1.0, 0.5, 1.5, hostile), Dot("esc\x1bape", 0.5)],
        title=f"Title {hostile}",
        x_label=f"axis {hostile}",
        categories=[Category(hostile, PALETTE["blue"], hostile)],
        chart_id='x" onload="alert(1)',
    )
    assert "<script" not in svg
    assert "onload=" not in svg.replace("onload=&quot;", "")  # only inside an escaped value
    root = parse(svg)  # still well-formed XML (the escape character is not allowed in XML)
    assert "onload" not in root.attrib
    assert root.get("aria-labelledby", "").startswith('x" onload="alert(1)-title')
    (title,) = [e for e in root if e.tag == "title"]
    assert title.text == f"Title {hostile}"  # escaped in the source, intact when read
    assert hostile in (root.find("desc").text or "")  # type: ignore[union-attr]
    assert "esc\ufffdape" in texts(root, "label")
    assert f"axis {hostile}" in texts(root, "axis-label")


def test_empty_input_is_a_chart_that_says_so() -> None:
    for svg in (
        dot_plot([], title="Effects", x_label="points", empty="no interviewer effects"),
        bars([], title="Effects", x_label="points", empty="no interviewer effects"),
    ):
        root = parse(svg)
        assert root.get("role") == "img"
        assert [e.text for e in root if e.tag == "title"] == ["Effects"]
        assert "no interviewer effects" in ([e.text for e in root if e.tag == "desc"][0] or "")
        assert by_class(root, "circle", "point") == [] and by_class(root, "rect", "bar") == []
        assert texts(root, "empty") == ["no interviewer effects"]


# --- bars --------------------------------------------------------------------------------------

AGREEMENT = (
    Category("at or above 0.667", PALETTE["blue"]),
    Category("below 0.667", PALETTE["vermillion"]),
    Category("too few ratings to judge", PALETTE["grey"], hollow=True),
)


def test_bars_axis_threshold_and_values() -> None:
    root = parse(
        bars(
            [
                Bar("coding", 0.2, "below 0.667"),
                Bar("debugging", 0.8, "at or above 0.667"),
                Bar("ownership", None, "too few ratings to judge"),
            ],
            title="Alpha per attribute",
            x_label="alpha",
            categories=AGREEMENT,
            threshold=0.667,
            threshold_label="0.667: lowest acceptable",
            domain=(0.0, 1.0),
            label_width=100,
        )
    )
    # 0 .. 1 over 4 intervals = 0.25 -> the nice step 0.2
    assert texts(root, "tick-label") == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    # the axis runs from 100 to 640 - 64 = 576: x(v) = 100 + 476 v
    (line,) = by_class(root, "line", "threshold")
    assert line.get("x1") == "417.49"  # 100 + 476 * 0.667 = 417.492
    rects = by_class(root, "rect", "bar")
    assert [(r.get("x"), r.get("width")) for r in rects] == [("100", "95.2"), ("100", "380.8")]
    assert [r.get("fill") for r in rects] == [PALETTE["vermillion"], PALETTE["blue"]]
    assert texts(root, "value") == ["0.20", "0.80", "no value"]
    legend = [e.text for item in by_class(root, "g", "legend-item") for e in item.iter("text")]
    assert legend == [
        "at or above 0.667",
        "below 0.667",
        "too few ratings to judge",
        "0.667: lowest acceptable",
    ]
    desc = root.find("desc").text or ""  # type: ignore[union-attr]
    assert "with a line at 0.67 (0.667: lowest acceptable)" in desc
    assert "coding: 0.20, below 0.667" in desc and "ownership: no value" in desc


def test_a_negative_bar_grows_left_from_zero() -> None:
    root = parse(
        bars(
            [Bar("collaboration", -0.18), Bar("coding", 1.0)],
            title="a",
            x_label="alpha",
            domain=(-0.18, 1.0),
            label_width=100,
        )  # fmt: skip
    )
    assert texts(root, "tick-label")[:2] == [f"{MINUS}0.2", "0.0"]
    # ticks -0.2 .. 1.0 over 476 units: x(v) = 100 + (v + 0.2) / 1.2 * 476
    # x(0) = 179.33, x(-0.18) = 107.93: the bar starts at 107.93 and is 71.4 wide
    negative, positive = by_class(root, "rect", "bar")
    assert (negative.get("x"), negative.get("width")) == ("107.93", "71.4")
    assert (positive.get("x"), positive.get("width")) == ("179.33", "396.67")
    assert texts(root, "value") == [f"{MINUS}0.18", "1.00"]


# --- heat strip and funnel ---------------------------------------------------------------------

WEEKS = (
    Band(2, Category("on time", PALETTE["blue"], "2 weeks or less")),
    Band(4, Category("late", PALETTE["orange"], "3-4 weeks")),
    Band(52, Category("overdue", PALETTE["vermillion"], "over 4 weeks")),
)


def test_heat_strip_colours_each_square_by_band() -> None:
    strips = [
        Strip("platform", (Cell("ana", 1), Cell("ben", 3), Cell("cy", None), Cell("di", 9))),
        Strip("mobile", tuple(Cell(f"m{i}", 2) for i in range(30))),
    ]
    root = parse(
        heat_strip(
            strips, title="Weeks since last 1:1", bands=WEEKS, unit=" weeks", label_width=100
        )  # fmt: skip
    )
    cells = by_class(root, "rect", "cell")
    assert len(cells) == 4 + 30
    # 1 <= 2 on time, 3 <= 4 late, none: hollow, 9 > 4 overdue
    assert [c.get("fill") for c in cells[:4]] == [
        PALETTE["blue"],
        PALETTE["orange"],
        "#ffffff",
        PALETTE["vermillion"],
    ]
    assert [c.find("title").text for c in cells[:4]] == [  # type: ignore[union-attr]
        "ana: 1 weeks",
        "ben: 3 weeks",
        "cy: no data",
        "di: 9 weeks",
    ]
    # squares 16 wide, 2 apart, from x = 100: (640 - 100) // 18 = 30 per line, so platform's
    # squares sit at 100, 118, 136, 154 and mobile's 30 fill exactly one line at y = 36 + 18 + 6
    assert [c.get("x") for c in cells[:4]] == ["100", "118", "136", "154"]
    assert {c.get("y") for c in cells[4:]} == {"60"}
    desc = root.find("desc").text or ""  # type: ignore[union-attr]
    assert "platform: 1 on time, 1 late, 1 overdue, 1 no data" in desc
    assert "mobile: 30 on time" in desc
    legend = [e.text for item in by_class(root, "g", "legend-item") for e in item.iter("text")]
    assert legend == [
        "on time: 2 weeks or less",
        "late: 3-4 weeks",
        "overdue: over 4 weeks",
        "no data",
    ]


def test_funnel_widths_and_shares() -> None:
    root = parse(
        funnel(
            [("nominated", 8), ("applied", 6), ("interviewed", 3), ("selected", 1)],
            title="Openings",
            label_width=100,
        )  # fmt: skip
    )
    # bars between 100 and 640 - 100 = 540 (440 wide), centred, as wide as count / 8
    stages = by_class(root, "rect", "stage")
    assert [(r.get("x"), r.get("width")) for r in stages] == [
        ("100", "440"),  # 8/8
        ("155", "330"),  # 6/8 = 330; (440 - 330) / 2 = 55
        ("237.5", "165"),  # 3/8 = 165; (440 - 165) / 2 = 137.5
        ("292.5", "55"),  # 1/8 = 55; (440 - 55) / 2 = 192.5
    ]
    assert texts(root, "value") == ["8", "6 (75%)", "3 (38%)", "1 (12%)"]
    desc = root.find("desc").text or ""  # type: ignore[union-attr]
    assert "interviewed: 3 (38% of nominated, 50% of the stage before)" in desc
    assert root.get("viewBox") == "0 0 640 144"  # 36 + 4 x 24 + 12
