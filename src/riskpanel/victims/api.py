"""Victims' Code endpoints: support referrals, updates given, the entitlement, overdue."""

from __future__ import annotations

from fastapi import APIRouter, Response

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IdPath, IfMatch
from riskpanel.victims import service
from riskpanel.victims.access import (
    ContactWriter,
    EntitlementWriter,
    PanelCaller,
    Recorder,
    SupportReferrer,
    UpdateRecorder,
)
from riskpanel.victims.contact import service as contact
from riskpanel.victims.entitlement import service as entitlement
from riskpanel.victims.schemas import (
    EntitlementIn,
    EntitlementOut,
    OverdueList,
    SupportReferralIn,
    SupportReferralOut,
    VictimContactIn,
    VictimContactOut,
    VictimUpdateIn,
    VictimUpdateOut,
)

router = APIRouter(tags=["victims' code"])


@router.post(
    "/cases/{case_id}/support-referrals",
    status_code=201,
    summary="Record a referral to a support service, made or declined, with its date",
)
def add_support_referral(
    case_id: IdPath, data: SupportReferralIn, session: DbSession, caller: SupportReferrer
) -> SupportReferralOut:
    out = service.record_support_referral(
        session=session, caller=caller, case_id=case_id, data=data
    )
    return committed(session, out)


@router.post(
    "/cases/{case_id}/victim-updates",
    status_code=201,
    summary="Record an update given to the victim, with date, time and method",
)
def add_update(
    case_id: IdPath, data: VictimUpdateIn, session: DbSession, caller: UpdateRecorder
) -> VictimUpdateOut:
    out = service.record_update(session=session, caller=caller, case_id=case_id, data=data)
    return committed(session, out)


@router.get(
    "/cases/{case_id}/entitlement",
    summary="The victim's entitlements, deadlines, support referrals and updates",
)
def read_entitlement(
    case_id: IdPath, response: Response, session: DbSession, caller: Recorder
) -> EntitlementOut:
    out = entitlement.read_entitlement(session=session, caller=caller, case_id=case_id)
    return committed(session, out, response, out.etag)


@router.put(
    "/cases/{case_id}/entitlement",
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
    if_match: IfMatch = None,
) -> EntitlementOut:
    out = entitlement.put_entitlement(
        session=session, caller=caller, case_id=case_id, data=data, if_match=if_match
    )
    return committed(session, out, response, out.etag)


CONTACT_RULES = (
    "Only the coordinator or chair of the case's panel, or a person of the agency recorded "
    "as the victim's lead contact, may read or change it (403 for anyone else who can see "
    "the case). "
)


@router.get(
    "/cases/{case_id}/victim-contact",
    summary="The victim's contact details and consent, with the ETag to change them",
    description=CONTACT_RULES + "The read is audited.",
)
def read_contact(
    case_id: IdPath, response: Response, session: DbSession, caller: ContactWriter
) -> VictimContactOut:
    out = contact.read_contact(session=session, caller=caller, case_id=case_id)
    return committed(session, out, response, out.etag)


@router.put(
    "/cases/{case_id}/victim-contact",
    summary="Correct the victim's contact details and consent after intake",
    description=CONTACT_RULES
    + "The body replaces the whole record and needs `If-Match` with the ETag of the last "
    "read (428 without it, 412 if it changed since). `lawful_basis` `consent` needs "
    "`consent_status` `given` (422 naming `lawful_basis`). Withdrawing consent does not "
    "withdraw the case: the answer's `next_step` says what the panel should do, and the "
    "case's `withdraw` transition is the way to do it.",
)
def put_contact(
    case_id: IdPath,
    data: VictimContactIn,
    response: Response,
    session: DbSession,
    caller: ContactWriter,
    if_match: IfMatch = None,
) -> VictimContactOut:
    out = contact.put_contact(
        session=session, caller=caller, case_id=case_id, data=data, if_match=if_match
    )
    return committed(session, out, response, out.etag)


@router.get("/victims-code/overdue", summary="The panel's missed Victims' Code deadlines")
def overdue(session: DbSession, caller: PanelCaller) -> OverdueList:
    return committed(session, entitlement.overdue(session=session, caller=caller))
