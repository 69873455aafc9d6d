"""Agencies: the partners on a panel. Keyword-only; the caller commits."""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.agencies import repository
from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.kit.errors import Conflict
from riskpanel.models import Agency, WebhookEndpoint
from riskpanel.notifications.webhooks.service import new_secret
from riskpanel.notifications.webhooks.targets import Networks, check_webhook_url


def create_agency(
    *, session: Session, data: AgencyCreate, allowed_networks: Networks = ()
) -> Agency:
    """``allowed_networks``: internal networks a webhook may point into (on-premises)."""
    if data.webhook_url:
        check_webhook_url(str(data.webhook_url), allowed=allowed_networks, field="webhook_url")
    if repository.agency_named(session=session, name=data.name) is not None:
        raise Conflict(f"an agency named {data.name!r} already exists")
    agency = Agency(
        name=data.name,
        kind=data.kind.value,
        isa_signed_on=data.isa_signed_on,
        isa_expires_on=data.isa_expires_on,
        contact_email=data.contact_email,
    )
    session.add(agency)
    session.flush()
    if data.webhook_url:  # its first endpoint; the agency rotates the secret to see one
        session.add(
            WebhookEndpoint(
                agency_id=agency.id or 0, url=str(data.webhook_url), secret=new_secret()
            )
        )
        session.flush()
    return agency


def list_agencies(*, session: Session) -> list[Agency]:
    return repository.agencies_by_name(session=session)


def agency_names(*, session: Session) -> dict[int, str]:
    """Names for agency ids shown on pages and pickers: reference data, not case data."""
    found = repository.names_by_name(session=session)
    return {agency_id: name for agency_id, name in found if agency_id is not None}
