"""an assessment's standing: the panel's decision or an agency's view (information only);
the agency whose view it is

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every assessment before this revision set the case's level: a decision.
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "standing",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="decision",
            )
        )
        batch_op.add_column(sa.Column("agency_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_risk_assessment_agency_id_agency"), "agency", ["agency_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_risk_assessment_agency_id_agency"), type_="foreignkey"
        )
        batch_op.drop_column("agency_id")
        batch_op.drop_column("standing")
