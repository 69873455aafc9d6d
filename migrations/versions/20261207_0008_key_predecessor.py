"""api_credential.replaces_id: the key a rotated key replaced

Revoking a key must also end the overlap of the key it replaced, so the link is stored
rather than only written in the audit detail.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_credential", schema=None) as batch_op:
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_api_credential_replaces_id_api_credential"),
            "api_credential",
            ["replaces_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("api_credential", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_api_credential_replaces_id_api_credential"), type_="foreignkey"
        )
        batch_op.drop_column("replaces_id")
