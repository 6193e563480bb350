"""Interview analytics through the real CLI: `interview reliability` (Krippendorff's alpha and the
Shrout & Fleiss ICCs, on files and on stored scorecards), `interview calibrate` (interviewer
leniency/severity and adjusted candidate scores), the interviewer pool (`interviewers list`,
`concentration`, `agreement`, `promote`) and the `calibration` / `interviewer-pool` reports.

Expected values come from published worked examples (Krippendorff 2011, Shrout & Fleiss 1979),
from synthetic data whose true effects are known, from examples/interviews.yaml and
examples/rubrics/*.yaml, and from the ratings entered here, never from the code.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from collections import Counter
from datetime import timedelta
from itertools import combinations
from pathlib import Path
from statistics import mean

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    db_cli,
    file_digest,
    isolated_env,
    ok,
    run_cli,
)

BACKEND = "backend-engineer"
RUBRIC_FILES = sorted((EXAMPLES / "rubrics").glob("*.yaml"))
RUBRICS = {
    spec["role"]: spec
    for spec in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in RUBRIC_FILES)
}
KEYS = {role: [a["key"] for a in spec["attributes"]] for role, spec in RUBRICS.items()}
LOW, HIGH = RUBRICS[BACKEND].get("scale", [1, 4])
SPEC = yaml.safe_load((EXAMPLES / "interviews.yaml").read_text(encoding="utf-8"))
BIAS = {h: float(b) for h, b in SPEC["bias"].items()}
STAR = SPEC["star"][BACKEND]
TRAINING_STAGES = ("trainee", "shadow", "reverse-shadow")
ICC_KEYS = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
ALPHA_THRESHOLD = 0.667  # Krippendorff's minimum for drawing tentative conclusions
HELD = (TODAY - timedelta(days=3)).isoformat()


def role_of(handle: str) -> str:
    """The role whose qualified pool holds this handle in examples/interviews.yaml."""
    (role,) = [r for r, pool in SPEC["interviewers"].items() if handle in pool["qualified"]]
    return role


# --- helpers ------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    buffer = io.StringIO()
    cells = [["" if c is None else c for c in row] for row in rows]
    csv.writer(buffer, lineterminator="\n").writerows([header, *cells])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def md_rows(text: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table under `heading`, as dicts keyed by the header cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    table: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip("|").split(" | ")])
        elif table:
            break
    header, _rule, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


def section(text: str, heading: str) -> str:
    """Markdown from `heading` up to the next level-2 heading."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def gini(counts: list[int]) -> float:
    """Pairwise definition: sum_i sum_j |x_i - x_j| / (2 n^2 mean)."""
    n = len(counts)
    total = sum(abs(a - b) for a in counts for b in counts)
    return total / (2 * n * n * mean(counts))


def hhi(counts: list[int]) -> float:
    total = sum(counts)
    return sum((c / total) ** 2 for c in counts)


def quadratic_kappa(a: list[int], b: list[int], categories: list[int]) -> float:
    """Cohen's (1968) weighted kappa with Fleiss-Cohen weights, written out longhand."""
    k, n = len(categories), len(a)
    pos = {c: i for i, c in enumerate(categories)}

    def w(i: int, j: int) -> float:
        return ((i - j) / (k - 1)) ** 2

    observed = sum(w(pos[x], pos[y]) for x, y in zip(a, b, strict=True)) / n
    row = Counter(pos[x] for x in a)
    col = Counter(pos[y] for y in b)
    expected = sum(w(i, j) * row[i] * col[j] for i in range(k) for j in range(k)) / n**2
    return 1 - observed / expected


def discordant(order: list[str], truth: dict[str, float]) -> int:
    """Pairs ranked the wrong way round (order is best first)."""
    return sum(1 for x, y in combinations(order, 2) if truth[x] < truth[y])


# --- 1. reliability on files --------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers x 12 units.
KRIPPENDORFF = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
PUBLISHED_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges, and their Table 4 values.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]
PUBLISHED_ICC = dict(zip(ICC_KEYS, [0.1657, 0.2898, 0.7148, 0.4428, 0.6201, 0.9093], strict=True))


def ratings_csv(path: Path, raters: dict[str, list], units: list[str] | None = None) -> Path:
    """unit,RATER1,... with one row per unit (column-major input: rater -> values)."""
    width = len(next(iter(raters.values())))
    labels = units or [str(u + 1) for u in range(width)]
    rows = [[labels[u], *(raters[r][u] for r in raters)] for u in range(width)]
    return write_csv(path, ["unit", *raters], rows)


