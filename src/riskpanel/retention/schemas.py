"""API models for legal holds: the reason in, the hold (who placed it, when and why) out."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from riskpanel.kit.schemas import InputModel, OutputModel, examples

HOLD = {
    "case_id": 7,
    "case_reference": "HC-2026-0007",
    "held": True,
    "reason": "Civil claim against the landlord: the court may ask for these records.",
    "placed_by": "Priya Shah",
    "placed_at": "2026-12-07T10:15:00Z",
    "lift_reason": None,
    "lifted_by": None,
    "lifted_at": None,
}


class LegalHoldIn(InputModel):
    model_config = examples({"reason": "Civil claim against the landlord: keep for the court."})

    reason: str = Field(
        min_length=3,
        max_length=2000,
        description="Why the case must be kept (placing), or why it need not be (lifting).",
    )


class LegalHoldOut(OutputModel):
    """One legal hold on a case: placed, and lifted once it is no longer needed."""

    model_config = examples(
        HOLD,
        {
            **HOLD,
            "held": False,
            "lift_reason": "The claim was settled.",
            "lifted_by": "Priya Shah",
            "lifted_at": "2027-03-01T09:00:00Z",
        },
    )

    case_id: int
    case_reference: str
    held: bool = Field(description="Whether the case is under this hold now.")
    reason: str | None = Field(description="Why the case is kept (empty if placed by the CLI).")
    placed_by: str | None = Field(description="Empty for a hold placed before holds were recorded.")
    placed_at: datetime | None
    lift_reason: str | None = None
    lifted_by: str | None = None
    lifted_at: datetime | None = None


class LegalHoldList(OutputModel):
    model_config = examples({"items": [HOLD]})

    items: list[LegalHoldOut]
