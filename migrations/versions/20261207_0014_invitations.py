"""invitation: one-time links to set a password; app_user: who created and approved it

Admins no longer set passwords: a new account gets an invitation (only its token's keyed
hash is stored). A new account is approved by a second person before it is active. Existing accounts were set up before the rule and are left
as they are (not awaiting approval).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import riskpanel.models.base

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_by_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("awaiting_approval", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("approved_by_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("approved_at", riskpanel.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_app_user_requested_by_user_id_app_user"),
            "app_user",
            ["requested_by_user_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_app_user_approved_by_user_id_app_user"),
            "app_user",
            ["approved_by_user_id"],
            ["id"],
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column("awaiting_approval", server_default=None)
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("expires_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("used_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_invitation_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_invitation_created_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_user_id"))
    op.drop_table("invitation")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_app_user_approved_by_user_id_app_user"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_app_user_requested_by_user_id_app_user"), type_="foreignkey"
        )
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by_user_id")
        batch_op.drop_column("awaiting_approval")
        batch_op.drop_column("requested_by_user_id")