def reliability_file(db: Path, path: Path, metric: str, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli(
        "--db",
        str(db),
        "interview",
        "reliability",
        "--ratings-csv",
        str(path),
        "--metric",
        metric,
        *extra,
        "--format",
        "json",
    )


@pytest.mark.parametrize("level", list(PUBLISHED_ALPHA))
def test_alpha_on_krippendorffs_worked_example_needs_no_database(
    level: str, tmp_path: Path, home: Path
) -> None:
    from eng_ops.stats.reliability import krippendorff_alpha

    path = ratings_csv(tmp_path / "k2011.csv", KRIPPENDORFF)
    db = tmp_path / "never-created.db"
    result = as_json(reliability_file(db, path, "alpha", "--level", level))

    assert isinstance(result, dict)
    assert round(result["value"], 3) == PUBLISHED_ALPHA[level]
    exact = krippendorff_alpha(list(KRIPPENDORFF.values()), level)
    assert result["value"] == pytest.approx(exact, abs=1e-6)
    width = len(KRIPPENDORFF["A"])
    pairable = sum(
        1 for u in range(width) if sum(v[u] is not None for v in KRIPPENDORFF.values()) >= 2
    )
    assert (result["units"], result["pairable_units"], result["raters"]) == (
        width,
        pairable,
        len(KRIPPENDORFF),
    )
    assert result["level"] == level
    assert result["reliable"] is (exact >= ALPHA_THRESHOLD)
    assert not db.exists()
    assert not (home / "eng-ops.db").exists()


def test_alpha_level_defaults_to_ordinal_and_table_reads_reliable(tmp_path: Path) -> None:
    path = ratings_csv(tmp_path / "k2011.csv", KRIPPENDORFF)
    default = as_json(reliability_file(tmp_path / "x.db", path, "alpha"))
    assert default["level"] == "ordinal"
    assert round(default["value"], 3) == PUBLISHED_ALPHA["ordinal"]
    table = ok(run_cli("interview", "reliability", "--ratings-csv", str(path), "--metric", "alpha"))
    assert f"{default['value']:.2f}" in table.stdout and "yes" in table.stdout


def test_icc_on_shrout_fleiss_drops_incomplete_rows(tmp_path: Path, home: Path) -> None:
    judges = {f"J{j + 1}": [row[j] for row in SHROUT_FLEISS] for j in range(4)}
    complete = ratings_csv(tmp_path / "sf.csv", judges)
    # One more target with a judge missing: not a complete row, so not used for the ICCs.
    with_gap = {j: [*v, (None if j == "J2" else 5)] for j, v in judges.items()}
    gappy = ratings_csv(tmp_path / "sf-gap.csv", with_gap)
    db = tmp_path / "never-created.db"

    full = as_json(reliability_file(db, complete, "icc"))
    assert isinstance(full, dict) and isinstance(full["values"], dict)
    assert sorted(full["values"]) == sorted(ICC_KEYS)
    assert {k: round(v, 4) for k, v in full["values"].items()} == PUBLISHED_ICC
    assert (full["units"], full["raters"], full["dropped_incomplete_units"]) == (
        len(SHROUT_FLEISS),
        4,
        0,
    )
    assert [row["type"] for row in full["table"]] == ICC_KEYS
    assert {row["type"]: row["value"] for row in full["table"]} == full["values"]

    dropped = as_json(reliability_file(db, gappy, "icc"))
    assert dropped["dropped_incomplete_units"] == 1
    assert dropped["units"] == len(SHROUT_FLEISS)
    assert dropped["values"] == full["values"]
    assert not db.exists()
    assert not (home / "eng-ops.db").exists()

    # The Krippendorff data: only the complete units count for the ICCs.
    k2011 = ratings_csv(tmp_path / "k2011.csv", KRIPPENDORFF)
    partial = as_json(reliability_file(db, k2011, "icc"))
    width = len(KRIPPENDORFF["A"])
    whole = sum(1 for u in range(width) if all(v[u] is not None for v in KRIPPENDORFF.values()))
    assert (partial["units"], partial["dropped_incomplete_units"]) == (whole, width - whole)


@pytest.mark.parametrize(
    ("header", "rows", "mentions"),
    [
        (["unit", "A", "B"], [["1", "2", "3"], ["2", "x", "3"]], [":3:", "A", "'x'"]),
        (["item", "A", "B"], [["1", "2", "3"]], [":1:", "unit"]),
        (["unit", "A"], [["1", "2"]], [":1:", "unit"]),
        (["unit", "A", "B"], [], ["no rows"]),
    ],
    ids=["not-a-number", "no-unit-column", "one-rater", "no-rows"],
)
def test_ratings_csv_errors_are_one_line(tmp_path: Path, header, rows, mentions) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "bad.csv", header, rows)
    for metric in ("alpha", "icc"):
        result = reliability_file(tmp_path / "x.db", path, metric)
        assert_one_line_error(result)
        assert str(path) in result.stderr
        for text in mentions:
            assert text in result.stderr
    missing = reliability_file(tmp_path / "x.db", tmp_path / "nope.csv", "alpha")
    assert_one_line_error(missing)
    assert "nope.csv" in missing.stderr


def test_alpha_does_not_silently_merge_rows_with_the_same_unit_label(tmp_path: Path) -> None:
    width = len(KRIPPENDORFF["A"])
    labels = [f"u{n % 2}" for n in range(width)]
    path = ratings_csv(tmp_path / "dup.csv", KRIPPENDORFF, labels)
    result = reliability_file(tmp_path / "x.db", path, "alpha", "--level", "nominal")
    if result.exit_code == 0:
        data = json.loads(result.stdout)
        assert data["units"] == width
        assert round(data["value"], 3) == PUBLISHED_ALPHA["nominal"]
    else:
        assert_one_line_error(result)
        assert "u0" in result.stderr and "unit" in result.stderr


# --- 2. calibration on files --------------------------------------------------------------

CAL_BIAS = {"lee": 1.0, "sam": -1.0, "nia": 0.0, "ned": 0.0}  # sums to zero, like the model
CAL_ATTR = {"coding": 0.1, "design": -0.1}
QUALITY = {
    "Di": 1.5,
    "Ana": 1.8,
    "Hal": 2.1,
    "Gus": 2.4,
    "Ben": 2.7,
    "Flo": 3.0,
    "Cy": 3.3,
    "Ed": 3.6,
}
MET = {
    "Di": ["ned", "sam"],
    "Ana": ["lee", "nia"],
    "Hal": ["nia", "sam", "lee"],
    "Gus": ["lee"],  # only the lenient one: looks better than Flo on raw scores
    "Ben": ["sam", "ned"],
    "Flo": ["sam"],  # only the severe one
    "Cy": ["lee", "sam", "nia"],
    "Ed": ["nia", "ned", "lee"],
}


def synthetic_rows(seed: int = 11) -> list[tuple[str, str, str, float]]:
    rng = random.Random(seed)
    rows = []
    for cand, who_all in MET.items():
        for who in who_all:
            for attr, shift in CAL_ATTR.items():
                value = QUALITY[cand] + CAL_BIAS[who] + shift + rng.gauss(0, 0.05)
                rows.append((cand, who, attr, round(value, 3)))
    return rows


def calibrate_file(path: Path, fmt: str = "json"):  # type: ignore[no-untyped-def]
    return run_cli("interview", "calibrate", "--scorecards-csv", str(path), "--format", fmt)


