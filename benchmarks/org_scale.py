"""Time org import and the everyday listings on a synthetic org (not part of the tests).

python benchmarks/org_scale.py --people 10000
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def synthetic_org(people: int, seed: int = 7) -> dict:
    """A tree of teams and a management hierarchy with spans of about 7."""
    rng = random.Random(seed)
    n_teams = max(3, people // 40)
    teams = [{"key": "engineering", "name": "Engineering"}]
    teams += [
        {"key": f"team-{i}", "name": f"Team {i}", "parent": "engineering"} for i in range(n_teams)
    ]
    rows = [
        {
            "handle": "vp",
            "name": "Vera Park",
            "team": "engineering",
            "level": "L7",
            "track": "manager",
        }
    ]
    for i in range(1, people):
        manager = rows[(i - 1) // 7]["handle"]
        rows.append(
            {
                "handle": f"p{i:05d}",
                "name": f"Person {i}",
                "email": f"p{i:05d}@example.com",
                "team": f"team-{rng.randrange(n_teams)}",
                "manager": manager,
                "level": f"L{rng.randint(1, 6)}",
                "track": "manager" if i < people // 7 else "ic",
                "started": f"20{rng.randint(16, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
        )
    return {"teams": teams, "people": rows}


def timed(label: str, args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    status = "ok" if proc.returncode == 0 else f"FAILED: {proc.stderr.strip()[:200]}"
    print(f"{label:<34} {elapsed:7.2f} s  {status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", help="database URL or path (default: a temp SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        org_file = Path(tmp) / "org.yaml"
        org_file.write_text(yaml.safe_dump(synthetic_org(args.people)), encoding="utf-8")
        db = args.db or str(Path(tmp) / "bench.db")
        exe = [sys.executable, "-m", "eng_ops", "--db", db]
        print(f"synthetic org: {args.people} people")
        baseline = timed("eng-ops --help", [sys.executable, "-m", "eng_ops", "--help"])
        first = timed("org import (create)", [*exe, "org", "import", str(org_file)])
        again = timed("org import (unchanged)", [*exe, "org", "import", str(org_file)])
        listing = timed("people list --format json", [*exe, "people", "list", "-f", "json"])
        timed("org summary", [*exe, "org", "summary", "-f", "json"])
        timed("org tree --format json", [*exe, "org", "tree", "-f", "json"])
        timed("teams list", [*exe, "teams", "list", "-f", "json"])
        timed(
            "report render roster --format html", [*exe, "report", "render", "roster", "-f", "html"]
        )
        print(
            f"ratios: import/help {first / baseline:.1f}x, re-import/import {again / first:.2f}, "
            f"list/help {listing / baseline:.1f}x"
        )


if __name__ == "__main__":
    main()
