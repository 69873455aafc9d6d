"""Webhook signatures in the Standard Webhooks style.

The signed content is ``"{webhook-id}.{webhook-timestamp}.{body}"``; the signature header
holds ``v1,<base64 HMAC-SHA256>`` (several, space-separated, during a secret rotation).
Including the id and timestamp stops a captured message being replayed as another one or
much later. riskpanel issues secrets in the Standard Webhooks form ``whsec_<base64>`` and
signs with the decoded bytes, as the reference libraries verify; any other secret is used
as its UTF-8 bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

from riskpanel.kit.text import is_ascii_digits

SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def secret_bytes(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            raise ValueError("a whsec_ secret must be base64") from None
    return secret.encode()


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return f"{SCHEME},{base64.b64encode(digest).decode()}"


def verify(
    *,
    secret: str,
    msg_id: str,
    timestamp: str,
    body: bytes,
    signature_header: str,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """What a receiver does: a fresh timestamp and one matching signature (constant time)."""
    if not is_ascii_digits(timestamp):
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_seconds:
        return False
    expected = sign(secret=secret, msg_id=msg_id, timestamp=int(timestamp), body=body)
    return any(
        hmac.compare_digest(expected, candidate)
        for candidate in signature_header.split()
        if candidate.startswith(f"{SCHEME},")
    )
