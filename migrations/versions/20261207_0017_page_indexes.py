"""page_indexes: the case list's reference and victim-name search served by trigram
indexes on PostgreSQL, and the open actions by due date (issue 20)

The search matches any part of a reference or name (``ILIKE '%words%'``), which
no B-tree serves: at 100k cases it read every case of the panel and every person. GIN
indexes of trigrams (the ``pg_trgm`` extension, trusted since PostgreSQL 13, so a
database owner may create it) serve such patterns. On SQLite the same indexes are plain
B-trees (the GIN options are PostgreSQL's), kept so the models and the schema agree.

The dashboard's overdue actions (open, past due, soonest first) read every open action of
every panel and sorted them; a partial index on open actions by due date gives them in
order, so the first page stops early, and holds the case id for an index-only count
joined to the panel's live cases (another partial index, panel and id). The twelve-month
notice reads open cases heard before a date from a partial index by last hearing.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEARD_OPEN = "closed_at IS NULL AND erased_at IS NULL AND last_hearing_at IS NOT NULL"
OPEN_ACTION = "review_outcome IS NULL AND progress NOT IN ('completed', 'not_possible')"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_case_reference_trgm",
        "case_file",
        ["reference"],
        postgresql_using="gin",
        postgresql_ops={"reference": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_person_name_trgm",
        "person",
        ["given_name", "family_name"],
        postgresql_using="gin",
        postgresql_ops={"given_name": "gin_trgm_ops", "family_name": "gin_trgm_ops"},
    )

    op.create_index(
        "ix_action_open_due",
        "action",
        ["due_on", "id", "case_id"],
        postgresql_where=sa.text(OPEN_ACTION),
        sqlite_where=sa.text(OPEN_ACTION),
    )
    op.create_index(
        "ix_case_panel_live",
        "case_file",
        ["panel_id", "id"],
        postgresql_where=sa.text("erased_at IS NULL"),
        sqlite_where=sa.text("erased_at IS NULL"),
    )
    op.create_index(
        "ix_case_open_last_hearing",
        "case_file",
        ["panel_id", "last_hearing_at"],
        postgresql_where=sa.text(HEARD_OPEN),
        sqlite_where=sa.text(HEARD_OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_case_open_last_hearing", table_name="case_file")
    op.drop_index("ix_case_panel_live", table_name="case_file")
    op.drop_index("ix_action_open_due", table_name="action")
    op.drop_index("ix_person_name_trgm", table_name="person")
    op.drop_index("ix_case_reference_trgm", table_name="case_file")
