"""Engine and session creation: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session

from eng_ops.errors import EngOpsError

BUSY_TIMEOUT_MS = 30_000


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def ensure_private_file(path: Path) -> None:
    """Create a new database file (and its directory) readable by its owner only."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise EngOpsError(f"--db: '{url}' is not a database path or URL") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            if path.is_dir():
                raise EngOpsError(f"--db: {path} is a directory, not a database file")
            ensure_private_file(path)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise EngOpsError(f"--db: unsupported database '{backend}' (use a file or postgresql URL)")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def session_scope(engine: Engine, *, actor: str) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        session.info["actor"] = actor
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise EngOpsError(f"database error: {exc.orig}") from exc
        except BaseException:
            session.rollback()
            raise
