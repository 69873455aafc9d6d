"""referral intake: routes, parties and Victims' Code deadlines kept on the referral until
screening; date of birth indexed for the people-matching prefilter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route_decision", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("parties", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("victims_code", sa.JSON(), nullable=True))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_date_of_birth"), ["date_of_birth"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_date_of_birth"))
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("victims_code")
        batch_op.drop_column("parties")
        batch_op.drop_column("route_decision")
