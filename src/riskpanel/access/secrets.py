"""Bearer secrets and password hashes.

API keys and tokens are long random values, so a keyed HMAC-SHA256 is the right hash:
fast to check on every request and useless to anyone without the server's key.
Passwords are low-entropy, so they get argon2id. A TOTP secret must be read back to check
a code, so it is sealed (Fernet: AES with an HMAC) under a key derived from the server's key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet

AGENCY_KEY_PREFIX = "rpk"
PERSONAL_TOKEN_PREFIX = "rpt"  # noqa: S105 - a public prefix, not a secret
_hasher = PasswordHasher()


@dataclass(frozen=True)
class IssuedSecret:
    prefix: str  # public part, stored and shown in lists
    token: str  # the whole secret, shown once


def issue_secret(kind_prefix: str) -> IssuedSecret:
    public = f"{kind_prefix}_{secrets.token_hex(6)}"
    return IssuedSecret(prefix=public, token=f"{public}_{secrets.token_urlsafe(32)}")


def split_prefix(token: str) -> str | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] not in (AGENCY_KEY_PREFIX, PERSONAL_TOKEN_PREFIX):
        return None
    return f"{parts[0]}_{parts[1]}"


def hash_secret(token: str, key: str) -> str:
    return hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()


def secret_matches(token: str, stored_hash: str, key: str) -> bool:
    return hmac.compare_digest(hash_secret(token, key), stored_hash)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def random_token(nbytes: int = 32) -> str:
    """An unguessable value for session cookies and CSRF tokens."""
    return secrets.token_urlsafe(nbytes)


def password_needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        _hasher.hash(password)  # same cost either way, so timing does not reveal accounts
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _fernet(key: str, purpose: str) -> Fernet:
    derived = hmac.new(key.encode(), f"riskpanel-seal:{purpose}".encode(), hashlib.sha256)
    return Fernet(base64.urlsafe_b64encode(derived.digest()))


def seal(value: str, *, key: str, purpose: str) -> str:
    """Encrypt a secret the server must read back (a TOTP seed); one derived key a purpose."""
    return _fernet(key, purpose).encrypt(value.encode()).decode()


def unseal(sealed: str, *, key: str, purpose: str) -> str:
    return _fernet(key, purpose).decrypt(sealed.encode()).decode()
