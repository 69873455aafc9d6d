"""Victims' Code endpoints: support referrals, updates given, the entitlement, overdue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.api.params import IdPath
from riskpanel.victims import service
from riskpanel.victims.access import (
    EntitlementWriter,
    PanelCaller,
    Recorder,
    SupportReferrer,
    UpdateRecorder,
)
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.victims.schemas import (
    EntitlementIn,
    EntitlementOut,
    OverdueList,
    SupportReferralIn,
    SupportReferralOut,
    VictimUpdateIn,
    VictimUpdateOut,
)

router = APIRouter(tags=["victims' code"])
DbSession = Annotated[Session, Depends(get_session)]


@router.post(
    "/cases/{case_id}/support-referrals",
    status_code=201,
    response_model=SupportReferralOut,
    summary="Record a referral to a support service, made or declined, with its date",
)
def add_support_referral(
    case_id: IdPath,
    data: SupportReferralIn,
    session: DbSession,
    caller: SupportReferrer,
) -> SupportReferralOut:
    out = service.record_support_referral(
        session=session, caller=caller, case_id=case_id, data=data
    )
    session.commit()
    return out


@router.post(
    "/cases/{case_id}/victim-updates",
    status_code=201,
    response_model=VictimUpdateOut,
    summary="Record an update given to the victim, with date, time and method",
)
def add_update(
    case_id: IdPath,
    data: VictimUpdateIn,
    session: DbSession,
    caller: UpdateRecorder,
) -> VictimUpdateOut:
    out = service.record_update(session=session, caller=caller, case_id=case_id, data=data)
    session.commit()
    return out


@router.get(
    "/cases/{case_id}/entitlement",
    response_model=EntitlementOut,
    summary="The victim's entitlements, deadlines, support referrals and updates",
)
def read_entitlement(
    case_id: IdPath, response: Response, session: DbSession, caller: Recorder
) -> EntitlementOut:
    out = entitlement.read_entitlement(session=session, caller=caller, case_id=case_id)
    commit_with_etag(session, response, out.etag)
    return out


@router.put(
    "/cases/{case_id}/entitlement",
    response_model=EntitlementOut,
    summary="Set the needs assessment, agreed update schedule, enhanced rights and opt-out",
    description="Needs `If-Match` with the entitlement's ETag once it exists. Only the "
    "coordinator or chair of the case's panel, or a person of the agency recorded as the "
    "victim's lead contact (`lead_agency_id`, shown here and in the panel's case read), may "
    "set it; any other agency that can see the case gets 403. The lead contact is set in "
    "this body by the coordinator or chair only (403 for the lead agency itself), and must "
    "be a current member agency of the case's panel (422 naming `lead_agency_id`).",
)
def put_entitlement(
    case_id: IdPath,
    data: EntitlementIn,
    response: Response,
    session: DbSession,
    caller: EntitlementWriter,
    if_match: Annotated[str | None, Header()] = None,
) -> EntitlementOut:
    out = entitlement.put_entitlement(
        session=session,
        caller=caller,
        case_id=case_id,
        data=data,
        if_match=if_match,
    )
    commit_with_etag(session, response, out.etag)
    return out


@router.get(
    "/victims-code/overdue",
    response_model=OverdueList,
    summary="The panel's missed Victims' Code deadlines",
)
def overdue(session: DbSession, caller: PanelCaller) -> OverdueList:
    out = entitlement.overdue(session=session, caller=caller)
    session.commit()
    return out
