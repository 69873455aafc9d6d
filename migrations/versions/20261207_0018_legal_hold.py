"""legal_hold: why a case is kept past its retention period, who placed and lifted the hold

The coordinator places and lifts a legal hold on the web with a reason; the retention
pages list each hold with who placed it, when and why (issue 21).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import riskpanel.models.base

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legal_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("placed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("placed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("placed_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("lift_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("lifted_by_user_id", sa.Integer(), nullable=True),
        sa.Column("lifted_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("lifted_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_legal_hold_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_legal_hold_lifted_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["placed_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_legal_hold_placed_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    with op.batch_alter_table("legal_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_hold_case_id"), ["case_id"])


def downgrade() -> None:
    with op.batch_alter_table("legal_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_hold_case_id"))
    op.drop_table("legal_hold")
