"""Summary endpoints: one summary for review, and the coordinator's changes to it (remove
more text, mark reviewed, withhold). Every change answers with the summary's new ETag, which
the next range removal must send back (If-Match)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import get_session
from riskpanel.models import ScrutinyPack, ScrutinySummary
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import PackWriter, PanelRole
from riskpanel.scrutiny.summaries import service as summaries
from riskpanel.scrutiny.summaries.generalise import review_out
from riskpanel.scrutiny.summaries.projections import summary_etag
from riskpanel.scrutiny.summaries.schemas import (
    RedactionIn,
    ReviewSummaryOut,
    SummaryReviewIn,
    WithholdIn,
)

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
IfMatch = Annotated[str | None, Header(description="The summary's current ETag.")]


@router.get(
    "/packs/{pack_id}/summaries/{summary_id}",
    response_model=ReviewSummaryOut,
    summary="One summary for review",
)
def get_summary(
    pack_id: int,
    summary_id: int,
    response: Response,
    session: DbSession,
    principal: PanelRole,
) -> ReviewSummaryOut:
    """With, for each removed span, the text it replaced (read from the case now)."""
    pack = access.get_pack(session, principal, pack_id)
    out = summaries.summary_detail(
        session=session, principal=principal, pack=pack, summary_id=summary_id
    )
    commit_with_etag(session, response, out.etag)
    return out


def _changed(
    session: Session, response: Response, pack: ScrutinyPack, summary: ScrutinySummary
) -> ReviewSummaryOut:
    """The tail of every change to a summary: the new view, commit, then the new ETag."""
    out = review_out(session, pack, summary)
    commit_with_etag(session, response, summary_etag(summary))
    return out


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
    principal: PackWriter,
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    """By `start`/`end` in the redacted field you were shown (needs `If-Match`), or every
    occurrence of a `phrase`. Ranges grow to whole words and to any label they touch."""
    pack = access.get_pack(session, principal, pack_id, for_update=True)
    summary = summaries.add_redaction(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        data=data,
        if_match=if_match,
    )
    return _changed(session, response, pack, summary)


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
    principal: PackWriter,
    data: SummaryReviewIn | None = None,
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    pack = access.get_pack(session, principal, pack_id, for_update=True)
    summary = summaries.set_reviewed(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        reviewed=(data or SummaryReviewIn()).reviewed,
        if_match=if_match,
    )
    return _changed(session, response, pack, summary)


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
    principal: PackWriter,
    if_match: IfMatch = None,
) -> ReviewSummaryOut:
    """A withheld summary is never released; `withheld: false` puts it back for review."""
    pack = access.get_pack(session, principal, pack_id, for_update=True)
    summary = summaries.set_withheld(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        withheld=data.withheld,
        reason=data.reason,
        if_match=if_match,
    )
    return _changed(session, response, pack, summary)
