"""A person's second factor: their TOTP secret and their single-use recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class SecondFactor(SQLModel, table=True):
    """One TOTP enrolment per user.

    The secret is stored sealed with a key derived from the server's secret key, so a copy
    of the database alone does not let anyone produce codes. ``confirmed_at`` stays empty
    until the person has typed a first code; until then the enrolment page may show the
    same secret again (they may not have finished scanning it), never after.
    """

    __tablename__ = "second_factor"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    secret_sealed: str = Field(max_length=400)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The last TOTP time step accepted: a code of that step or an earlier one is a replay.
    last_time_step: int | None = None
    # Wrong codes in a row; past the limit the session asking ends (sign in again).
    failed_attempts: int = 0


class SecondFactorReset(SQLModel, table=True):
    """An administrator's reset of a person's second factor, shown to them at enrolment."""

    __tablename__ = "second_factor_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    reset_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    reset_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # When the person saw the notice on the enrolment page; None until then.
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RecoveryCode(SQLModel, table=True):
    """A single-use code for when the authenticator is lost; only a keyed hash is kept."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=128, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
