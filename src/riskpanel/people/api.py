"""People matching and case intelligence endpoints (panel roles only)."""

from __future__ import annotations

from fastapi import APIRouter

from riskpanel.api.caller import committed
from riskpanel.api.deps import DbSession
from riskpanel.api.params import IdPath
from riskpanel.people import service
from riskpanel.people.access import MatchDecider, PanelCaller, PanelPrincipal
from riskpanel.people.intelligence import service as intelligence
from riskpanel.people.schemas import CaseIntelligence, MatchDecisionOut, MatchList

router = APIRouter(tags=["people"])


@router.get(
    "/people/{person_id}/matches",
    summary="Records that may be the same person",
    description="Suggestions found at intake (name variants, typos, date of birth, address), "
    "each with its score and reasons, and any decided ones. Nothing is merged until a "
    "coordinator confirms.",
)
def person_matches(person_id: IdPath, session: DbSession, principal: PanelPrincipal) -> MatchList:
    out = service.list_matches(session=session, principal=principal, person_id=person_id)
    return committed(session, out)


@router.post(
    "/people/matches/{match_id}/confirm",
    summary="Confirm a match: merge the two records",
    description="The newer record is merged into the older one: referrals, incidents, case "
    "parties and Victims' Code records move to it. Logged as a combination.",
)
def confirm_match(
    match_id: IdPath, session: DbSession, principal: MatchDecider
) -> MatchDecisionOut:
    out = service.confirm_match(session=session, principal=principal, match_id=match_id)
    return committed(session, out)


@router.post("/people/matches/{match_id}/reject", summary="Reject a match: two different people")
def reject_match(match_id: IdPath, session: DbSession, principal: MatchDecider) -> MatchDecisionOut:
    out = service.reject_match(session=session, principal=principal, match_id=match_id)
    return committed(session, out)


@router.get(
    "/cases/{case_id}/intelligence",
    summary="Perpetrators, places and accounts that recur in the panel's other cases",
    description='For example "this person is named in 3 other cases". Panel roles only.',
)
def case_intelligence(case_id: IdPath, session: DbSession, caller: PanelCaller) -> CaseIntelligence:
    out = intelligence.case_intelligence(session=session, caller=caller, case_id=case_id)
    return committed(session, out)
