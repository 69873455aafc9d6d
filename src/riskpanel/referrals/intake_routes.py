"""Routes and the Victims' Code clock for a referral as it arrives.

At intake the victim is a new record, so a repeat can only be *provisional*: when a
suggested match points at an existing case, the repeat route is shown to the panel with
the match it depends on, and becomes definite only when a coordinator confirms the match
and attaches the referral (screening). Provisional routes are never shown to the referring
agency, since they reveal another case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from riskpanel.cases.panel_routes.service import (
    assessment_facts,
    decide,
    order_routes,
    route_json,
    thresholds_for,
)
from riskpanel.config import Settings
from riskpanel.models import Incident, Panel, PersonMatch, Referral, RiskAssessment
from riskpanel.models.enums import IncidentKind
from riskpanel.referrals import repository as repo
from riskpanel.referrals.schemas import ReferralCreate
from riskpanel.risk import RouteThresholds
from riskpanel.victims import rules as vc
from riskpanel.workflow import WorkflowRegistry


def _provisional_repeat(
    session: Session,
    referral: Referral,
    incidents: list[Incident],
    suggestions: list[PersonMatch],
    thresholds: RouteThresholds,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[str]]:
    """A repeat through the best suggested match that has a case in this panel."""
    for match in sorted(suggestions, key=lambda m: -m.score):
        other = (
            match.person_a_id
            if match.person_b_id == referral.victim_person_id
            else match.person_b_id
        )
        cases = repo.other_cases(session, other, referral.panel_id, None)
        if not cases:
            continue
        case = cases[0]
        decision = decide(
            now=now,
            thresholds=thresholds,
            incident_days=[i.occurred_on for i in incidents],
            assessment={},
            last_referral_at=case.last_referral_at,
        )
        condition = (
            f"if the suggested match (score {match.score:.2f}) with the victim of case "
            f"{case.reference} is confirmed"
        )
        routes = [
            {
                **r,
                "primary": False,
                "provisional": True,
                "case_id": case.id,
                "match_id": match.id,
                "evidence": f"{condition}: {r['evidence']}",
            }
            for r in route_json(decision)
            if r["kind"] == "repeat"
        ]
        return routes, [f"{condition}: {note}" for note in decision.notes]
    return [], []


def intake_routes(
    *,
    session: Session,
    referral: Referral,
    incidents: list[Incident],
    assessment: RiskAssessment | None,
    suggestions: list[PersonMatch],
    panel: Panel,
    workflows: WorkflowRegistry,
    settings: Settings,
    now: datetime,
) -> dict[str, Any]:
    thresholds = thresholds_for(panel, workflows, settings)
    decision = decide(
        now=now,
        thresholds=thresholds,
        incident_days=[i.occurred_on for i in incidents],
        assessment=assessment_facts(assessment),
        community_trigger=referral.community_trigger,
    )
    routes = order_routes(route_json(decision), thresholds)
    provisional, provisional_notes = _provisional_repeat(
        session, referral, incidents, suggestions, thresholds, now
    )
    return {
        "routes": [*routes, *provisional],
        "eligible": bool(routes),
        "notes": list(decision.notes),
        "provisional_notes": provisional_notes,
        "computed_at": now.isoformat(),
    }


def intake_victims_code(
    *, data: ReferralCreate, panel: Panel, workflows: WorkflowRegistry, settings: Settings
) -> dict[str, Any]:
    """Deadlines from when the (latest) crime was reported; none for incidents only."""
    crimes = [i for i in data.incidents if i.kind == IncidentKind.CRIME]
    if not crimes:
        return vc.not_applicable(
            "no crime is reported: the Victims' Code entitlements apply to victims of crime"
        )
    return vc.plan(
        reported_at=max(i.reported_at for i in crimes),
        enhanced=data.victims_code.enhanced_rights,
        support_opt_out=data.victims_code.support_opt_out,
        rules=vc.rules_for(settings, workflows.get(panel.workflow_name)),
    )
