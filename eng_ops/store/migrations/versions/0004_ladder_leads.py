"""ladder

Revision ID: 0004_ladder_leads
Revises: 0003_interviews
Create Date: 2026-11-27
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_ladder_leads"
down_revision = "0003_interviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "competency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("expectations", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competency_key"), ["key"], unique=True)

    op.create_table(
        "ladder_level",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("ladder_level", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ladder_level_position"), ["position"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_on"), ["on"], unique=False)
        batch_op.create_index(
            "ix_evidence_person_competency", ["person_id", "competency"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_person_id"), ["person_id"], unique=False)

    op.create_table(
        "lead_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("project", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lead_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_role_end"), ["end"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_role_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_role_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_role_team_id"))
        batch_op.drop_index(batch_op.f("ix_lead_role_person_id"))
        batch_op.drop_index(batch_op.f("ix_lead_role_end"))

    op.drop_table("lead_role")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_person_id"))
        batch_op.drop_index("ix_evidence_person_competency")
        batch_op.drop_index(batch_op.f("ix_evidence_on"))

    op.drop_table("evidence")
    with op.batch_alter_table("ladder_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_level_position"))

    op.drop_table("ladder_level")
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_key"))

    op.drop_table("competency")
