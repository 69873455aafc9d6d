"""Scrutiny feedback as the panel sees it: every member's rating and comment on the panel's
released summaries, with the source case, and the coordinator's answer to each.

An answer is given once (it becomes part of the record) and the member sees it next to
their feedback on the pack's page. Reading the list is logged by the scrutiny service.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from riskpanel.kit.errors import InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.scrutiny.access import FeedbackAnswerer
from riskpanel.scrutiny.feedback import service as feedback
from riskpanel.scrutiny.feedback.schemas import FeedbackResponseIn
from riskpanel.scrutiny.forms import Shown, form_page, refusal_errors
from riskpanel.scrutiny.packs import service as pack_service
from riskpanel.web.common import DbSession, Form, PanelUser, see_other, web_router
from riskpanel.web.forms import FormValues

router = web_router()
BASE = "/scrutiny/review/feedback"
SHOWN = {"open": False, "answered": True, "all": None}


def _shown(request: Request) -> str:
    shown = request.query_params.get("show", "open")
    return shown if shown in SHOWN else "open"


def _feedback_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    shown: str,
    form: Shown | None = None,
) -> Response:
    items = feedback.list_feedback(
        session=session, principal=principal, pack_id=None, answered=SHOWN[shown], limit=500
    )
    packs, _ = pack_service.list_packs(
        session=session, principal=principal, limit=200, after_id=None
    )
    session.commit()
    return form_page(
        request,
        principal,
        "scrutiny_review_feedback.html",
        form or Shown(),
        title="Scrutiny feedback",
        items=items,
        titles={p.id: p.title for p, _ in packs},
        shown=shown,
    )


@router.get(BASE)
def feedback_page(request: Request, session: DbSession, principal: PanelUser) -> Response:
    return _feedback_page(request, session, principal, shown=_shown(request))


def answer_form(
    request: Request,
    form: FormData,
    session: Session,
    principal: Principal,
    *,
    anchor: str,
    respond: Callable[[str], object],
    page: Callable[..., Response],
    back: str,
) -> Response:
    """The coordinator's answer from a review page (to feedback or to an assessment): its
    refusal shown on ``page`` again, linked to the field, or back to ``back`` with a notice."""
    values = FormValues.of(form)
    name = f"response-{anchor.rsplit('-', 1)[-1]}"
    try:
        try:
            data = FeedbackResponseIn(response=values.get(name).strip())
        except ValidationError as exc:
            raise InvalidInput.field(name, "Enter your answer, in up to 5000 characters") from exc
        respond(data.response)
    except RiskPanelError as exc:
        errors = refusal_errors(
            session, exc, anchor=anchor, fallback=name, labels={name: "Your answer"}
        )
        again = Shown(values, errors, exc.status)
        return page(request, session, principal, shown="all", form=again)
    session.commit()
    return see_other(back, "answered")


@router.post(BASE + "/{feedback_id}/response")
def answer(
    feedback_id: int, request: Request, form: Form, session: DbSession, principal: FeedbackAnswerer
) -> Response:
    return answer_form(
        request,
        form,
        session,
        principal,
        anchor=f"feedback-{feedback_id}",
        respond=lambda text: feedback.respond(
            session=session, principal=principal, feedback_id=feedback_id, response=text
        ),
        page=_feedback_page,
        back=BASE,
    )
