"""`eng-ops interview debrief CANDIDATE` (and `report render debrief`): the independent
ratings per attribute, the disagreements, each rating beside the interviewer's calibrated
tendency where the role has enough data, the recommendation spread, the missing scorecards
and the decision; refused to a panelist who has not submitted; an internal candidate sees
only the decision of their own loop.

The loop is built through the CLI on TODAY (2026-11-27), so nothing is in the past or future.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, as_json, assert_one_line_error, file_digest, ok

BACKEND = "backend-engineer"
DAY = "2026-11-27"  # TODAY
TOO_FEW_ROLE = (
    "backend-engineer has 1 candidate with ratings: too few to calibrate; ratings shown as given"
)

# The panel: who rates what (their focus), and the recommendation.
WEI = {"coding": 4, "debugging": 3, "system-design": 3}
FATIMA = {"coding": 2, "debugging": 3, "ownership": 2}
EMILY = {"coding": 3, "system-design": 1, "ownership": 2}


@pytest.fixture
def org(demo_org):  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{BACKEND}.yaml")))
    return demo_org


def add(cli, name: str, *extra: str) -> int:  # type: ignore[no-untyped-def]
    args = ("interview", "candidate", "add", name, "--role", BACKEND, *extra, "-f", "json")
    return as_json(cli(*args))["id"]


def slot(cli, cand: int, who: str, focus: list[str]) -> int:  # type: ignore[no-untyped-def]
    args = ("interview", "schedule", str(cand), "--interviewer", who, "--focus", ",".join(focus))
    return as_json(cli(*args, "--on", DAY, "-f", "json"))["id"]


def score(cli, iid: int, who: str, ratings: dict[str, int], rec: str, *extra: str):  # type: ignore[no-untyped-def]
    args = ["interview", "score", str(iid), "--recommend", rec, *extra]
    for key, value in ratings.items():
        args += ["--rating", f"{key}={value}"]
    return ok(cli(*args, as_=who))


def debrief(cli, cand: int, who: str = "priya", fmt: str = "json"):  # type: ignore[no-untyped-def]
    return cli("interview", "debrief", str(cand), "--format", fmt, as_=who)


@pytest.fixture
def loop(org):  # type: ignore[no-untyped-def]
    """Candidate #1: wei and fatima submitted, emily has only a draft."""
    cand = add(org, "Dana Debrief")
    ids = {who: slot(org, cand, who, list(r)) for who, r in
           (("wei", WEI), ("fatima", FATIMA), ("emily", EMILY))}  # fmt: skip
    score(org, ids["wei"], "wei", WEI, "strong-yes")
    score(org, ids["fatima"], "fatima", FATIMA, "no")
    score(org, ids["emily"], "emily", {"coding": 1}, "no", "--draft")  # never shown
    return org, cand, ids


def ratings_of(data: dict) -> dict[str, dict[str, int]]:
    return {
        a["attribute"]: {r["interviewer"]: r["score"] for r in a["ratings"]}
        for a in data["ratings"]
    }


def test_debrief_json_before_the_panel_is_complete(loop) -> None:  # type: ignore[no-untyped-def]
    cli, cand, ids = loop
    data = as_json(debrief(cli, cand))
    assert list(data)[:2] == ["candidate", "viewer"]
    assert {"ratings", "disagreements", "decision", "basis", "missing"} <= set(data)
    assert data["candidate"] == {
        "id": cand,
        "name": "Dana Debrief",
        "role": BACKEND,
        "status": "open",
        "rubric_version": 1,
    }
    # wei 3 ratings + fatima 3 ratings; emily's draft is not a rating
    assert data["basis"] == {"candidates": 1, "interviewers": 2, "ratings": 6}
    assert data["panelists"] == ["wei", "fatima"]
    got = ratings_of(data)
    assert got["coding"] == {"wei": 4, "fatima": 2}  # emily's draft coding=1 is not here
    assert got["debugging"] == {"wei": 3, "fatima": 3}
    assert got["system-design"] == {"wei": 3} and got["ownership"] == {"fatima": 2}
    assert got["data-modelling"] == {} and got["collaboration"] == {}
    by = {a["attribute"]: a for a in data["ratings"]}
    # coding: (4 + 2) / 2 = 3.0, range 4 - 2 = 2 -> a disagreement
    assert (by["coding"]["mean"], by["coding"]["spread"], by["coding"]["disagreement"]) == (
        3.0,
        2,
        True,
    )
    assert (by["debugging"]["mean"], by["debugging"]["spread"]) == (3.0, 0)
    assert (by["collaboration"]["mean"], by["collaboration"]["spread"]) == (None, None)
    assert data["disagreements"] == [
        {
            "attribute": "coding",
            "name": by["coding"]["name"],
            "spread": 2,
            "low": 2,
            "lowest": ["fatima"],
            "high": 4,
            "highest": ["wei"],
            "ratings": by["coding"]["ratings"],
        }
    ]
    spread = {r["recommendation"]: (r["count"], r["interviewers"]) for r in data["recommendations"]}
    assert spread == {
        "strong-no": (0, []),
        "no": (1, ["fatima"]),
        "yes": (0, []),
        "strong-yes": (1, ["wei"]),
    }
    assert data["missing"] == [{"interviewer": "emily", "interview": ids["emily"], "on": DAY}]
    assert data["decision"] is None
    # one candidate in the role: nothing is calibrated, and the debrief says so plainly
    assert data["calibration_note"] == TOO_FEW_ROLE
    assert data["calibration"] == []
    assert data["calibration_basis"] == {"candidates": 1, "interviewers": 2, "ratings": 6}
    assert all(r["effect"] is None and r["calibrated"] is None for a in data["ratings"]
               for r in a["ratings"])  # fmt: skip


