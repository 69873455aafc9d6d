"""Referral intake and reads.

A referral is its own record (ARCHITECTURE "Decisions"): intake stores it with its people,
incidents and strands, runs the flag check, suggests matches for the victim, finds the
routes into the panel with their evidence and starts the Victims' Code clock. Screening
(``screening/``) later opens a case or attaches the referral to one. Keyword-only; the
caller commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, col

from riskpanel.access.service import agency_may_receive, sees_victim_names
from riskpanel.assessments import service as assessments
from riskpanel.audit.cases import About, record_on
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import InvalidInput
from riskpanel.kit.ids import MAX_ID
from riskpanel.kit.pagination import decode_cursor, encode_cursor
from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import Role
from riskpanel.models import Incident, Panel, Person, Referral, RiskAssessment, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.people.service import suggest_matches
from riskpanel.referrals import projections
from riskpanel.referrals import repository as repo
from riskpanel.referrals.intake import service as intake
from riskpanel.referrals.intake.service import intake_routes, intake_victims_code
from riskpanel.referrals.projections import (
    ReferralDetail,
    ReferralListRow,
    ReferralPage,
    ReferralView,
)
from riskpanel.referrals.schemas import ReferralCreate, validate_referral
from riskpanel.risk import StrandSelection
from riskpanel.victims.timers import arm_referral_timers
from riskpanel.workflow import WorkflowRegistry

PURPOSE = "referral_intake"
REFERRAL_FIELDS = [
    "victim",
    "household",
    "incidents",
    "perpetrators",
    "narrative",
    "why_answer",
    "consent",
    "community_trigger",
    "victims_code",
]


def _panel(session: Session, principal: Principal, data: ReferralCreate) -> Panel:
    """Coordinators refer into their own panel; agencies into a panel they are members of."""
    if principal.role in (Role.COORDINATOR, Role.CHAIR):
        if data.panel_id is not None and data.panel_id != principal.panel_id:
            raise InvalidInput.field("panel_id", "you may only refer into your own panel")
        panel_id = principal.panel_id
    else:
        if data.panel_id is None:
            raise InvalidInput.field("panel_id", "is required: the panel to refer to")
        panel_id = data.panel_id
        member = principal.agency_id is not None and repo.is_member(
            session, panel_id, principal.agency_id, utcnow().date()
        )
        if not member:
            raise InvalidInput.field("panel_id", "your agency is not a member of this panel")
    panel = session.get(Panel, panel_id) if panel_id is not None else None
    if panel is None:
        raise InvalidInput.field("panel_id", "no such panel")
    return panel


def _new_referral(
    session: Session, principal: Principal, panel: Panel, data: ReferralCreate, victim: Person
) -> Referral:
    household = data.household
    referral = Referral(
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        panel_id=panel.id or 0,
        referring_agency_id=principal.agency_id,
        referred_by_user_id=principal.user_id,
        referred_by_credential_id=principal.credential_id,
        victim_person_id=victim.id or 0,
        narrative=data.narrative,
        why_answer=data.why_answer,
        children_in_household=household.children_present
        or any(m.is_child for m in household.members),
        vulnerable_adults_in_household=household.other_vulnerable_people
        or any(m.vulnerable and not m.is_child for m in household.members),
        household_notes=household.notes,
        victim_aware=data.consent.victim_aware,
        victim_consents=data.consent.victim_consents,
        sharing_without_consent_reason=data.consent.sharing_without_consent_reason,
        community_trigger=data.community_trigger,
    )
    session.add(referral)
    session.flush()
    referral.reference = f"REF-{referral.received_at.year}-{referral.id:06d}"
    return referral


def _assess(
    session: Session,
    principal: Principal,
    data: ReferralCreate,
    referral: Referral,
    settings: Settings,
) -> RiskAssessment | None:
    if data.assessment is None:
        return None
    checklist = assessments.checklist_for(settings)
    result = assessments.evaluate(checklist, data.assessment, prefix="assessment.")
    return assessments.store(
        session=session,
        principal=principal,
        result=result,
        data=data.assessment,
        case_id=None,
        referral_id=referral.id,
    )


def _audit_collection(
    session: Session, principal: Principal, referral: Referral, people: list[Person]
) -> None:
    about = About.referral(referral)
    record_on(session, principal, AuditAction.COLLECTION, PURPOSE, about, fields=REFERRAL_FIELDS)
    for person in people:
        fields = [k for k, v in person.model_dump(exclude={"id", "created_at"}).items() if v]
        about = About.person(person.id)
        detail = {"referral_id": referral.id}
        record_on(
            session, principal, AuditAction.COLLECTION, PURPOSE, about, fields=fields, detail=detail
        )


def _store(
    session: Session,
    principal: Principal,
    panel: Panel,
    data: ReferralCreate,
    selections: list[StrandSelection],
    settings: Settings,
) -> tuple[Referral, list[Incident], list[Person]]:
    """The referral's rows and its flag check; people are returned victim first."""
    victim = intake.create_victim(session, data.victim, data.consent)
    referral = _new_referral(session, principal, panel, data, victim)
    referral.parties = intake.create_parties(session, data)
    incidents = intake.create_incidents(session, referral, data.incidents, selections)
    others = (session.get(Person, p["person_id"]) for p in referral.parties if p["person_id"])
    people = [victim, *(p for p in others if p is not None)]
    referral.flag_check = intake.run_flag_check(
        lexicon=intake.lexicon_for(settings),
        narrative=data.narrative,
        why_answer=data.why_answer,
        descriptions=[i.description for i in data.incidents],
        flagged=[s for sel in selections for s in sel.all],
        people=people,
    )
    return referral, incidents, people


