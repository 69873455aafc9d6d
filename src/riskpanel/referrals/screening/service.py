"""Screening a referral: open a case or attach to one, then move it through the workflow.

``open_case`` opens a new case (and starts screening it); ``attach`` adds the referral to an
existing case of the same victim after a confirmed match, and a repeat inside the window
reopens a monitoring case (``repeat_reopen``, no new threshold check). Accept, reject,
request information, reconsider and withdraw fire the workflow's triggers, whose guards read
what screening recorded (route evidence, confirmed strands, consent basis).

A referrer may ask the chair to reconsider a rejection (DOMAIN section 4): the request is
kept on the referral and each of the panel's chairs is notified, naming the referral only;
the chair then fires ``reconsider`` here, or leaves the rejection standing. Keyword-only;
the caller commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.service import get_visible_case
from riskpanel.audit.cases import About, record_on
from riskpanel.cases.panel_routes.repository import victim_incident_days
from riskpanel.cases.panel_routes.service import (
    assessment_facts,
    decide,
    order_routes,
    route_json,
    thresholds_for,
)
from riskpanel.cases.transitions.service import fire_transition, open_case
from riskpanel.kit.caller import Caller
from riskpanel.kit.concurrency import check_version, etag, expected_version
from riskpanel.kit.errors import Conflict, InvalidInput
from riskpanel.kit.principal import Principal
from riskpanel.models import (
    Case,
    CasePerson,
    Notification,
    Panel,
    Referral,
    utcnow,
)
from riskpanel.models.enums import AuditAction
from riskpanel.referrals import projections
from riskpanel.referrals import repository as repo
from riskpanel.referrals.projections import ReferralSummary, ScreeningOut
from riskpanel.referrals.schemas import ReconsiderationIn, ScreeningDecision, ScreeningIn
from riskpanel.referrals.screening import repository
from riskpanel.risk import RouteThresholds
from riskpanel.victims.service import open_entitlement
from riskpanel.workflow import WorkflowRegistry
from riskpanel.workflow.registry import get_workflows

REFERRAL_STATES = frozenset(
    {"referred", "screening", "info_requested", "accepted", "rejected", "withdrawn", "closed"}
)
ENDED = frozenset({"closed", "withdrawn", "rejected"})


def referral_status(case_state: str) -> str:
    return case_state if case_state in REFERRAL_STATES else "attached"


def _link(session: Session, referral: Referral, case: Case) -> None:
    """Everything the referral brought now belongs to the case too."""
    assert case.id is not None
    referral.case_id = case.id
    for incident in repository.incidents_of(session, referral.id or 0):
        incident.case_id = case.id
        session.add(incident)
    for row in repository.assessments_of(session, referral.id or 0):
        row.case_id = case.id
        session.add(row)
        case.risk_level, case.risk_score = row.level, row.score
    for party in referral.parties or []:
        exists = party.get("person_id") and repository.has_party(
            session, case.id, party["person_id"], party["role"]
        )
        if not exists:
            session.add(CasePerson(case_id=case.id, referral_id=referral.id, **_party(party)))
    case.children_in_household = case.children_in_household or referral.children_in_household
    session.add_all([referral, case])
    session.flush()
    open_entitlement(session=session, case=case, referral=referral)


def _party(party: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "person_id",
        "role",
        "relationship_to_victim",
        "is_child",
        "known",
        "is_group",
        "group_description",
        "lives_nearby",
    )
    return {k: party.get(k) for k in keys} | {
        "is_child": bool(party.get("is_child")),
        "known": bool(party.get("known", True)),
        "is_group": bool(party.get("is_group")),
    }


def _routes(
    session: Session,
    referral: Referral,
    thresholds: RouteThresholds,
    now: datetime,
    last_referral_at: datetime | None,
) -> list[dict[str, Any]]:
    """Routes now, over all the victim's incidents; the repeat window counts from the
    referral before this one."""
    decision = decide(
        now=now,
        thresholds=thresholds,
        incident_days=victim_incident_days(session, referral.victim_person_id, referral.panel_id),
        assessment=assessment_facts(repo.assessment_of(session, referral.id or 0)),
        last_referral_at=last_referral_at,
        community_trigger=referral.community_trigger,
    )
    return order_routes(route_json(decision), thresholds)


def _audit_link(
    session: Session, principal: Principal, referral: Referral, case: Case, how: str
) -> None:
    action = AuditAction.COMBINATION if how == "attach" else AuditAction.ALTERATION
    fields = ["case_id", "status", "incidents", "parties", "route_evidence"]
    about = About.referral(referral)
    detail = {"decision": how}
    record_on(session, principal, action, "screening", about, fields=fields, detail=detail)


def _open(ctx: ScreeningContext) -> list[str]:
    referral = ctx.referral
    if referral.case_id is not None:
        raise Conflict(
            "This referral is already screened into a case.", extra={"case_id": referral.case_id}
        )
    earlier = repo.other_cases(ctx.session, referral.victim_person_id, referral.panel_id, None)
    last = earlier[0].last_referral_at if earlier else None
    case = open_case(
        session=ctx.session,
        principal=ctx.principal,
        referral=referral,
        workflows=ctx.workflows,
        workflow_name=ctx.panel.workflow_name,
    )
    _link(ctx.session, referral, case)
    case.route_evidence = _routes(ctx.session, referral, ctx.thresholds, ctx.now, last)
    case.strands_confirmed = referral.flags_decided_at is not None
    ctx.session.add(case)
    ctx.session.flush()
    _audit_link(ctx.session, ctx.principal, referral, case, "open_case")
    ctx.fire(case, "start_screening", None)
    return ["start_screening"]


def _attach(ctx: ScreeningContext, data: ScreeningIn) -> list[str]:
    referral, session = ctx.referral, ctx.session
    if data.case_id is None:
        raise InvalidInput.field("case_id", "is required to attach the referral to a case")
    if referral.case_id is not None:
        raise Conflict(
            "This referral is already screened into a case.", extra={"case_id": referral.case_id}
        )
    get_visible_case(
        session=session,
        principal=ctx.principal,
        case_id=data.case_id,
        access_days_after_closure=ctx.access_days,
    )
    case = repo.lock_case(session, data.case_id)
    assert case is not None  # visible a moment ago, and cases are never deleted
    if case.victim_person_id != referral.victim_person_id:
        raise Conflict(
            "The referral's victim is not this case's victim: confirm the person match first "
            "(POST /api/v1/people/matches/{id}/confirm), or open a new case.",
            extra={"victim_person_id": referral.victim_person_id},
        )
    version = expected_version(ctx.if_match, kind="case", object_id=case.id)
    check_version(kind="case", object_id=case.id, current=case.row_version, expected=version)
    if case.state in ENDED:
        raise Conflict(f"The case is {case.state}: open a new case for this referral.")
    previous, fired = case.last_referral_at, []
    if case.state == "monitoring":
        ctx.fire(case, "repeat_reopen", None, expected=version)
        fired.append("repeat_reopen")
    _link(session, referral, case)
    new_routes = _routes(session, referral, ctx.thresholds, ctx.now, previous)
    kinds = {r["kind"] for r in new_routes}
    kept = [r for r in case.route_evidence if r.get("kind") not in kinds]
    case.route_evidence = order_routes([*new_routes, *kept], ctx.thresholds)
    if any(r["kind"] == "repeat" for r in new_routes):
        case.route = "repeat" if fired else case.route
    case.last_referral_at = max(previous, referral.received_at)
    case.strands_confirmed = case.strands_confirmed and referral.flags_decided_at is not None
    case.row_version += 1
    session.add(case)
    session.flush()
    _audit_link(session, ctx.principal, referral, case, "attach")
    return fired


class ScreeningContext:
    """What every screening step needs, so each step stays a short function."""

    def __init__(
        self,
        *,
        session: Session,
        caller: Caller,
        referral: Referral,
        workflows: WorkflowRegistry,
        if_match: str | None,
    ) -> None:
        self.session, self.referral = session, referral
        self.principal, self.access_days = caller.principal, caller.access_days
        self.workflows, self.if_match = workflows, if_match
        self.now = utcnow()
        panel = session.get(Panel, referral.panel_id)
        assert panel is not None  # foreign key
        self.panel = panel
        self.thresholds = thresholds_for(panel, workflows, caller.settings)

    def fire(
        self,
        case: Case,
        trigger: str,
        reason: str | None,
        *,
        expected: int | None = None,
        fields: dict[str, Any] | None = None,
    ) -> Case:
        result = fire_transition(
            session=self.session,
            principal=self.principal,
            case_id=case.id or 0,
            trigger=trigger,
            expected_version=expected,
            workflows=self.workflows,
            reason=reason,
            fields=fields,
            access_days_after_closure=self.access_days,
        )
        return result.case


def _transition(ctx: ScreeningContext, data: ScreeningIn) -> list[str]:
    referral = ctx.referral
    if referral.case_id is None:
        raise Conflict("Open a case for this referral first (decision open_case or attach).")
    version = expected_version(ctx.if_match, kind="case", object_id=referral.case_id)
    fields: dict[str, Any] = {}
    if data.decision == ScreeningDecision.ACCEPT:
        if not data.route:
            raise InvalidInput.field("route", "is required to accept: the route into the panel")
        fields["route"] = data.route
    case = ctx.session.get(Case, referral.case_id)
    assert case is not None  # foreign key
    ctx.fire(case, data.decision.value, data.reason, expected=version, fields=fields)
    return [data.decision.value]


def screen(
    *,
    session: Session,
    caller: Caller,
    referral_id: int,
    data: ScreeningIn,
    if_match: str | None,
    workflows: WorkflowRegistry | None = None,
) -> ScreeningOut:
    """Screen one referral; ``workflows`` defaults to the registry of the caller's settings
    (the demo brings its own)."""
    referral = repo.visible_referral(session, caller.principal, referral_id, lock=True)
    workflows = workflows or get_workflows(caller.settings)
    ctx = ScreeningContext(
        session=session, caller=caller, referral=referral, workflows=workflows, if_match=if_match
    )
    if data.decision == ScreeningDecision.OPEN_CASE:
        fired = _open(ctx)
    elif data.decision == ScreeningDecision.ATTACH:
        fired = _attach(ctx, data)
    else:
        fired = _transition(ctx, data)
    case = session.get(Case, referral.case_id) if referral.case_id else None
    if case is not None:
        session.flush()  # the transition's changes are pending on the identity-mapped case
        referral.status = referral_status(case.state)
        session.add(referral)
        session.flush()
    return ScreeningOut(
        referral=projections.summary(referral),
        case=projections.case_brief(case),
        case_etag=etag("case", case.id, case.row_version) if case else None,
        fired=fired,
    )


NOTIFICATION_KIND = "reconsideration_requested"


def _notify_chairs(session: Session, referral: Referral, case: Case) -> None:
    chairs = repository.active_chairs(session, referral.panel_id)
    count = len((referral.route_decision or {}).get("reconsideration_requests", []))
    for chair in chairs:
        session.add(
            Notification(
                kind=NOTIFICATION_KIND,
                channel="email",
                user_id=chair.id,
                case_reference=case.reference,
                payload={"referral": referral.reference, "case": case.reference},
                dedupe_key=f"{NOTIFICATION_KIND}:{referral.id}:{count}:{chair.id}",
            )
        )


def request_reconsideration(
    *,
    session: Session,
    caller: Caller,
    referral_id: int,
    data: ReconsiderationIn,
) -> ReferralSummary:
    principal = caller.principal
    referral = repo.visible_referral(
        session,
        principal,
        referral_id,
        access_days_after_closure=caller.access_days,
        lock=True,
    )
    require(
        session=session,
        principal=principal,
        operation="referrals.reconsideration",
        obj=WriteObject(referral=referral),
    )
    case = session.get(Case, referral.case_id) if referral.case_id else None
    if case is None or case.state != "rejected":
        raise Conflict("Only a rejected referral can be sent to the chair for reconsideration.")
    decision = dict(referral.route_decision or {})
    requests = list(decision.get("reconsideration_requests", []))
    requests.append({"by": principal.label, "at": utcnow().isoformat(), "reason": data.reason})
    decision["reconsideration_requests"] = requests
    referral.route_decision = decision
    referral.status = "escalated"
    session.add(referral)
    session.flush()
    _notify_chairs(session, referral, case)
    fields = ["status", "reconsideration_requests"]
    about = About.referral(referral)
    told = ["chair"]
    record_on(
        session,
        principal,
        AuditAction.ALTERATION,
        "screening",
        about,
        fields=fields,
        recipients=told,
    )
    return projections.summary(referral)
