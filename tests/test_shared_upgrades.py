"""A shared PostgreSQL database is upgraded only by `eng-ops db upgrade`, one at a time;
other commands refuse a schema that is behind (issue 16, part 5). SQLite still upgrades
itself after a backup (tests/test_store.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text

from tests.conftest import EXAMPLES, assert_one_line_error, ok, run_cli


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = "
                    "'alembic_version' AND table_schema = current_schema()"
                )
            ).scalar()
            if not tables:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _upgrade_to(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from eng_ops.store.migrate import MIGRATIONS_DIR

    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_an_empty_shared_database_waits_for_its_owner(pg_url: str) -> None:
    result = run_cli("--db", pg_url, "org", "import", str(EXAMPLES / "org.yaml"))
    assert_one_line_error(result)
    assert "no eng-ops schema yet: its owner runs `eng-ops db upgrade` first" in result.stderr
    assert _revision(pg_url) is None  # nothing was created


def test_a_client_never_upgrades_a_shared_database_on_its_own(pg_url: str) -> None:
    from eng_ops.store.migrate import HEAD

    _upgrade_to(pg_url, "0010_readiness_projects")
    for args in (("org", "import", str(EXAMPLES / "org.yaml")), ("people", "list")):
        result = run_cli("--db", pg_url, *args)
        assert_one_line_error(result)
        assert (
            f"is at schema 0010_readiness_projects, this eng-ops needs {HEAD}: its owner runs "
            "`eng-ops db upgrade`" in result.stderr
        )
    assert _revision(pg_url) == "0010_readiness_projects"
    ok(run_cli("--db", pg_url, "db", "upgrade"))
    assert _revision(pg_url) == HEAD
    ok(run_cli("--db", pg_url, "org", "import", str(EXAMPLES / "org.yaml")))


def test_upgrades_started_together_run_one_at_a_time(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.store.migrate import HEAD

    env = dict(os.environ, ENG_OPS_HOME=str(tmp_path / "home"))

    def upgrade(_: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "eng_ops", "--db", pg_url, "db", "upgrade"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(upgrade, range(4)))
    # without the lock three of four failed here: concurrent CREATE TABLEs collide
    # ("duplicate key value violates unique constraint pg_type_typname_nsp_index")
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    assert _revision(pg_url) == HEAD
