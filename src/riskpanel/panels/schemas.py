from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples
from riskpanel.models.enums import MeetingRhythm
from riskpanel.models.org import DEFAULT_CONFIDENTIALITY_STATEMENT


class PanelCreate(InputModel):
    name: str = Field(min_length=2, max_length=200)
    area: str = Field(min_length=2, max_length=200)
    meeting_rhythm: MeetingRhythm = MeetingRhythm.MONTHLY
    thresholds: dict[str, int] = Field(
        default_factory=dict, description="Overrides of the workflow's default thresholds"
    )
    confidentiality_statement: str = Field(
        DEFAULT_CONFIDENTIALITY_STATEMENT,
        min_length=1,
        max_length=2000,
        description="Printed on every agenda, set of minutes and agency extract",
    )
    member_agency_ids: list[int] = Field(default_factory=list)


class PanelOut(OutputModel):
    id: int
    name: str
    area: str
    meeting_rhythm: str
    thresholds: dict[str, Any]
    confidentiality_statement: str
    workflow_name: str
    created_at: datetime


class MembershipIn(InputModel):
    model_config = examples({"agency_id": 5, "joined_on": "2026-12-01", "left_on": None})

    agency_id: int = Field(ge=1, le=2**31 - 1, description="The agency joining the panel")
    joined_on: date | None = Field(None, description="First day of membership; default today")
    left_on: date | None = Field(
        None, description="The day membership (and access through it) ends; none: open-ended"
    )


class MembershipChange(InputModel):
    """Only the dates given change; ``null`` clears one (no end date: open-ended)."""

    model_config = examples({"left_on": "2027-03-31"})

    joined_on: date | None = Field(None, description="First day of membership")
    left_on: date | None = Field(
        None,
        description="The day membership ends: from that day the agency has no access "
        "through the panel and cannot be given actions",
    )


class MembershipOut(OutputModel):
    panel_id: int
    agency_id: int
    agency_name: str
    joined_on: date | None
    left_on: date | None
    in_force: bool = Field(description="A member today")


class MembershipList(OutputModel):
    panel_id: int
    items: list[MembershipOut]
