"""Routes into the panel for a referral (at intake) and for a case (at screening and after
each assessment), with the evidence the coordinator sees.

The rules themselves are pure (``riskpanel.risk.panel_routes``); this module gathers the facts
(through ``repository``) and stores the result as plain JSON, in the shape the workflow's
``route_evidenced`` guard reads (``{"kind": ..., "evidence": ...}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from riskpanel.cases.panel_routes import repository
from riskpanel.config import Settings
from riskpanel.models import Case, Panel, RiskAssessment
from riskpanel.risk import Complaint, RouteDecision, RouteFacts, RouteKind, RouteThresholds
from riskpanel.risk import evaluate_routes as evaluate
from riskpanel.risk.levels import RiskLevel
from riskpanel.workflow import WorkflowRegistry

ASSESSMENT_ROUTES = frozenset({RouteKind.HIGH_RISK.value, RouteKind.PROFESSIONAL_JUDGEMENT.value})
_INT_FIELDS = (
    "high_risk_score",
    "escalation_incidents",
    "escalation_months",
    "repeat_window_months",
    "community_trigger_complaints",
    "community_trigger_months",
    "community_trigger_hate_incidents",
)


def thresholds_for(
    panel: Panel, workflows: WorkflowRegistry, settings: Settings
) -> RouteThresholds:
    """The workflow file's thresholds, overridden by the panel's own (both are data)."""
    merged: dict[str, Any] = {**workflows.get(panel.workflow_name).thresholds}
    merged.update(panel.thresholds or {})
    values: dict[str, Any] = {k: int(merged[k]) for k in _INT_FIELDS if merged.get(k) is not None}
    if "community_trigger_enabled" in merged:
        values["community_trigger_enabled"] = bool(merged["community_trigger_enabled"])
    if isinstance(merged.get("high_risk_level"), str):
        values["high_risk_level"] = RiskLevel(merged["high_risk_level"])
    return RouteThresholds(**values, timezone=settings.timezone)


def assessment_facts(row: RiskAssessment | None) -> dict[str, Any]:
    """RouteFacts fields from a stored assessment (judgement only when a reason was given)."""
    if row is None:
        return {}
    judged = bool(row.judgement_reason)
    return {
        "score": row.score,
        "actuarial_level": RiskLevel(row.actuarial_level),
        "judgement_level": RiskLevel(row.level) if judged else None,
        "judgement_reason": row.judgement_reason if judged else None,
    }


def complaints(incident_days: Iterable[date], community_trigger: bool) -> list[Complaint]:
    """A referral made under the Community Trigger counts each hate incident as a complaint."""
    if not community_trigger:
        return []
    return [Complaint(received_at=d, hate_related=True) for d in incident_days]


def route_json(decision: RouteDecision, **extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": r.kind.value,
            "evidence": r.evidence,
            "dates": [d.isoformat() for d in r.dates],
            "primary": decision.primary is not None and r.kind is decision.primary.kind,
            **extra,
        }
        for r in decision.routes
    ]


def decide(
    *,
    now: datetime,
    thresholds: RouteThresholds,
    incident_days: Sequence[date],
    assessment: dict[str, Any],
    last_referral_at: datetime | None = None,
    community_trigger: bool = False,
) -> RouteDecision:
    facts = RouteFacts(
        now=now,
        incidents=tuple(incident_days),
        last_referral_at=last_referral_at,
        complaints=tuple(complaints(incident_days, community_trigger)),
        **assessment,
    )
    return evaluate(facts, thresholds)


def case_routes(
    *,
    session: Session,
    case: Case,
    thresholds: RouteThresholds,
    now: datetime,
    last_referral_at: datetime | None,
    community_trigger: bool = False,
) -> RouteDecision:
    """Routes for a case: all the victim's incidents, its latest assessment, and the repeat
    window counted from ``last_referral_at`` (the referral before this one, if any)."""
    assert case.id is not None and case.victim_person_id is not None
    return decide(
        now=now,
        thresholds=thresholds,
        incident_days=repository.victim_incident_days(
            session, case.victim_person_id, case.panel_id
        ),
        assessment=assessment_facts(repository.latest_case_assessment(session, case.id)),
        last_referral_at=last_referral_at,
        community_trigger=community_trigger,
    )


def refresh_assessment_routes(
    *, session: Session, case: Case, thresholds: RouteThresholds, now: datetime
) -> list[dict[str, Any]]:
    """After a new assessment: replace the checklist and judgement routes, keep the others
    (a repeat found at screening stays evidenced)."""
    decision = case_routes(
        session=session, case=case, thresholds=thresholds, now=now, last_referral_at=None
    )
    fresh = [
        r
        for r in route_json(decision)
        if r["kind"] in ASSESSMENT_ROUTES or r["kind"] == "escalation"
    ]
    kept = [
        r
        for r in case.route_evidence
        if r.get("kind") not in ASSESSMENT_ROUTES and r.get("kind") != "escalation"
    ]
    return order_routes([*kept, *fresh], thresholds)


def order_routes(routes: list[dict[str, Any]], thresholds: RouteThresholds) -> list[dict[str, Any]]:
    """The panel's priority order; the first is marked primary."""
    rank = {k.value: i for i, k in enumerate(thresholds.priority)}
    ordered = sorted(routes, key=lambda r: rank.get(str(r.get("kind")), len(rank)))
    return [{**r, "primary": i == 0} for i, r in enumerate(ordered)]
