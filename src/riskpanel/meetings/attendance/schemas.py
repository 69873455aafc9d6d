"""API models for a meeting's attendance: attendees by agency, observers and apologies.

Input models refuse unknown fields."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel, examples

AttendanceStatus = Literal["present", "observer", "apology"]


class AttendeeIn(InputModel):
    agency_id: int | None = None
    name: str = Field(
        "",
        max_length=200,
        description="Who attended; may be left empty for an apology that names nobody.",
    )
    role: str = Field("", max_length=100, description="Role, or organisation.")
    status: AttendanceStatus = "present"
    confidentiality_signed: bool = False
    information_sent_at: AwareDatetime | None = None
    information_summary: str | None = Field(None, min_length=1, max_length=20_000)

    @model_validator(mode="after")
    def _consistent(self) -> AttendeeIn:
        self.name, self.role = self.name.strip(), self.role.strip()
        if self.status != "apology" and not self.name:
            raise ValueError("enter the name of the person who attended")
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
