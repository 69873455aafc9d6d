"""Minutes endpoints: read, record a case, approve (chair), correct (coordinator).

The minutes carry their own ETag (``"minutes-<id>-v<n>"``); a correction is a new version
with a new id, so an ETag from before the correction no longer matches.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.meetings.access import MinutesApprover, MinutesCorrector, MinutesWriter, PanelCaller
from riskpanel.meetings.minutes import repository as minutes_repo
from riskpanel.meetings.minutes import service
from riskpanel.meetings.minutes.projections import minutes_etag
from riskpanel.meetings.minutes.schemas import (
    CaseMinutesIn,
    CaseMinutesOut,
    CorrectionIn,
    MinutesOut,
)
from riskpanel.workflow.registry import get_workflows

router = APIRouter(tags=["minutes"])
DbSession = Annotated[Session, Depends(get_session)]
IfMatch = Annotated[str | None, Header(description="The minutes' current ETag.")]


@router.get("/{meeting_id}/minutes", response_model=MinutesOut, summary="Read the minutes")
def read_minutes(
    meeting_id: int,
    response: Response,
    session: DbSession,
    caller: PanelCaller,
    version: Annotated[int | None, Query(ge=1, description="Default: the latest")] = None,
) -> MinutesOut:
    out = service.read_minutes(
        session=session, principal=caller.principal, meeting_id=meeting_id, version=version
    )
    commit_with_etag(session, response, minutes_etag(out))
    return out


@router.put(
    "/{meeting_id}/minutes/cases/{case_id}",
    response_model=CaseMinutesOut,
    summary="Record the minutes of one case",
)
def record_case(
    meeting_id: int,
    case_id: int,
    data: CaseMinutesIn,
    response: Response,
    session: DbSession,
    caller: MinutesWriter,
    if_match: IfMatch = None,
) -> CaseMinutesOut:
    """Information shared by each agency (fact apart from opinion; withheld with a reason),
    the decision, which moves the case through the workflow, the actions agreed and, at a
    review, the outcome of every unfinished action. Needs the minutes' ETag."""
    out = service.record_case_minutes(
        session=session,
        caller=caller,
        meeting_id=meeting_id,
        case_id=case_id,
        data=data,
        if_match=if_match,
        workflows=get_workflows(caller.settings),
    )
    latest = minutes_repo.latest_minutes(session, meeting_id)
    commit_with_etag(session, response, minutes_etag(latest) if latest is not None else None)
    return out


@router.post("/{meeting_id}/minutes/approve", response_model=MinutesOut, summary="Approve (chair)")
def approve(
    meeting_id: int,
    response: Response,
    session: DbSession,
    caller: MinutesApprover,
    if_match: IfMatch = None,
) -> MinutesOut:
    """Locks this version for good. Needs attendance and a minute for every case heard."""
    out = service.approve_minutes(
        session=session, caller=caller, meeting_id=meeting_id, if_match=if_match
    )
    commit_with_etag(session, response, minutes_etag(out))
    return out


@router.post(
    "/{meeting_id}/minutes/corrections",
    status_code=201,
    response_model=MinutesOut,
    summary="Start a correction (a new version)",
)
def correct(
    meeting_id: int,
    data: CorrectionIn,
    response: Response,
    session: DbSession,
    caller: MinutesCorrector,
    if_match: IfMatch = None,
) -> MinutesOut:
    """The approved version stays as it was; the new draft copies it, with the reason."""
    principal = caller.principal
    out = service.correct_minutes(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        reason=data.reason,
        if_match=if_match,
    )
    commit_with_etag(session, response, minutes_etag(out))
    return out
