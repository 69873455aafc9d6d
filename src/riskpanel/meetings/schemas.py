"""API models for meetings, agendas, attendance and minutes.

Input models refuse unknown fields. Output models carry case references and ids only: the
meeting endpoints never return a victim's name (the case endpoints do that, audited).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.meetings.examples import MEETING
from riskpanel.models.enums import AgendaSection

CASE_SECTIONS = frozenset(
    {
        AgendaSection.NEW_CASE,
        AgendaSection.REPEAT_CASE,
        AgendaSection.REVIEW,
        AgendaSection.TWELVE_MONTH_NOTICE,
    }
)
HEARING_SECTIONS = frozenset({AgendaSection.NEW_CASE, AgendaSection.REPEAT_CASE})


# ---- meetings -------------------------------------------------------------------------


def _https(value: str | None) -> str | None:
    """An online link goes into calendar invitations: plain http would leak the meeting."""
    if value is not None and not value.startswith("https://"):
        raise ValueError("must be an https:// link")
    return value


class MeetingCreate(InputModel):
    model_config = examples(
        {
            "starts_at": "2027-01-14T10:00:00Z",
            "duration_minutes": 120,
            "venue": "Committee Room 2, Testshire Civic Centre",
            "online_link": "https://meet.example.org/testshire-panel",
        }
    )

    panel_id: int | None = Field(None, description="Defaults to the coordinator's panel.")
    starts_at: AwareDatetime
    duration_minutes: int = Field(120, ge=15, le=600)
    venue: str | None = Field(None, min_length=1, max_length=300)
    online_link: str | None = Field(None, min_length=8, max_length=500)
    chair_user_id: int | None = None
    invited_agency_ids: list[int] | None = Field(
        None, max_length=100, description="Defaults to every member agency of the panel."
    )
    referral_cutoff_at: AwareDatetime | None = Field(
        None, description="Defaults to the panel's `referral_cutoff_days` before the start."
    )

    @field_validator("online_link")
    @classmethod
    def _https_only(cls, value: str | None) -> str | None:
        return _https(value)

    @model_validator(mode="after")
    def _somewhere(self) -> MeetingCreate:
        if not self.venue and not self.online_link:
            raise ValueError("give a venue, an online link, or both")
        return self


class MeetingUpdate(InputModel):
    model_config = examples(
        {"starts_at": "2027-01-21T10:00:00Z", "venue": "Committee Room 3, Testshire Civic Centre"}
    )

    starts_at: AwareDatetime | None = None
    duration_minutes: int | None = Field(None, ge=15, le=600)
    venue: str | None = Field(None, min_length=1, max_length=300)
    online_link: str | None = Field(None, min_length=8, max_length=500)
    chair_user_id: int | None = None
    invited_agency_ids: list[int] | None = Field(None, max_length=100)
    referral_cutoff_at: AwareDatetime | None = None

    @field_validator("online_link")
    @classmethod
    def _https_only(cls, value: str | None) -> str | None:
        return _https(value)


class MeetingOut(OutputModel):
    model_config = examples(MEETING)

    id: int
    panel_id: int
    starts_at: datetime
    duration_minutes: int
    venue: str | None
    online_link: str | None
    chair_user_id: int | None
    status: str
    referral_cutoff_at: datetime
    invited_agency_ids: list[int] = []
    minutes_due_on: date | None = None
    row_version: int
    created_at: datetime


class MeetingPage(BaseModel):
    model_config = examples({"items": [MEETING], "next_cursor": "eyJpZCI6IDN9"})

    items: list[MeetingOut]
    next_cursor: str | None = None
