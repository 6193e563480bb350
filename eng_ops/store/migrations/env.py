"""Alembic environment: runs on the connection eng-ops hands it (or sqlalchemy.url)."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import eng_ops.store.models  # noqa: F401 - registers the tables

target_metadata = SQLModel.metadata


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
