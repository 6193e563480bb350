"""rotations

Revision ID: 0006_rotations
Revises: 0005_openings
Create Date: 2026-11-27
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_rotations"
down_revision = "0005_openings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("goal", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("sponsor_id", sa.Integer(), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sponsor_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rotation_end"), ["end"], unique=False)
        batch_op.create_index(batch_op.f("ix_rotation_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rotation_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rotation_name"), ["name"], unique=True)
        batch_op.create_index(batch_op.f("ix_rotation_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_rotation_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_rotation_team_id"), ["team_id"], unique=False)

    op.create_table(
        "rotation_optin",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("opted_in", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "rotation_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rotation_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("competency", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
        ),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rotation_id"],
            ["rotation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rotation_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rotation_feedback_rotation_id"), ["rotation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rotation_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rotation_feedback_rotation_id"))

    op.drop_table("rotation_feedback")
    op.drop_table("rotation_optin")
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rotation_team_id"))
        batch_op.drop_index(batch_op.f("ix_rotation_status"))
        batch_op.drop_index(batch_op.f("ix_rotation_start"))
        batch_op.drop_index(batch_op.f("ix_rotation_name"))
        batch_op.drop_index(batch_op.f("ix_rotation_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_rotation_lead_id"))
        batch_op.drop_index(batch_op.f("ix_rotation_end"))

    op.drop_table("rotation")
