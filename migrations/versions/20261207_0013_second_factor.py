"""second_factor, second_factor_reset, recovery_code: TOTP enrolment for local accounts

A person's TOTP secret (sealed with a key derived from the server's secret key), the last
time step accepted (so a code cannot be replayed), their ten single-use recovery codes
(keyed hashes only) and the administrators' resets of an enrolment, which the person is
shown when they next enrol.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import riskpanel.models.base

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "second_factor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_sealed", sa.String(length=400), nullable=False),
        sa.Column("created_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_time_step", sa.Integer(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "second_factor_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reset_by_user_id", sa.Integer(), nullable=True),
        sa.Column("reset_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["reset_by_user_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_second_factor_reset_user_id", "second_factor_reset", ["user_id"], unique=False
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=128), nullable=False),
        sa.Column("created_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("used_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_recovery_code_user_id", "recovery_code", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_recovery_code_user_id", table_name="recovery_code")
    op.drop_table("recovery_code")
    op.drop_index("ix_second_factor_reset_user_id", table_name="second_factor_reset")
    op.drop_table("second_factor_reset")
    op.drop_table("second_factor")
