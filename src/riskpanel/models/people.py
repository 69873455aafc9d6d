"""People known to the panel, with special category data and its lawful basis."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    aliases: list[str] = Field(default_factory=list, sa_type=JSON)
    date_of_birth: date | None = Field(default=None, index=True)  # matching prefilter
    sex: str | None = Field(default=None, max_length=20)
    # special category data (UK GDPR art. 9 / DPA 2018 s.35): held only with a basis
    ethnicity: str | None = Field(default=None, max_length=100)
    nationality: str | None = Field(default=None, max_length=100)
    religion: str | None = Field(default=None, max_length=100)
    sexual_orientation: str | None = Field(default=None, max_length=100)
    gender_identity: str | None = Field(default=None, max_length=100)
    disability: str | None = Field(default=None, max_length=300)
    special_category_basis: str | None = Field(default=None, max_length=100)
    address_line: str | None = Field(default=None, max_length=300)
    postcode: str | None = Field(default=None, max_length=10, index=True)
    district: str | None = Field(default=None, max_length=100)
    ward: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=320)
    safe_to_contact: bool = True
    contact_preferences: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    language: str | None = Field(default=None, max_length=50)
    interpreter_needed: bool = False
    accessibility_needs: str | None = None
    consent_status: str = Field(default="not_asked", max_length=20)
    consent_scope: str | None = None
    lawful_basis: str | None = Field(default=None, max_length=40)
    nchi_justification: str | None = None
    name_key: str | None = Field(default=None, max_length=200, index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="person.id")
    legal_hold: bool = False
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PersonMatch(SQLModel, table=True):
    """A suggested same-person pair; a coordinator confirms or rejects the merge."""

    __tablename__ = "person_match"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_a_id: int = Field(foreign_key="person.id", index=True)
    person_b_id: int = Field(foreign_key="person.id", index=True)
    score: float
    reasons: list[str] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="suggested", max_length=20)
    decided_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
