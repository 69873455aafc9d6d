"""Incidents: crimes and non-crime hate incidents, each with one or more strands."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime


class Incident(SQLModel, table=True):
    __tablename__ = "incident"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    victim_person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=30)
    occurred_on: date
    reported_at: datetime = Field(sa_type=UTCDateTime)
    district: str | None = Field(default=None, max_length=100)
    ward: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=300)
    location_key: str | None = Field(default=None, max_length=300, index=True)
    online: bool = False
    platform: str | None = Field(default=None, max_length=100)
    handle: str | None = Field(default=None, max_length=200)
    handle_key: str | None = Field(default=None, max_length=200, index=True)
    crime_reference: str | None = Field(default=None, max_length=60)
    perceived_by: str = Field(max_length=40)
    description: str | None = None


class IncidentStrand(SQLModel, table=True):
    """One row per strand: one incident may carry several, so totals by strand overlap."""

    __tablename__ = "incident_strand"

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    strand: str = Field(max_length=40, primary_key=True)
    monitored: bool = True
