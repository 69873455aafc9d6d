"""Referrals, the cases they open, who is in a case, and how the case moved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow

OPEN_CASE = "closed_at IS NULL AND erased_at IS NULL AND last_hearing_at IS NOT NULL"


class Case(SQLModel, table=True):
    """Keyed on the victim (or household), not on a victim-perpetrator pair (DOMAIN 3.4)."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_panel_state", "panel_id", "state"),
        # A panel's live cases by id, from the index alone: what the dashboard's counts
        # join actions to (bench/bench_pages.py).
        Index(
            "ix_case_panel_live",
            "panel_id",
            "id",
            postgresql_where=text("erased_at IS NULL"),
            sqlite_where=text("erased_at IS NULL"),
        ),
        # Open cases by their last hearing: the dashboard's twelve-month notice reads only
        # the cases past it, not every case of the panel.
        Index(
            "ix_case_open_last_hearing",
            "panel_id",
            "last_hearing_at",
            postgresql_where=text(OPEN_CASE),
            sqlite_where=text(OPEN_CASE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=30, unique=True)
    panel_id: int = Field(foreign_key="panel.id")
    victim_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    state: str = Field(max_length=40)
    workflow_name: str = Field(max_length=100)
    workflow_version: int
    route: str | None = Field(default=None, max_length=40)
    route_evidence: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    risk_level: str | None = Field(default=None, max_length=20)
    risk_score: int | None = None
    children_in_household: bool = False
    strands_confirmed: bool = False
    row_version: int = Field(default=1)
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    state_entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_referral_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_hearing_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    legal_hold: bool = False
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The agency recorded as the victim's lead contact: with the coordinator, the one that
    # may change the Victims' Code entitlement and needs (set by the coordinator).
    lead_agency_id: int | None = Field(default=None, foreign_key="agency.id")


class Referral(SQLModel, table=True):
    """Its own record: screening opens a case, or attaches it to a confirmed match."""

    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_panel_status", "panel_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=30, unique=True)
    panel_id: int = Field(foreign_key="panel.id")
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    referring_agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    referred_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    referred_by_credential_id: int | None = Field(default=None, foreign_key="api_credential.id")
    victim_person_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(default="received", max_length=20)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    narrative: str = ""
    why_answer: str = ""
    children_in_household: bool = False
    vulnerable_adults_in_household: bool = False
    household_notes: str | None = None
    victim_aware: bool = False
    victim_consents: bool = False
    sharing_without_consent_reason: str | None = None
    flag_check: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    flags_decided_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    flags_decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    community_trigger: bool = False
    # Kept on the referral until screening opens or attaches a case (added in 0002):
    # the routes found at intake with their evidence, the household members and
    # perpetrators as given (persons linked by id), and the Victims' Code deadlines.
    route_decision: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    parties: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON)
    victims_code: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class CasePerson(SQLModel, table=True):
    __tablename__ = "case_person"
    __table_args__ = (UniqueConstraint("case_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id")
    role: str = Field(max_length=30)
    relationship_to_victim: str | None = Field(default=None, max_length=100)
    is_child: bool = False
    known: bool = True
    is_group: bool = False
    group_description: str | None = None
    lives_nearby: bool | None = None


class CaseHistory(SQLModel, table=True):
    __tablename__ = "case_history"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    from_state: str = Field(max_length=40)
    to_state: str = Field(max_length=40)
    trigger: str = Field(max_length=60)
    workflow_version: int
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    actor_label: str = Field(max_length=200)
    reason: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Timer(SQLModel, table=True):
    """A due date in the database; `riskpanel tick` fires each exactly once."""

    __tablename__ = "timer"
    __table_args__ = (
        UniqueConstraint("kind", "subject_type", "subject_id", "due_at"),
        Index("ix_timer_pending", "fired_at", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    subject_type: str = Field(max_length=30)
    subject_id: int
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    due_at: datetime = Field(sa_type=UTCDateTime)
    fired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
