"""Reading and setting a case's entitlement, and the panel's overdue list.

The needs assessment and the agreed update schedule are set with PUT (If-Match when the
record exists). Changing enhanced rights or the support opt-out recomputes the deadlines
of the latest referral, so the clock always follows the current facts.
"""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.access.relations import current_member
from riskpanel.access.visible import visible_case, writable_case
from riskpanel.audit.cases import About, record_on
from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.errors import Forbidden, InvalidInput, NotFound
from riskpanel.kit.principal import Principal
from riskpanel.kit.roles import PANEL_ROLES
from riskpanel.models import Case, VictimEntitlement, utcnow
from riskpanel.models.enums import AuditAction
from riskpanel.victims import clock, repository, timers
from riskpanel.victims.schemas import (
    DeadlineStatus,
    EntitlementIn,
    EntitlementOut,
    OverdueItem,
    OverdueList,
    SupportReferralOut,
    VictimUpdateOut,
)
from riskpanel.victims.service import (
    PURPOSE,
    check_if_match,
    entitlement_etag,
    not_in_future,
)
from riskpanel.victims.timers import KINDS, entitlement_status
from riskpanel.workflow.registry import get_workflows
from riskpanel.workflow.schema import WorkflowDef

SUBJECT = "victim_entitlement"
FIELDS = [
    "enhanced_rights",
    "category",
    "needs_assessed_at",
    "needs_outcome",
    "support_opt_out",
    "update_schedule",
]


def _deadlines(session: Session, case_id: int, tz: str) -> list[DeadlineStatus]:
    now, out = utcnow(), []
    for referral in repository.case_referrals(session, case_id):
        code = referral.victims_code or {}
        for kind in KINDS:
            key = "support_referral_due_at" if kind == clock.SUPPORT else "key_update_due_at"
            out.append(
                DeadlineStatus(
                    kind=kind,
                    referral_id=referral.id or 0,
                    referral_reference=referral.reference,
                    due_at=clock.parse_at(code.get(key)),
                    status=entitlement_status(session, referral, kind, now, tz),
                )
            )
    return out


def entitlement_view(session: Session, case: Case, tz: str) -> EntitlementOut:
    assert case.id is not None
    ent = repository.entitlement_of(session, case.id)
    supports = repository.support_referrals_of(session, case.id)
    updates = repository.updates_of(session, case.id)
    return EntitlementOut(
        case_id=case.id,
        person_id=ent.person_id if ent else case.victim_person_id,
        enhanced_rights=ent.enhanced_rights if ent else True,
        category=ent.category if ent else "hate_crime",
        reported_at=ent.reported_at if ent else None,
        needs_assessed_at=ent.needs_assessed_at if ent else None,
        needs_outcome=ent.needs_outcome if ent else None,
        support_opt_out=ent.support_opt_out if ent else False,
        update_schedule=ent.update_schedule if ent else None,
        support_referral_due_at=ent.support_referral_due_at if ent else None,
        key_update_due_at=ent.key_update_due_at if ent else None,
        lead_agency_id=case.lead_agency_id,
        deadlines=_deadlines(session, case.id, tz),
        support_referrals=[
            SupportReferralOut.model_validate(s, from_attributes=True) for s in supports
        ],
        updates=[VictimUpdateOut.model_validate(u, from_attributes=True) for u in updates],
        etag=entitlement_etag(ent) if ent else None,
    )


def read_entitlement(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
) -> EntitlementOut:
    case = visible_case(session, caller, case_id)
    fields = [*FIELDS, "support_referrals", "updates", "deadlines"]
    about = About.case(case, SUBJECT)
    record_on(session, caller.principal, AuditAction.CONSULTATION, PURPOSE, about, fields=fields)
    return entitlement_view(session, case, caller.settings.timezone)


def _rearm(
    session: Session, case: Case, ent: VictimEntitlement, settings: Settings, defn: WorkflowDef
) -> None:
    """Deadlines follow the current facts: recompute from the latest referral's report."""
    referrals = repository.case_referrals(session, case.id or 0)
    latest = max(referrals, key=lambda r: r.received_at, default=None)
    if latest is None or not (latest.victims_code or {}).get("applies"):
        return
    code = clock.plan(
        reported_at=ent.reported_at,
        enhanced=ent.enhanced_rights,
        support_opt_out=ent.support_opt_out,
        rules=clock.rules_for(settings, defn),
        category=ent.category,
    )
    timers.resolve(
        session=session, referral_ids=[latest.id or 0], kinds=set(KINDS), outcome="superseded"
    )
    latest.victims_code = code
    session.add(latest)
    ent.support_referral_due_at = clock.parse_at(code["support_referral_due_at"])
    ent.key_update_due_at = clock.parse_at(code["key_update_due_at"])
    timers.arm_referral_timers(session=session, referral=latest)


