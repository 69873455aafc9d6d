"""API models for the second factor, "confirm it's you" and personal tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from riskpanel.auth.schemas import Password, SingleLine
from riskpanel.kit.schemas import SINGLE_LINE, InputModel, examples

Code = Annotated[str, StringConstraints(min_length=6, max_length=20, pattern=SINGLE_LINE)]


class CodeIn(InputModel):
    model_config = examples({"code": "492039"})

    code: Code = Field(
        description="The 6-digit code from the authenticator app, or a recovery code"
    )


class ConfirmIn(InputModel):
    model_config = examples({"password": "correct horse battery staple", "code": "492039"})

    password: Password
    code: Annotated[str, StringConstraints(max_length=20, pattern=SINGLE_LINE)] = Field(
        "", description="Needed when the person has set up a second factor"
    )


class SecondFactorOut(BaseModel):
    """How the session stands after a code or a confirmation."""

    method: str = Field(description="`totp`, `recovery_code` or `password`")
    mfa_verified_at: datetime | None
    authenticated_at: datetime | None


class TokenCreate(InputModel):
    model_config = examples({"name": "Reporting script", "expires_in_days": 30})

    name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
    expires_in_days: int = Field(90, ge=1, le=365)


class TokenIssued(BaseModel):
    """The whole token, shown once; only its keyed hash is stored."""

    token: str
    name: str
    expires_at: datetime


class ResetOut(BaseModel):
    user_id: int
    reset_at: datetime
