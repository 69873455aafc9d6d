from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from riskpanel.api.schemas import InputModel, OutputModel
from riskpanel.models.enums import MeetingRhythm

DEFAULT_CONFIDENTIALITY_STATEMENT = (
    "Information shared at this meeting is confidential. It is shared only to reduce the "
    "risk of serious harm to the people discussed. It must not be copied or passed on "
    "beyond the agencies present without the agreement of the chair and the agency that "
    "provided it."
)


class PanelCreate(InputModel):
    name: str = Field(min_length=2, max_length=200)
    area: str = Field(min_length=2, max_length=200)
    meeting_rhythm: MeetingRhythm = MeetingRhythm.MONTHLY
    thresholds: dict[str, int] = Field(
        default_factory=dict, description="Overrides of the workflow's default thresholds"
    )
    confidentiality_statement: str = DEFAULT_CONFIDENTIALITY_STATEMENT
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
