"""Scrutiny outputs: the pack PDF, the figures (JSON and CSV) and the feedback loop.

Every download by a scrutiny member is logged as a disclosure to that member (with the
SHA-256 of what was sent) and committed before the bytes go out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from riskpanel.api.access import allow, authority
from riskpanel.api.deps import get_session
from riskpanel.config import Settings
from riskpanel.documents import CachedPdf, PdfCache, ScrutinyPackDocument
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Panel
from riskpanel.models.enums import AuditAction
from riskpanel.scrutiny import service
from riskpanel.scrutiny.access import RELEASED, audit, is_scrutiny, recipient_label
from riskpanel.scrutiny.schemas import (
    FeedbackIn,
    FeedbackList,
    FeedbackOut,
    FeedbackReport,
    FeedbackResponseIn,
    StatisticsList,
    StatisticsOut,
)
from riskpanel.scrutiny.views import released_pack_out

router = APIRouter()
DbSession = Annotated[Session, Depends(get_session)]
PanelRole = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR))]
Reader = Annotated[Principal, Depends(allow(Role.COORDINATOR, Role.CHAIR, Role.SCRUTINY))]
From = Annotated[date | None, Query(alias="from", description="First day of the period.")]
To = Annotated[date | None, Query(alias="to", description="Last day of the period.")]
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}
CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


def _csv(body: str, filename: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _pdf_view(session: Session, principal: Principal, pack_id: int) -> ScrutinyPackDocument:
    pack = service.get_pack(session, principal, pack_id)
    if pack.status != RELEASED:
        raise Conflict("Only a released pack has a PDF.")
    panel = session.get(Panel, pack.panel_id)
    out = released_pack_out(pack, service.summaries_of(session, pack))
    return service.pack_document(out, panel_name=panel.name if panel else "Panel")


def _log_pdf(session: Session, principal: Principal, pack_id: int, pdf: CachedPdf) -> None:
    audit(
        session,
        principal,
        AuditAction.DISCLOSURE,
        "scrutiny_pack",
        pack_id,
        recipients=[recipient_label(principal)],
        detail={"format": "pdf", "sha256": pdf.sha256, "bytes": len(pdf.pdf)},
    )
    session.commit()


@router.get(
    "/packs/{pack_id}/pack.pdf", response_class=Response, responses=PDF, summary="Pack as PDF"
)
async def pack_pdf(
    pack_id: int, request: Request, session: DbSession, principal: Reader
) -> Response:
    """The released pack with charts; rendered off the request path and cached by content."""
    settings: Settings = request.app.state.settings
    view = await run_in_threadpool(_pdf_view, session, principal, pack_id)
    pdf = await PdfCache(settings.data_dir / "pdf-cache").get_or_render_async(
        "scrutiny_pack", view, templates_dir=settings.templates_dir
    )
    await run_in_threadpool(_log_pdf, session, principal, pack_id, pdf)
    return Response(
        pdf.pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="scrutiny-pack-{pack_id}.pdf"',
            "X-Content-SHA256": pdf.sha256,
        },
    )


@router.get("/packs/{pack_id}/statistics", response_model=StatisticsOut, summary="Pack figures")
def pack_statistics(pack_id: int, session: DbSession, principal: Reader) -> StatisticsOut:
    _, stats = service.pack_statistics(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    return stats


@router.get(
    "/packs/{pack_id}/statistics.csv",
    response_class=Response,
    responses=CSV,
    summary="Pack figures as CSV",
)
def pack_statistics_csv(pack_id: int, session: DbSession, principal: Reader) -> Response:
    """Suppressed cells are written "[c]"."""
    _, stats = service.pack_statistics(
        session=session, principal=principal, pack_id=pack_id, fmt="csv"
    )
    session.commit()
    return _csv(service.statistics_csv(stats), f"scrutiny-pack-{pack_id}-figures.csv")


@router.get("/statistics", response_model=StatisticsList, summary="Figures for a period")
def statistics(
    request: Request, session: DbSession, principal: Reader, start: From = None, end: To = None
) -> StatisticsList:
    """Coordinators and chairs: live figures for their panel over `from`..`to` (both
    needed). Scrutiny members: the stored figures of the released packs in the period."""
    if is_scrutiny(principal):
        items = service.released_statistics(
            session=session, principal=principal, start=start, end=end
        )
    else:
        if start is None or end is None:
            raise InvalidInput.field("from", "from and to are both needed")
        items = [
            service.partnership_statistics(
                session=session,
                principal=principal,
                start=start,
                end=end,
                settings=request.app.state.settings,
            )
        ]
    session.commit()
    return StatisticsList(items=items)


@router.get("/statistics.csv", response_class=Response, responses=CSV, summary="Figures as CSV")
def statistics_csv(
    request: Request, session: DbSession, principal: PanelRole, start: From = None, end: To = None
) -> Response:
    if start is None or end is None:
        raise InvalidInput.field("from", "from and to are both needed")
    stats = service.partnership_statistics(
        session=session,
        principal=principal,
        start=start,
        end=end,
        settings=request.app.state.settings,
    )
    session.commit()
    return _csv(service.statistics_csv(stats), f"figures-{start}-{end}.csv")


@router.post(
    "/summaries/{summary_id}/feedback",
    status_code=201,
    response_model=FeedbackOut,
    summary="Give feedback on a summary",
)
def give_feedback(
    summary_id: int,
    data: FeedbackIn,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.feedback"))],
) -> FeedbackOut:
    row, summary = service.add_feedback(
        session=session, principal=principal, summary_id=summary_id, data=data
    )
    session.commit()
    return service.feedback_out(row, summary, panel_view=False, member=None)


@router.get("/feedback", response_model=FeedbackList, summary="Feedback")
def list_feedback(
    session: DbSession,
    principal: Reader,
    pack_id: int | None = None,
    answered: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FeedbackList:
    """The panel sees all feedback on its packs; a member sees their own, with answers."""
    items = service.list_feedback(
        session=session, principal=principal, pack_id=pack_id, answered=answered, limit=limit
    )
    session.commit()
    return FeedbackList(items=items)


@router.post(
    "/feedback/{feedback_id}/response", response_model=FeedbackOut, summary="Answer feedback"
)
def answer_feedback(
    feedback_id: int,
    data: FeedbackResponseIn,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.answer"))],
) -> FeedbackOut:
    """Answered once; a second answer is refused (409)."""
    row, summary = service.respond(
        session=session, principal=principal, feedback_id=feedback_id, response=data.response
    )
    session.commit()
    return service.feedback_out(row, summary, panel_view=True, member=None)


@router.get(
    "/packs/{pack_id}/feedback-report", response_model=FeedbackReport, summary="Feedback loop"
)
def feedback_report(pack_id: int, session: DbSession, principal: Reader) -> FeedbackReport:
    """How much feedback was answered and how quickly."""
    return service.feedback_report(session=session, principal=principal, pack_id=pack_id)
