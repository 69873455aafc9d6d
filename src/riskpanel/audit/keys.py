"""The access log's HMAC key, and the per-event seal written with each event.

The key lives in the settings, never in the database: whoever can write the database
(the app's own role, or someone holding its password) can insert or rewrite rows, but
cannot make them carry a seal that verifies. Each engine made from settings carries those
settings (``riskpanel.db.settings_for``: key, checkpoint folder), so `record` needs no
settings argument on the hot path.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from sqlmodel import Session

from riskpanel.db import settings_for

NONCE_HEX = 16  # 8 random bytes: two identical events still get different seals
MAC_LENGTH = NONCE_HEX + 64
# What each event's own seal covers: every field but the id, which the database assigns
# after the seal is computed (the chain's links bind ids, in order).
SEALED_FIELDS = (
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


def key_for(session: Session) -> bytes:
    return settings_for(session).audit_key.encode()


def _body(values: dict[str, Any]) -> bytes:
    """The fields in a fixed order (a list: cheaper than a sorted object, on every write)."""
    body = [values[name] for name in SEALED_FIELDS]
    body[0] = body[0].isoformat()  # "at"
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def _tag(key: bytes, nonce: str, values: dict[str, Any]) -> str:
    return hmac.new(key, nonce.encode() + _body(values), hashlib.sha256).hexdigest()


def event_mac(key: bytes, values: dict[str, Any]) -> str:
    """A fresh seal for an event about to be inserted: random nonce, then HMAC."""
    nonce = secrets.token_hex(NONCE_HEX // 2)
    return nonce + _tag(key, nonce, values)


def mac_holds(key: bytes, values: dict[str, Any], mac: str | None) -> bool:
    if not mac or len(mac) != MAC_LENGTH:
        return False
    nonce = mac[:NONCE_HEX]
    return hmac.compare_digest(mac[NONCE_HEX:], _tag(key, nonce, values))


def sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()
