"""API models for user administration. No password goes in or comes out: a new person
sets their own from the invitation link."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from riskpanel.auth.schemas import Email
from riskpanel.kit.schemas import SINGLE_LINE, InputModel, OutputModel, examples
from riskpanel.users.invitations.schemas import InvitationOut

PersonRole = Literal["admin", "coordinator", "chair", "agency", "scrutiny", "auditor"]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=SINGLE_LINE)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class UserCreate(InputModel):
    """No password: the answer carries a one-time link for the person to set their own.

    The account may not be for your own email address, and it waits, inactive, until
    another admin or a chair approves it (setting ``RISKPANEL_ACCOUNT_APPROVAL``)."""

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


class UserUpdate(InputModel):
    """Only the fields sent change; `agency_id` or `panel_id` sent as null are cleared.

    A new role stops the account until a second person approves it; an account awaiting
    approval cannot be enabled with `active`."""

    model_config = examples({"display_name": "Rhys Hughes-Morgan"}, {"active": False})

    display_name: DisplayName | None = None
    role: PersonRole | None = None
    active: bool | None = Field(
        None, description="false disables: ends their sessions and revokes their tokens"
    )
    agency_id: Id | None = None
    panel_id: Id | None = None


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
    has_password: bool = Field(description="The person has set their password")
    invitation_expires_at: datetime | None = Field(
        None, description="When the person's unused invitation link expires; null: none open"
    )
    awaiting_approval: bool = Field(
        description="Inactive until another admin (not the one who asked for it) or a chair "
        "approves it"
    )
    requested_by_user_id: int | None = Field(
        description="The admin who asked for this access (created the account or gave it its "
        "role); they may not approve it"
    )
    approved_by_user_id: int | None
    approved_at: datetime | None


class UserCreated(UserOut):
    invitation: InvitationOut


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page")
