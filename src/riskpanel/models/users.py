"""People who sign in, and the credentials of people and partner systems."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    display_name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    panel_id: int | None = Field(default=None, foreign_key="panel.id", index=True)
    password_hash: str | None = Field(default=None, max_length=300)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Separation of duties: the admin who asked for this access (created the account, or
    # gave it its role), who may not approve it; and who approved it. The account stays
    # inactive while awaiting approval.
    requested_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    awaiting_approval: bool = False
    approved_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Invitation(SQLModel, table=True):
    """A one-time link for a new person to set their own password.

    Only a keyed hash of the link's token is stored, so a copy of the database opens no
    account. One open invitation per user: issuing again revokes the one before.
    """

    __tablename__ = "invitation"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=128, unique=True)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiCredential(SQLModel, table=True):
    """A bearer secret: an agency system's API key or a person's personal token.

    Only a keyed hash is stored; the prefix is public so a leaked key can be found.
    """

    __tablename__ = "api_credential"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # agency_key | personal_token
    prefix: str = Field(max_length=40, unique=True)
    secret_hash: str = Field(max_length=128)
    name: str = Field(default="", max_length=200)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The key this one replaced by rotation: revoking this one ends that one's overlap.
    replaces_id: int | None = Field(default=None, foreign_key="api_credential.id")


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=128, unique=True)
    csrf_token: str = Field(max_length=128)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # How the person proved who they are, as the session limits and the MFA rule read it:
    # "password" (a local account) or "oidc" (their agency's identity provider).
    auth_method: str = Field(default="password", max_length=20)
    # The provider's authentication methods (space-separated amr values) and context (acr).
    amr: str | None = Field(default=None, max_length=200)
    acr: str | None = Field(default=None, max_length=200)
    # When the second factor was passed in this session (TOTP, recovery code, or an SSO
    # provider whose amr says it asked for one); None until then.
    mfa_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Last full authentication (fresh-auth for sensitive actions) and last request (idle
    # timeout).
    authenticated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SignInThrottle(SQLModel, table=True):
    """One sign-in counter per account and per client address, both keyed hashes.

    A counter, not a row per attempt, so one atomic upsert can count an attempt and read
    the total back before any password is judged: parallel attempts cannot all slip in.
    No address or email address is stored, only HMACs of them.
    """

    __tablename__ = "signin_throttle"

    key: str = Field(max_length=140, primary_key=True)
    window_started_at: datetime = Field(sa_type=UTCDateTime, index=True)
    attempts: int = 0