def put_entitlement(
    *,
    session: Session,
    caller: Caller,
    case_id: int,
    data: EntitlementIn,
    if_match: str | None,
) -> EntitlementOut:
    principal, settings = caller.principal, caller.settings
    case = writable_case(session, caller, case_id, "victims.entitlement")
    not_in_future(data.needs_assessed_at, "needs_assessed_at")
    if data.needs_outcome and data.needs_assessed_at is None:
        raise InvalidInput.field("needs_assessed_at", "give the date of the needs assessment")
    ent = repository.entitlement_of(session, case_id)
    check_if_match(ent, if_match)
    if ent is None:
        ent = VictimEntitlement(
            case_id=case_id, person_id=case.victim_person_id or 0, reported_at=case.opened_at
        )
    clock_changed = ent.id is not None and (
        ent.enhanced_rights != data.enhanced_rights or ent.support_opt_out != data.support_opt_out
    )
    for name in FIELDS:
        setattr(ent, name, getattr(data, name))
    session.add(ent)
    lead_changed = _set_lead_contact(session, principal, case, data)
    session.flush()
    if clock_changed:
        defn = get_workflows(settings).get(case.workflow_name, case.workflow_version)
        _rearm(session, case, ent, settings, defn)
        session.flush()
    fields = FIELDS + (["lead_agency_id"] if lead_changed else [])
    about = About.case(case, About(SUBJECT, ent.id))
    record_on(session, principal, AuditAction.ALTERATION, PURPOSE, about, fields=fields)
    return entitlement_view(session, case, settings.timezone)


def _set_lead_contact(
    session: Session, principal: Principal, case: Case, data: EntitlementIn
) -> bool:
    """The lead contact is the panel's choice: only its coordinator or chair names or clears
    it, and only a current member agency of the case's panel can be named. Left out of the
    body, the current one stays."""
    if "lead_agency_id" not in data.model_fields_set or data.lead_agency_id == case.lead_agency_id:
        return False
    if principal.role not in PANEL_ROLES:
        raise Forbidden("Only the coordinator or chair of the case's panel sets the lead contact.")
    wanted = data.lead_agency_id
    if wanted is not None and not current_member(
        session, panel_id=case.panel_id, agency_id=wanted, on=utcnow().date()
    ):
        raise InvalidInput.field("lead_agency_id", "is not a current member of the case's panel")
    case.lead_agency_id = wanted
    case.row_version += 1
    session.add(case)
    return True


ENDED_REFERRALS = frozenset({"rejected", "withdrawn", "closed"})


def _still_open(status: str, case: Case | None) -> bool:
    if case is None:
        return status not in ENDED_REFERRALS
    return case.closed_at is None and case.erased_at is None


def overdue(*, session: Session, caller: Caller, open_only: bool = False) -> OverdueList:
    """The panel's missed Victims' Code deadlines, whether or not tick has run yet.

    ``open_only``: only those still someone's to act on (the dashboard's count and its
    list): the case is open, or the referral has not been turned down or withdrawn."""
    principal, settings = caller.principal, caller.settings
    if principal.role not in PANEL_ROLES or principal.panel_id is None:
        raise NotFound()
    now, items = utcnow(), []
    for timer, referral in repository.overdue_timers(session, principal.panel_id, now):
        if entitlement_status(session, referral, timer.kind, now, settings.timezone) != "overdue":
            continue
        case = session.get(Case, referral.case_id) if referral.case_id else None
        if open_only and not _still_open(referral.status, case):
            continue
        items.append(
            OverdueItem(
                kind=timer.kind,
                due_at=timer.due_at,
                referral_id=referral.id or 0,
                referral_reference=referral.reference,
                case_id=case.id if case else None,
                case_reference=case.reference if case else None,
                tick_fired=timer.fired_at is not None,
            )
        )
    about = About("victims_code_overdue", principal.panel_id)
    logged = ["kind", "due_at", "referral_reference", "case_reference"]
    detail = {"referral_ids": sorted({i.referral_id for i in items})}
    record_on(
        session, principal, AuditAction.CONSULTATION, PURPOSE, about, fields=logged, detail=detail
    )
    return OverdueList(panel_id=principal.panel_id, items=items)
