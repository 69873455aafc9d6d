"""Referral endpoints: intake (with Idempotency-Key), reads, flag decision, screening."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.idempotency import idempotent
from riskpanel.api.params import Cursor, IdPath, IfMatch, Limit, StatusQuery
from riskpanel.referrals import service
from riskpanel.referrals.access import (
    FlagDecider,
    ReconsiderationAsker,
    ReferralCreator,
    Referrer,
    Screener,
)
from riskpanel.referrals.flags import service as flags
from riskpanel.referrals.intake.service import lexicon_for
from riskpanel.referrals.projections import (
    ReferralDetail,
    ReferralPage,
    ReferralSummary,
    ReferralView,
    ScreeningOut,
)
from riskpanel.referrals.schemas import (
    FlagDecisionIn,
    ReconsiderationIn,
    ReferralCreate,
    ScreeningIn,
)
from riskpanel.referrals.screening import service as screening
from riskpanel.workflow.registry import get_workflows

router = APIRouter(prefix="/referrals", tags=["referrals"])


@router.post(
    "",
    status_code=201,
    response_model=ReferralDetail | ReferralView,
    summary="Refer a victim to the panel",
    description="The victim and household, the incidents (each with at least one strand), the "
    'perpetrators, the narrative, the answer to "why do you think they did this?" and the '
    "consent basis. On intake riskpanel runs the strand flag check, suggests matching people "
    "(never merging), finds the routes into the panel with their evidence and starts the "
    "Victims' Code clock. Send `Idempotency-Key` to retry safely: the same key and body "
    "replays the first response.",
)
def create_referral(
    data: ReferralCreate,
    session: DbSession,
    caller: ReferralCreator,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Any:
    def work() -> tuple[int, dict[str, Any], dict[str, str]]:
        referral, view = service.create_referral(
            session=session,
            principal=caller.principal,
            data=data,
            settings=caller.settings,
            workflows=get_workflows(caller.settings),
        )
        location = f"/api/v1/referrals/{referral.id}"
        return 201, view.model_dump(mode="json"), {"Location": location}

    return idempotent(
        session=session,
        principal=caller.principal,
        key=idempotency_key,
        payload=data.model_dump(mode="json"),
        work=work,
    )


@router.get(
    "",
    summary="List referrals",
    description="Coordinators and chairs: their panel's referrals to screen; agencies: the "
    "referrals they made. Oldest first; filter by `status`.",
)
def list_referrals(
    session: DbSession,
    caller: Referrer,
    status: StatusQuery = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ReferralPage:
    page = service.list_referrals(
        session=session, caller=caller, status=status, limit=limit, cursor=cursor
    )
    return committed(session, page)


@router.get(
    "/{referral_id}",
    summary="Read a referral",
    description="Panel roles see the whole record with match suggestions; the referring "
    "agency sees what it sent, the status, the flag check and the routes found.",
)
def read_referral(
    referral_id: IdPath, session: DbSession, caller: Referrer
) -> ReferralDetail | ReferralView:
    view = service.get_referral(session=session, caller=caller, referral_id=referral_id)
    return committed(session, view)


@router.post(
    "/{referral_id}/flag-decision",
    summary="Confirm or correct the strand flags",
    description="Incidents not listed in `corrections` keep their strands (confirmed). Who "
    "decided and when is recorded; the case (if open) is marked strands confirmed.",
)
def flag_decision(
    referral_id: IdPath,
    data: FlagDecisionIn,
    response: Response,
    session: DbSession,
    caller: FlagDecider,
) -> ScreeningOut:
    out = flags.decide_flags(
        session=session,
        principal=caller.principal,
        referral_id=referral_id,
        data=data,
        lexicon=lexicon_for(caller.settings),
    )
    return committed(session, out, response, out.case_etag)


@router.post(
    "/{referral_id}/screening",
    summary="Screen the referral: open or attach a case, accept, reject, ask for information",
    description="`open_case` opens a new case and starts screening it; `attach` adds the "
    "referral to the victim's existing case (after a confirmed match; a repeat inside the "
    "window reopens a monitoring case). `accept` (with `route`), `reject` (with `reason`), "
    "`request_info`, `info_received`, `reconsider` (chair) and `withdraw` fire the workflow. "
    "Every decision but `open_case` needs `If-Match` with the case's ETag.",
)
def screen(
    referral_id: IdPath,
    data: ScreeningIn,
    response: Response,
    session: DbSession,
    caller: Screener,
    if_match: IfMatch = None,
) -> ScreeningOut:
    out = screening.screen(
        session=session, caller=caller, referral_id=referral_id, data=data, if_match=if_match
    )
    return committed(session, out, response, out.case_etag)


@router.post(
    "/{referral_id}/reconsideration-request",
    summary="Ask the chair to reconsider a rejected referral",
)
def request_reconsideration(
    referral_id: IdPath, data: ReconsiderationIn, session: DbSession, caller: ReconsiderationAsker
) -> ReferralSummary:
    out = screening.request_reconsideration(
        session=session, caller=caller, referral_id=referral_id, data=data
    )
    return committed(session, out)
