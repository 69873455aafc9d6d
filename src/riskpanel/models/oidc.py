"""Single sign-on: sign-ins under way at an identity provider, and the identities linked.

A pending login keeps what the callback must match (state, nonce, the browser that began
it) as keyed hashes, so a copy of the table cannot finish anyone's sign-in; the PKCE code
verifier is kept as issued because the token request must send it, and alone it is useless
without the provider's one-time code. ``used_at`` is set once, so a state (and with it its
nonce) answers only one callback.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class OidcLogin(SQLModel, table=True):
    __tablename__ = "oidc_login"

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=40)
    state_hash: str = Field(max_length=128, unique=True)
    nonce_hash: str = Field(max_length=128, unique=True)
    browser_hash: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    next_path: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OidcIdentity(SQLModel, table=True):
    """A person's account at an identity provider (issuer, subject), linked to their user.

    Linked on the first sign-in by the verified email address of an account an admin made;
    later sign-ins match on (issuer, subject), which the provider never reassigns, so a
    changed email address at the provider does not move the link.
    """

    __tablename__ = "oidc_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    provider: str = Field(max_length=40)
    linked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
