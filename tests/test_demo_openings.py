"""The demo's two lead-opening stories, from examples/leads.yaml: one that will not fill
(4 seats, 3 applicants, 2 not ready, 1 already a lead) and one played to the end (every
candidate decided with a rationale, the not-selected with a development plan)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, TODAY, as_json, isolated_env, ok, run_cli

LEADS = yaml.safe_load((EXAMPLES / "leads.yaml").read_text(encoding="utf-8"))
SEED = LEADS["openings"][0]
DECIDED = LEADS["decided"][0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("demo-openings")
    path = base / "demo.db"
    with isolated_env(base):
        ok(run_cli("demo", "--db", str(path)))

    def cli(*args: str):  # type: ignore[no-untyped-def]
        with isolated_env(base):
            return run_cli("--db", str(path), *args)

    return cli


def test_the_seed_opening_still_will_not_fill(demo) -> None:  # type: ignore[no-untyped-def]
    rows = as_json(demo("lead", "pipeline", "--format", "json"))
    assert [r["risk"] for r in rows] == ["will-not-fill"]  # the only open opening
    (row,) = rows
    assert (row["seats"], row["applicants"]) == (SEED["seats"], len(SEED["applicants"]))
    readiness = {c["handle"]: c for c in row["candidates"]}
    assert set(readiness) == set(SEED["applicants"])
    # fatima and samuel are not ready; wei is, but already leads the platform team.
    assert [h for h, c in readiness.items() if c["readiness"] == "not-ready"] == [
        "fatima",
        "samuel",
    ]
    assert any("already leads team platform" in i for i in readiness["wei"]["issues"])


def test_the_decided_opening_has_every_candidate_decided_with_a_rationale(demo) -> None:  # type: ignore[no-untyped-def]
    shown = as_json(demo("lead", "opening", "show", "3", "--format", "json"))
    assert shown["title"] == DECIDED["title"]
    assert shown["status"] == "filled" and shown["ended_on"] == TODAY.isoformat()
    assert shown["deciders"] == DECIDED["deciders"]  # sofia added it and decided
    outcome = {
        c["handle"]: (c["status"], c["rationale"], c["decided_by"]) for c in shown["candidates"]
    }
    want = {h: ("selected", why, "sofia") for h, why in DECIDED["select"].items()}
    want |= {h: ("rejected", why, "sofia") for h, why in DECIDED["reject"].items()}
    assert outcome == want
    assert "active" not in {c["status"] for c in shown["candidates"]}
    # The lead role the selection created is theirs by this opening, not a conflict with it.
    chosen = next(c for c in shown["candidates"] if c["status"] == "selected")
    assert chosen["issues"] == [] and chosen["eligible"] is True
    # The selected candidate leads the team for the term that starts the day after closing.
    roles = as_json(demo("lead", "role", "list", "--all", "--format", "json"))
    (selected,) = DECIDED["select"]
    (role,) = [r for r in roles if r["handle"] == selected and r["team"] == DECIDED["team"]]
    assert role["start"] == (TODAY + timedelta(days=1)).isoformat()  # it closed today
    # The role carries the opening's purpose: the project audit has nothing to flag on it.
    assert (role["goal"], role["direction"]) == (DECIDED["title"], DECIDED["description"])
    audit = as_json(demo("audit", "projects", "--format", "json"))
    assert not [r for r in audit if r["role"] == role["id"]]


def test_the_not_selected_each_have_a_plan_in_readiness_and_their_managers_agenda(demo) -> None:  # type: ignore[no-untyped-def]
    for handle in DECIDED["reject"]:
        plan = as_json(demo("lead", "plan", "show", handle, "--format", "json"))
        assert plan and {p["opening"] for p in plan} == {3}, handle
        assert {p["competency"] for p in plan} <= set(DECIDED["requires"])
        readiness = as_json(demo("readiness", handle, "--for", "3", "--format", "json"))
        assert [p["id"] for p in readiness["plan"]] == [p["id"] for p in plan]
    # aisha reports to sofia: the plan opens their next 1:1's agenda.
    agenda = as_json(
        demo("1on1", "agenda", "sofia", "aisha", "--kind", "manager", "--format", "json")
    )
    assert agenda["development_plan"]


def test_the_report_lists_the_decided_opening_with_its_rationales(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    md = ok(demo("report", "render", "lead-pipeline", "--format", "md")).stdout
    recent = md[md.index("Recently decided") :]
    assert DECIDED["title"] in recent
    for why in [*DECIDED["select"].values(), *DECIDED["reject"].values()]:
        assert why in recent
