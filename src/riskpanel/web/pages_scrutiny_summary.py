"""One summary of a draft scrutiny pack under review: the text a member would read with
every removal highlighted, what each removal took out, and the coordinator's three
decisions: remove more text, withhold the summary, or mark it reviewed.

More text is removed by phrase (every occurrence, in the narrative and the actions), which
needs no script and no offsets. The review and withhold forms carry the summary's ETag, so a
decision made on a stale copy is refused rather than applied to text the coordinator has not
seen.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.api.access import authority
from riskpanel.kit.errors import Conflict, InvalidInput, PreconditionFailed, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.models import ScrutinySummary
from riskpanel.scrutiny import service as scrutiny
from riskpanel.scrutiny.schemas import RedactionIn
from riskpanel.scrutiny.spans import MANUAL_LABELS
from riskpanel.web.common import (
    DbSession,
    Form,
    PanelUser,
    notice_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.highlight import KIND_WORDS, summary_pieces
from riskpanel.web.templating import render

router = web_router()
BASE = "/scrutiny/review/packs/{pack_id}/summaries/{summary_id}"
KINDS = [
    (kind, f"{(KIND_WORDS.get(kind) or 'other text').capitalize()}, shown as {label}")
    for kind, label in MANUAL_LABELS.items()
]
LABELS = {"phrase": "Words to remove", "kind": "What the words are", "reason": "Reason"}


def _path(pack_id: int, summary_id: int) -> str:
    return f"/scrutiny/review/packs/{pack_id}/summaries/{summary_id}"


def _neighbours(
    summaries: list[ScrutinySummary], summary_id: int
) -> tuple[ScrutinySummary | None, ScrutinySummary | None]:
    ids = [s.id for s in summaries]
    at = ids.index(summary_id) if summary_id in ids else -1
    before = summaries[at - 1] if at > 0 else None
    after = summaries[at + 1] if 0 <= at < len(summaries) - 1 else None
    return before, after


def _summary_page(
    request: Request,
    session: Session,
    principal: Principal,
    pack_id: int,
    summary_id: int,
    *,
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    pack = scrutiny.get_pack(session, principal, pack_id)
    detail = scrutiny.summary_detail(
        session=session,
        principal=principal,
        pack=pack,
        summary_id=summary_id,
        settings=settings_of(request),
    )
    before, after = _neighbours(scrutiny.summaries_of(session, pack), summary_id)
    session.commit()
    return render(
        request,
        principal,
        "scrutiny_review_summary.html",
        status_code=status_code,
        title=f"{detail.label}: {pack.title}",
        pack=pack,
        s=detail,
        texts=summary_pieces(detail),
        before=before,
        after=after,
        kinds=KINDS,
        values=values or FormValues(),
        errors=errors,
        notice=notice_of(request),
    )


@router.get(BASE)
def summary_page(
    pack_id: int, summary_id: int, request: Request, session: DbSession, principal: PanelUser
) -> Response:
    return _summary_page(request, session, principal, pack_id, summary_id)


def _refused(
    request: Request,
    session: Session,
    principal: Principal,
    ids: tuple[int, int],
    exc: RiskPanelError,
    values: FormValues,
    fallback: str,
) -> Response:
    """The page again with the error summary; a stale copy is told to look again."""
    if exc.status == 404:
        raise exc
    session.rollback()
    if isinstance(exc, PreconditionFailed | Conflict):
        stale = "Someone else changed this summary. Check it and try again"
        errors = FormErrors([("", stale if isinstance(exc, PreconditionFailed) else exc.detail)])
        errors.fallback_anchor = "summary-text"
    else:
        errors = FormErrors.of(exc, labels=LABELS, fallback=fallback)
    return _summary_page(
        request, session, principal, *ids, values=values, errors=errors, status_code=exc.status
    )


@router.post(BASE + "/redactions")
def remove_text(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> Response:
    values = FormValues.of(form)
    try:
        phrase = values.get("phrase").strip()
        if not phrase:
            raise InvalidInput.field("phrase", "Enter the words to remove")
        try:
            data = RedactionIn.model_validate(
                {"phrase": phrase, "kind": values.get("kind") or "other"}
            )
        except ValidationError as exc:
            raise invalid_from(exc) from exc
        pack = scrutiny.get_pack(session, principal, pack_id, for_update=True)
        scrutiny.add_redaction(
            session=session,
            principal=principal,
            pack=pack,
            summary_id=summary_id,
            data=data,
            if_match=None,
        )
    except RiskPanelError as exc:
        return _refused(request, session, principal, (pack_id, summary_id), exc, values, "phrase")
    session.commit()
    return see_other(_path(pack_id, summary_id), "redacted", "#summary-text")


@router.post(BASE + "/withhold")
def withhold(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> Response:
    values = FormValues.of(form)
    withheld = values.get("withheld") != "no"
    reason = values.text("reason") if withheld else None
    try:
        if withheld and (reason is None or len(reason) < 3):
            raise InvalidInput.field("reason", "Enter why this summary is withheld")
        pack = scrutiny.get_pack(session, principal, pack_id, for_update=True)
        scrutiny.set_withheld(
            session=session,
            principal=principal,
            pack=pack,
            summary_id=summary_id,
            withheld=withheld,
            reason=reason[:500] if reason else None,
            if_match=values.text("if_match"),
        )
    except RiskPanelError as exc:
        return _refused(request, session, principal, (pack_id, summary_id), exc, values, "reason")
    session.commit()
    return see_other(_path(pack_id, summary_id), "withheld" if withheld else "restored")


@router.post(BASE + "/reviewed")
def mark_reviewed(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: Annotated[Principal, Depends(authority("scrutiny.pack"))],
) -> Response:
    values = FormValues.of(form)
    reviewed = values.get("reviewed") != "no"
    try:
        pack = scrutiny.get_pack(session, principal, pack_id, for_update=True)
        scrutiny.set_reviewed(
            session=session,
            principal=principal,
            pack=pack,
            summary_id=summary_id,
            reviewed=reviewed,
            if_match=values.text("if_match"),
        )
        waiting = [
            s for s in scrutiny.summaries_of(session, pack) if not (s.reviewed or s.withheld)
        ]
    except RiskPanelError as exc:
        return _refused(request, session, principal, (pack_id, summary_id), exc, values, "review")
    session.commit()
    if reviewed and waiting:
        return see_other(_path(pack_id, waiting[0].id or 0), "reviewed")
    if reviewed:
        return see_other(f"/scrutiny/review/packs/{pack_id}", "all-reviewed", "#release")
    return see_other(_path(pack_id, summary_id), "unreviewed")
