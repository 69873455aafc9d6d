"""Pack endpoints: drafting, reading, discarding and releasing a pack, and the released
pack as a PDF. Thin: parse, authorise, call the service, commit, shape the response.

Every download by a scrutiny member is logged as a disclosure to that member (with the
SHA-256 of what was sent) and committed before the bytes go out.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from riskpanel.api.access import FreshAuthentication
from riskpanel.api.deps import DbSession
from riskpanel.documents import CachedPdf, PdfCache
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.principal import Principal
from riskpanel.kit.schemas import row_fields
from riskpanel.scrutiny import access
from riskpanel.scrutiny.access import PackWriter, PackWriterCaller, Reader, ReaderCaller
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as packs
from riskpanel.scrutiny.packs.schemas import (
    PackCreate,
    PackDetailOut,
    PackItem,
    PackPage,
    ReleasedPackOut,
    ReleaseIn,
)

router = APIRouter()
PackView = Annotated[PackDetailOut | ReleasedPackOut, Field(discriminator="view")]
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}


@router.post("/packs", status_code=201, response_model=PackDetailOut, summary="Draft a pack")
def create_pack(
    data: PackCreate,
    request: Request,
    response: Response,
    session: DbSession,
    caller: PackWriterCaller,
) -> PackDetailOut:
    """Draws a random sample of the period's closed cases and drafts an anonymised summary of
    each, for review. Nothing is released until `release`."""
    pack = packs.create_pack(session=session, caller=caller, data=data)
    out = releases.pack_detail(session=session, principal=caller.principal, pack=pack)
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
    rows, next_id = packs.list_packs(
        session=session, principal=principal, limit=limit, after_id=decode_cursor(cursor)
    )
    items = [PackItem.model_validate(row_fields(p) | {"summaries": n}) for p, n in rows]
    return PackPage(items=items, next_cursor=encode_cursor(next_id) if next_id else None)


@router.get("/packs/{pack_id}", response_model=PackView, summary="A pack")
def get_pack(pack_id: int, session: DbSession, principal: Reader) -> PackView:
    """The panel gets the review view (spans, source case ids); a scrutiny member gets the
    released view only (`view` tells which)."""
    pack = access.get_pack(session, principal, pack_id)
    out: PackDetailOut | ReleasedPackOut
    if access.is_panel_role(principal):
        out = releases.pack_detail(session=session, principal=principal, pack=pack)
    else:
        out = releases.released_view(session=session, principal=principal, pack=pack)
    session.commit()
    return out


@router.delete("/packs/{pack_id}", status_code=204, summary="Discard a draft")
def discard_pack(pack_id: int, session: DbSession, principal: PackWriter) -> Response:
    """Only a draft can be discarded; a released pack answers 409."""
    packs.discard_pack(session=session, principal=principal, pack_id=pack_id)
    session.commit()
    return Response(status_code=204)


@router.post(
    "/packs/{pack_id}/release",
    response_model=PackDetailOut,
    summary="Release a pack",
    dependencies=[FreshAuthentication],
)
def release(
    pack_id: int, data: ReleaseIn, session: DbSession, caller: PackWriterCaller
) -> PackDetailOut:
    """Only when every summary is reviewed or withheld. Applies k-anonymity (withholding
    what cannot be protected), stores the figures and the content's SHA-256, and logs the
    disclosure to `recipients`. The pack cannot change afterwards (409)."""
    pack = access.get_pack(session, caller.principal, pack_id, for_update=True)
    releases.release_pack(session=session, caller=caller, pack=pack, recipients=data.recipients)
    out = releases.pack_detail(session=session, principal=caller.principal, pack=pack)
    session.commit()
    return out


def _log_pdf(session: Session, principal: Principal, pack_id: int, pdf: CachedPdf) -> None:
    releases.log_pdf(
        session=session,
        principal=principal,
        pack_id=pack_id,
        recipients=[access.recipient_label(principal)],
        detail={"sha256": pdf.sha256, "bytes": len(pdf.pdf)},
    )
    session.commit()


@router.get(
    "/packs/{pack_id}/pack.pdf", response_class=Response, responses=PDF, summary="Pack as PDF"
)
async def pack_pdf(pack_id: int, session: DbSession, caller: ReaderCaller) -> Response:
    """The released pack with charts; rendered off the request path and cached by content."""
    settings, principal = caller.settings, caller.principal
    view = await run_in_threadpool(
        partial(releases.released_document, session=session, principal=principal, pack_id=pack_id)
    )
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
