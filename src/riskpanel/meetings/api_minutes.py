"""Minutes endpoints: read, record a case, approve (chair), correct (coordinator).

The minutes carry their own ETag (``"minutes-<id>-v<n>"``); a correction is a new version
with a new id, so an ETag from before the correction no longer matches.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlmodel import Session

from riskpanel.api.access import allow, authority
from riskpanel.api.deps import get_session
from riskpanel.cases.workflows import get_workflows
from riskpanel.config import Settings
from riskpanel.kit.concurrency import etag
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.meetings import hearing, minutes
from riskpanel.meetings import repository as repo
from riskpanel.meetings.schemas import CaseMinutesIn, CaseMinutesOut, CorrectionIn, MinutesOut

router = APIRouter(tags=["minutes"])
DbSession = Annotated[Session, Depends(get_session)]
PanelRole = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR))]
IfMatch = Annotated[str | None, Header(description="The minutes' current ETag.")]


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _etag(response: Response, out: MinutesOut) -> MinutesOut:
    response.headers["ETag"] = etag("minutes", out.minutes_id, out.row_version)
    return out


@router.get("/{meeting_id}/minutes", response_model=MinutesOut, summary="Read the minutes")
def read_minutes(
    meeting_id: int,
    response: Response,
    session: DbSession,
    principal: PanelRole,
    version: Annotated[int | None, Query(ge=1, description="Default: the latest")] = None,
) -> MinutesOut:
    out = minutes.read_minutes(
        session=session, principal=principal, meeting_id=meeting_id, version=version
    )
    session.commit()
    return _etag(response, out)


@router.put(
    "/{meeting_id}/minutes/cases/{case_id}",
    response_model=CaseMinutesOut,
    summary="Record the minutes of one case",
)
def record_case(
    meeting_id: int,
    case_id: int,
    data: CaseMinutesIn,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("minutes.record"))],
    if_match: IfMatch = None,
) -> CaseMinutesOut:
    """Information shared by each agency (fact apart from opinion; withheld with a reason),
    the decision, which moves the case through the workflow, the actions agreed and, at a
    review, the outcome of every unfinished action. Needs the minutes' ETag."""
    settings = _settings(request)
    out = hearing.record_case_minutes(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        case_id=case_id,
        data=data,
        if_match=if_match,
        settings=settings,
        workflows=get_workflows(settings),
    )
    session.commit()
    latest = repo.latest_minutes(session, meeting_id)
    if latest is not None:
        response.headers["ETag"] = etag("minutes", latest.id, latest.row_version)
    return out


@router.post("/{meeting_id}/minutes/approve", response_model=MinutesOut, summary="Approve (chair)")
def approve(
    meeting_id: int,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("minutes.approve"))],
    if_match: IfMatch = None,
) -> MinutesOut:
    """Locks this version for good. Needs attendance and a minute for every case heard."""
    out = minutes.approve_minutes(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        if_match=if_match,
        settings=_settings(request),
    )
    session.commit()
    return _etag(response, out)


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
    principal: Annotated[Principal, Depends(authority("minutes.correct"))],
    if_match: IfMatch = None,
) -> MinutesOut:
    """The approved version stays as it was; the new draft copies it, with the reason."""
    out = minutes.correct_minutes(
        session=session,
        principal=principal,
        meeting_id=meeting_id,
        reason=data.reason,
        if_match=if_match,
    )
    session.commit()
    return _etag(response, out)
