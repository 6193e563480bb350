"""1:1s from real data: forced pairings, meetings keyed by their calendar source

Revision ID: 0008_one_on_one_sources
Revises: 0007_settings
Create Date: 2026-11-29
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_one_on_one_sources"
down_revision = "0007_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("forced", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True)
        )
        batch_op.create_index("uq_meeting_source", ["source"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("uq_meeting_source")
        batch_op.drop_column("source")
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.drop_column("forced")
