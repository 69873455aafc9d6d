"""Legal holds in the API: place and lift one on a case, and list the cases held. Thin:
parse, authorise, call the service, shape the response."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IdPath
from riskpanel.retention import service
from riskpanel.retention.access import HoldKeeper, RetentionReader
from riskpanel.retention.schemas import LegalHoldIn, LegalHoldList, LegalHoldOut

router = APIRouter(tags=["retention"])
PROBLEMS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not the coordinator of the case's panel (problem+json)."},
    404: {"description": "No such case, or not your panel's (problem+json)."},
    409: {"description": "Already held (placing), not held (lifting), or erased."},
    422: {"description": "The reason is missing or too short (problem+json naming `reason`)."},
}
RULES = (
    "A case under a legal hold is kept whatever its retention period (for legal "
    "proceedings, a complaint or a review). Only the coordinator of the case's panel places "
    "or lifts one, always with a reason; both are in the access log, the reason is not. "
)


def _out(hold: service.HoldView) -> LegalHoldOut:
    return LegalHoldOut.model_validate(hold)


@router.post(
    "/cases/{case_id}/legal-hold",
    status_code=201,
    summary="Place a legal hold on a case",
    description=RULES + "409 if the case is already held.",
    responses=PROBLEMS,
)
def place(
    case_id: IdPath, data: LegalHoldIn, session: DbSession, caller: HoldKeeper
) -> LegalHoldOut:
    hold = service.place_hold(session=session, caller=caller, case_id=case_id, reason=data.reason)
    return committed(session, _out(hold))


@router.post(
    "/cases/{case_id}/legal-hold/lift",
    summary="Lift a case's legal hold",
    description=RULES + "The retention period applies again at once; 409 if the case is not held.",
    responses=PROBLEMS,
)
def lift(
    case_id: IdPath, data: LegalHoldIn, session: DbSession, caller: HoldKeeper
) -> LegalHoldOut:
    hold = service.lift_hold(session=session, caller=caller, case_id=case_id, reason=data.reason)
    return committed(session, _out(hold))


@router.get(
    "/legal-holds",
    summary="The cases under a legal hold",
    description="Every panel's held cases (retention is the partnership's), newest hold "
    "first, with who placed each, when and why. For the coordinator and the auditor; the "
    "listing is audited.",
)
def list_holds(session: DbSession, principal: RetentionReader) -> LegalHoldList:
    held = service.legal_holds(session=session, principal=principal)
    return committed(session, LegalHoldList(items=[_out(h) for h in held]))
