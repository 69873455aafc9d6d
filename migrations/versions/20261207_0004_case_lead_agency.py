"""the victim's lead contact agency on a case (who, with the coordinator, sets entitlement)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.add_column(sa.Column("lead_agency_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_case_file_lead_agency_id_agency", "agency", ["lead_agency_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.drop_constraint("fk_case_file_lead_agency_id_agency", type_="foreignkey")
        batch.drop_column("lead_agency_id")
