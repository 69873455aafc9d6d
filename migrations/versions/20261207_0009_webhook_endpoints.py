"""webhook_endpoint: an agency's webhook receivers, each with a whsec_ secret

An agency registers its own endpoints (several: a live and a test system, or an old and a
new one while moving), so the one ``agency.webhook_url``/``webhook_secret`` pair becomes
rows of ``webhook_endpoint`` and each queued webhook names the endpoint it goes to. The
old plain secrets are rewritten in the Standard Webhooks form ``whsec_`` + base64 of the
same bytes, so a receiver that verified before still verifies: the signing key is equal.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 02:40:00
"""

import base64
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import riskpanel.models.base

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _whsec(secret: str) -> str:
    if secret.startswith("whsec_"):
        return secret
    return "whsec_" + base64.b64encode(secret.encode()).decode()


def _plain(secret: str) -> str:
    """Back to the bytes as text, for the old column (which signed with the UTF-8 bytes)."""
    try:
        return base64.b64decode(secret.removeprefix("whsec_")).decode()
    except (ValueError, UnicodeDecodeError):
        return secret


def upgrade() -> None:
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", riskpanel.models.base.UTCDateTime(), nullable=False),
        sa.Column("disabled_at", riskpanel.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_webhook_endpoint_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoint")),
    )
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_endpoint_agency_id"), ["agency_id"])
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("webhook_endpoint_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_webhook_endpoint_id_webhook_endpoint"),
            "webhook_endpoint",
            ["webhook_endpoint_id"],
            ["id"],
        )
    bind = op.get_bind()
    agencies = bind.execute(
        sa.text(
            "SELECT id, webhook_secret FROM agency "
            "WHERE webhook_url IS NOT NULL AND webhook_secret IS NOT NULL"
        )
    ).all()
    for agency_id, secret in agencies:  # the stored date is copied as stored
        bind.execute(
            sa.text(
                "INSERT INTO webhook_endpoint (agency_id, url, secret, description, created_at) "
                "SELECT id, webhook_url, :secret, '', created_at FROM agency WHERE id = :agency"
            ),
            {"secret": _whsec(secret), "agency": agency_id},
        )
        bind.execute(
            sa.text(
                "UPDATE notification SET webhook_endpoint_id = "
                "(SELECT MAX(id) FROM webhook_endpoint WHERE agency_id = :agency) "
                "WHERE agency_id = :agency AND channel = 'webhook'"
            ),
            {"agency": agency_id},
        )
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("webhook_secret")
        batch_op.drop_column("webhook_url")


def downgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("webhook_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("webhook_secret", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT agency_id, url, secret FROM webhook_endpoint WHERE disabled_at IS NULL "
            "ORDER BY id"
        )
    ).all()
    for agency_id, url, secret in rows:  # the newest enabled endpoint of each agency wins
        bind.execute(
            sa.text("UPDATE agency SET webhook_url = :url, webhook_secret = :secret WHERE id = :a"),
            {"url": url, "secret": _plain(secret), "a": agency_id},
        )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notification_webhook_endpoint_id_webhook_endpoint"), type_="foreignkey"
        )
        batch_op.drop_column("webhook_endpoint_id")
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_endpoint_agency_id"))
    op.drop_table("webhook_endpoint")
