"""settings: the org's rules in the database

Revision ID: 0007_settings
Revises: 0006_rotations
Create Date: 2026-11-29
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_settings"
down_revision = "0006_rotations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_setting_person_id"), ["person_id"], unique=False)
    # One value per key for the org (no person), and per (key, person).
    org_only, person_only = sa.text("person_id IS NULL"), sa.text("person_id IS NOT NULL")
    op.create_index(
        "uq_setting_org",
        "setting",
        ["key"],
        unique=True,
        sqlite_where=org_only,
        postgresql_where=org_only,
    )
    op.create_index(
        "uq_setting_person",
        "setting",
        ["key", "person_id"],
        unique=True,
        sqlite_where=person_only,
        postgresql_where=person_only,
    )


def downgrade() -> None:
    op.drop_index("uq_setting_person", table_name="setting")
    op.drop_index("uq_setting_org", table_name="setting")
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_setting_person_id"))
    op.drop_table("setting")
