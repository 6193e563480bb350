"""The demo org: build a fresh database from the shipped examples/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel, select

from eng_ops.config import packaged_dir
from eng_ops.errors import EngOpsError
from eng_ops.store.engine import sqlite_path
from eng_ops.store.models import Meta, Person

DEMO_FLAG = "demo"


def examples_dir() -> Path:
    return packaged_dir("examples")


def is_demo_or_empty(engine: Engine) -> bool:
    """True when the database is missing/empty or was built by `eng-ops demo`."""
    from eng_ops.store.migrate import schema_state

    state = schema_state(engine)
    if state.status == "empty":
        return True
    if state.status not in ("up-to-date", "behind"):  # meta exists since the first revision
        return False
    with Session(engine) as session:
        flag = session.get(Meta, DEMO_FLAG)
        anyone = session.exec(select(Person.id).limit(1)).first()
    return flag is not None or anyone is None


def wipe(engine: Engine) -> None:
    """Remove every eng-ops table (SQLite: the file itself) so the demo starts fresh."""
    path = sqlite_path(str(engine.url))
    engine.dispose()
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import eng_ops.store.models  # noqa: F401

    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _org(session: Session, examples: Path) -> str:
    from eng_ops.services.org import import_org
    from eng_ops.services.org_spec import parse_org_file

    result = import_org(session, parse_org_file(examples / "org.yaml"))
    return f"org: {result.summary()}"


def _one_on_ones(session: Session, examples: Path) -> str:
    from eng_ops.services.demo_one_on_ones import build

    return build(session, examples)


def _interviews(session: Session, examples: Path) -> str:
    from eng_ops.services.demo_interviews import build

    return build(session, examples)


def _leads(session: Session, examples: Path) -> str:
    from eng_ops.services.demo_leads import build

    return build(session, examples)


def _rotations(session: Session, examples: Path) -> str:
    from eng_ops.services.demo_rotations import build

    return build(session, examples)


def _decided_opening(session: Session, examples: Path) -> str:
    from eng_ops.services.demo_leads import build_decided

    return build_decided(session, examples)


# Each feature adds its own step; each returns a one-line summary.
DEMO_STEPS: list[Callable[[Session, Path], str]] = [
    _org,
    _one_on_ones,
    _interviews,
    _leads,
    _rotations,
    _decided_opening,
]


def populate(session: Session, examples: Path | None = None) -> list[str]:
    examples = examples or examples_dir()
    if not (examples / "org.yaml").is_file():
        raise EngOpsError(f"demo data not found in {examples}")
    lines = [step(session, examples) for step in DEMO_STEPS]
    session.add(Meta(key=DEMO_FLAG, value="1"))
    return lines