def test_calibrate_recovers_known_leniency_and_adjusts_candidates(tmp_path: Path) -> None:
    rows = synthetic_rows()
    path = write_csv(
        tmp_path / "cards.csv", ["candidate", "interviewer", "attribute", "score"], rows
    )
    result = calibrate_file(path)
    data = as_json(result)
    assert "warning" not in result.stderr
    assert data["connected"] is True

    effects = {e["interviewer"]: e for e in data["interviewers"]}
    assert sorted(effects) == sorted(CAL_BIAS)
    per_interviewer = Counter(r[1] for r in rows)
    for who, e in effects.items():
        assert {"interviewer", "effect", "ci_low", "ci_high", "n"} <= set(e)
        assert e["n"] == per_interviewer[who]
        assert e["ci_low"] <= e["effect"] <= e["ci_high"]
        assert e["effect"] == pytest.approx(CAL_BIAS[who], abs=0.15)
    assert effects["lee"]["effect"] > 0 and effects["lee"]["ci_low"] > 0
    assert effects["sam"]["effect"] < 0 and effects["sam"]["ci_high"] < 0
    assert effects["lee"]["reading"] == "lenient" and effects["sam"]["reading"] == "severe"

    scores = {c["candidate"]: c for c in data["candidates"]}
    assert sorted(scores) == sorted(QUALITY)
    for cand, c in scores.items():
        mine = [r[3] for r in rows if r[0] == cand]
        assert {"candidate", "raw_mean", "adjusted", "n"} <= set(c)
        assert c["n"] == len(mine)
        assert c["raw_mean"] == pytest.approx(mean(mine), abs=1e-4)
        assert c["adjusted"] == pytest.approx(QUALITY[cand], abs=0.15)

    raw_order = sorted(QUALITY, key=lambda c: -scores[c]["raw_mean"])
    adjusted_order = sorted(QUALITY, key=lambda c: -scores[c]["adjusted"])
    assert scores["Gus"]["raw_mean"] > scores["Flo"]["raw_mean"]  # raw gets it wrong
    assert scores["Flo"]["adjusted"] > scores["Gus"]["adjusted"]  # adjusted gets it right
    assert discordant(adjusted_order, QUALITY) < discordant(raw_order, QUALITY)
    assert adjusted_order == sorted(QUALITY, key=lambda c: -QUALITY[c])

    table = ok(calibrate_file(path, "table")).stdout
    assert "lenient" in table and "severe" in table and "Flo" in table


def test_calibrate_ignores_other_columns(tmp_path: Path) -> None:
    rows = synthetic_rows()
    plain = write_csv(
        tmp_path / "plain.csv", ["candidate", "interviewer", "attribute", "score"], rows
    )
    extra = write_csv(
        tmp_path / "extra.csv",
        ["date", "score", "notes", "attribute", "candidate", "recommendation", "interviewer"],
        [
            ["2025-01-01", score, "=SUM(A1) | not data", attr, cand, "maybe", who]
            for cand, who, attr, score in rows
        ],
    )
    assert as_json(calibrate_file(extra)) == as_json(calibrate_file(plain))


DISCONNECTED = (
    (["ann", "bob"], ["Pia", "Quinn", "Rae"], 0.0),
    (["cat", "dan"], ["Sol", "Tam", "Uma"], 1.0),
)


def disconnected_rows() -> list[tuple[str, str, str, float]]:
    rng = random.Random(5)
    rows = []
    for ivs, cands, base in DISCONNECTED:
        for i, cand in enumerate(cands):
            for j, who in enumerate(ivs):
                for attr in CAL_ATTR:
                    rows.append(
                        (
                            cand,
                            who,
                            attr,
                            round(base + 2 + i * 0.5 + j * 0.3 + rng.gauss(0, 0.05), 3),
                        )
                    )
    return rows


def test_calibrate_detects_a_disconnected_design(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        ["candidate", "interviewer", "attribute", "score"],
        disconnected_rows(),
    )
    result = calibrate_file(path)
    data = as_json(result)
    assert data["connected"] is False
    assert "warning:" in result.stderr and "group" in result.stderr
    got = sorted((sorted(g["interviewers"]), sorted(g["candidates"])) for g in data["groups"])
    assert got == sorted((sorted(ivs), sorted(cands)) for ivs, cands, _ in DISCONNECTED)

    # Effects live within a group: each interviewer's group is the one that lists them, and
    # effects sum to zero within it (no common scale across groups).
    where = {h: n for n, g in enumerate(data["groups"]) for h in g["interviewers"]}
    for e in data["interviewers"]:
        assert e["group"] == where[e["interviewer"]]
    for n, g in enumerate(data["groups"]):
        assert sum(e["effect"] for e in data["interviewers"] if e["group"] == n) == pytest.approx(
            0, abs=1e-3
        )
        members = {c["candidate"] for c in data["candidates"] if c["group"] == n}
        assert members == set(g["candidates"])

    table = ok(calibrate_file(path, "table"))
    assert "warning:" in table.stderr


def test_disconnected_warning_names_the_groups(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        ["candidate", "interviewer", "attribute", "score"],
        disconnected_rows(),
    )
    result = ok(calibrate_file(path))
    for ivs, _cands, _base in DISCONNECTED:
        for who in ivs:
            assert who in result.stderr


def test_calibrate_a_confounded_connected_design_is_a_clean_error(tmp_path: Path) -> None:
    # One candidate, each interviewer rates a different attribute: interviewer = attribute.
    rows = [("Solo", "ann", "x", 3), ("Solo", "bob", "y", 2), ("Solo", "cat", "z", 4)] * 2
    path = write_csv(
        tmp_path / "conf.csv", ["candidate", "interviewer", "attribute", "score"], rows
    )
    result = calibrate_file(path)
    assert_one_line_error(result)
    assert "cannot calibrate" in result.stderr


def test_calibrate_a_confounded_disconnected_design_is_a_clean_error(tmp_path: Path) -> None:
    # Two groups that never meet, each with its own attribute: group baseline = attribute.
    rows = []
    for (ivs, cands, base), attr in zip(DISCONNECTED, ("x", "y"), strict=True):
        for i, cand in enumerate(cands):
            for j, who in enumerate(ivs):
                rows.append((cand, who, attr, base + 2 + i * 0.5 + j * 0.3 + (i * j) * 0.1))
    path = write_csv(
        tmp_path / "conf2.csv", ["candidate", "interviewer", "attribute", "score"], rows
    )
    result = calibrate_file(path)
    assert_one_line_error(result)
    assert "unexpected error" not in result.stderr
    assert "cannot calibrate" in result.stderr


