"""Keyed pseudonyms and age bands.

A plain hash of an NI number, phone number or case number can be reversed by hashing every
possible value (docs/PRIVACY.md), so pseudonyms are HMAC-SHA256 under a secret key that the caller
passes in from settings and that never sits in the database. A ``context`` (for example the
pack id) is mixed in so the same case gets unrelated pseudonyms in different packs: packs
cannot be linked without the key. The result is still personal data (pseudonymised, not
anonymous) for whoever holds the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import date

MIN_KEY_BYTES = 16


def _key_bytes(key: bytes | str) -> bytes:
    raw = key.encode() if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY_BYTES:
        raise ValueError(f"pseudonym key must be at least {MIN_KEY_BYTES} bytes")
    return raw


def normalise(value: str) -> str:
    """Fold case, spacing and punctuation so "AB 12 34 56 C" and "ab123456c" agree."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s\-./()]+", "", text)


def pseudonym(
    value: str,
    *,
    key: bytes | str,
    context: str = "",
    prefix: str = "SC",
    length: int = 8,
) -> str:
    """A readable keyed pseudonym such as "SC-7F3A9C21"."""
    if not 4 <= length <= 64:
        raise ValueError("length must be between 4 and 64 hex digits")
    message = f"{len(context)}:{context}|{normalise(value)}".encode()
    digest = hmac.new(_key_bytes(key), message, hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:length].upper()}" if prefix else digest[:length].upper()


class Pseudonymiser:
    """Holds the key for one context, so callers do not pass it around."""

    def __init__(
        self, key: bytes | str, *, context: str = "", prefix: str = "SC", length: int = 8
    ) -> None:
        self._key = _key_bytes(key)
        self.context = context
        self.prefix = prefix
        self.length = length

    def __call__(self, value: str) -> str:
        return pseudonym(
            value, key=self._key, context=self.context, prefix=self.prefix, length=self.length
        )

    def __repr__(self) -> str:  # never show the key
        return f"Pseudonymiser(context={self.context!r}, prefix={self.prefix!r})"


def age_on(dob: date, on_date: date) -> int:
    """Completed years on ``on_date``."""
    if dob > on_date:
        raise ValueError("date of birth is after the reference date")
    return on_date.year - dob.year - ((on_date.month, on_date.day) < (dob.month, dob.day))


def age_band(dob: date, on_date: date, *, width: int = 10, top: int = 90) -> str:
    """The age band on ``on_date``: "30-39" for width 10; everyone from ``top`` is "90+"."""
    if width < 1:
        raise ValueError("width must be positive")
    age = age_on(dob, on_date)
    if age >= top:
        return f"{top}+"
    low = age // width * width
    return f"{low}-{low + width - 1}"
