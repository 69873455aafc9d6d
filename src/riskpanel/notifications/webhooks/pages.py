"""Webhooks for agency people: their agency's endpoints, adding one (form, check your
answers, confirmation with the secret shown once), a new secret, a test event, removal, and
each endpoint's delivery log. The same service as the API (notifications.webhooks.service), so the
target rules, the authority entries and the audit rows are the same."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.models import WebhookEndpoint
from riskpanel.notifications.webhooks import service as endpoints
from riskpanel.notifications.webhooks.access import (
    WebhookRegistrar,
    WebhookRemover,
    WebhookRotator,
    WebhookTester,
)
from riskpanel.notifications.webhooks.schemas import WebhookCreate
from riskpanel.notifications.webhooks.targets import check_webhook_url
from riskpanel.web.common import (
    AgencyUser,
    DbSession,
    Form,
    notice_of,
    see_other,
    settings_of,
    web_router,
)
from riskpanel.web.forms import FormErrors, FormPage, FormValues, invalid_from
from riskpanel.web.templating import render

router = web_router()
LABELS = {"url": "Endpoint URL", "description": "Name"}
NOTICES = {
    "webhook-test": "Test event queued. It is sent within a minute; its delivery is below.",
    "webhook-removed": "Endpoint removed. Nothing more will be sent to it.",
}


def _request(request: Request, values: FormValues) -> WebhookCreate:
    """The form as the API's input, checked as registration will check it."""
    try:
        data = WebhookCreate(url=values.get("url"), description=values.get("description"))
    except ValidationError as exc:
        raise invalid_from(exc) from exc
    check_webhook_url(data.url, allowed=settings_of(request).webhook_networks, field="url")
    return data


def _list(request: Request, session: Session, principal: Principal) -> Response:
    return render(
        request,
        principal,
        "webhooks.html",
        title="Webhooks",
        endpoints=endpoints.list_own(session=session, principal=principal),
        notice=NOTICES.get(request.query_params.get("notice", "")) or notice_of(request),
    )


@router.get("/webhooks")
def webhooks_page(request: Request, session: DbSession, principal: AgencyUser) -> Response:
    return _list(request, session, principal)


_form = FormPage("webhook_new.html", "Add a webhook endpoint")


@router.get("/webhooks/new")
def new_webhook_page(request: Request, principal: AgencyUser) -> Response:
    values = FormValues()
    for name in ("url", "description"):  # "Change" on the check page comes back here
        values.set_default(name, request.query_params.get(name) or None)
    return _form(request, principal, values)


@router.post("/webhooks/new/check")
def check_webhook(request: Request, form: Form, principal: WebhookRegistrar) -> Response:
    values = FormValues.of(form)
    try:
        data = _request(request, values)
    except RiskPanelError as exc:
        errors = FormErrors.of(exc, labels=LABELS, known=LABELS, fallback="url")
        return _form(request, principal, values, errors)
    return render(request, principal, "webhook_check.html", title="Check your answers", data=data)


@router.post("/webhooks/new")
def register_webhook(
    request: Request, form: Form, session: DbSession, principal: WebhookRegistrar
) -> Response:
    values = FormValues.of(form)
    try:
        data = _request(request, values)
        networks = settings_of(request).webhook_networks
        endpoint, secret = endpoints.register(
            session=session, principal=principal, data=data, allowed_networks=networks
        )
    except RiskPanelError as exc:
        if exc.status in (401, 403):
            raise
        session.rollback()
        errors = FormErrors.of(exc, labels=LABELS, known=LABELS, fallback="url")
        return _form(request, principal, values, errors)
    session.commit()
    return _secret_page(request, principal, endpoint, secret, rotated=False)


def _secret_page(
    request: Request, principal: Principal, endpoint: WebhookEndpoint, secret: str, rotated: bool
) -> Response:
    title = "New signing secret" if rotated else "Webhook endpoint added"
    return render(
        request,
        principal,
        "webhook_secret.html",
        title=title,
        endpoint=endpoint,
        secret=secret,
        rotated=rotated,
    )


@router.get("/webhooks/{endpoint_id}")
def webhook_page(
    endpoint_id: int, request: Request, session: DbSession, principal: AgencyUser
) -> Response:
    endpoint = endpoints.own_endpoint(session=session, principal=principal, endpoint_id=endpoint_id)
    log = endpoints.delivery_log(session=session, principal=principal, endpoint_id=endpoint_id)
    return render(
        request,
        principal,
        "webhook.html",
        title=endpoint.description or endpoint.url,
        endpoint=endpoint,
        log=log,
        notice=NOTICES.get(request.query_params.get("notice", "")),
    )


@router.post("/webhooks/{endpoint_id}/test")
def test_webhook(endpoint_id: int, session: DbSession, principal: WebhookTester) -> Response:
    endpoints.send_test(session=session, principal=principal, endpoint_id=endpoint_id)
    session.commit()
    return see_other(f"/webhooks/{endpoint_id}", "webhook-test")


@router.post("/webhooks/{endpoint_id}/secret")
def rotate_secret(
    endpoint_id: int, request: Request, session: DbSession, principal: WebhookRotator
) -> Response:
    endpoint, secret = endpoints.rotate(
        session=session, principal=principal, endpoint_id=endpoint_id
    )
    session.commit()
    return _secret_page(request, principal, endpoint, secret, rotated=True)


@router.get("/webhooks/{endpoint_id}/remove")
def remove_webhook_page(
    endpoint_id: int, request: Request, session: DbSession, principal: AgencyUser
) -> Response:
    """Removing stops every event at once, so it is asked for on a page of its own."""
    endpoint = endpoints.own_endpoint(session=session, principal=principal, endpoint_id=endpoint_id)
    title = "Are you sure you want to remove this endpoint?"
    return render(request, principal, "webhook_remove.html", title=title, endpoint=endpoint)


@router.post("/webhooks/{endpoint_id}/remove")
def remove_webhook(endpoint_id: int, session: DbSession, principal: WebhookRemover) -> Response:
    endpoints.remove(session=session, principal=principal, endpoint_id=endpoint_id)
    session.commit()
    return see_other("/webhooks", "webhook-removed")