@pytest.mark.parametrize(
    ("header", "rows", "line", "mentions"),
    [
        (["candidate", "interviewer", "attribute"], [["A", "lee", "coding"]], 1, "score"),
        (
            ["candidate", "interviewer", "attribute", "score"],
            [["A", "lee", "coding", "3"], ["A", "sam", "coding", "abc"]],
            3,
            "'abc'",
        ),
        (
            ["candidate", "interviewer", "attribute", "score"],
            [["A", "lee", "coding", "3"], ["A", "sam", "coding", "2"], ["B", "", "coding", "1"]],
            4,
            "interviewer",
        ),
        (["candidate", "interviewer", "attribute", "score"], [], None, "no rows"),
    ],
    ids=["missing-column", "score-not-a-number", "empty-interviewer", "no-rows"],
)
def test_calibrate_bad_csv_is_one_line_with_file_and_line(  # type: ignore[no-untyped-def]
    tmp_path: Path, header, rows, line, mentions
) -> None:
    path = write_csv(tmp_path / "bad.csv", header, rows)
    result = calibrate_file(path)
    assert_one_line_error(result)
    assert (f"{path}:{line}:" if line else f"{path}:") in result.stderr
    assert mentions in result.stderr
    missing = calibrate_file(tmp_path / "nope.csv")
    assert_one_line_error(missing)
    assert "nope.csv" in missing.stderr


# --- 3. stored data: the demo -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("analytics-demo")
    path = base / "demo.db"
    with isolated_env(base):
        ok(run_cli("demo", "--db", str(path)))
    return path


@pytest.fixture
def demo(demo_db: Path):  # type: ignore[no-untyped-def]
    """The module's demo database, read only."""
    return db_cli(demo_db)


@pytest.fixture
def demo_copy(demo_db: Path, db_path: Path, cli):  # type: ignore[no-untyped-def]
    """A private copy of the demo database, for tests that write."""
    shutil.copyfile(demo_db, db_path)
    return cli


def spec_candidates(role: str) -> list[dict]:
    return [c for c in SPEC["candidates"] if c["role"] == role]


TOO_FEW = "too few ratings to judge"
MIN_SHARED = 3  # an interviewer is read lenient/severe on 3+ candidates others also rated
MIN_UNITS = 10  # alpha is judged on 10+ pairable units (candidate x attribute rated twice)...
MIN_CANDIDATES = 3  # ...from 3+ candidates


def shared_candidates(cli, role: str) -> Counter:  # type: ignore[no-untyped-def]
    """Per interviewer, the candidates of `role` they scored whom another lead also scored,
    counted from the panels (not from calibrate)."""
    shared: Counter = Counter()
    listed = as_json(cli("interview", "candidate", "list", "--all", "--role", role, "-f", "json"))
    for cand in listed:
        view = as_json(cli("interview", "panel", str(cand["id"]), "--format", "json"))
        scored = {s["interviewer"] for s in view["scorecards"] if s["submitted"]}
        if len(scored) >= 2:
            shared.update(scored)
    return shared


def test_stored_calibration_reads_the_examples_bias(demo) -> None:  # type: ignore[no-untyped-def]
    assert BIAS and any(b > 0 for b in BIAS.values()) and any(b < 0 for b in BIAS.values())
    for role in sorted({role_of(h) for h in BIAS}):
        data = as_json(demo("interview", "calibrate", "--role", role, "--format", "json"))
        assert data["connected"] is True
        effects = {e["interviewer"]: e for e in data["interviewers"]}
        assert set(effects) <= set(SPEC["interviewers"][role]["qualified"])  # leads only
        shared = shared_candidates(demo, role)
        for who, e in effects.items():
            assert e["candidates"] == shared[who], (who, e)
        judged = []
        for who, bias in BIAS.items():
            if role_of(who) != role:
                continue
            e = effects[who]
            # the planted bias shows in the effect and its interval either way...
            if bias > 0:
                assert e["effect"] > 0 and e["ci_low"] > 0, e
            else:
                assert e["effect"] < 0 and e["ci_high"] < 0, e
            # ...but it is called lenient/severe only on 3 or more candidates others also rated
            if shared[who] >= MIN_SHARED:
                assert e["reading"] == ("lenient" if bias > 0 else "severe"), e
                judged.append(who)
            else:
                assert (e["reading"], e["note"]) == (
                    TOO_FEW,
                    f"{shared[who]} candidate{'s' if shared[who] != 1 else ''} also rated by "
                    f"others; a reading needs at least {MIN_SHARED}",
                ), e
        assert judged, "the demo shows at least one planted bias"
        others = [e for h, e in effects.items() if h not in BIAS]
        for e in others:
            judged_other = shared[e["interviewer"]] >= MIN_SHARED
            assert e["reading"] == ("in line" if judged_other else TOO_FEW)
        names = {c["candidate"].split(" ", 1)[1] for c in data["candidates"]}
        assert names == {c["name"] for c in spec_candidates(role)}
        assert sum(e["n"] for e in data["interviewers"]) == sum(c["n"] for c in data["candidates"])


def test_stored_alpha_per_attribute_flags_below_threshold(demo) -> None:  # type: ignore[no-untyped-def]
    args = ("interview", "reliability", "--role", BACKEND, "--metric", "alpha")
    data = as_json(demo(*args, "--format", "json"))
    assert isinstance(data["value"], float)
    # all attributes: 8 candidates x 6 attributes, most rated twice: enough to judge
    assert data["pairable_units"] >= MIN_UNITS and data["basis"]["candidates"] == 8
    assert data["reliable"] is (data["value"] >= ALPHA_THRESHOLD)
    assert data["flagged"] is (data["value"] < ALPHA_THRESHOLD) and data["note"] is None
    attrs = {a["attribute"]: a for a in data["attributes"]}
    assert set(attrs) <= set(KEYS[BACKEND]) and attrs
    for a in attrs.values():
        assert isinstance(a["flagged"], bool)
        assert a["value"] is not None
        # per attribute a unit is one candidate: the demo's 8 backend candidates are fewer
        # than 10 pairable units, so no attribute is flagged, however low its alpha
        assert a["pairable_units"] <= 8 < MIN_UNITS
        assert a["flagged"] is False, a
        assert a["note"] == (
            f"{TOO_FEW} ({a['pairable_units']} pairable units; alpha needs at least {MIN_UNITS})"
        )
    assert any(a["value"] < ALPHA_THRESHOLD for a in attrs.values())  # low, yet not flagged

    for key, a in attrs.items():
        one = as_json(demo(*args, "--attribute", key, "--format", "json"))
        assert one["attribute"] == key
        assert one["value"] == a["value"]
        assert one["pairable_units"] == a["pairable_units"]
        assert one["pairable_units"] < data["pairable_units"]

    table = ok(demo(*args))
    for key, a in attrs.items():
        assert (f"{key}: alpha" in table.stderr) is a["flagged"]

    unknown = demo(*args, "--attribute", "cooking")
    assert_one_line_error(unknown)
    assert "cooking" in unknown.stderr


