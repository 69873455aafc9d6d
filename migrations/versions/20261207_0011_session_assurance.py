"""web_session: how the person signed in, their second factor, and when they were last seen

Sign-in through an agency's identity provider, a second factor for local accounts, an idle
timeout and fresh authentication for sensitive actions all read these columns. Existing
sessions are password sessions with no second factor recorded.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import riskpanel.models.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "auth_method", sa.String(length=20), nullable=False, server_default="password"
            )
        )
        batch_op.add_column(sa.Column("amr", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("acr", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("mfa_verified_at", riskpanel.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("authenticated_at", riskpanel.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_seen_at", riskpanel.models.base.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.alter_column("auth_method", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
        batch_op.drop_column("authenticated_at")
        batch_op.drop_column("mfa_verified_at")
        batch_op.drop_column("acr")
        batch_op.drop_column("amr")
        batch_op.drop_column("auth_method")
