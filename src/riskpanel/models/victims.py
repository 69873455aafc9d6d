"""The victim's entitlements under the Victims' Code, and the log of what they were told."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class VictimEntitlement(SQLModel, table=True):
    __tablename__ = "victim_entitlement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    enhanced_rights: bool = True
    category: str = Field(default="hate_crime", max_length=60)
    reported_at: datetime = Field(sa_type=UTCDateTime)
    needs_assessed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    needs_outcome: str | None = None
    support_opt_out: bool = False
    update_schedule: str | None = Field(default=None, max_length=200)
    support_referral_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    key_update_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SupportReferral(SQLModel, table=True):
    __tablename__ = "support_referral"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    service: str = Field(max_length=200)
    status: str = Field(max_length=20)  # made | declined
    declined_reason: str | None = None
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")


class VictimUpdate(SQLModel, table=True):
    """Each update given to the victim, with date and time (HMICFRS: inform victims)."""

    __tablename__ = "victim_update"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    kind: str = Field(max_length=40)
    method: str = Field(max_length=40)
    given_at: datetime = Field(sa_type=UTCDateTime)
    summary: str | None = None
    recorded_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