def test_stored_icc_and_reliability_errors(demo) -> None:  # type: ignore[no-untyped-def]
    data = as_json(
        demo("interview", "reliability", "--role", BACKEND, "--metric", "icc", "-f", "json")
    )
    assert sorted(data["values"]) == sorted(ICC_KEYS)
    assert all(isinstance(v, float) for v in data["values"].values())
    assert data["units"] >= 2 and data["raters"] >= 2

    neither = demo("interview", "reliability", "--metric", "alpha")
    assert_one_line_error(neither)
    assert "--role" in neither.stderr
    typo = demo("interview", "reliability", "--role", "backend-enginer", "--metric", "alpha")
    assert_one_line_error(typo)
    assert "backend-enginer" in typo.stderr


def test_stored_calibration_without_role_is_not_an_unexpected_error(demo) -> None:  # type: ignore[no-untyped-def]
    result = demo("interview", "calibrate", "--format", "json")
    assert "unexpected error" not in result.stderr
    assert result.exit_code in (0, 1)


# Two candidates: coding rated by wei and fatima, debugging by wei alone (not pairable).
SPARSE = {
    "Ann Sparse": {"wei": {"coding": 3, "debugging": 2}, "fatima": {"coding": 2}},
    "Bo Sparse": {"wei": {"coding": 1, "debugging": 4}, "fatima": {"coding": 1}},
}


@pytest.fixture
def sparse(org):  # type: ignore[no-untyped-def]
    for who in ("wei", "fatima"):
        ok(org("interviewers", "enrol", who, "--role", BACKEND, "--stage", "qualified"))
    for name, cards in SPARSE.items():
        cand = add_candidate(org, name)
        for who, ratings in cards.items():
            score(org, schedule(org, cand, who, list(ratings), HELD), who, ratings)
    return org


def test_stored_alpha_on_an_attribute_nobody_double_rated(sparse) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.stats.reliability import krippendorff_alpha

    args = ("interview", "reliability", "--role", BACKEND, "--metric", "alpha")
    data = as_json(sparse(*args, "--format", "json"))
    coding = [[cards[who]["coding"] for cards in SPARSE.values()] for who in ("fatima", "wei")]
    assert data["value"] == pytest.approx(krippendorff_alpha(coding, "ordinal"), abs=1e-6)
    attrs = {a["attribute"]: a for a in data["attributes"]}
    assert sorted(attrs) == ["coding", "debugging"]
    assert attrs["coding"]["value"] == pytest.approx(data["value"], abs=1e-6)
    assert attrs["coding"]["pairable_units"] == len(SPARSE)
    assert (attrs["debugging"]["value"], attrs["debugging"]["pairable_units"]) == (None, 0)
    # nobody double-rated debugging: too few ratings to judge, said plainly (not an error)
    only = as_json(sparse(*args, "--attribute", "debugging", "--format", "json"))
    assert (only["value"], only["pairable_units"], only["flagged"]) == (None, 0, False)
    assert only["note"] == "too few ratings to judge (0 pairable units; alpha needs at least 10)"


def test_stored_alpha_table_does_not_call_an_unmeasured_attribute_reliable(sparse) -> None:  # type: ignore[no-untyped-def]
    table = ok(sparse("interview", "reliability", "--role", BACKEND, "--metric", "alpha"))
    (line,) = [x for x in table.stdout.splitlines() if x.startswith("debugging")]
    assert "yes" not in line


# --- 4. the pool: list and concentration --------------------------------------------------


