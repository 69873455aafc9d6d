"""partial index for an agency's open actions (the list partners poll)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_ACTION = "review_outcome IS NULL AND progress NOT IN ('completed', 'not_possible')"


def upgrade() -> None:
    op.create_index(
        "ix_action_open_by_agency",
        "action",
        ["agency_id", "id"],
        unique=False,
        postgresql_where=sa.text(OPEN_ACTION),
        sqlite_where=sa.text(OPEN_ACTION),
    )


def downgrade() -> None:
    op.drop_index("ix_action_open_by_agency", table_name="action")
