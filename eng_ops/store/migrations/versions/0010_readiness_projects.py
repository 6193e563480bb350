"""readiness from levels, projects a VP would sign: retracted evidence, goals and direction
on lead roles, engineering teams, a rotation's own minimum level

Revision ID: 0010_readiness_projects
Revises: 0009_opening_lifecycle
Create Date: 2026-11-29
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010_readiness_projects"
down_revision = "0009_opening_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracted_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("retracted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("retract_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("lead_role", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(
            sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("engineering", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("min_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.drop_column("min_level")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("engineering")
    with op.batch_alter_table("lead_role", schema=None) as batch_op:
        batch_op.drop_column("direction")
        batch_op.drop_column("goal")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("retract_reason")
        batch_op.drop_column("retracted_by")
        batch_op.drop_column("retracted_on")