def test_interviewers_list_shares_and_concentration(demo) -> None:  # type: ignore[no-untyped-def]
    rows = as_json(demo("interviewers", "list", "--format", "json"))
    wanted = {"handle", "role", "stage", "lead", "shadow", "reverse_shadow", "last_interview"}
    for row in rows:
        assert wanted | {"share"} <= set(row), row
    stages = {(r["role"], r["handle"]): r["stage"] for r in rows}
    for role, pool in SPEC["interviewers"].items():
        for stage, handles in pool.items():
            for h in handles:
                assert stages[(role, h)] == stage
                if stage in TRAINING_STAGES:
                    row = next(r for r in rows if (r["role"], r["handle"]) == (role, h))
                    assert row["lead"] == 0 and row["share"] == 0

    concentration = {
        c["role"]: c for c in as_json(demo("interviewers", "concentration", "--format", "json"))
    }
    assert sorted(concentration) == sorted(SPEC["interviewers"])
    for role in SPEC["interviewers"]:
        mine = [r for r in rows if r["role"] == role]
        total = sum(r["lead"] for r in mine)
        assert total == sum(c.get("panel_size", 3) for c in spec_candidates(role))
        assert sum(r["share"] for r in mine) == pytest.approx(1, abs=0.0005 * len(mine))
        for r in mine:
            assert r["share"] == round(r["lead"] / total, 3)
        counts = [r["lead"] for r in mine if r["lead"]]
        c = concentration[role]
        assert (c["lead_interviews"], c["interviewers"]) == (total, len(counts))
        assert c["top_share"] == round(max(counts) / total, 3)
        assert c["gini"] == round(gini(counts), 3)
        assert c["hhi"] == round(hhi(counts), 3)
        # every demo loop is within the last 365 days; one lead slot per person per loop
        loops = len(spec_candidates(role))
        assert c["loops"] == loops
        assert c["top_loop_share"] == round(max(counts) / loops, 3)
        assert [r["loops"] for r in mine] == [r["lead"] for r in mine]
        for r in mine:
            assert r["loop_share"] == round(r["lead"] / loops, 3)

    star = concentration[BACKEND]
    assert star["top_interviewer"] == STAR
    assert star["top_share"] > 0.25
    # wei sits on all 8 backend loops: 8/8 = 100% > 50%; and 8 of 24 lead slots
    # (panel sizes 3+3+3+3+3+3+4+2 = 24) = 33% > 25% with 6 interviewers (> 1/0.25 = 4)
    assert (star["loops"], star["top_loop_interviewer"], star["top_loop_share"]) == (8, STAR, 1.0)
    assert star["warning"] == (
        f"{STAR} sat on 8 of 8 {BACKEND} loops (100%, limit 50%); "
        f"{STAR} did 8 of 24 {BACKEND} lead interviews (33%, limit 25%)"
    )
    assert star["note"] is None
    # mobile: three qualified people on three 3-person panels, so each sits on 3 of 3 loops,
    # as an even rotation of 3 must (9 seats / (3 * 3) = 100%): nobody stands out, the pool is
    # too small; their slot shares (3 of 9 = 33%) are an even split of 3: no slot warning
    mobile = concentration["mobile-engineer"]
    assert (mobile["gini"], mobile["top_loop_share"]) == (0.0, 1.0)
    assert mobile["warning"] == (
        "the mobile-engineer pool is too small for its panels: an even rotation puts each of "
        "the 3 interviewers on 100% of loops (limit 50%); enrol more interviewers"
    )
    # tech-lead: one loop is too few to judge, but its panelists sat on 1 of 1 (100% > 50%)
    lead = concentration["tech-lead"]
    assert lead["loops"] == 1
    assert lead["warning"].endswith("; only 1 loop: too few to call it a pattern")
    assert lead["note"].startswith("too few loops to judge: 1 loop since 2025-11-27")

    table = ok(demo("interviewers", "list"))
    assert star["warning"] in table.stderr
    assert STAR in table.stdout
    only = as_json(demo("interviewers", "list", "--role", BACKEND, "--format", "json"))
    assert only == [r for r in rows if r["role"] == BACKEND]


def test_one_interviewer_doing_every_lead_interview_is_warned_about(org) -> None:  # type: ignore[no-untyped-def]
    qualified = ["wei", "fatima", "emily", "samuel"]
    for who in qualified:
        ok(org("interviewers", "enrol", who, "--role", BACKEND, "--stage", "qualified"))
    for n in range(4):
        cand = add_candidate(org, f"Solo Load {n}")
        schedule(org, cand, "wei", ["coding"], HELD)
    (row,) = as_json(org("interviewers", "concentration", "--role", BACKEND, "-f", "json"))
    assert (row["top_interviewer"], row["top_share"]) == ("wei", 1.0)
    # 4 of 4 loops; the slot share (100%) is not judged with one interviewer (needs > 4)
    assert row["warning"] == "wei sat on 4 of 4 backend-engineer loops (100%, limit 50%)"


# --- 5. training: agreement and promotion --------------------------------------------------


@pytest.fixture(scope="module")
def rubrics_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("analytics-rubrics")
    path = base / "org.db"
    with isolated_env(base):
        cli = db_cli(path)
        ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
        ok(cli("interview", "rubric", "import", *map(str, RUBRIC_FILES)))
    return path


@pytest.fixture
def org(cli, db_path: Path, rubrics_template: Path):  # type: ignore[no-untyped-def]
    """examples/org.yaml and the example rubrics, nobody enrolled, no candidates."""
    shutil.copyfile(rubrics_template, db_path)
    return cli


def add_candidate(cli, name: str, role: str = BACKEND) -> int:  # type: ignore[no-untyped-def]
    return as_json(cli("interview", "candidate", "add", name, "--role", role, "-f", "json"))["id"]


def schedule(cli, cand: int, who: str, focus: list[str], on: str, mode: str = "lead") -> int:  # type: ignore[no-untyped-def]
    args = ["interview", "schedule", str(cand), "--interviewer", who, "--focus", ",".join(focus)]
    backfill = ["--backfill"] if on < TODAY.isoformat() else []  # a past date is a backfill
    return as_json(cli(*args, "--on", on, "--mode", mode, *backfill, "--format", "json"))["id"]


def score(cli, iid: int, who: str, ratings: dict[str, int], *extra: str) -> dict:  # type: ignore[no-untyped-def]
    args = ["interview", "score", str(iid)]
    for key, value in ratings.items():
        args += ["--rating", f"{key}={value}"]
    return as_json(cli(*args, "--recommend", "yes", *extra, "--format", "json", as_=who))


def stage_of(cli, who: str, role: str = BACKEND) -> str | None:  # type: ignore[no-untyped-def]
    rows = as_json(cli("interviewers", "list", "--role", role, "--format", "json"))
    return next((r["stage"] for r in rows if r["handle"] == who), None)


def assert_refused(cli, db_path: Path, who: str, *mentions: str, role: str = BACKEND) -> None:  # type: ignore[no-untyped-def]
    before_stage = stage_of(cli, who, role)
    before = file_digest(db_path)
    result = cli("interviewers", "promote", who, "--role", role)
    assert_one_line_error(result)
    for text in mentions:
        assert text in result.stderr, result.stderr
    assert file_digest(db_path) == before
    assert stage_of(cli, who, role) == before_stage


def promote(cli, who: str, step: str, role: str = BACKEND) -> None:  # type: ignore[no-untyped-def]
    result = ok(cli("interviewers", "promote", who, "--role", role))
    assert step in result.stderr
    assert stage_of(cli, who, role) == step.split(" -> ")[1]


