"""Opaque keyset cursors: clients pass them back unchanged and never build them."""

from __future__ import annotations

import base64
import binascii

from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.ids import MAX_ID


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput.field("cursor", "is not a cursor this API issued") from None
    prefix, _, value = raw.partition(":")
    if prefix != "id" or not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise InvalidInput.field("cursor", "is not a cursor this API issued")
    return int(value)
