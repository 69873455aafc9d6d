"""Access-matrix entries for panel membership (admin only).

Merged into ``matrix_spec.ROUTES`` by ``_register_domain_entries``. The add and change
builders make a fresh agency per probe, so every allowed call succeeds on its own.
"""

from __future__ import annotations

from datetime import date

from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.models import PanelMembership
from riskpanel.models.enums import AgencyKind
from tests.security.builders import unique
from tests.security.matrix import Call, Ctx, Route

ADMIN = frozenset({"admin"})


def _fresh_agency(ctx: Ctx) -> int:
    agency = create_agency(
        session=ctx.session,
        data=AgencyCreate(
            name=unique("Probe Agency"),
            kind=AgencyKind.OTHER,
            isa_signed_on=date(2025, 1, 1),
            isa_expires_on=date(2030, 1, 1),
        ),
    )
    ctx.session.commit()
    return agency.id or 0


def panel_path(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"panel_id": ctx.world.panel.id})


def new_member(ctx: Ctx, role: str, related: bool) -> Call:
    return Call(path={"panel_id": ctx.world.panel.id}, json={"agency_id": _fresh_agency(ctx)})


def end_member(ctx: Ctx, role: str, related: bool) -> Call:
    agency_id = _fresh_agency(ctx)
    ctx.session.add(PanelMembership(panel_id=ctx.world.panel.id or 0, agency_id=agency_id))
    ctx.session.commit()
    return Call(
        path={"panel_id": ctx.world.panel.id, "agency_id": agency_id},
        json={"left_on": date.today().isoformat()},
    )


ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/panels/{panel_id}/members"): Route(allowed=ADMIN, build=panel_path),
    ("POST", "/api/v1/panels/{panel_id}/members"): Route(
        allowed=ADMIN, build=new_member, ok=frozenset({201})
    ),
    ("PATCH", "/api/v1/panels/{panel_id}/members/{agency_id}"): Route(
        allowed=ADMIN, build=end_member
    ),
}
