"""Engine and session creation: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session

from eng_ops.errors import EngOpsError
from eng_ops.files import SQLITE_HEADER, SQLITE_SIDE_FILES

BUSY_TIMEOUT_MS = 30_000


def parse_url(url: str) -> URL:
    """An SQLAlchemy URL, or one clear line (password hidden) when it is not one."""
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        from eng_ops.config import hide_passwords

        raise EngOpsError(f"--db: '{hide_passwords(url)}' is not a database path or URL") from None


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other backends and in-memory databases."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


class NoDatabase(EngOpsError):
    """A command that only reads was pointed at a database that does not exist yet."""


def no_database(where: str) -> NoDatabase:
    return NoDatabase(
        f"no eng-ops database at {where}: `eng-ops org import FILE` starts one "
        "(or try `eng-ops demo`); check --db / ENG_OPS_DB if you expected one"
    )


def ensure_private_file(path: Path) -> bool:
    """Create a new database file readable by its owner only; True when it was created.

    Its directory must exist, except the user data dir, which is created (0700) on first use.
    """
    if path.exists():
        return False
    folder = path.parent
    if not folder.is_dir():
        from eng_ops.config import data_dir

        if folder.exists() or folder.resolve() != data_dir().expanduser().resolve():
            raise EngOpsError(f"cannot create database {path}: no such directory {folder}")
        from eng_ops.files import make_private_dirs

        make_private_dirs(folder)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise EngOpsError(f"cannot create database {path}: {exc.strerror}") from None
    os.close(fd)
    return True


@contextmanager
def engine_for(url: str, *, create: bool) -> Iterator[Engine]:
    """An engine for one command, disposed at the end. With `create`, a SQLite file this
    opens anew is removed again if the command fails, so a failed first command leaves
    nothing behind."""
    path = sqlite_path(url)
    fresh = create and path is not None and not path.exists()
    engine = make_engine(url, create=create)
    try:
        yield engine
    except BaseException:
        if fresh and path is not None:
            engine.dispose()
            remove_sqlite_file(path)
        raise
    finally:
        engine.dispose()


def remove_sqlite_file(path: Path) -> None:
    """Delete an SQLite file with its WAL, shared-memory and journal files."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def check_sqlite_file(path: Path) -> None:
    """Refuse a directory, a device or a file that is not SQLite before SQLite touches it."""
    if path.is_dir():
        raise EngOpsError(f"--db: {path} is a directory, not a database file")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise EngOpsError(f"--db: {path} is not a database file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise EngOpsError(f"cannot open database {path}: {exc.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise EngOpsError(f"{path} is not an eng-ops database (not an SQLite file)")


def make_engine(url: str, *, create: bool = False) -> Engine:
    """An engine for a URL. A missing SQLite file is created only with create=True
    (commands that write); otherwise it is NoDatabase, and nothing is created."""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            if not path.exists() and not path.is_symlink():
                if not create:
                    raise no_database(str(path))
                ensure_private_file(path)
            check_sqlite_file(path)
            if not create and path.stat().st_size == 0:
                raise no_database(str(path))  # an empty file holds no org; leave it empty
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas if create else _sqlite_read_pragmas)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise EngOpsError(f"--db: unsupported database '{backend}' (use a file or postgresql URL)")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Connection settings; WAL (stored in the file) only for an empty or eng-ops file, so a
    foreign SQLite file is refused unchanged."""
    _sqlite_read_pragmas(dbapi_connection, _record)
    cursor = dbapi_connection.cursor()
    tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
    if not tables or "alembic_version" in tables:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_read_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Settings that last only for this connection: nothing is written to the file."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
        except DBAPIError as exc:
            session.rollback()
            raise database_error(exc) from exc
        except BaseException:
            session.rollback()
            raise


def driver_message(exc: DBAPIError) -> str:
    """One line from the driver's message: no SQL, no parameters, no SQLAlchemy link."""
    from eng_ops.config import hide_passwords

    lines = str(exc.orig).strip().splitlines() or [type(exc.orig).__name__]
    return hide_passwords(lines[0].strip())


def database_error(exc: DBAPIError) -> EngOpsError:
    return EngOpsError(f"database error: {driver_message(exc)}")
