"""API models for signing in (agency API keys: ``riskpanel.auth.keys.schemas``).

Text fields refuse control characters: PostgreSQL cannot store NUL, and a name with a line
break or an escape sequence has no business in an access log or a CSV export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from riskpanel.kit.schemas import SINGLE_LINE, InputModel, examples

SingleLine = Annotated[str, StringConstraints(pattern=SINGLE_LINE)]
Email = Annotated[
    str, StringConstraints(min_length=3, max_length=320, pattern=r"^[^@\s\x00-\x1f]+@[^@\s]+$")
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024, pattern=SINGLE_LINE)]


class SignInRequest(InputModel):
    model_config = examples(
        {
            "email": "j.patel@testshire-housing.example.org",
            "password": "correct horse battery staple",
        }
    )

    email: Email
    password: Password


class Me(BaseModel):
    """Who the caller is, as the access rules see them."""

    model_config = examples(
        {
            "role": "agency_client",
            "label": "Housing case system (Testshire Housing)",
            "agency_id": 2,
            "credential_id": 5,
            "authenticated_by": "token",
        }
    )

    role: str
    label: str
    user_id: int | None = None
    agency_id: int | None = None
    panel_id: int | None = None
    credential_id: int | None = None
    authenticated_by: str = Field(description="`session` (cookie) or `token` (bearer)")
    csrf_token: str | None = Field(
        None, description="Send as `X-CSRF-Token` on unsafe methods (cookie sessions only)"
    )
    session_expires_at: datetime | None = None
    second_factor_required: bool = Field(
        False, description="The session must pass the second factor before anything else"
    )


class SessionOut(Me):
    """The answer to a sign-in: the cookie is set on the response, never in the body."""

    model_config = examples(
        {
            "role": "coordinator",
            "label": "Sam Carter",
            "user_id": 3,
            "panel_id": 1,
            "authenticated_by": "session",
            "csrf_token": "b1f0c2d9e8a7",
            "session_expires_at": "2026-12-07T18:00:00Z",
        }
    )
