"""interviews on real data: specialist attributes and interview-kit questions on rubrics;
evidence linked to the interview it was derived from (so it is seen as that loop's
scorecards are)

Revision ID: 0011_interviews_real_data
Revises: 0010_readiness_projects
Create Date: 2026-11-29
"""

import re

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011_interviews_real_data"
down_revision = "0010_readiness_projects"
branch_labels = None
depends_on = None

# The note interview evidence was written with before this revision: "ROLE interview #N: ..."
_NOTE = re.compile(r"interview #(\d+):")


def upgrade() -> None:
    with op.batch_alter_table("rubric_attribute", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("specialty", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("questions", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interview_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_evidence_interview_id"), ["interview_id"])
        batch_op.create_foreign_key(
            "fk_evidence_interview_id_interview", "interview", ["interview_id"], ["id"]
        )
    _link_interview_evidence()


def _link_interview_evidence() -> None:
    """Existing interview evidence names its interview in the note; link it."""
    bind = op.get_bind()
    known = {row[0] for row in bind.execute(sa.text("SELECT id FROM interview"))}
    rows = bind.execute(
        sa.text("SELECT id, note FROM evidence WHERE source = 'interview' AND note IS NOT NULL")
    ).all()
    for evidence_id, note in rows:
        found = _NOTE.search(note)
        if found and int(found.group(1)) in known:
            bind.execute(
                sa.text("UPDATE evidence SET interview_id = :i WHERE id = :e"),
                {"i": int(found.group(1)), "e": evidence_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint("fk_evidence_interview_id_interview", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_evidence_interview_id"))
        batch_op.drop_column("interview_id")
    with op.batch_alter_table("rubric_attribute", schema=None) as batch_op:
        batch_op.drop_column("questions")
        batch_op.drop_column("specialty")
