"""The dip-sample review on the web: a member assesses a summary (question page, check your
answers, confirmation), the coordinator answers each assessment, and both read "you said,
we did". Every read and write is audited by the assessment service."""

from __future__ import annotations

from functools import partial

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.kit.errors import FieldError, InvalidInput, RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.scrutiny.access import FeedbackAnswerer, FeedbackGiver, Member, Reader
from riskpanel.scrutiny.feedback.assessments import service as assessments
from riskpanel.scrutiny.feedback.assessments.schemas import (
    ANSWERS,
    COMMENT_MAX,
    GRADES,
    OVERALL,
    QUESTIONS,
    ScrutinyAssessmentIn,
    ScrutinyAssessmentOut,
)
from riskpanel.scrutiny.feedback.pages import answer_form
from riskpanel.scrutiny.forms import Shown, form_page, refusal_errors
from riskpanel.web.common import DbSession, Form, PanelUser, see_other, web_router
from riskpanel.web.forms import FormErrors, FormValues
from riskpanel.web.templating import render

router = web_router()
FORM = "/scrutiny/packs/{pack_id}/summaries/{summary_id}/assessment"
REVIEW = "/scrutiny/review/assessments"
SHOWN = {"open": False, "answered": True, "all": None}
CHOICES = {
    **{key: list(ANSWERS.items()) for key in QUESTIONS},
    "overall": list(GRADES.items()),
}
LABELS = {**QUESTIONS, "overall": OVERALL, "comment": "Comment"}


def _url(pack_id: int, summary_id: int, tail: str = "") -> str:
    return FORM.format(pack_id=pack_id, summary_id=summary_id) + tail


def _checked(values: FormValues) -> ScrutinyAssessmentIn:
    """The form's answers, or a refusal naming each unanswered question in words."""
    errors = [
        FieldError(key, f"Select an answer to: {LABELS[key]}")
        for key, choices in CHOICES.items()
        if values.get(key) not in dict(choices)
    ]
    comment = values.get("comment").strip()
    if len(comment) > COMMENT_MAX:
        errors.append(FieldError("comment", f"Comment must be {COMMENT_MAX} characters or fewer"))
    if errors:
        raise InvalidInput("Some answers are missing or too long.", errors=errors)
    try:
        return ScrutinyAssessmentIn.model_validate(
            {**{k: values.get(k) for k in CHOICES}, "comment": comment}
        )
    except ValidationError as exc:
        raise InvalidInput.field("comment", "Comment contains characters it cannot") from exc


def _form_page(
    request: Request,
    session: Session,
    principal: Principal,
    pack_id: int,
    summary_id: int,
    *,
    template: str = "scrutiny_assessment.html",
    values: FormValues | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    summary, pack = assessments.summary_to_assess(
        session=session, principal=principal, pack_id=pack_id, summary_id=summary_id
    )
    mine = assessments.own_assessment(session=session, principal=principal, summary_id=summary_id)
    session.commit()
    if values is None:
        values = FormValues(_values_of(mine)) if mine else FormValues()
    return render(
        request,
        principal,
        template,
        status_code=status_code,
        title=f"Assess {summary.label}",
        pack=pack,
        summary=summary,
        mine=mine,
        choices=CHOICES,
        labels=LABELS,
        answer_text={**ANSWERS, **GRADES},
        url=_url(pack_id, summary_id),
        values=values,
        errors=errors,
        comment_max=COMMENT_MAX,
    )


def _values_of(out: ScrutinyAssessmentOut) -> dict[str, list[str]]:
    return {k: [str(getattr(out, k))] for k in (*CHOICES, "comment")}


@router.get(FORM)
def assessment_form(
    pack_id: int, summary_id: int, request: Request, session: DbSession, principal: Member
) -> Response:
    return _form_page(request, session, principal, pack_id, summary_id)


@router.post(FORM)
def check_answers(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: FeedbackGiver,
) -> Response:
    """Nothing is stored yet: the answers are shown back to check before they are sent."""
    values = FormValues.of(form)
    page = partial(_form_page, request, session, principal, pack_id, summary_id, values=values)
    if values.get("change"):
        return page()
    try:
        _checked(values)
    except InvalidInput as exc:
        return page(errors=FormErrors.of(exc, labels=LABELS), status_code=422)
    return page(template="scrutiny_assessment_check.html")


@router.post(FORM + "/send")
def send(
    pack_id: int,
    summary_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: FeedbackGiver,
) -> Response:
    values = FormValues.of(form)
    try:
        assessments.summary_to_assess(
            session=session, principal=principal, pack_id=pack_id, summary_id=summary_id
        )
        assessments.assess(
            session=session, principal=principal, summary_id=summary_id, data=_checked(values)
        )
    except RiskPanelError as exc:
        errors = refusal_errors(session, exc, anchor="main-content", fallback="kept_informed")
        page = partial(_form_page, request, session, principal, pack_id, summary_id)
        return page(values=values, errors=errors, status_code=exc.status)
    session.commit()
    return see_other(_url(pack_id, summary_id, "/sent"))


@router.get(FORM + "/sent")
def sent(
    pack_id: int, summary_id: int, request: Request, session: DbSession, principal: Member
) -> Response:
    return _form_page(
        request, session, principal, pack_id, summary_id, template="scrutiny_assessment_sent.html"
    )


def _review_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    shown: str,
    form: Shown | None = None,
) -> Response:
    items = assessments.list_assessments(
        session=session, principal=principal, pack_id=None, answered=SHOWN[shown], limit=500
    )
    session.commit()
    return form_page(
        request,
        principal,
        "scrutiny_review_assessments.html",
        form or Shown(),
        title="Members' assessments",
        items=items,
        shown=shown,
        labels=LABELS,
        answer_text={**ANSWERS, **GRADES},
    )


@router.get(REVIEW)
def review(request: Request, session: DbSession, principal: PanelUser) -> Response:
    shown = request.query_params.get("show", "open")
    return _review_page(request, session, principal, shown=shown if shown in SHOWN else "open")


@router.post(REVIEW + "/{assessment_id}/response")
def answer(
    assessment_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: FeedbackAnswerer,
) -> Response:
    return answer_form(
        request,
        form,
        session,
        principal,
        anchor=f"assessment-{assessment_id}",
        respond=lambda text: assessments.respond(
            session=session, principal=principal, assessment_id=assessment_id, response=text
        ),
        page=_review_page,
        back=REVIEW,
    )


@router.get("/scrutiny/you-said-we-did")
def you_said_we_did(request: Request, session: DbSession, principal: Reader) -> Response:
    view = assessments.you_said_we_did(session=session, principal=principal)
    session.commit()
    return render(
        request,
        principal,
        "scrutiny_you_said_we_did.html",
        title="You said, we did",
        view=view,
        grades=GRADES,
    )
