"""research_request: the coordinator asks member agencies for research on a listed case

Until now research was asked for only as a side effect of listing a case; a request names
the agency, the meeting and the due time, so the agency can read what is due from it and
the research-due timer reminds exactly the agencies asked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import riskpanel.models.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "research_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("due_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_research_request_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_research_request_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_research_request_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_research_request_requested_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_request")),
        sa.UniqueConstraint(
            "case_id",
            "meeting_id",
            "agency_id",
            name=op.f("uq_research_request_case_id_meeting_id_agency_id"),
        ),
    )
    with op.batch_alter_table("research_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_research_request_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_research_request_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("research_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_research_request_case_id"))
        batch_op.drop_index(batch_op.f("ix_research_request_agency_id"))
    op.drop_table("research_request")
