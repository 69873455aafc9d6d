"""Community scrutiny: released packs (anonymised summaries), the figures with charts and
data tables, and feedback on each summary. Scrutiny members only; each read is disclosed
to the member in the access log by the scrutiny service."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.scrutiny import access, labels
from riskpanel.scrutiny.access import FeedbackGiver, Member
from riskpanel.scrutiny.feedback import service as feedback_service
from riskpanel.scrutiny.feedback.assessments import service as assessments
from riskpanel.scrutiny.feedback.schemas import FeedbackIn
from riskpanel.scrutiny.forms import Shown, form_page
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as pack_service
from riskpanel.scrutiny.statistics import service as figures
from riskpanel.scrutiny.statistics.charts import layouts
from riskpanel.web.common import DbSession, Form, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues, invalid_from
from riskpanel.web.templating import render

router = web_router()

RATINGS = [
    ("green", "Green: handled well"),
    ("amber", "Amber: some concerns"),
    ("red", "Red: serious concerns"),
]


@router.get("/scrutiny")
def packs(request: Request, session: DbSession, principal: Member) -> Response:
    rows, _ = pack_service.list_packs(
        session=session, principal=principal, limit=100, after_id=None
    )
    session.commit()
    return render(
        request,
        principal,
        "scrutiny_packs.html",
        title="Scrutiny packs",
        packs=[(p, n) for p, n in rows],
        count_text=labels.count_text,
    )


def _pack_page(
    request: Request,
    session: Session,
    principal: Principal,
    pack_id: int,
    shown: Shown | None = None,
) -> Response:
    pack = access.get_pack(session, principal, pack_id)
    view = releases.released_view(session=session, principal=principal, pack=pack)
    mine = feedback_service.list_feedback(
        session=session, principal=principal, pack_id=pack_id, answered=None, limit=500
    )
    assessed = assessments.list_assessments(
        session=session, principal=principal, pack_id=pack_id, answered=None, limit=500
    )
    session.commit()
    return form_page(
        request,
        principal,
        "scrutiny_pack.html",
        shown or Shown(),
        title=view.title,
        pack=view,
        feedback=mine,
        assessed={a.summary_id: a for a in assessed},
        ratings=RATINGS,
        charts=layouts(view.statistics),
    )


@router.get("/scrutiny/packs/{pack_id}")
def pack_page(pack_id: int, request: Request, session: DbSession, principal: Member) -> Response:
    return _pack_page(request, session, principal, pack_id)


@router.post("/scrutiny/packs/{pack_id}/summaries/{summary_id}/feedback")
def give_feedback(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: FeedbackGiver,
) -> Response:
    values = FormValues.of(form)
    try:
        data = FeedbackIn.model_validate(
            {"rating": values.get("rating") or None, "comment": values.get("comment").strip()}
        )
        feedback_service.add_feedback(
            session=session, principal=principal, summary_id=summary_id, data=data
        )
    except (RiskPanelError, ValidationError) as exc:
        if isinstance(exc, RiskPanelError) and exc.status == 404:
            raise
        session.rollback()
        problem = exc if isinstance(exc, RiskPanelError) else invalid_from(exc)
        errors = FormErrors.of(problem, fallback="rating")
        for name in ("rating", "comment"):
            errors.anchors[f"f-{name}"] = f"f-{summary_id}-{name}"
        errors.labels["f-rating"] = "Rating"
        values.data["summary_id"] = [str(summary_id)]
        return _pack_page(
            request, session, principal, pack_id, Shown(values, errors, problem.status)
        )
    session.commit()
    return see_other(f"/scrutiny/packs/{pack_id}", "feedback", f"#summary-{summary_id}")


@router.get("/scrutiny/statistics")
def statistics(request: Request, session: DbSession, principal: Member) -> Response:
    items = figures.released_statistics(session=session, principal=principal, start=None, end=None)
    session.commit()
    return render(
        request,
        principal,
        "scrutiny_statistics.html",
        title="Statistics",
        items=items,
        charts=[layouts(s) for s in items],
    )
