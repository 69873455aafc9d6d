"""Access-matrix entries for an agency's own webhook endpoints (agency roles only).

Merged into ``matrix_spec.ROUTES`` by ``_register_domain_entries``. Each builder makes a
fresh endpoint of the related agency (the read matrix's police; the write matrix's
scenario referrer) or, unrelated, of the outside agency, which the actor must not find.
"""

from __future__ import annotations

from sqlmodel import col, select

from riskpanel.models import WebhookEndpoint, utcnow
from riskpanel.notifications.webhooks.service import new_secret
from tests.security.matrix import Call, Ctx, Route

AGENCY = frozenset({"agency", "agency_client"})
PUBLIC_URL = "https://8.8.8.8/riskpanel-hook"  # a public literal: no DNS in the probes


def fresh_endpoint(ctx: Ctx, agency_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(agency_id=agency_id, url=PUBLIC_URL, secret=new_secret())
    ctx.session.add(endpoint)
    ctx.session.commit()
    return endpoint


def new_webhook(ctx: Ctx, role: str, related: bool) -> Call:
    """Room under the per-agency limit: every probe may register one."""
    for endpoint in ctx.session.exec(
        select(WebhookEndpoint).where(col(WebhookEndpoint.disabled_at).is_(None))
    ).all():
        endpoint.disabled_at = utcnow()
        ctx.session.add(endpoint)
    ctx.session.commit()
    return Call(json={"url": PUBLIC_URL, "description": "probe system"})


def endpoint_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"endpoint_id": fresh_endpoint(ctx, ctx.agency_id(related)).id})


def _object(ok: int = 200) -> Route:
    return Route(allowed=AGENCY, build=endpoint_path, scoped=True, ok=frozenset({ok}))


ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/webhooks"): Route(allowed=AGENCY),
    ("POST", "/api/v1/webhooks"): Route(allowed=AGENCY, build=new_webhook, ok=frozenset({201})),
    ("GET", "/api/v1/webhooks/{endpoint_id}"): _object(),
    ("DELETE", "/api/v1/webhooks/{endpoint_id}"): _object(204),
    ("POST", "/api/v1/webhooks/{endpoint_id}/secret"): _object(201),
    ("POST", "/api/v1/webhooks/{endpoint_id}/test"): _object(202),
    ("GET", "/api/v1/webhooks/{endpoint_id}/deliveries"): _object(),
}
