"""Panels, partner agencies and who sits on which panel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow

#: What every agenda, set of minutes and agency extract says about handling, unless the
#: panel words its own. A panel row never holds an empty one (documents need the words).
DEFAULT_CONFIDENTIALITY_STATEMENT = (
    "Information shared at this meeting is confidential. It is shared only to reduce the "
    "risk of serious harm to the people discussed. It must not be copied or passed on "
    "beyond the agencies present without the agreement of the chair and the agency that "
    "provided it."
)


class Panel(SQLModel, table=True):
    __tablename__ = "panel"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    area: str = Field(max_length=200)
    meeting_rhythm: str = Field(default="monthly", max_length=20)
    thresholds: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    confidentiality_statement: str = Field(default=DEFAULT_CONFIDENTIALITY_STATEMENT)
    workflow_name: str = Field(default="hate_crime_panel", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Agency(SQLModel, table=True):
    __tablename__ = "agency"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=40)
    isa_signed_on: date | None = None
    isa_expires_on: date | None = None
    contact_email: str | None = Field(default=None, max_length=320)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PanelMembership(SQLModel, table=True):
    __tablename__ = "panel_membership"
    __table_args__ = (UniqueConstraint("panel_id", "agency_id"),)

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    joined_on: date | None = None
    left_on: date | None = None
