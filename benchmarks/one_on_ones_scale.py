"""Time the 1:1 commands on a synthetic org with years of history (not part of the tests).

python benchmarks/one_on_ones_scale.py --people 10000 --years 2
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from benchmarks.org_scale import synthetic_org, timed


def seed_history(db: str, years: int, seed: int = 11) -> tuple[int, int]:
    """Pairings for every manager/report line plus meetings, inserted in bulk."""
    from sqlalchemy import insert, select

    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import make_engine
    from eng_ops.store.models import Meeting, Pairing, Person

    rng = random.Random(seed)
    engine = make_engine(resolve_db_url(db))
    today = date.today()
    start = today - timedelta(days=365 * years)
    with engine.begin() as conn:
        lines = conn.execute(
            select(Person.id, Person.manager_id).where(Person.manager_id.is_not(None))  # type: ignore[union-attr]
        ).all()
        now = datetime.now(UTC)
        pairings = [
            {
                "leader_id": manager_id,
                "member_id": person_id,
                "kind": "manager",
                "every_days": 14,
                "minutes": 30,
                "since": start,
                "created_at": now,
            }
            for person_id, manager_id in lines
        ]
        conn.execute(insert(Pairing), pairings)
        ids = [row[0] for row in conn.execute(select(Pairing.id)).all()]
        meetings = []
        for pairing_id in ids:
            day = start + timedelta(days=rng.randint(0, 13))
            while day < today:
                meetings.append(
                    {
                        "pairing_id": pairing_id,
                        "held_on": day,
                        "minutes": 30,
                        "skipped": False,
                        "topics": [rng.choice(["career", "project", "growth"])],
                        "challenge": rng.randint(2, 5),
                        "author": "bench",
                        "created_at": now,
                    }
                )
                day += timedelta(days=rng.randint(10, 24))
        for i in range(0, len(meetings), 50_000):
            conn.execute(insert(Meeting), meetings[i : i + 50_000])
    engine.dispose()
    return len(pairings), len(meetings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        org_file = Path(tmp) / "org.yaml"
        org_file.write_text(yaml.safe_dump(synthetic_org(args.people)), encoding="utf-8")
        db = str(Path(tmp) / "bench.db")
        exe = [sys.executable, "-m", "eng_ops", "--db", db]
        subprocess.run([*exe, "org", "import", str(org_file)], check=True, capture_output=True)
        synced = str(Path(tmp) / "synced.db")  # pairings the way a real org gets them
        shutil.copyfile(db, synced)
        on_synced = [sys.executable, "-m", "eng_ops", "--db", synced]
        sync = [*on_synced, "1on1", "sync", "--kinds", "manager,skip", "--since", "2026-06-01"]
        timed("1on1 sync manager,skip (creates)", [*sync, "-f", "json"])
        timed("1on1 sync manager,skip (again)", [*sync, "-f", "json"])
        calendar = Path(__file__).resolve().parent.parent / "examples" / "calendar.ics"
        timed(
            "1on1 import-calendar (example)",
            [*on_synced, "1on1", "import-calendar", str(calendar), "-f", "json"],
        )
        start = time.perf_counter()
        n_pairings, n_meetings = seed_history(db, args.years)
        print(
            f"{args.people} people, {n_pairings} pairings, {n_meetings} meetings "
            f"(seeded in {time.perf_counter() - start:.1f} s)"
        )
        baseline = timed("eng-ops --help", [sys.executable, "-m", "eng_ops", "--help"])
        results = {
            name: timed(name, [*exe, *name.split(), "-f", fmt])
            for name, fmt in (
                ("1on1 due", "json"),
                ("1on1 coverage", "json"),
                ("1on1 load", "json"),
                ("1on1 adherence --by kind", "json"),
                ("1on1 suggest", "json"),
                ("report render one-on-ones", "md"),
            )
        }
        slowest = max(results, key=results.__getitem__)
        print(f"slowest: {slowest} at {results[slowest] / baseline:.1f}x the --help start-up")


if __name__ == "__main__":
    main()
