"""Panel meetings: agenda, attendance, minutes (versioned once approved)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from riskpanel.models.base import UTCDateTime, utcnow


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_panel_starts", "panel_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="panel.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    duration_minutes: int = 120
    venue: str | None = Field(default=None, max_length=300)
    online_link: str | None = Field(default=None, max_length=500)
    chair_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    status: str = Field(default="planned", max_length=20)
    referral_cutoff_at: datetime = Field(sa_type=UTCDateTime)
    row_version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeetingInvite(SQLModel, table=True):
    __tablename__ = "meeting_invite"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    attendee_name: str = Field(max_length=200)
    attendee_role: str = Field(max_length=100)
    status: str = Field(default="present", max_length=20)  # present | observer | apology
    confidentiality_signed: bool = False
    signed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    information_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    information_summary: str | None = None


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_meeting_position", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    section: str = Field(max_length=30)
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    position: int
    slot_minutes: int = 15
    title: str = Field(max_length=300)


class Minutes(SQLModel, table=True):
    """Approved minutes are locked; a correction is a new version that supersedes it."""

    __tablename__ = "minutes"
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    version: int = 1
    status: str = Field(default="draft", max_length=20)
    approved_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    correction_reason: str | None = None
    row_version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MinuteEntry(SQLModel, table=True):
    __tablename__ = "minute_entry"

    id: int | None = Field(default=None, primary_key=True)
    minutes_id: int = Field(foreign_key="minutes.id", index=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    decision: str | None = Field(default=None, max_length=60)
    decision_notes: str | None = None
    # The victim's voice at the table, as the agency in contact with them (usually the
    # advocate) reported it, and the safety plan agreed: SafeLives minutes carry both.
    victim_views: str | None = None
    victim_views_agency_id: int | None = Field(default=None, foreign_key="agency.id")
    safety_plan: str | None = None


class SharedInformation(SQLModel, table=True):
    """What an agency shared about a case at a meeting, kept as fact or as opinion."""

    __tablename__ = "shared_information"

    id: int | None = Field(default=None, primary_key=True)
    minute_entry_id: int = Field(foreign_key="minute_entry.id", index=True)
    agency_id: int = Field(foreign_key="agency.id")
    kind: str = Field(max_length=10)
    text: str


class LateListing(SQLModel, table=True):
    """A case referred after a meeting's cut-off, asked onto its agenda by the coordinator
    with a reason; it may be listed once the chair has agreed."""

    __tablename__ = "late_listing"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    case_id: int = Field(foreign_key="case_file.id")
    reason: str
    requested_by_user_id: int = Field(foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    agreed_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    agreed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