def test_a_panelist_who_has_not_submitted_is_refused(loop, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, cand, ids = loop
    before = file_digest(db_path)
    for fmt in ("json", "md", "html"):
        result = debrief(cli, cand, "emily", fmt)
        assert_one_line_error(result)
        assert "have not submitted your scorecard" in result.stderr
    report = cli("report", "render", "debrief", "--param", f"candidate={cand}", as_="emily")
    assert_one_line_error(report)
    assert file_digest(db_path) == before
    # once emily submits she sees the whole debrief
    score(cli, ids["emily"], "emily", EMILY, "yes")
    data = as_json(debrief(cli, cand, "emily"))
    assert ratings_of(data)["coding"] == {"wei": 4, "fatima": 2, "emily": 3}
    assert data["missing"] == []


def test_after_the_decision(loop) -> None:  # type: ignore[no-untyped-def]
    cli, cand, ids = loop
    score(cli, ids["emily"], "emily", EMILY, "yes")
    # wei re-reads the anchors: the amended (latest) revision counts
    score(cli, ids["wei"], "wei", WEI | {"coding": 3}, "strong-yes", "--amend", "re-read")
    ok(cli("interview", "decide", str(cand), "--hire", "--rationale", "Strong on debugging",
           as_="priya"))  # fmt: skip
    data = as_json(debrief(cli, cand))
    assert data["decision"] == {
        "decision": "hire",
        "rationale": "Strong on debugging",
        "decided_by": "priya",
        "decided_on": DAY,
    }
    assert data["candidate"]["status"] == "hired"
    assert data["basis"] == {"candidates": 1, "interviewers": 3, "ratings": 9}
    got = ratings_of(data)
    assert got["coding"] == {"wei": 3, "fatima": 2, "emily": 3}  # range 1: no longer apart
    assert got["system-design"] == {"wei": 3, "emily": 1}  # range 2: apart
    assert [(d["attribute"], d["lowest"], d["highest"]) for d in data["disagreements"]] == [
        ("system-design", ["emily"], ["wei"])
    ]
    by = {a["attribute"]: a for a in data["ratings"]}
    assert by["coding"]["mean"] == pytest.approx((3 + 2 + 3) / 3, abs=0.005)  # 2.67
    assert [r["count"] for r in data["recommendations"]] == [0, 1, 1, 1]


def test_markdown_and_html(loop) -> None:  # type: ignore[no-untyped-def]
    cli, cand, ids = loop
    score(cli, ids["emily"], "emily", EMILY, "yes")
    ok(cli("interview", "decide", str(cand), "--no-hire", "--rationale", "Split on design",
           as_="priya"))  # fmt: skip
    md = ok(debrief(cli, cand, fmt="md")).stdout
    assert md.startswith(f"# Debrief: #{cand} Dana Debrief\n")
    assert "Based on 9 ratings of 1 candidate by 3 interviewers." in md
    assert "**no-hire** on 2026-11-27 by priya." in md and "Split on design" in md
    assert "| attribute | wei | fatima | emily | mean | range |" in md
    # coding: 4, 2, 3 -> mean 3.00, range 2-4, a disagreement
    assert "| coding | 4 | 2 | 3 | 3.00 | 2–4 ⚠ |" in md
    assert "| debugging | 3 | 3 |  | 3.00 | 3 |" in md
    assert "| coding | 2 | 2: fatima | 4: wei | wei 4, fatima 2, emily 3 |" in md
    assert "| system-design | 2 | 1: emily | 3: wei | wei 3, emily 1 |" in md
    assert TOO_FEW_ROLE in md
    assert "| no | 1 | fatima |" in md and "| yes | 1 | emily |" in md
    assert "None: every lead interviewer has submitted." in md
    # the report is the same document
    report = ok(cli("report", "render", "debrief", "--param", f"candidate={cand}", "-f", "md",
                    as_="priya")).stdout  # fmt: skip
    strip = re.compile(r"generated \S+ \S+ UTC")
    assert strip.sub("", report) == strip.sub("", md)

    html = ok(debrief(cli, cand, fmt="html")).stdout
    assert html.startswith("<!doctype html>") and "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "<h2>Disagreements</h2>" in html
    assert '<p class="rationale">Split on design</p>' in html
    (chart,) = [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]
    # one row per attribute rated (4 of 6): a point at the mean, a line lowest..highest
    points = [c for c in chart.iter("circle") if c.get("class") == "point"]
    assert len(points) == 4
    ticks = [t.text for t in chart.iter("text") if t.get("class") == "tick-label"]
    assert ticks == ["1", "2", "3", "4"]  # the rubric's scale
    labels = [t.text for t in chart.iter("text") if t.get("class") == "label"]
    assert labels == ["system-design", "coding", "debugging", "ownership"]
    # the label column fits "system-design": 7 x 13 + 16 = 107; the axis runs 107 .. 616 for
    # 1 .. 4, so x(v) = 107 + (v - 1) / 3 x 509. Means: system-design (3 + 1) / 2 = 2 ->
    # 276.67; coding (4 + 2 + 3) / 3 = 3 -> 446.33; debugging 3 -> 446.33; ownership 2 -> 276.67
    assert [p.get("cx") for p in points] == ["276.67", "446.33", "446.33", "276.67"]
    # the lines run lowest .. highest: system-design 1 .. 3 = 107 .. 446.33
    line = next(e for e in chart.iter("line") if e.get("class") == "interval")
    assert (line.get("x1"), line.get("x2")) == ("107", "446.33")


def test_calibrated_adjustments_where_the_role_has_enough_data(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Three past loops, then this one, each rated by wei and fatima on coding and debugging:
    # a balanced design, where an interviewer's effect is (their mean - the other's) / 2.
    rows = ["candidate,role,interviewer,attribute,score,recommendation,date,mode"]
    past = {"C1": ((3, 2), (2, 1)), "C2": ((4, 4), (3, 2)), "C3": ((2, 3), (1, 2))}
    for name, (wei, fatima) in past.items():
        for who, (coding, debugging) in (("wei", wei), ("fatima", fatima)):
            rows.append(f"{name},{BACKEND},{who},coding,{coding},yes,2026-11-20,lead")
            rows.append(f"{name},{BACKEND},{who},debugging,{debugging},yes,2026-11-20,lead")
    path = tmp_path / "past.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ok(org("interview", "import", str(path)))
    cand = add(org, "Cal Ibrate")
    score(org, slot(org, cand, "wei", ["coding", "debugging"]), "wei",
          {"coding": 4, "debugging": 3}, "yes")  # fmt: skip
    score(org, slot(org, cand, "fatima", ["coding", "debugging"]), "fatima",
          {"coding": 2, "debugging": 3}, "no")  # fmt: skip
    data = as_json(debrief(org, cand))
    # wei: 3,2,4,4,2,3,4,3 = 25 / 8 = 3.125; fatima: 2,1,3,2,1,2,2,3 = 16 / 8 = 2
    # effects: wei +(3.125 - 2) / 2 = +0.5625, fatima -0.5625; 4 shared candidates each
    assert data["calibration_basis"] == {"candidates": 4, "interviewers": 2, "ratings": 16}
    assert data["calibration_note"] is None
    cal = {c["interviewer"]: c for c in data["calibration"]}
    assert cal["wei"]["effect"] == pytest.approx(0.5625, abs=1e-4)
    assert cal["fatima"]["effect"] == pytest.approx(-0.5625, abs=1e-4)
    assert {c["candidates"] for c in cal.values()} == {4}
    assert all(c["applied"] and c["note"] is None for c in cal.values())
    adjusted = {
        a["attribute"]: {r["interviewer"]: r["calibrated"] for r in a["ratings"]}
        for a in data["ratings"]
        if a["ratings"]
    }
    # the rating minus the effect: 4 - 0.5625 = 3.4375 -> 3.44, 3 - 0.5625 = 2.4375 -> 2.44,
    # 2 + 0.5625 = 2.5625 -> 2.56, 3 + 0.5625 = 3.5625 -> 3.56 (rounded half to even)
    assert adjusted == {
        "coding": {"wei": 3.44, "fatima": 2.56},
        "debugging": {"wei": 2.44, "fatima": 3.56},
    }
    md = ok(debrief(org, cand, fmt="md")).stdout
    assert "| coding | 4 → 3.44 | 2 → 2.56 | 3.00 | 2–4 ⚠ |" in md
    assert "The role's calibration rests on 16 ratings of 4 candidates by 2 interviewers." in md
    html = ok(debrief(org, cand, fmt="html")).stdout
    ratings_chart, effects_chart = [
        ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)
    ]
    assert len([c for c in effects_chart.iter("circle") if c.get("class") == "point"]) == 2
    assert [e for e in effects_chart.iter("line") if e.get("class") == "zero"]

    # emily joins this loop having rated no other candidate: hers is shown as given
    score(org, slot(org, cand, "emily", ["coding"]), "emily", {"coding": 3}, "yes")
    data = as_json(debrief(org, cand))
    emily = next(c for c in data["calibration"] if c["interviewer"] == "emily")
    assert (emily["applied"], emily["candidates"], emily["reading"]) == (
        False,
        1,
        "too few ratings to judge",
    )
    assert data["calibration_note"] == (
        "emily: too few ratings to judge how they score against others; "
        "their ratings shown as given"
    )
    coding = next(a for a in data["ratings"] if a["attribute"] == "coding")
    assert {r["interviewer"]: r["calibrated"] for r in coding["ratings"]}["emily"] is None


def test_an_internal_candidate_sees_only_the_decision(org) -> None:  # type: ignore[no-untyped-def]
    cand = add(org, "Grace Hopper", "--person", "grace")
    score(org, slot(org, cand, "wei", ["coding"]), "wei", {"coding": 4}, "yes")
    score(org, slot(org, cand, "fatima", ["coding"]), "fatima", {"coding": 2}, "no")
    before = debrief(org, cand, "grace")
    assert_one_line_error(before)
    assert "you are the candidate" in before.stderr
    ok(org("interview", "decide", str(cand), "--hire", "--rationale", "Ready to lead",
           as_="priya"))  # fmt: skip
    data = as_json(debrief(org, cand, "grace"))
    assert data["decision"]["decision"] == "hire"
    assert data["decision"]["rationale"] == "Ready to lead"
    assert (data["ratings"], data["disagreements"], data["recommendations"]) == ([], [], [])
    assert (data["basis"], data["calibration"], data["missing"]) == (None, [], [])
    assert data["note"].startswith("you are the candidate")
    md = ok(debrief(org, cand, "grace", "md")).stdout
    assert "Ready to lead" in md
    assert "coding" not in md and "wei" not in md and "fatima" not in md
    # the hiring lead still sees everything
    assert ratings_of(as_json(debrief(org, cand)))["coding"] == {"wei": 4, "fatima": 2}


def test_html_escapes_names_and_rationale(org) -> None:  # type: ignore[no-untyped-def]
    name = '<b>Pipe | & "Co"</b>'
    cand = add(org, name)
    score(org, slot(org, cand, "wei", ["coding"]), "wei", {"coding": 4}, "yes")
    score(org, slot(org, cand, "fatima", ["coding"]), "fatima", {"coding": 1}, "no")
    ok(org("interview", "decide", str(cand), "--no-hire", "--rationale",
           "<script>alert(1)</script>", as_="priya"))  # fmt: skip
    html = ok(debrief(org, cand, fmt="html")).stdout
    assert "<b>Pipe" not in html and "<script>" not in html
    assert "&lt;b&gt;Pipe | &amp; &#34;Co&#34;&lt;/b&gt;" in html  # the heading, by Jinja
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # inside the chart the chart module escapes it itself
    (svg,) = re.findall(r"<svg .*?</svg>", html, re.S)
    assert "&lt;b&gt;Pipe | &amp; &quot;Co&quot;&lt;/b&gt;" in svg
    assert ET.fromstring(svg).find("title").text == f"#{cand} {name}: ratings by attribute"  # type: ignore[union-attr]
    md = ok(debrief(org, cand, fmt="md")).stdout
    assert "Pipe \\| &amp;" in md and "&lt;script&gt;" in md


def test_unknown_candidate_and_out_file(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = debrief(org, 99)
    assert_one_line_error(missing)
    assert "#99" in missing.stderr
    cand = add(org, "Out File")
    out = tmp_path / "debriefs" / "out.html"
    result = ok(org("interview", "debrief", str(cand), "--format", "html", "--out", str(out),
                    as_="priya"))  # fmt: skip
    assert result.stdout == "" and str(out) in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "No submitted lead scorecards yet." in text and "Not decided yet." in text
