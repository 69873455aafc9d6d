"""The words the authority table is written in: relationships, grants, entries and role sets.

Kept apart from the table so that the table reads as a list of decisions, and so the
relationship checks (``riskpanel.access.relations``) and the documentation share one
vocabulary with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from riskpanel.kit.roles import Role


class Relation(StrEnum):
    """A relationship between the caller and the object of a write, in the domain's words."""

    CASE_PANEL = "coordinator or chair of the panel that holds the case"
    OWN_PANEL = "coordinator or chair of the panel the object belongs to"
    MEMBER_AGENCY = (
        "a current member agency of the case's panel, with its sharing agreement in force, "
        "while the case is open or inside the access window after closure"
    )
    ACTION_OWNER = (
        "the agency that owns the action, with its sharing agreement in force, while the "
        "case is open or inside the access window after closure"
    )
    REFERRING_AGENCY = (
        "the referring agency, for its own referral, with its sharing agreement in force, "
        "while the case is open or inside the access window after closure"
    )
    PANEL_MEMBER_REFERRER = "a current member agency of the panel it refers to"
    RESEARCH_ASKED = (
        "the agency asked for research: one the case involves (it referred the case, was "
        "invited to a meeting with the case on its agenda, or owns an action on it) and a "
        "current member of the case's panel with its sharing agreement in force, inside the "
        "access window"
    )
    LEAD_CONTACT = "the agency recorded as the victim's lead contact, a current panel member"
    RELEASED_TO_SCRUTINY = "a scrutiny member, on a pack released to the scrutiny panel"
    OWN_AGENCY = "the caller's own agency (its people and its systems' keys), for its own things"
    ADMIN_ONLY = "an administrator; no relationship to an object"
    OWN_SESSION = "the caller's own session"
    SECOND_PERSON = "a second person: an admin who did not ask for the account, or a chair"
    ANYONE = "anyone; the credentials are the check"
    RETENTION_SCHEDULE = (
        "no one object: a run erases every record of the partnership past its retention "
        "period and not on legal hold"
    )
    PANEL_HOLDS_PERSON = (
        "a person the coordinator's panel holds (the victim of one of its referrals or a "
        "party to one of its cases)"
    )
    ANY_PERSON = "any person riskpanel holds (the auditor answers for information governance)"


@dataclass(frozen=True)
class Grant:
    """Roles that may act, each needing the relation to the object."""

    roles: frozenset[str]
    relation: Relation


@dataclass(frozen=True)
class Authority:
    """One write operation: its routes, who may perform it, and a line for people."""

    summary: str
    grants: tuple[Grant, ...]
    routes: tuple[tuple[str, str], ...]  # (method, path template) in the API and web pages

    @property
    def roles(self) -> frozenset[str]:
        return frozenset().union(*(g.roles for g in self.grants))

    @property
    def public(self) -> bool:
        return any(g.relation is Relation.ANYONE for g in self.grants)

    def relations_for(self, role: str) -> tuple[Relation, ...]:
        return tuple(g.relation for g in self.grants if role in g.roles)


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(r.value for r in roles)


PANEL = _roles(Role.COORDINATOR, Role.CHAIR)
COORDINATOR = _roles(Role.COORDINATOR)
CHAIR = _roles(Role.CHAIR)
AGENCIES = _roles(Role.AGENCY, Role.AGENCY_CLIENT)
AGENCY_PEOPLE = _roles(Role.AGENCY)
ADMIN = _roles(Role.ADMIN)
SCRUTINY = _roles(Role.SCRUTINY)
AUDITOR = _roles(Role.AUDITOR)
PEOPLE = frozenset(r.value for r in Role) - _roles(Role.AGENCY_CLIENT, Role.SYSTEM)
EVERYONE = frozenset(r.value for r in Role) - _roles(Role.SYSTEM)

CASE_PANEL = Grant(PANEL, Relation.CASE_PANEL)
MEMBER_AGENCY = Grant(AGENCIES, Relation.MEMBER_AGENCY)
ADMIN_ONLY = Grant(ADMIN, Relation.ADMIN_ONLY)
V1 = "/api/v1"


def own_panel(roles: frozenset[str]) -> tuple[Grant, ...]:
    """The commonest rule: these roles, on an object of their own panel."""
    return (Grant(roles, Relation.OWN_PANEL),)
