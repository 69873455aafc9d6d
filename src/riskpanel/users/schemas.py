"""API models for user administration. Passwords go in, never come out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from riskpanel.auth.schemas import Email
from riskpanel.kit.schemas import SINGLE_LINE, InputModel, OutputModel, examples

PersonRole = Literal["admin", "coordinator", "chair", "agency", "scrutiny", "auditor"]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=SINGLE_LINE)]
NewPassword = Annotated[str, StringConstraints(min_length=12, max_length=1024, pattern=SINGLE_LINE)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class UserCreate(InputModel):
    model_config = examples(
        {
            "email": "r.hughes@testshire-police.example.org",
            "display_name": "Rhys Hughes",
            "role": "agency",
            "agency_id": 2,
        }
    )

    email: Email
    display_name: DisplayName
    role: PersonRole
    agency_id: Id | None = Field(None, description="Required for role `agency`")
    panel_id: Id | None = Field(None, description="The panel of a coordinator or chair")
    password: NewPassword | None = Field(None, description="For web sign-in; at least 12")


class UserUpdate(InputModel):
    """Only the fields sent change; `agency_id` or `panel_id` sent as null are cleared."""

    model_config = examples({"display_name": "Rhys Hughes-Morgan"}, {"active": False})

    display_name: DisplayName | None = None
    role: PersonRole | None = None
    active: bool | None = Field(
        None, description="false disables: ends their sessions and revokes their tokens"
    )
    agency_id: Id | None = None
    panel_id: Id | None = None
    password: NewPassword | None = None


class UserOut(OutputModel):
    id: int
    email: str
    display_name: str
    role: str
    agency_id: int | None
    panel_id: int | None
    active: bool
    created_at: datetime
    disabled_at: datetime | None
    has_password: bool


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page")
