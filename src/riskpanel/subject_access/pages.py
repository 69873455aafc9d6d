"""Subject access on the web: find the person a request is about, confirm who it is, and
download the response (PDF or JSON), a draft for information governance to review.

The same service and renderer as `riskpanel sar`: third parties are redacted to their role
and preparing the response is logged as a disclosure. Finding the person and reading their
summary are logged too. Preparing needs a fresh sign-in, like a pack's release: the file
holds everything riskpanel knows about someone.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from riskpanel.api.access import FreshAuthentication
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import Person
from riskpanel.subject_access import service
from riskpanel.subject_access.access import SubjectAccessPreparer, SubjectAccessReader
from riskpanel.subject_access.render import to_json, to_pdf
from riskpanel.web.common import DbSession, Form, settings_of, web_router
from riskpanel.web.forms import FormErrors, FormValues, check, parse_date
from riskpanel.web.templating import form_page

router = web_router()
LABELS = {
    "family_name": "Family name",
    "given_name": "Given name",
    "date_of_birth": "Date of birth",
}
FORMATS = [("pdf", "PDF document, to review and send"), ("json", "JSON file, for another system")]
MEDIA = {"pdf": "application/pdf", "json": "application/json"}


def _search(session: Session, principal: Principal, values: FormValues) -> list[Person] | None:
    """The people matching the form, or None when no search was asked for."""
    if "family_name" not in values.data:
        return None
    errors: list[FieldError] = []
    family = values.text("family_name")
    if family is None:
        errors.append(FieldError("family_name", "Enter the person's family name"))
    born: date | None = parse_date(values, "date_of_birth", errors)
    check(errors)
    assert family is not None
    return service.find_people(
        session=session,
        principal=principal,
        family_name=family,
        given_name=values.text("given_name"),
        date_of_birth=born,
    )


@router.get("/subject-access")
def search_page(request: Request, session: DbSession, principal: SubjectAccessReader) -> Response:
    values = FormValues({k: request.query_params.getlist(k) for k in request.query_params})
    errors: FormErrors | None = None
    try:
        people = _search(session, principal, values)
        session.commit()
    except InvalidInput as exc:
        session.rollback()
        people, errors = None, FormErrors.of(exc, labels=LABELS, known=LABELS)
    return form_page(
        request,
        principal,
        "subject_access.html",
        title="Subject access",
        people=people,
        values=values,
        errors=errors,
    )


def _person_page(
    request: Request,
    session: Session,
    principal: Principal,
    person_id: int,
    values: FormValues,
    errors: FormErrors | None = None,
) -> Response:
    person, cases = service.subject_summary(
        session=session, principal=principal, person_id=person_id
    )
    session.commit()
    return form_page(
        request,
        principal,
        "subject_access_person.html",
        title="Prepare a subject access response",
        person=person,
        cases=cases,
        formats=FORMATS,
        values=values,
        errors=errors,
    )


@router.get("/subject-access/people/{person_id}")
def person_page(
    person_id: int, request: Request, session: DbSession, principal: SubjectAccessReader
) -> Response:
    return _person_page(request, session, principal, person_id, FormValues({"format": ["pdf"]}))


@router.post("/subject-access/people/{person_id}", dependencies=[FreshAuthentication])
def prepare_response(
    person_id: int,
    request: Request,
    form: Form,
    session: DbSession,
    principal: SubjectAccessPreparer,
) -> Response:
    values = FormValues.of(form)
    fmt = values.get("format")
    if fmt not in MEDIA:
        refused = InvalidInput(
            "format", errors=[FieldError("format", "Select the format of the response")]
        )
        errors = FormErrors.of(refused, labels={"format": "Format"})
        return _person_page(request, session, principal, person_id, values, errors)
    report = service.prepare(session=session, principal=principal, person_id=person_id)
    session.commit()
    if fmt == "pdf":
        body = to_pdf(report, templates_dir=settings_of(request).templates_dir)
    else:
        body = to_json(report).encode("utf-8")
    name = f"subject-access-draft-{report.generated_at:%Y-%m-%d}-{person_id}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=MEDIA[fmt], headers=headers)
