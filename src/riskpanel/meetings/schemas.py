"""API models for meetings, agendas, attendance and minutes.

Input models refuse unknown fields. Output models carry case references and ids only: the
meeting endpoints never return a victim's name (the case endpoints do that, audited).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.meetings.examples import AGENDA, MEETING, MINUTES
from riskpanel.models.enums import AgendaSection, ReviewOutcome

CASE_SECTIONS = frozenset(
    {
        AgendaSection.NEW_CASE,
        AgendaSection.REPEAT_CASE,
        AgendaSection.REVIEW,
        AgendaSection.TWELVE_MONTH_NOTICE,
    }
)
HEARING_SECTIONS = frozenset({AgendaSection.NEW_CASE, AgendaSection.REPEAT_CASE})
AttendanceStatus = Literal["present", "observer", "apology"]
InformationKind = Literal["fact", "opinion", "withheld"]
Decision = Literal[
    "actions_agreed", "close_no_action", "continue_actions", "move_to_monitoring", "adjourned"
]


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


# ---- agenda ---------------------------------------------------------------------------


class ProposedItem(BaseModel):
    section: AgendaSection
    case_id: int | None = None
    case_reference: str | None = None
    title: str
    slot_minutes: int
    children_in_household: bool = False
    risk_level: str | None = None
    referred_at: datetime | None = None
    reason: str = Field(description="Why the item is proposed.")


class DeferredCase(BaseModel):
    case_id: int
    case_reference: str
    referred_at: datetime
    reason: str


class AgendaProposal(BaseModel):
    meeting_id: int
    referral_cutoff_at: datetime
    items: list[ProposedItem]
    deferred: list[DeferredCase] = Field(
        description="Cases referred after the cut-off: they go to the next meeting."
    )
    expected_length_minutes: int
    planned_length_minutes: int
    overruns: bool


class AgendaItemIn(InputModel):
    section: AgendaSection
    case_id: int | None = None
    position: int = Field(ge=1, le=1000)
    slot_minutes: int = Field(15, ge=0, le=180)
    title: str | None = Field(None, min_length=1, max_length=300)

    @model_validator(mode="after")
    def _case_where_needed(self) -> AgendaItemIn:
        if self.section in CASE_SECTIONS and self.case_id is None:
            raise ValueError(f"a {self.section.value} item needs a case_id")
        if self.section not in CASE_SECTIONS and self.case_id is not None:
            raise ValueError(f"a {self.section.value} item takes no case_id")
        if self.section == AgendaSection.ANY_OTHER_BUSINESS and not self.title:
            raise ValueError("an any_other_business item needs a title")
        return self


class AgendaIn(InputModel):
    model_config = examples(
        {
            "items": [
                {"section": "new_case", "case_id": 7, "position": 1, "slot_minutes": 20},
                {
                    "section": "any_other_business",
                    "position": 2,
                    "slot_minutes": 10,
                    "title": "Training dates for 2027",
                },
            ]
        }
    )

    items: list[AgendaItemIn] = Field(max_length=200)


class AgendaItemOut(BaseModel):
    id: int
    section: str
    case_id: int | None
    case_reference: str | None
    position: int
    slot_minutes: int
    title: str
    starts_at: time = Field(description="Local clock time the item is expected to start.")


class AgendaOut(BaseModel):
    model_config = examples(AGENDA)

    meeting_id: int
    items: list[AgendaItemOut]
    expected_length_minutes: int
    planned_length_minutes: int
    overruns: bool
    listed_case_ids: list[int] = Field(
        default=[], description="Cases moved to `listed` by this save."
    )
    row_version: int


# ---- attendance -----------------------------------------------------------------------


class AttendeeIn(InputModel):
    agency_id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=100, description="Role, or organisation.")
    status: AttendanceStatus = "present"
    confidentiality_signed: bool = False
    information_sent_at: AwareDatetime | None = None
    information_summary: str | None = Field(None, min_length=1, max_length=20_000)

    @model_validator(mode="after")
    def _consistent(self) -> AttendeeIn:
        if self.status == "apology" and self.confidentiality_signed:
            raise ValueError("someone sending apologies cannot sign the statement")
        if self.status == "present" and self.agency_id is None:
            raise ValueError("a present attendee represents an agency (agency_id)")
        if self.status == "apology" and self.agency_id is None:
            raise ValueError("apologies are recorded for an agency (agency_id)")
        if (self.information_sent_at is None) != (self.information_summary is None):
            raise ValueError("information_sent_at and information_summary go together")
        if self.information_sent_at is not None and self.status != "apology":
            raise ValueError("information sent in is recorded for absent agencies (apology)")
        return self


class AttendanceIn(InputModel):
    model_config = examples(
        {
            "attendees": [
                {
                    "agency_id": 1,
                    "name": "DS Laura Bennett",
                    "role": "Police",
                    "status": "present",
                    "confidentiality_signed": True,
                },
                {
                    "agency_id": 4,
                    "name": "Owen Price",
                    "role": "Children's services",
                    "status": "apology",
                    "information_sent_at": "2027-01-13T17:00:00Z",
                    "information_summary": "No open involvement with the family.",
                },
            ]
        }
    )

    attendees: list[AttendeeIn] = Field(max_length=300)


class AttendeeOut(OutputModel):
    id: int
    agency_id: int | None
    attendee_name: str
    attendee_role: str
    status: str
    confidentiality_signed: bool
    signed_at: datetime | None
    information_sent_at: datetime | None
    information_summary: str | None


class AttendanceOut(BaseModel):
    meeting_id: int
    confidentiality_statement: str
    attendees: list[AttendeeOut]
    row_version: int


# ---- minutes --------------------------------------------------------------------------


class SharedInfoIn(InputModel):
    agency_id: int
    kind: InformationKind = Field(description="fact, opinion, or withheld (text = reason).")
    text: str = Field(min_length=1, max_length=20_000)


class ActionIn(InputModel):
    agency_id: int
    description: str = Field(min_length=1, max_length=5_000)
    due_on: date


class ActionReviewIn(InputModel):
    action_id: int
    outcome: ReviewOutcome
    note: str | None = Field(None, min_length=1, max_length=5_000)


class CaseMinutesIn(InputModel):
    model_config = examples(
        {
            "information": [
                {
                    "agency_id": 2,
                    "kind": "fact",
                    "text": "Tenancy warning served on the neighbour in November.",
                }
            ],
            "decision": "actions_agreed",
            "decision_notes": "Agreed a joint visit and a security survey.",
            "actions": [
                {
                    "agency_id": 2,
                    "description": "Fit a door camera and a letterbox guard.",
                    "due_on": "2027-02-04",
                }
            ],
            "reviews": [],
        }
    )

    information: list[SharedInfoIn] = Field(default=[], max_length=200)
    decision: Decision
    decision_notes: str | None = Field(None, min_length=1, max_length=20_000)
    actions: list[ActionIn] = Field(default=[], max_length=100)
    reviews: list[ActionReviewIn] = Field(default=[], max_length=200)


class SharedInfoOut(OutputModel):
    agency_id: int
    kind: str
    text: str


class MinutesActionOut(OutputModel):
    id: int
    reference: str
    case_id: int
    meeting_id: int | None
    agency_id: int
    description: str
    due_on: date
    progress: str
    review_outcome: str | None
    reviewed_meeting_id: int | None


class CaseMinutesOut(BaseModel):
    case_id: int
    case_reference: str
    case_state: str
    decision: str | None
    decision_notes: str | None
    information: list[SharedInfoOut]
    actions: list[MinutesActionOut]
    reviewed: list[MinutesActionOut]


class MinutesVersion(OutputModel):
    version: int
    status: str
    approved_at: datetime | None
    correction_reason: str | None


class MinutesOut(BaseModel):
    model_config = examples(MINUTES)

    meeting_id: int
    minutes_id: int
    version: int
    status: str
    approved_by_user_id: int | None
    approved_at: datetime | None
    correction_reason: str | None
    cases: list[CaseMinutesOut]
    versions: list[MinutesVersion]
    row_version: int


class CorrectionIn(InputModel):
    model_config = examples({"reason": "The due date of action A-2026-0042 was minuted wrongly."})

    reason: str = Field(min_length=5, max_length=2_000)
