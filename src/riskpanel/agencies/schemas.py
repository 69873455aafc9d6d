from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, HttpUrl, model_validator

from riskpanel.kit.schemas import InputModel, OutputModel
from riskpanel.models.enums import AgencyKind


class AgencyCreate(InputModel):
    name: str = Field(min_length=2, max_length=200)
    kind: AgencyKind
    isa_signed_on: date | None = Field(None, description="Information-sharing agreement signed")
    isa_expires_on: date | None = Field(
        None, description="Agreement expiry; no new disclosures after"
    )
    contact_email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    webhook_url: HttpUrl | None = None

    @model_validator(mode="after")
    def _agreement_dates(self) -> AgencyCreate:
        if self.isa_expires_on and not self.isa_signed_on:
            raise ValueError("isa_signed_on is required when isa_expires_on is given")
        if self.isa_signed_on and self.isa_expires_on and self.isa_expires_on <= self.isa_signed_on:
            raise ValueError("isa_expires_on must be after isa_signed_on")
        return self


class AgencyOut(OutputModel):
    id: int
    name: str
    kind: str
    isa_signed_on: date | None
    isa_expires_on: date | None
    active: bool
    created_at: datetime