def create_referral(
    *,
    session: Session,
    principal: Principal,
    data: ReferralCreate,
    settings: Settings,
    workflows: WorkflowRegistry,
    now: datetime | None = None,
) -> tuple[Referral, ReferralView]:
    now = now or utcnow()
    panel = _panel(session, principal, data)
    lexicon = intake.lexicon_for(settings)
    selections = validate_referral(data, catalogue=lexicon.catalogue, now=now, tz=settings.timezone)
    if data.assessment is not None:  # refuse a bad assessment before anything is written
        assessments.evaluate(
            assessments.checklist_for(settings), data.assessment, prefix="assessment."
        )
    referral, incidents, people = _store(session, principal, panel, data, selections, settings)
    victim = people[0]
    assessment = _assess(session, principal, data, referral, settings)
    suggestions = suggest_matches(session=session, person=victim, panel_id=panel.id or 0)
    referral.route_decision = intake_routes(
        session=session,
        referral=referral,
        incidents=incidents,
        assessment=assessment,
        suggestions=suggestions,
        panel=panel,
        workflows=workflows,
        settings=settings,
        now=now,
    )
    referral.victims_code = intake_victims_code(
        data=data, panel=panel, workflows=workflows, settings=settings
    )
    session.add(referral)
    session.flush()
    arm_referral_timers(session=session, referral=referral)
    _audit_collection(session, principal, referral, people)
    view = projections.agency_view(session, referral)
    if not principal.is_agency:
        view = projections.panel_view(session, referral, settings)
    return referral, view


def list_referrals(
    *,
    session: Session,
    caller: Caller,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ReferralPage:
    principal = caller.principal
    where = repo.referral_filter(principal, access_days_after_closure=caller.access_days)
    after = decode_cursor(cursor)
    if after is not None and not 0 <= after <= MAX_ID:
        raise InvalidInput.field("cursor", "is not a cursor this API issued")
    rows = repo.referral_page(session, where, status=status, after=after, limit=limit + 1)
    if not agency_may_receive(session, principal):
        rows = []
    page, more = rows[:limit], len(rows) > limit
    about = About("referral_list")
    logged = ["reference", "status", "received_at", "primary_route", "flags_clean"]
    detail = {"referral_ids": [r.id for r in page]}
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        "screening" if not principal.is_agency else PURPOSE,
        about,
        fields=logged,
        detail=detail,
    )
    return ReferralPage(
        items=[projections.summary(r) for r in page],
        next_cursor=encode_cursor(page[-1].id or 0) if more and page else None,
    )


def referral_list_page(
    *,
    session: Session,
    caller: Caller,
    query: ListQuery,
    page: PageRequest,
    only: list[int] | None = None,
) -> Page[ReferralListRow]:
    """The web's referral list: newest first, numbered pages, searched and filtered; a
    search that may match names is logged as a read of names (the words themselves are
    not kept)."""
    principal = caller.principal
    names = sees_victim_names(principal)
    where = repo.referral_filter(principal, access_days_after_closure=caller.access_days)
    if not agency_may_receive(session, principal):
        where = col(Referral.id) == -1
    found = repo.referral_list(session, where, query, names=names, page=page, only=only)
    shown = found.map(lambda row: ReferralListRow.of(row, names))
    logged = ["reference", "status", "received_at", "primary_route", "flags_clean"]
    detail = {"referral_ids": [r.referral.id for r in shown.items], **query.logged(names)}
    record_on(
        session,
        principal,
        AuditAction.CONSULTATION,
        "screening" if not principal.is_agency else PURPOSE,
        About("referral_list"),
        fields=logged + (["victim_name"] if names else []),
        detail=detail,
    )
    return shown


def get_referral(
    *, session: Session, caller: Caller, referral_id: int
) -> ReferralView | ReferralDetail:
    principal, settings = caller.principal, caller.settings
    referral = repo.visible_referral(
        session,
        principal,
        referral_id,
        access_days_after_closure=caller.access_days,
    )
    view: ReferralView | ReferralDetail = projections.agency_view(session, referral)
    fields = projections.AGENCY_FIELDS
    if not principal.is_agency:
        view, fields = projections.panel_view(session, referral, settings), projections.PANEL_FIELDS
    purpose = "screening" if not principal.is_agency else PURPOSE
    about = About.referral(referral)
    record_on(session, principal, AuditAction.CONSULTATION, purpose, about, fields=fields)
    return view
