"""Schema revision check on open; Alembic is imported only to upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from eng_ops.errors import EngOpsError, SchemaMismatch
from eng_ops.store.engine import driver_message, no_database, sqlite_path

# Every revision this code knows, oldest first. A test checks HEAD equals Alembic's head.
REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_one_on_ones",
    "0003_interviews",
    "0004_ladder_leads",
    "0005_openings",
    "0006_rotations",
    "0007_settings",
    "0008_one_on_one_sources",
    "0009_opening_lifecycle",
    "0010_readiness_projects",
    "0011_interviews_real_data",
)
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class SchemaState:
    revision: str | None
    head: str
    status: str  # up-to-date | behind | empty | ahead | unversioned

    @property
    def needs_upgrade(self) -> bool:
        return self.status in ("behind", "empty")


def current_revision(engine: Engine) -> tuple[str | None, bool]:
    """The database's Alembic revision and whether it holds any tables at all."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables:
                return None, bool(tables)
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return (row[0] if row else None), True
    except DBAPIError as exc:
        raise EngOpsError(f"cannot open database: {driver_message(exc)}") from None


def schema_state(engine: Engine) -> SchemaState:
    revision, has_tables = current_revision(engine)
    if revision is None:
        return SchemaState(None, HEAD, "unversioned" if has_tables else "empty")
    if revision == HEAD:
        return SchemaState(revision, HEAD, "up-to-date")
    if revision in REVISIONS:
        return SchemaState(revision, HEAD, "behind")
    return SchemaState(revision, HEAD, "ahead")


def ensure_usable(state: SchemaState) -> None:
    """Refuse a database newer than the code, or one eng-ops did not create."""
    if state.status == "ahead":
        raise SchemaMismatch(
            f"database schema {state.revision} is newer than this eng-ops (knows up to {HEAD}); "
            "upgrade eng-ops to use it"
        )
    if state.status == "unversioned":
        raise SchemaMismatch("database has tables but no eng-ops schema revision; refusing it")


def check_or_upgrade(
    engine: Engine, *, create: bool = False, shared_upgrade: bool = False
) -> SchemaState:
    """Refuse an unusable database; upgrade one that is behind, or empty when create=True
    (commands that write); an empty one is NoDatabase otherwise.

    A shared PostgreSQL database is never upgraded as a side effect of another command:
    its owner runs `eng-ops db upgrade` (or builds a demo, `shared_upgrade`); until then
    every client is refused with one line."""
    state = schema_state(engine)
    ensure_usable(state)
    if state.status == "empty" and not create:
        path = sqlite_path(str(engine.url))
        raise no_database(str(path) if path else _shown_url(engine))
    if state.needs_upgrade and is_shared(engine) and not shared_upgrade:
        if state.status == "empty":
            raise SchemaMismatch(
                "this PostgreSQL database has no eng-ops schema yet: its owner runs "
                "`eng-ops db upgrade` first"
            )
        raise SchemaMismatch(
            f"this PostgreSQL database is at schema {state.revision}, this eng-ops needs "
            f"{HEAD}: its owner runs `eng-ops db upgrade` (clients never upgrade a shared "
            "database on their own)"
        )
    if state.needs_upgrade:
        upgrade(engine, state)
        return schema_state(engine)
    return state


def is_shared(engine: Engine) -> bool:
    """A server database several people use (PostgreSQL), not one person's SQLite file."""
    return engine.dialect.name == "postgresql"


# pg_advisory_xact_lock key: one `db upgrade` at a time on a server ("engops" in ASCII)
UPGRADE_LOCK = 0x656E676F7073


def _shown_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def backup_sqlite(engine: Engine, revision: str | None) -> Path | None:
    """Copy an SQLite file (consistently, via the backup API) before changing its schema."""
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{revision or 'none'}.{stamp}.bak")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as dest:
        source.backup(dest)
    shutil.copymode(path, target)
    return target


def upgrade(engine: Engine, state: SchemaState | None = None) -> Path | None:
    """Bring the schema to HEAD with Alembic; returns the backup file, if one was made."""
    from alembic import command
    from alembic.config import Config

    state = state or schema_state(engine)
    backup = backup_sqlite(engine, state.revision) if state.status == "behind" else None
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if is_shared(engine):
            # two upgrades started together: the second waits here, then finds nothing to do
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup
