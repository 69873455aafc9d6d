"""PDF downloads: the agenda, the minutes and one agency's action extract.

Rendering is off the request path: the view is built in a worker thread, the PDF comes from
the content-hash cache or the documents package's process pool, and the disclosure is logged
(recipients and SHA-256) and committed before the bytes are returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from riskpanel.api.deps import get_session
from riskpanel.config import Settings
from riskpanel.documents import CachedPdf, PdfCache
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.meetings.access import ReaderCaller
from riskpanel.meetings.documents import service as disclosure

router = APIRouter(tags=["meeting documents"])
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
DbSession = Annotated[Session, Depends(get_session)]
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF"},
    409: {
        "description": "Not ready to print: the minutes need the attendance first, or the "
        "agency has no information-sharing agreement in force."
    },
}


def pdf_route(path: str, summary: str) -> Callable[[Endpoint], Endpoint]:
    """A GET route answering with a PDF document."""
    return router.get(path, response_class=Response, responses=PDF_RESPONSE, summary=summary)


def pdf_cache(settings: Settings) -> PdfCache:
    return PdfCache(settings.data_dir / "pdf-cache")


def _log(
    session: Session, principal: Principal, prepared: disclosure.Prepared, pdf: CachedPdf
) -> None:
    disclosure.record_disclosure(session=session, principal=principal, prepared=prepared, pdf=pdf)
    session.commit()


async def _download(
    session: Session,
    caller: Caller,
    meeting_id: int,
    document: disclosure.Requested,
    agency_id: int | None = None,
) -> Response:
    principal, settings = caller.principal, caller.settings
    prepared = await run_in_threadpool(
        lambda: disclosure.prepare(
            session=session,
            principal=principal,
            meeting_id=meeting_id,
            document=document,
            settings=settings,
            agency_id=agency_id,
        )
    )
    pdf = await pdf_cache(settings).get_or_render_async(
        prepared.kind, prepared.view, templates_dir=settings.templates_dir
    )
    await run_in_threadpool(_log, session, principal, prepared, pdf)
    return Response(
        pdf.pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{prepared.filename}"',
            "X-Content-SHA256": pdf.sha256,
        },
    )


@pdf_route("/{meeting_id}/agenda.pdf", "The agenda as PDF")
async def agenda_pdf(meeting_id: int, session: DbSession, caller: ReaderCaller) -> Response:
    """For the panel and the invited agencies; cases by reference and initials only."""
    return await _download(session, caller, meeting_id, "agenda")


@pdf_route("/{meeting_id}/minutes.pdf", "The minutes as PDF")
async def minutes_pdf(meeting_id: int, session: DbSession, caller: ReaderCaller) -> Response:
    """Panel roles get the latest version (marked DRAFT until approved); invited agencies
    get the latest approved version only."""
    return await _download(session, caller, meeting_id, "minutes")


@pdf_route("/{meeting_id}/agencies/{agency_id}/extract.pdf", "One agency's actions as PDF")
async def extract_pdf(
    meeting_id: int, agency_id: int, session: DbSession, caller: ReaderCaller
) -> Response:
    """Only that agency's actions with the least case detail; an agency may fetch its own
    extract only (any other answers 404)."""
    return await _download(session, caller, meeting_id, "extract", agency_id)
