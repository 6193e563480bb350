"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entity_key", ["entity", "entity_key"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "team",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_team_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("handle", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("left", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_handle"), ["handle"], unique=True)
        batch_op.create_index(batch_op.f("ix_person_left"), ["left"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_manager_id"), ["manager_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_team_id"))
        batch_op.drop_index(batch_op.f("ix_person_manager_id"))
        batch_op.drop_index(batch_op.f("ix_person_level"))
        batch_op.drop_index(batch_op.f("ix_person_left"))
        batch_op.drop_index(batch_op.f("ix_person_handle"))

    op.drop_table("person")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_parent_id"))
        batch_op.drop_index(batch_op.f("ix_team_key"))

    op.drop_table("team")
    op.drop_table("meta")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entity_key")
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
