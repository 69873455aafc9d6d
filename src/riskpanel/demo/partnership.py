"""The demo partnership: nine agencies of every kind, one panel, a sign-in for every role.

Every agency has a person who signs in (research, progress on actions); the police also
have a partner system with an API key, so some of the history comes "through the API" as
it would in a real partnership. The key's token is used once here and never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from riskpanel.access.credentials import authenticate_bearer, principal_for_user
from riskpanel.access.secrets import hash_password
from riskpanel.agencies.schemas import AgencyCreate
from riskpanel.agencies.service import create_agency
from riskpanel.auth.keys.service import create_key
from riskpanel.auth.service import create_user
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Agency, Panel, User
from riskpanel.models.enums import AgencyKind
from riskpanel.panels.schemas import PanelCreate
from riskpanel.panels.service import create_panel

PANEL_NAME = "Northshire Hate Crime Risk Panel"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo sign-ins
EMAIL_DOMAIN = "northshire.example"
K = AgencyKind

AGENCIES: list[tuple[str, AgencyKind]] = [
    ("Northshire Police", K.POLICE),
    ("Northshire Homes", K.HOUSING),
    ("Northshire Adult Social Care", K.ADULT_SOCIAL_CARE),
    ("Northshire Children's Services", K.CHILDRENS_SERVICES),
    ("Northshire Integrated Care Board", K.HEALTH),
    ("Northshire Schools Partnership", K.EDUCATION),
    ("Northshire Victim Support", K.VICTIM_SUPPORT),
    ("Northshire Communities Together", K.COMMUNITY_ORGANISATION),
    ("Northshire Probation Service", K.PROBATION),
]
# sign-in key: (display name, role, agency kind or None, belongs to the panel)
USERS: dict[str, tuple[str, Role, AgencyKind | None, bool]] = {
    "admin": ("Demo Administrator", Role.ADMIN, None, False),
    "coordinator": ("Priya Coordinator", Role.COORDINATOR, None, True),
    "chair": ("Chief Inspector Morgan (Chair)", Role.CHAIR, None, True),
    "police": ("PC Jordan Reid", Role.AGENCY, K.POLICE, False),
    "housing": ("Sam Okafor", Role.AGENCY, K.HOUSING, False),
    "social-care": ("Megan Hughes", Role.AGENCY, K.ADULT_SOCIAL_CARE, False),
    "childrens": ("Tomasz Nowak", Role.AGENCY, K.CHILDRENS_SERVICES, False),
    "health": ("Dr Aisha Rahman", Role.AGENCY, K.HEALTH, False),
    "schools": ("Gareth Evans", Role.AGENCY, K.EDUCATION, False),
    "victim-support": ("Niamh O'Connor", Role.AGENCY, K.VICTIM_SUPPORT, False),
    "communities": ("Yusuf Demir", Role.AGENCY, K.COMMUNITY_ORGANISATION, False),
    "probation": ("Claire Whitfield", Role.AGENCY, K.PROBATION, False),
    "scrutiny": ("Community Scrutiny Member", Role.SCRUTINY, None, False),
    "auditor": ("Information Governance Auditor", Role.AUDITOR, None, False),
}
API_KEY_NAME = "Northshire Police case system"


def email_for(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


@dataclass
class Partnership:
    panel: Panel
    agencies: dict[AgencyKind, Agency]
    users: dict[str, User]
    principals: dict[str, Principal]
    # who reports progress on an agency's actions: its person, or the police system
    reporters: dict[int, Principal]

    @property
    def panel_id(self) -> int:
        assert self.panel.id is not None
        return self.panel.id

    def agency_id(self, kind: AgencyKind) -> int:
        agency_id = self.agencies[kind].id
        assert agency_id is not None
        return agency_id

    def kind_of(self, agency_id: int) -> AgencyKind:
        return next(k for k, a in self.agencies.items() if a.id == agency_id)


def _agencies(session: Session, today: date, founded: date) -> dict[AgencyKind, Agency]:
    """Information sharing agreements signed before the panel first sat, in force today."""
    return {
        kind: create_agency(
            session=session,
            data=AgencyCreate(
                name=name,
                kind=kind,
                isa_signed_on=founded - timedelta(days=30),
                isa_expires_on=today + timedelta(days=700),
                contact_email=f"hcrp.{kind.value.replace('_', '-')}@{EMAIL_DOMAIN}",
            ),
        )
        for name, kind in AGENCIES
    }


def _users(session: Session, panel: Panel, agencies: dict[AgencyKind, Agency]) -> dict[str, User]:
    """Every sign-in shares the documented password, so it is hashed once (argon2 is slow on
    purpose: fourteen hashes were a tenth of the demo's time) and the hash is given to all."""
    shared = hash_password(DEMO_PASSWORD)
    users = {
        key: create_user(
            session=session,
            email=email_for(key),
            display_name=display,
            role=role.value,
            agency_id=agencies[kind].id if kind is not None else None,
            panel_id=panel.id if on_panel else None,
        )
        for key, (display, role, kind, on_panel) in USERS.items()
    }
    for user in users.values():
        user.password_hash = shared
        session.add(user)
    session.flush()
    return users


def _police_system(
    session: Session, admin: Principal, police: Agency, settings: Settings
) -> Principal:
    """Issue the key as an administrator would, then sign in with it as the system does."""
    assert police.id is not None
    _, token = create_key(
        session=session,
        principal=admin,
        agency_id=police.id,
        name=API_KEY_NAME,
        expires_in_days=365,
        secret_key=settings.secret_key,
    )
    return authenticate_bearer(session=session, token=token, key=settings.secret_key)


def build_partnership(
    session: Session, settings: Settings, today: date, founded: date
) -> Partnership:
    agencies = _agencies(session, today, founded)
    panel = create_panel(
        session=session,
        data=PanelCreate(
            name=PANEL_NAME,
            area="Northshire",
            member_agency_ids=[a.id for a in agencies.values() if a.id is not None],
        ),
    )
    users = _users(session, panel, agencies)
    principals = {key: principal_for_user(user) for key, user in users.items()}
    reporters = {
        user.agency_id: principals[key] for key, user in users.items() if user.agency_id is not None
    }
    police = agencies[K.POLICE]
    reporters[police.id or 0] = _police_system(session, principals["admin"], police, settings)
    return Partnership(panel, agencies, users, principals, reporters)
