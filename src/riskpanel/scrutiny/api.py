"""Scrutiny endpoints: drafting, reviewing and releasing packs. Thin: parse, authorise, call
the service, commit, shape the response. Downloads, figures and feedback are in
:mod:`.api_outputs`, included here so the app mounts one ``router`` for the domain.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import Field
from sqlmodel import Session

from riskpanel.api.access import allow, authority
from riskpanel.api.deps import get_session
from riskpanel.config import Settings
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import ScrutinySummary
from riskpanel.scrutiny import service
from riskpanel.scrutiny.access import is_panel_role
from riskpanel.scrutiny.api_outputs import router as outputs_router
from riskpanel.scrutiny.schemas import (
    PackCreate,
    PackDetailOut,
    PackItem,
    PackPage,
    RedactionIn,
    ReleasedPackOut,
    ReleaseIn,
    ReviewSummaryOut,
    SummaryReviewIn,
    WithholdIn,
)
from riskpanel.scrutiny.views import review_summary_out, summary_etag

router = APIRouter(prefix="/scrutiny", tags=["scrutiny"])
DbSession = Annotated[Session, Depends(get_session)]
PanelRole = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR))]
Reader = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR, Role.SCRUTINY))]
IfMatch = Annotated[str | None, Header(description="The summary's current ETag.")]
PackView = Annotated[PackDetailOut | ReleasedPackOut, Field(discriminator="view")]


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


@router.post("/packs", status_code=201, response_model=PackDetailOut, summary="Draft a pack")
def create_pack(
    data: PackCreate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> PackDetailOut:
    """Draws a random sample of the period's closed cases and drafts an anonymised summary of
    each, for review. Nothing is released until `release`."""
    pack = service.create_pack(
        session=session, principal=principal, data=data, settings=settings_of(request)
    )
    out = service.pack_detail(session=session, principal=principal, pack=pack)
    session.commit()
    response.headers["Location"] = f"{request.url.path}/{pack.id}"
    return out


@router.get("/packs", response_model=PackPage, summary="List packs")
def list_packs(
    session: DbSession,
    principal: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> PackPage:
    """The panel sees its drafts and released packs; scrutiny members released packs only."""
    rows, next_id = service.list_packs(
        session=session, principal=principal, limit=limit, after_id=decode_cursor(cursor)
    )
    items = [
        PackItem(
            id=p.id or 0,
            title=p.title,
            status=p.status,
            period_start=p.period_start,
            period_end=p.period_end,
            summaries=n,
            released_at=p.released_at,
        )
        for p, n in rows
    ]
    return PackPage(items=items, next_cursor=encode_cursor(next_id) if next_id else None)


@router.get("/packs/{pack_id}", response_model=PackView, summary="A pack")
def get_pack(pack_id: int, session: DbSession, principal: Reader) -> PackView:
    """The panel gets the review view (spans, source case ids); a scrutiny member gets the
    released view only (`view` tells which)."""
    pack = service.get_pack(session, principal, pack_id)
    out: PackDetailOut | ReleasedPackOut
    if is_panel_role(principal):
        out = service.pack_detail(session=session, principal=principal, pack=pack)
    else:
        out = service.released_view(session=session, principal=principal, pack=pack)
    session.commit()
    return out


@router.delete("/packs/{pack_id}", status_code=204, summary="Discard a draft")
def discard_pack(
    pack_id: int,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> Response:
    """Only a draft can be discarded; a released pack answers 409."""
    pack = service.get_pack(session, principal, pack_id, for_update=True)
    service.discard_pack(session=session, principal=principal, pack=pack)
    session.commit()
    return Response(status_code=204)


@router.get(
    "/packs/{pack_id}/summaries/{summary_id}",
    response_model=ReviewSummaryOut,
    summary="One summary for review",
)
def get_summary(
    pack_id: int,
    summary_id: int,
    request: Request,
    response: Response,
    session: DbSession,
    principal: PanelRole,
) -> ReviewSummaryOut:
    """With, for each removed span, the text it replaced (read from the case now)."""
    pack = service.get_pack(session, principal, pack_id)
    out = service.summary_detail(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        settings=settings_of(request),
    )
    session.commit()
    response.headers["ETag"] = out.etag
    return out


def _summary_response(response: Response, summary: ScrutinySummary) -> ReviewSummaryOut:
    response.headers["ETag"] = summary_etag(summary)
    return review_summary_out(summary)


@router.post(
    "/packs/{pack_id}/summaries/{summary_id}/redactions",
    response_model=ReviewSummaryOut,
    summary="Remove more text",
)
def add_redaction(
    pack_id: int,
    summary_id: int,
    data: RedactionIn,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    """By `start`/`end` in the redacted field you were shown (needs `If-Match`), or every
    occurrence of a `phrase`. Ranges grow to whole words and to any label they touch."""
    pack = service.get_pack(session, principal, pack_id, for_update=True)
    summary = service.add_redaction(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        data=data,
        if_match=if_match,
    )
    session.commit()
    return _summary_response(response, summary)


@router.post(
    "/packs/{pack_id}/summaries/{summary_id}/reviewed",
    response_model=ReviewSummaryOut,
    summary="Mark a summary reviewed",
)
def mark_reviewed(
    pack_id: int,
    summary_id: int,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
    data: SummaryReviewIn | None = None,
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    pack = service.get_pack(session, principal, pack_id, for_update=True)
    summary = service.set_reviewed(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        reviewed=(data or SummaryReviewIn()).reviewed,
        if_match=if_match,
    )
    session.commit()
    return _summary_response(response, summary)


@router.post(
    "/packs/{pack_id}/summaries/{summary_id}/withhold",
    response_model=ReviewSummaryOut,
    summary="Withhold a summary from release",
)
def withhold(
    pack_id: int,
    summary_id: int,
    data: WithholdIn,
    response: Response,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    """A withheld summary is never released; `withheld: false` puts it back for review."""
    pack = service.get_pack(session, principal, pack_id, for_update=True)
    summary = service.set_withheld(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        withheld=data.withheld,
        reason=data.reason,
        if_match=if_match,
    )
    session.commit()
    return _summary_response(response, summary)


@router.post("/packs/{pack_id}/release", response_model=PackDetailOut, summary="Release a pack")
def release(
    pack_id: int,
    data: ReleaseIn,
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> PackDetailOut:
    """Only when every summary is reviewed or withheld. Applies k-anonymity (withholding
    what cannot be protected), stores the figures and the content's SHA-256, and logs the
    disclosure to `recipients`. The pack cannot change afterwards (409)."""
    pack = service.get_pack(session, principal, pack_id, for_update=True)
    service.release_pack(
        session=session,
        principal=principal,
        pack=pack,
        recipients=data.recipients,
        settings=settings_of(request),
    )
    out = service.pack_detail(session=session, principal=principal, pack=pack)
    session.commit()
    return out


router.include_router(outputs_router)
