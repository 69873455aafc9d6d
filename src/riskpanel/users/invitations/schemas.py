"""API models of invitations. The link appears once, in the answer that issues it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from riskpanel.kit.schemas import OutputModel


class InvitationOut(OutputModel):
    """Only a keyed hash of the link is kept, so it cannot be shown again: send it now."""

    user_id: int
    link: str = Field(description="One-time link to set a password; send it to the person")
    expires_at: datetime