def test_shadow_needs_the_configured_number_of_shadow_scorecards(  # type: ignore[no-untyped-def]
    org, db_path: Path
) -> None:
    ok(org("interviewers", "enrol", "wei", "--role", BACKEND, "--stage", "qualified"))
    ok(org("interviewers", "enrol", "ben", "--role", BACKEND))
    assert stage_of(org, "ben") == "trainee"
    promote(org, "ben", "trainee -> shadow")  # no requirement for the first step
    assert_refused(org, db_path, "ben", "shadow", "has 0")

    focus = ["coding", "debugging"]
    cand = add_candidate(org, "Shay Dow")
    lead = schedule(org, cand, "wei", focus, HELD)
    shadow = schedule(org, cand, "ben", focus, HELD, "shadow")
    score(org, lead, "wei", {"coding": 2, "debugging": 4})
    assert_refused(org, db_path, "ben", "has 0")  # scheduled, but no scorecard yet
    score(org, shadow, "ben", {"coding": 2, "debugging": 3})

    report = as_json(org("interviewers", "agreement", "ben", "--role", BACKEND, "-f", "json"))
    (row,) = report["interviews"]
    assert (row["interview"], row["mode"], row["compared"], row["exact"], row["within_one"]) == (
        shadow,
        "shadow",
        2,
        1,
        2,
    )
    assert list(report["kappa"]) == ["shadow"]
    assert report["kappa"]["shadow"] == round(
        quadratic_kappa([2, 3], [2, 4], list(range(LOW, HIGH + 1))), 3
    )

    # The default asks for two shadow interviews; the org's settings can ask for one.
    assert_refused(org, db_path, "ben", "needs 2", "has 1")
    ok(org("settings", "set", "interviewers.shadows", "1"))
    promote(org, "ben", "shadow -> reverse-shadow")


PANEL = {"coding": 1, "debugging": 3, "system-design": 4}


def reverse_shadow_loop(cli, trainee: str, ratings: dict[str, int]) -> int:  # type: ignore[no-untyped-def]
    """Two leads give PANEL; the trainee, at reverse-shadow, gives `ratings` (plus ownership,
    which no lead rated). Returns the trainee's interview id."""
    for who in ("wei", "fatima"):
        ok(cli("interviewers", "enrol", who, "--role", BACKEND, "--stage", "qualified"))
    ok(cli("interviewers", "enrol", trainee, "--role", BACKEND, "--stage", "reverse-shadow"))
    cand = add_candidate(cli, "Rev Shadow")
    for who in ("wei", "fatima"):
        score(cli, schedule(cli, cand, who, list(PANEL), HELD), who, PANEL)
    mine = schedule(cli, cand, trainee, [*PANEL, "ownership"], HELD, "reverse-shadow")
    score(cli, mine, trainee, ratings | {"ownership": 3})
    return mine


def test_reverse_shadow_agreeing_with_the_panel_is_promoted(  # type: ignore[no-untyped-def]
    org, db_path: Path
) -> None:
    ok(org("settings", "set", "interviewers.reverse_shadows", "1"))
    ok(org("settings", "set", "interviewers.min_kappa", "0.6"))
    mine = reverse_shadow_loop(org, "grace", dict(PANEL))
    report = as_json(org("interviewers", "agreement", "grace", "--role", BACKEND, "-f", "json"))
    assert report["interviews"] == [
        {
            "interview": mine,
            "mode": "reverse-shadow",
            "on": HELD,
            "compared": len(PANEL),
            "exact": len(PANEL),
            "within_one": len(PANEL),
        }
    ]
    assert report["kappa"] == {"reverse-shadow": 1.0}
    promote(org, "grace", "reverse-shadow -> qualified")
    assert_refused(org, db_path, "grace", "already qualified")


