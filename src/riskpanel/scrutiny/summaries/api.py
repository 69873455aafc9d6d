"""Summary endpoints: one summary for review, and the coordinator's changes to it (remove
more text, mark reviewed, withhold). Every change answers with the summary's new ETag, which
the next range removal must send back (If-Match)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from sqlmodel import Session

from riskpanel.api.caller import commit_with_etag
from riskpanel.api.deps import DbSession
from riskpanel.kit.principal import Principal
from riskpanel.models import ScrutinySummary
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
IfMatch = Annotated[str | None, Header(description="The summary's current ETag.")]


@router.get(
    "/packs/{pack_id}/summaries/{summary_id}",
    response_model=ReviewSummaryOut,
    summary="One summary for review",
)
def get_summary(
    pack_id: int, summary_id: int, response: Response, session: DbSession, principal: PanelRole
) -> ReviewSummaryOut:
    """With, for each removed span, the text it replaced (read from the case now)."""
    pack = access.get_pack(session, principal, pack_id)
    out = summaries.summary_detail(
        session=session, principal=principal, pack=pack, summary_id=summary_id
    )
    commit_with_etag(session, response, out.etag)
    return out


def _change(
    target: tuple[Session, Response, Principal],
    ids: tuple[int, int],
    if_match: str | None,
    change: Callable[..., ScrutinySummary],
    **data: Any,
) -> ReviewSummaryOut:
    """Every change to a summary: lock its pack, apply ``change`` (a service function) with
    ``data``, then the new view, commit, and the new ETag."""
    session, response, principal = target
    pack = access.get_pack(session, principal, ids[0], for_update=True)
    summary = change(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=ids[1],
        if_match=if_match,
        **data,
    )
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
    target = (session, response, principal)
    return _change(target, (pack_id, summary_id), if_match, summaries.add_redaction, data=data)


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
    reviewed = (data or SummaryReviewIn()).reviewed
    target = (session, response, principal)
    return _change(
        target, (pack_id, summary_id), if_match, summaries.set_reviewed, reviewed=reviewed
    )


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
    target = (session, response, principal)
    change = summaries.set_withheld
    return _change(
        target, (pack_id, summary_id), if_match, change, withheld=data.withheld, reason=data.reason
    )
