"""scrutiny_assessment: a scrutiny member's structured dip-sample review of a summary

Four questions (victim kept informed, referred to support, flagged correctly, response
timely), an overall grade and a redacted comment; one per member per summary, and the
coordinator's answer to it (issue 17).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 13:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import riskpanel.models.base

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWER = sqlmodel.sql.sqltypes.AutoString(length=12)


def upgrade() -> None:
    op.create_table(
        "scrutiny_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kept_informed", ANSWER, nullable=False),
        sa.Column("referred_to_support", ANSWER, nullable=False),
        sa.Column("flagged_correctly", ANSWER, nullable=False),
        sa.Column("response_timely", ANSWER, nullable=False),
        sa.Column("overall", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("response", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("responded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["responded_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_scrutiny_assessment_responded_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["scrutiny_summary.id"],
            name=op.f("fk_scrutiny_assessment_summary_id_scrutiny_summary"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_scrutiny_assessment_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scrutiny_assessment")),
        sa.UniqueConstraint(
            "summary_id", "user_id", name=op.f("uq_scrutiny_assessment_summary_id_user_id")
        ),
    )
    with op.batch_alter_table("scrutiny_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scrutiny_assessment_summary_id"), ["summary_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("scrutiny_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scrutiny_assessment_summary_id"))
    op.drop_table("scrutiny_assessment")
