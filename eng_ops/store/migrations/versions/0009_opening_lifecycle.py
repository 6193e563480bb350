"""openings to the end: deciders, cancel/close records, development plans

Revision ID: 0009_opening_lifecycle
Revises: 0008_one_on_one_sources
Create Date: 2026-11-29
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009_opening_lifecycle"
down_revision = "0008_one_on_one_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opening", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("end_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    op.create_table(
        "opening_decider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["opening_id"], ["opening.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("opening_id", "person_id", name="uq_opening_decider"),
    )
    with op.batch_alter_table("opening_decider", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opening_decider_opening_id"), ["opening_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_opening_decider_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "development_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=True),
        sa.Column("competency", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["opening_id"], ["opening.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("development_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_development_action_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_development_action_opening_id"), ["opening_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("development_action")
    op.drop_table("opening_decider")
    with op.batch_alter_table("opening", schema=None) as batch_op:
        batch_op.drop_column("end_reason")
        batch_op.drop_column("ended_on")
        batch_op.drop_column("created_by")
