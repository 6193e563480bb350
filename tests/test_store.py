"""Storage: Alembic owns the schema, the head constant, SQLite settings, refusal of newer DBs."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_head_constant_matches_alembic_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from eng_ops.store.migrate import HEAD, MIGRATIONS_DIR, REVISIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == HEAD
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS


def test_migrated_schema_matches_models(any_db: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import eng_ops.store.models  # noqa: F401
    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import make_engine
    from eng_ops.store.migrate import HEAD, check_or_upgrade

    engine = make_engine(resolve_db_url(any_db), create=True)
    try:
        state = check_or_upgrade(engine, create=True)
        assert state.revision == HEAD
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}),
                SQLModel.metadata,
            )
    finally:
        engine.dispose()
    assert diff == []


def test_db_status_and_upgrade(any_fresh_db: str) -> None:
    any_db = any_fresh_db
    if "://" in any_db:  # a PostgreSQL database exists before eng-ops touches it
        fresh = json.loads(run_cli("--db", any_db, "db", "status", "-f", "json").stdout)
        assert fresh["status"] == "empty"
        assert fresh["revision"] is None
    else:  # db status only reads: a missing SQLite file is an error, and stays missing
        missing = run_cli("--db", any_db, "db", "status", "-f", "json")
        assert missing.exit_code == 1 and "no eng-ops database" in missing.stderr
        assert not Path(any_db).exists()
    result = run_cli("--db", any_db, "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    status = json.loads(run_cli("--db", any_db, "db", "status", "-f", "json").stdout)
    assert status["status"] == "up-to-date"
    assert status["revision"] == status["head"]
    again = run_cli("--db", any_db, "db", "upgrade")
    assert "nothing to do" in again.stderr


def test_db_status_hides_password() -> None:
    from eng_ops.cli.db import _safe_url

    assert "s3cret" not in _safe_url("postgresql+psycopg://u:s3cret@localhost/db")


def test_new_sqlite_file_is_private_and_tuned(db_path: Path) -> None:
    assert run_cli("--db", str(db_path), "db", "upgrade").exit_code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    from eng_ops.config import sqlite_url
    from eng_ops.store.engine import make_engine

    engine = make_engine(sqlite_url(db_path))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_default_database_lives_in_data_dir(home: Path) -> None:
    # a first read creates nothing: it says how to start
    first = run_cli("people", "list")
    assert first.exit_code == 1 and "eng-ops org import FILE" in first.stderr
    assert not home.exists()
    # the first write creates the data dir (0700) and the file (0600)
    assert run_cli("people", "add", "al", "--name", "Al").exit_code == 0
    default = home / "eng-ops.db"
    assert default.exists()
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert run_cli("people", "list").exit_code == 0


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    run_cli("--db", str(db_path), "db", "upgrade")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO person (handle, name, track, specialties, team_id) "
            "VALUES ('x', 'X', 'ic', '[]', 999)"
        )
        conn.commit()
    conn.close()


def test_newer_database_is_refused(db_path: Path) -> None:
    run_cli("--db", str(db_path), "db", "upgrade")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db_path), "people", "list")
    assert result.exit_code == 1
    assert "newer than this eng-ops" in result.stderr
    assert "9999_future" in result.stderr
    upgrade = run_cli("--db", str(db_path), "db", "upgrade")
    assert upgrade.exit_code == 1


def test_foreign_database_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE something_else (id INTEGER)")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db_path), "people", "list")
    assert result.exit_code == 1
    assert "no eng-ops schema revision" in result.stderr


def test_backup_before_upgrade_copies_data(db_path: Path) -> None:
    from eng_ops.config import sqlite_url
    from eng_ops.store.engine import make_engine
    from eng_ops.store.migrate import backup_sqlite

    run_cli("--db", str(db_path), "people", "add", "al", "--name", "Al")
    engine = make_engine(sqlite_url(db_path))
    backup = backup_sqlite(engine, "0001_initial")
    engine.dispose()
    assert backup is not None and backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT handle FROM person").fetchall() == [("al",)]
    conn.close()


def test_behind_database_is_backed_up_and_upgraded(db_path: Path) -> None:
    """A database at the first revision is copied aside, then migrated on open."""
    from alembic import command
    from alembic.config import Config

    from eng_ops.config import sqlite_url
    from eng_ops.store.migrate import HEAD, MIGRATIONS_DIR, REVISIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sqlite_url(db_path))
    command.upgrade(config, REVISIONS[0])
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO person (handle, name, track, specialties) VALUES ('al', 'Al', 'ic', '[]')"
    )
    conn.commit()
    conn.close()

    before = json.loads(run_cli("--db", str(db_path), "db", "status", "-f", "json").stdout)
    assert before["status"] == "behind"
    result = run_cli("--db", str(db_path), "people", "list", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [p["handle"] for p in json.loads(result.stdout)] == ["al"]
    after = json.loads(run_cli("--db", str(db_path), "db", "status", "-f", "json").stdout)
    assert after["revision"] == HEAD
    backups = list(db_path.parent.glob(f"org.db.{REVISIONS[0]}.*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (REVISIONS[0],)
    old.close()
