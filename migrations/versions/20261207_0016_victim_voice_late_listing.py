"""victim_voice_late_listing: the victim's views and the safety plan in each case's minutes,
and late listings agreed by the chair

Each minuted case records the victim's views and wishes as the agency in contact with them
reported them (which agency), and a summary of the safety plan; a case referred after a
meeting's cut-off is listed only with a recorded reason and the chair's agreement (issue 21).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import riskpanel.models.base

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("minute_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("victim_views", sqlmodel.sql.sqltypes.AutoString()))
        batch_op.add_column(sa.Column("victim_views_agency_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("safety_plan", sqlmodel.sql.sqltypes.AutoString()))
        batch_op.create_foreign_key(
            batch_op.f("fk_minute_entry_victim_views_agency_id_agency"),
            "agency",
            ["victim_views_agency_id"],
            ["id"],
        )
    op.create_table(
        "late_listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("agreed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("agreed_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreed_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_late_listing_agreed_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_late_listing_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_late_listing_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_late_listing_requested_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_late_listing")),
        sa.UniqueConstraint(
            "meeting_id", "case_id", name=op.f("uq_late_listing_meeting_id_case_id")
        ),
    )
    with op.batch_alter_table("late_listing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_late_listing_meeting_id"), ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("late_listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_late_listing_meeting_id"))
    op.drop_table("late_listing")
    with op.batch_alter_table("minute_entry", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_minute_entry_victim_views_agency_id_agency"), type_="foreignkey"
        )
        batch_op.drop_column("safety_plan")
        batch_op.drop_column("victim_views_agency_id")
        batch_op.drop_column("victim_views")
