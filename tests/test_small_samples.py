"""A role with too few ratings gets its basis and "too few ratings to judge", not an error."""

from __future__ import annotations

from tests.conftest import EXAMPLES, as_json, ok

TECH_LEAD = EXAMPLES / "rubrics" / "tech-lead.yaml"


def test_one_candidate_two_interviewers_is_too_few_to_judge(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("interview", "rubric", "import", str(TECH_LEAD)))
    ok(cli("interview", "candidate", "add", "Grace Liu", "--role", "tech-lead"))
    ok(cli("interview", "schedule", "1", "--interviewer", "wei", "--focus",
           "architecture,delivery", "--on", "2026-11-27"))  # fmt: skip
    ok(cli("interview", "schedule", "1", "--interviewer", "marcus", "--focus", "mentoring",
           "--on", "2026-11-27"))  # fmt: skip
    ok(cli("interview", "score", "1", "--rating", "architecture=3", "--rating", "delivery=4",
           "--recommend", "yes", as_="wei"))  # fmt: skip
    ok(cli("interview", "score", "2", "--rating", "mentoring=2", "--recommend", "no",
           as_="marcus"))  # fmt: skip

    result = ok(cli("interview", "calibrate", "--role", "tech-lead", "--format", "json"))
    found = as_json(result)
    # 3 ratings; parameters: 1 overall + 0 candidate + 1 interviewer + 3 attributes - 1 = 4
    assert found["basis"] == {"candidates": 1, "interviewers": 2, "ratings": 3}
    assert (found["interviewers"], found["candidates"]) == ([], [])
    assert found["note"] == (
        "too few ratings to judge: 3 ratings for 4 parameters "
        "(need at least one residual degree of freedom)"
    )
    table = ok(cli("interview", "calibrate", "--role", "tech-lead"))
    assert "Based on 3 ratings of 1 candidate by 2 interviewers." in table.stdout
    assert "too few ratings to judge" in table.stderr

    # nobody's rating of an attribute sits beside another's: no pairable unit
    alpha = as_json(ok(cli("interview", "reliability", "--role", "tech-lead", "--metric",
                           "alpha", "--format", "json")))  # fmt: skip
    assert (alpha["value"], alpha["pairable_units"], alpha["reliable"]) == (None, 0, None)
    assert alpha["note"].startswith("too few ratings to judge (0 pairable units")

    for fmt in ("md", "html"):
        report = ok(cli("report", "render", "calibration", "--format", fmt)).stdout
        assert "too few ratings to judge: 3 ratings for 4 parameters" in report
        assert "not possible" not in report
