"""Statistics in plain language: every analytic says what it rests on (`basis`), and below a
documented minimum says "too few ratings to judge" instead of a flag.

The minimums (eng_ops/services/interview_analytics.py, README "Interview analytics"):
- an interviewer is read lenient/severe only on 3+ candidates that others also rated;
- Krippendorff's alpha is flagged only on 10+ pairable units from 3+ candidates.

Scorecards come in through `interview import` (one CSV, dated before today), so each scenario
is small and every number below is worked out by hand.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, as_json, ok

TOO_FEW = "too few ratings to judge"
BACKEND = "backend-engineer"
HEADER = "candidate,role,interviewer,attribute,score,recommendation,date,mode"
HELD = "2026-11-20"  # a week before TODAY


@pytest.fixture
def org(demo_org):  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{BACKEND}.yaml")))
    ok(demo_org("interview", "rubric", "import", str(EXAMPLES / "rubrics" / "tech-lead.yaml")))
    return demo_org


def load(cli, tmp_path: Path, cards: dict[str, dict[str, dict[str, int]]], role: str = BACKEND):  # type: ignore[no-untyped-def]
    """cards: candidate -> interviewer -> attribute -> score, imported as past scorecards."""
    lines = [HEADER]
    for cand, by in cards.items():
        for who, ratings in by.items():
            for attr, score in ratings.items():
                lines.append(f"{cand},{role},{who},{attr},{score},yes,{HELD},lead")
    path = tmp_path / f"cards-{len(list(tmp_path.glob('cards-*.csv')))}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok(cli("interview", "import", str(path)))


# --- calibration: 3 shared candidates before a reading --------------------------------------

# Every interviewer rates every candidate on both attributes: a balanced design, where an
# interviewer's effect is their mean minus the grand mean, i.e. (mean wei - mean fatima) / 2.
FATIMA = {"C1": (2, 1), "C2": (3, 2), "C3": (1, 2)}
WEI = {"C1": (3, 2), "C2": (4, 4), "C3": (2, 3)}


def loops(names: list[str]) -> dict[str, dict[str, dict[str, int]]]:
    return {
        c: {
            "fatima": dict(zip(("coding", "debugging"), FATIMA[c], strict=True)),
            "wei": dict(zip(("coding", "debugging"), WEI[c], strict=True)),
        }
        for c in names
    }


def test_two_shared_candidates_are_too_few_to_read_an_interviewer(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load(org, tmp_path, loops(["C1", "C2"]))
    data = as_json(org("interview", "calibrate", "--role", BACKEND, "--format", "json"))
    # 2 candidates x 2 interviewers x 2 attributes = 8 ratings
    assert data["basis"] == {"candidates": 2, "interviewers": 2, "ratings": 8}
    effects = {e["interviewer"]: e for e in data["interviewers"]}
    # wei 3,2,4,4 (mean 3.25), fatima 2,1,3,2 (mean 2): wei +1.25 / 2 = +0.625
    assert effects["wei"]["effect"] == pytest.approx(0.625, abs=1e-4)
    assert effects["fatima"]["effect"] == pytest.approx(-0.625, abs=1e-4)
    for e in effects.values():
        assert (e["candidates"], e["reading"]) == (2, TOO_FEW)
        assert e["note"] == "2 candidates also rated by others; a reading needs at least 3"
    assert data["note"] == f"{TOO_FEW}: 2 candidates (a reading needs 3 shared candidates)"

    table = ok(org("interview", "calibrate", "--role", BACKEND))
    assert table.stdout.startswith("Based on 8 ratings of 2 candidates by 2 interviewers.")
    assert "lenient" not in table.stdout and TOO_FEW in table.stdout
    assert f"warning: {TOO_FEW}: 2 candidates" in table.stderr
    md = ok(org("interview", "calibrate", "--role", BACKEND, "--format", "md")).stdout
    assert md.startswith("Based on 8 ratings of 2 candidates by 2 interviewers.\n\n## ")
    csv_run = ok(org("interview", "calibrate", "--role", BACKEND, "-f", "csv", "--section",
                     "interviewers"))  # fmt: skip
    assert csv_run.stdout.startswith("interviewer,effect,")  # the file stays one clean table
    assert "Based on 8 ratings" in csv_run.stderr


def test_a_third_shared_candidate_makes_the_reading(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load(org, tmp_path, loops(["C1", "C2", "C3"]))
    data = as_json(org("interview", "calibrate", "--role", BACKEND, "--format", "json"))
    assert data["basis"] == {"candidates": 3, "interviewers": 2, "ratings": 12}
    assert data["note"] is None
    effects = {e["interviewer"]: e for e in data["interviewers"]}
    # wei minus fatima per rating: 1,1, 1,2, 1,1 -> mean 7/6; effect 7/12 = 0.5833
    assert effects["wei"]["effect"] == pytest.approx(7 / 12, abs=1e-4)
    assert effects["wei"]["candidates"] == 3
    # the residuals are small (one rating 1 point off the additive model): the interval
    # stays above zero, so wei reads lenient and fatima severe
    assert effects["wei"]["ci_low"] > 0 and effects["wei"]["reading"] == "lenient"
    assert effects["fatima"]["ci_high"] < 0 and effects["fatima"]["reading"] == "severe"
    assert effects["wei"]["note"] is None


def test_the_only_interviewer_of_a_group_is_never_judged(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # Two groups that never meet: ann and bob on P1..P3, cat alone on Q1..Q3.
    rows = ["candidate,interviewer,attribute,score"]
    for n, (a, b) in enumerate(((3, 2), (4, 3), (2, 2)), start=1):
        rows += [f"P{n},ann,x,{a}", f"P{n},bob,x,{b}", f"P{n},ann,y,{a}", f"P{n},bob,y,{b - 1}"]
    for n, v in enumerate((1, 3, 4), start=1):
        rows += [f"Q{n},cat,x,{v}", f"Q{n},cat,y,{v}"]
    path = tmp_path / "groups.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = as_json(cli("interview", "calibrate", "--scorecards-csv", str(path), "-f", "json"))
    # 3 x 2 x 2 + 3 x 2 = 18 ratings of 6 candidates by 3 interviewers
    assert data["basis"] == {"candidates": 6, "interviewers": 3, "ratings": 18}
    cat = next(e for e in data["interviewers"] if e["interviewer"] == "cat")
    assert (cat["ci_low"], cat["candidates"], cat["reading"]) == (None, 0, TOO_FEW)
    assert cat["note"] == "alone in their group: no one rated the same candidates"


# --- alpha: 10 pairable units from 3 candidates -----------------------------------------------

# Ten candidates, coding rated by fatima and wei. Interval alpha by hand (Krippendorff 2011):
#   pairs (1,2) (2,1) (3,4) (4,3) (1,1) (2,2) (3,3) (4,4) (1,4) (4,1): n = 20 values
#   D_o = sum over units of 2 (a - b)^2 / n = 2 x (1+1+1+1+0+0+0+0+9+9) / 20 = 44 / 20 = 2.2
#   value counts: 1 x6, 2 x4, 3 x4, 4 x6
#   D_e = sum over c != k of n_c n_k (c - k)^2 / (n (n - 1))
#       = 2 x (6*4*1 + 6*4*4 + 6*6*9 + 4*4*1 + 4*6*4 + 4*6*1) / 380 = 1160 / 380
#   alpha = 1 - 2.2 / (1160 / 380) = 1 - 836 / 1160 = 0.279310
PAIRS = [(1, 2), (2, 1), (3, 4), (4, 3), (1, 1), (2, 2), (3, 3), (4, 4), (1, 4), (4, 1)]
INTERVAL_ALPHA = 0.27931


def coding_loops(pairs: list[tuple[int, int]]) -> dict[str, dict[str, dict[str, int]]]:
    return {
        f"K{n:02d}": {"fatima": {"coding": a}, "wei": {"coding": b}}
        for n, (a, b) in enumerate(pairs, start=1)
    }


def alpha(cli, *extra: str):  # type: ignore[no-untyped-def]
    args = ("interview", "reliability", "--role", BACKEND, "--metric", "alpha")
    return cli(*args, "--level", "interval", *extra)


def test_ten_pairable_units_from_ten_candidates_are_judged(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load(org, tmp_path, coding_loops(PAIRS))
    data = as_json(alpha(org, "--format", "json"))
    assert data["value"] == pytest.approx(INTERVAL_ALPHA, abs=1e-6)
    assert data["basis"] == {"candidates": 10, "interviewers": 2, "ratings": 20}
    assert (data["pairable_units"], data["reliable"], data["flagged"], data["note"]) == (
        10,
        False,
        True,
        None,
    )
    (coding,) = data["attributes"]
    assert (coding["attribute"], coding["pairable_units"], coding["candidates"]) == (
        "coding",
        10,
        10,
    )
    assert (coding["flagged"], coding["note"]) == (True, None)
    table = ok(alpha(org))
    assert table.stdout.startswith("Based on 20 ratings of 10 candidates by 2 interviewers.")
    assert "coding: alpha 0.27931 is below 0.667" in table.stderr


def test_nine_pairable_units_are_too_few_to_judge(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load(org, tmp_path, coding_loops(PAIRS[:9]))
    data = as_json(alpha(org, "--format", "json"))
    note = f"{TOO_FEW} (9 pairable units; alpha needs at least 10)"
    assert (data["pairable_units"], data["reliable"], data["flagged"], data["note"]) == (
        9,
        None,
        False,
        note,
    )
    assert isinstance(data["value"], float)  # the value is still shown
    assert data["attributes"][0]["note"] == note and data["attributes"][0]["flagged"] is False
    table = ok(alpha(org))
    assert "below 0.667" not in table.stderr
    assert "9 pairable units; alpha needs at least 10" in " ".join(table.stdout.split())


def test_many_units_from_two_candidates_are_too_few_to_judge(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    attrs = ["system-design", "coding", "debugging", "data-modelling", "collaboration", "ownership"]
    cards = {
        "D1": {"fatima": [1, 2, 3, 4, 1, 2], "wei": [2, 2, 3, 3, 1, 4]},
        "D2": {"fatima": [4, 3, 2, 1, 4, 3], "wei": [4, 4, 1, 1, 3, 3]},
    }
    load(
        org,
        tmp_path,
        {
            c: {w: dict(zip(attrs, v, strict=True)) for w, v in by.items()}
            for c, by in cards.items()
        },
    )
    data = as_json(alpha(org, "--format", "json"))
    # 2 candidates x 6 attributes, each rated by both: 12 pairable units, but 2 candidates
    assert data["pairable_units"] == 12
    assert data["basis"] == {"candidates": 2, "interviewers": 2, "ratings": 24}
    assert (data["reliable"], data["flagged"]) == (None, False)
    assert data["note"] == f"{TOO_FEW} (2 candidates; alpha needs at least 3)"
    for a in data["attributes"]:  # per attribute: 2 units
        assert a["note"] == f"{TOO_FEW} (2 pairable units; alpha needs at least 10)"


def test_a_ratings_file_says_what_it_rests_on(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # Krippendorff (2011), 4 observers x 12 units: 9 + 11 + 10 + 11 = 41 values; 11 units
    # have two or more values (the last has one). A file names no candidates.
    rows = [
        "unit,A,B,C,D",
        "1,1,1,,1", "2,2,2,3,2", "3,3,3,3,3", "4,3,3,3,3", "5,2,2,2,2", "6,1,2,3,4",
        "7,4,4,4,4", "8,1,1,2,1", "9,2,2,2,2", "10,,5,5,5", "11,,,1,1", "12,,3,,",
    ]  # fmt: skip
    path = tmp_path / "k2011.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ("interview", "reliability", "--ratings-csv", str(path), "--metric", "alpha")
    data = as_json(cli(*args, "--format", "json"))
    assert data["basis"] == {"candidates": None, "interviewers": 4, "ratings": 41}
    assert data["pairable_units"] == 11 and data["note"] is None  # 11 >= 10: judged
    assert data["reliable"] is True  # ordinal alpha 0.815 (published)
    table = ok(cli(*args))
    assert table.stdout.startswith("Based on 41 ratings by 4 interviewers.")
    icc = as_json(cli("interview", "reliability", "--ratings-csv", str(path), "--metric", "icc",
                      "--format", "json"))  # fmt: skip
    # complete rows only: units 2-9 (8 rows) x 4 raters = 32 ratings
    assert icc["basis"] == {"candidates": None, "interviewers": 4, "ratings": 32}


# --- the calibration report ------------------------------------------------------------------


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]


def test_a_role_with_one_candidate_says_so_instead_of_flagging(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # tech-lead: one candidate, two interviewers, two attributes each (4 ratings, df = 1)
    load(
        org,
        tmp_path,
        {"Solo Lead": {"wei": {"architecture": 4, "delivery": 1},
                       "fatima": {"architecture": 1, "delivery": 3}}},
        role="tech-lead",
    )  # fmt: skip
    md = ok(org("report", "render", "calibration", "--param", "role=tech-lead", "-f", "md")).stdout
    assert (
        "Each interviewer's tendency to score above (+) or below (−) what the same candidates "
        "got from others, with a 95% interval." in " ".join(md.split())
    )
    assert "score = overall" not in md  # no regression formula
    section = md[md.index("## tech-lead (4 ratings)") :]
    assert section.split("\n")[2] == "Based on 4 ratings of 1 candidate by 2 interviewers."
    assert "below 0.667" not in section
    assert f"{TOO_FEW} (2 pairable units; alpha needs at least 10)" in section
    readings = [line for line in section.splitlines() if line.startswith(("| wei", "| fatima"))]
    # wei (4 + 1) / 2 = 2.5, fatima (1 + 3) / 2 = 2: effects +-0.25, on 1 shared candidate
    # (the interval worked out below, at the chart's axis)
    assert readings == [
        f"| wei | +0.25 | -15.63 to +16.13 | 2 | 1 | {TOO_FEW} |",
        f"| fatima | -0.25 | -16.13 to +15.63 | 2 | 1 | {TOO_FEW} |",
    ]

    html = ok(
        org("report", "render", "calibration", "--param", "role=tech-lead", "-f", "html")
    ).stdout
    assert '<p class="basis">Based on 4 ratings of 1 candidate by 2 interviewers.</p>' in html
    assert "below 0.667</span>" not in html
    effects, agreement = svgs(html)
    # the dot plot: one hollow point per interviewer, a zero line, a numbered axis, a legend
    points = [c for c in effects.iter("circle") if c.get("class") == "point"]
    assert len(points) == 2 and {p.get("fill") for p in points} == {"#ffffff"}
    assert [e for e in effects.iter("line") if e.get("class") == "zero"]
    ticks = [t.text for t in effects.iter("text") if t.get("class") == "tick-label"]
    # 4 ratings, 3 parameters: df 1. The interaction residual (4 - 1 - 1 + 3) / 4 = 1.25 on
    # each rating gives sigma^2 = 4 x 1.25^2 / 1 = 6.25, se = sqrt(6.25 / 4) = 1.25, and the
    # interval 0.25 +- t(0.975, 1) x 1.25 = 0.25 +- 12.706 x 1.25 = -15.63 .. +16.13: ticks of 10
    assert ticks == ["\u221220", "\u221210", "0", "10", "20"]
    legend = " ".join(t.text or "" for t in effects.iter("text") if t.get("class") is None)
    assert TOO_FEW in legend and "lenient" not in legend  # only the colours in use
    assert effects.find("title").text == "tech-lead: interviewer effects with 95% intervals"  # type: ignore[union-attr]
    # the bars: alpha per attribute with the 0.667 line, all too few to judge
    assert [e for e in agreement.iter("line") if e.get("class") == "threshold"]
    assert "0.667: Krippendorff's lowest acceptable alpha" in ET.tostring(agreement, "unicode")


# --- the pool and hiring reports draw with the same chart module -----------------------------

# wei on all three loops, fatima on two, emily on one; L1 and L2 decided (import columns).
POOL_CSV = f"""{HEADER},decision,decided_on,rationale
L1,backend-engineer,wei,coding,3,yes,2026-11-02,lead,hire,2026-11-06,ok
L1,backend-engineer,fatima,coding,3,yes,2026-11-02,lead,,,
L2,backend-engineer,wei,coding,2,no,2026-11-09,lead,no-hire,2026-11-19,no
L2,backend-engineer,emily,coding,2,no,2026-11-09,lead,,,
L3,backend-engineer,wei,coding,4,yes,2026-11-16,lead,,,
L3,backend-engineer,fatima,coding,3,yes,2026-11-16,lead,,,
"""


def chart_parts(svg: ET.Element, tag: str, cls: str, attr: str) -> list[str | None]:
    return [e.get(attr) for e in svg.iter(tag) if e.get("class") == cls]


def test_pool_and_hiring_reports_draw_their_charts(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "loops.csv"
    path.write_text(POOL_CSV, encoding="utf-8")
    ok(org("interview", "import", str(path)))

    pool = ok(org("report", "render", "interviewer-pool", "-f", "html")).stdout
    (loops,) = [s for s in svgs(pool) if s.get("aria-labelledby", "").startswith("loops-")]
    # shares of 3 loops, largest first: wei 3/3, fatima 2/3 = 0.667, emily 1/3 = 0.333.
    # Labels up to 6 characters fit the narrowest label column, 72; the axis runs to
    # 640 - 64 = 576, so a share s is 504 s wide: 504, 336.17, 167.83; the 50% line at 324.
    labels = [t.text for t in loops.iter("text") if t.get("class") == "label"]
    assert labels == ["wei", "fatima", "emily"]
    assert chart_parts(loops, "rect", "bar", "width") == ["504", "336.17", "167.83"]
    assert chart_parts(loops, "rect", "bar", "fill") == ["#D55E00", "#D55E00", "#0072B2"]
    assert chart_parts(loops, "line", "threshold", "x1") == ["324"]
    legend = [t.text for t in loops.iter("text") if t.get("class") is None]
    assert legend[-3:] == [
        "over the limit",
        "within the limit",
        "limit 50% (interviewers.loop_share_limit)",
    ]

    hiring = ok(org("report", "render", "hiring", "-f", "html")).stdout
    days, load = svgs(hiring)
    # L1: 2026-11-02 -> 11-06 = 4 days; L2: 11-09 -> 11-19 = 10 days; median (4 + 10) / 2 = 7.
    # Axis 0 .. 10 (step 2) over 72 .. 576: widths 4 x 50.4 = 201.6 and 504; median at 424.8
    assert [t.text for t in days.iter("text") if t.get("class") == "label"] == ["#1 L1", "#2 L2"]
    assert chart_parts(days, "rect", "bar", "width") == ["201.6", "504"]
    assert chart_parts(days, "line", "threshold", "x1") == ["424.8"]
    assert [t.text for t in days.iter("text") if t.get("class") == "value"] == ["4", "10"]
    assert "median 7 days" in [t.text for t in days.iter("text")]
    # lead interviews: wei 3, fatima 2, emily 1 of 6
    assert [t.text for t in load.iter("text") if t.get("class") == "value"] == [
        "0.50",
        "0.33",
        "0.17",
    ]
