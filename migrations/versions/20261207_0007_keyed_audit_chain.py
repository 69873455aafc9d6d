"""keyed access log: each event's own seal (HMAC), keyed links, TRUNCATE refused

Existing events get their seal and the chain is re-linked under the audit key (from the
settings, outside the database), but only after the old unkeyed chain verified: a broken
log is never laundered into a keyed one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 01:45:00
"""

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from riskpanel.config import get_settings
from riskpanel.models.base import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
LOG_TABLES = ("audit_event", "audit_link")
CONTENT = (
    "at",
    "action",
    "purpose",
    "actor_user_id",
    "actor_credential_id",
    "actor_agency_id",
    "actor_role",
    "actor_label",
    "subject_type",
    "subject_id",
    "case_id",
    "person_id",
    "fields",
    "recipients",
    "detail",
    "request_id",
)
events = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("at", UTCDateTime()),
    *(sa.column(name, sa.JSON) for name in ("fields", "recipients", "detail")),
    *(sa.column(name) for name in CONTENT if name not in ("at", "fields", "recipients", "detail")),
    sa.column("mac", sa.String),
)
links = sa.table(
    "audit_link",
    sa.column("seq", sa.Integer),
    sa.column("event_id", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
    sa.column("sealed_at", UTCDateTime()),
)


def _body(row: dict[str, Any]) -> bytes:
    """As riskpanel.audit.chain.canonical: what each link covers of its event."""
    body = {name: row[name] for name in CONTENT}
    body["at"] = row["at"].isoformat()
    body["id"] = row["id"]
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def _unkeyed(prev: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(prev.encode() + _body(row)).hexdigest()


def _keyed(key: bytes) -> Callable[[str, dict[str, Any]], str]:
    def link(prev: str, row: dict[str, Any]) -> str:
        message = prev.encode() + _body(row) + (row["mac"] or "").encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    return link


def _event_mac(key: bytes, row: dict[str, Any]) -> str:
    """As riskpanel.audit.keys.event_mac at this revision: nonce, then the HMAC of the
    content fields as a JSON list in CONTENT order."""
    fields = [row[name] for name in CONTENT]
    fields[0] = fields[0].isoformat()
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()
    nonce = secrets.token_hex(8)
    return nonce + hmac.new(key, nonce.encode() + body, hashlib.sha256).hexdigest()


def _triggers(create: bool, statement_level: bool) -> None:
    """Row triggers refuse UPDATE and DELETE (as in 0001); on PostgreSQL a statement
    trigger refuses TRUNCATE too, which row triggers never see."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in LOG_TABLES:
        if postgres:
            name, when = f"{table}_append_only", "BEFORE UPDATE OR DELETE"
            names = [(name, f"{when} ON {table} FOR EACH ROW")]
            if statement_level:
                names.append((f"{table}_no_truncate", f"BEFORE TRUNCATE ON {table}"))
            for trigger, spec in names:
                op.execute(
                    f"CREATE TRIGGER {trigger} {spec} EXECUTE FUNCTION riskpanel_refuse_change()"
                    if create
                    else f"DROP TRIGGER IF EXISTS {trigger} ON {table}"
                )
            continue
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
                if create
                else f"DROP TRIGGER IF EXISTS {table}_no_{verb}"
            )


def _relink(
    old: Callable[[str, dict[str, Any]], str],
    new: Callable[[str, dict[str, Any]], str],
    mac: Callable[[dict[str, Any]], str | None],
) -> None:
    """Check every link with the old rule, give each event its new seal, re-link."""
    conn = op.get_bind()
    rows = {r["id"]: dict(r) for r in conn.execute(sa.select(events)).mappings()}
    chain = list(conn.execute(sa.select(links).order_by(links.c.seq)).mappings())
    prev = GENESIS
    for link in chain:
        event = rows.get(link["event_id"])
        if event is None or link["prev_hash"] != prev or old(prev, event) != link["hash"]:
            raise RuntimeError(
                f"the access log's chain is broken at link {link['seq']}: run `riskpanel audit "
                "verify` with the previous version; nothing was changed"
            )
        prev = link["hash"]
    for event in rows.values():
        event["mac"] = mac(event)
        conn.execute(events.update().where(events.c.id == event["id"]).values(mac=event["mac"]))
    conn.execute(links.delete())
    prev = GENESIS
    for link in chain:
        digest = new(prev, rows[link["event_id"]])
        conn.execute(links.insert().values(**{**link, "prev_hash": prev, "hash": digest}))
        prev = digest


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("mac", sa.String(length=80), nullable=True))
    _triggers(create=False, statement_level=False)
    key = get_settings().audit_key.encode()
    _relink(_unkeyed, _keyed(key), lambda row: _event_mac(key, row))
    _triggers(create=True, statement_level=True)


def downgrade() -> None:
    _triggers(create=False, statement_level=True)
    key = get_settings().audit_key.encode()
    _relink(_keyed(key), _unkeyed, lambda row: None)
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("mac")
    _triggers(create=True, statement_level=False)