def test_reverse_shadow_kappa_must_reach_min_kappa(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    categories = list(range(LOW, HIGH + 1))
    ok(org("settings", "set", "interviewers.reverse_shadows", "1"))
    opposite = {"coding": 4, "debugging": 2, "system-design": 1}
    mine = reverse_shadow_loop(org, "grace", opposite)
    panel = list(PANEL.values())
    report = as_json(org("interviewers", "agreement", "grace", "--role", BACKEND, "-f", "json"))
    low = quadratic_kappa(list(opposite.values()), panel, categories)
    assert report["kappa"]["reverse-shadow"] == round(low, 3) and low < 0.6
    assert_refused(org, db_path, "grace", "kappa", "0.6")

    # Amended to close-but-not-equal ratings: only the latest revision counts.
    close = {"coding": 1, "debugging": 3, "system-design": 3}
    score(org, mine, "grace", close | {"ownership": 3}, "--amend", "re-read the anchors")
    kappa = round(quadratic_kappa(list(close.values()), panel, categories), 3)
    report = as_json(org("interviewers", "agreement", "grace", "--role", BACKEND, "-f", "json"))
    assert report["kappa"]["reverse-shadow"] == kappa
    assert report["interviews"][0]["exact"] == 2

    ok(org("settings", "set", "interviewers.min_kappa", str(kappa + 0.001)))
    assert_refused(org, db_path, "grace", "kappa")
    ok(org("settings", "set", "interviewers.min_kappa", str(kappa)))
    promote(org, "grace", "reverse-shadow -> qualified")


def test_reverse_shadow_needs_enough_interviews(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    reverse_shadow_loop(org, "grace", dict(PANEL))  # kappa 1.0, but one interview of two
    assert_refused(org, db_path, "grace", "needs 2", "has 1")


def test_promote_refuses_qualified_not_enrolled_and_unknown(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("interviewers", "enrol", "wei", "--role", BACKEND, "--stage", "qualified"))
    assert_refused(org, db_path, "wei", "already qualified")
    assert_refused(org, db_path, "fatima", "fatima", BACKEND)
    before = file_digest(db_path)
    for who, role in (("nobody", BACKEND), ("wei", "astronaut")):
        result = org("interviewers", "promote", who, "--role", role)
        assert_one_line_error(result)
        assert file_digest(db_path) == before


def test_demo_reverse_shadow_is_promoted(demo_copy) -> None:  # type: ignore[no-untyped-def]
    """examples/interviews.yaml: the reverse-shadow trainee rates close to the panel."""
    for role, pool in SPEC["interviewers"].items():
        for who in pool.get("reverse-shadow") or []:
            report = as_json(
                demo_copy("interviewers", "agreement", who, "--role", role, "-f", "json")
            )
            assert set(report["kappa"]) == {"reverse-shadow"}
            assert all(i["compared"] > 0 for i in report["interviews"])
            assert report["kappa"]["reverse-shadow"] >= 0.6
            promote(demo_copy, who, "reverse-shadow -> qualified", role)


# --- 6. reports -----------------------------------------------------------------------------


def assert_self_contained(html: str) -> None:
    lowered = html.lower()
    assert lowered.startswith("<!doctype html>")
    assert "http://" not in lowered and "https://" not in lowered
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered


def test_calibration_report_md_and_html(demo) -> None:  # type: ignore[no-untyped-def]
    md = ok(demo("report", "render", "calibration", "--format", "md")).stdout
    html = ok(demo("report", "render", "calibration", "--format", "html")).stdout
    assert_self_contained(html)
    for role in sorted({role_of(h) for h in BIAS}):
        data = as_json(demo("interview", "calibrate", "--role", role, "--format", "json"))
        ratings = sum(e["n"] for e in data["interviewers"])
        heading = f"## {role} ({ratings} ratings)"
        rows = {r["interviewer"]: r for r in md_rows(md, heading)}
        effects = {e["interviewer"]: e for e in data["interviewers"]}
        assert sorted(rows) == sorted(e["interviewer"] for e in data["interviewers"])
        for e in data["interviewers"]:
            row = rows[e["interviewer"]]
            assert row["effect"] == f"{e['effect']:+.2f}"
            assert row["reading"] == e["reading"]
            assert row["ratings"] == str(e["n"])
        for who, bias in BIAS.items():
            if role_of(who) != role:
                continue
            # lenient/severe where judged, else too few to judge (see the test above)
            reading = effects[who]["reading"]
            assert reading in ("lenient" if bias > 0 else "severe", TOO_FEW)
            assert rows[who]["reading"] == reading
            assert rows[who]["shared candidates"] == str(effects[who]["candidates"])
            start = html.index(f"<tr><td>{who}</td>")
            row_html = html[start : html.index("</tr>", start)]
            assert f"{effects[who]['effect']:+.2f}" in row_html
            assert f"<td>{reading}</td>" in row_html
        alpha = as_json(
            demo("interview", "reliability", "--role", role, "--metric", "alpha", "-f", "json")
        )
        assert f"**{alpha['value']:.3f}**" in section(md, heading)
        for a in alpha["attributes"]:
            line = next(
                x
                for x in section(md, heading).splitlines()
                if x.startswith(f"| {a['attribute']} |")
            )
            assert ("below 0.667" in line) is a["flagged"]

    only = ok(
        demo("report", "render", "calibration", "--param", f"role={BACKEND}", "-f", "md")
    ).stdout
    assert f"## {BACKEND} (" in only
    for role in RUBRICS:
        if role != BACKEND:
            assert f"## {role} (" in md and f"## {role} (" not in only
    only_html = ok(
        demo("report", "render", "calibration", "--param", f"role={BACKEND}", "-f", "html")
    ).stdout
    assert_self_contained(only_html)
    assert f"<h2>{BACKEND} " in only_html
    assert all(f"<h2>{role} " not in only_html for role in RUBRICS if role != BACKEND)


def test_interviewer_pool_report_md_and_html(demo) -> None:  # type: ignore[no-untyped-def]
    md = ok(demo("report", "render", "interviewer-pool", "--format", "md")).stdout
    html = ok(demo("report", "render", "interviewer-pool", "--format", "html")).stdout
    assert_self_contained(html)
    concentration = {
        c["role"]: c for c in as_json(demo("interviewers", "concentration", "--format", "json"))
    }
    star = concentration[BACKEND]
    share = f"{star['top_share'] * 100:.0f}%"
    rows = {r["role"]: r for r in md_rows(md, "## Concentration")}
    assert (rows[BACKEND]["most lead interviews"], rows[BACKEND]["slot share"]) == (STAR, share)
    assert (rows[BACKEND]["on most loops"], rows[BACKEND]["loop share"]) == (STAR, "100%")
    assert f'<td>{STAR}</td><td class="num">{share}</td>' in html
    # the warning stands apart from the table, above one plain sentence per figure
    below = section(md, "### " + BACKEND)
    assert f"**⚠ {star['warning']}**" in below
    assert f"- Loops: {STAR} sat on 8 of 8 loops (100%)" in below
    assert "it does not count how many loops each sat on" in below
    assert f'<p class="flag">⚠ {star["warning"]}</p>' in html

    trainees = sorted(
        (h, role, stage)
        for role, pool in SPEC["interviewers"].items()
        for stage in TRAINING_STAGES
        for h in pool.get(stage) or []
    )
    training = md_rows(md, "## Training")
    assert sorted((t["handle"], t["role"], t["stage"]) for t in training) == trainees
    training_html = html[html.index("<h2>Training</h2>") :]
    for handle, role, stage in trainees:
        assert f"<tr><td>{handle}</td><td>{role}</td><td>{stage}</td>" in training_html

    listed = as_json(demo("interviewers", "list", "--format", "json"))
    pool_rows = md_rows(md, "## Interviewers")
    assert [(r["handle"], r["role"]) for r in pool_rows] == [
        (r["handle"], r["role"]) for r in listed
    ]


def test_reports_escape_names(demo_copy) -> None:  # type: ignore[no-untyped-def]
    name = '<b>Pipe | & "Co"</b>'
    cand = add_candidate(demo_copy, name)
    for who, ratings in (("wei", {"coding": 3}), ("fatima", {"coding": 2})):
        score(demo_copy, schedule(demo_copy, cand, who, list(ratings), HELD), who, ratings)
    html = ok(
        demo_copy("report", "render", "calibration", "--param", f"role={BACKEND}", "-f", "html")
    ).stdout
    assert_self_contained(html)
    assert "<b>Pipe" not in html
    assert "&lt;b&gt;Pipe | &amp; &#34;Co&#34;&lt;/b&gt;" in html
    md = ok(demo_copy("report", "render", "calibration", "--param", f"role={BACKEND}")).stdout
    candidates = [r for r in md.splitlines() if f"#{cand} " in r]
    assert len(candidates) == 1 and "Pipe \\| &" in candidates[0]
