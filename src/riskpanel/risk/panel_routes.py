"""Which routes bring a victim's case to the panel, each with the evidence for it.

Pure evaluation over plain facts, so screening can show the coordinator exactly why a case
qualifies ("3 incidents in 12 months: ...") and a test can pin every boundary. A case is keyed
on the victim or household, not on the victim-perpetrator pair, because in hate crime the
perpetrator is often unknown or a changing group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from riskpanel.kit.errors import InvalidInput
from riskpanel.risk.levels import RiskLevel
from riskpanel.risk.scoring import Assessment
from riskpanel.risk.timeframes import DEFAULT_TIMEZONE, add_months, local_date


class RouteKind(StrEnum):
    REPEAT = "repeat"
    HIGH_RISK = "high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    ESCALATION = "escalation"
    COMMUNITY_TRIGGER = "community_trigger"


class RouteThresholds(BaseModel):
    """A panel's thresholds (from its workflow file); the defaults are the common practice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    high_risk_level: RiskLevel = RiskLevel.HIGH
    high_risk_score: int | None = Field(
        None, ge=1, description="If set, this score qualifies whatever the level band says."
    )
    escalation_incidents: int = Field(3, ge=2)
    escalation_months: int = Field(12, ge=1)
    repeat_window_months: int = Field(12, ge=1)
    community_trigger_enabled: bool = False
    # ASB, Crime and Policing Act 2014 s.104: a local threshold may not demand more than
    # 3 complaints in 6 months, so a stricter setting is refused.
    community_trigger_complaints: int = Field(3, ge=1, le=3)
    community_trigger_months: int = Field(6, ge=6)
    community_trigger_hate_incidents: int | None = Field(
        None, ge=1, description="Many areas accept a single hate incident; None to not use."
    )
    timezone: str = DEFAULT_TIMEZONE
    priority: tuple[RouteKind, ...] = tuple(RouteKind)

    @model_validator(mode="after")
    def _priority_lists_every_route(self) -> RouteThresholds:
        if sorted(self.priority) != sorted(RouteKind) or len(self.priority) != len(RouteKind):
            raise ValueError("priority must list every route exactly once")
        return self


@dataclass(frozen=True)
class Complaint:
    """A complaint about anti-social behaviour, for the Community Trigger route."""

    received_at: date | datetime
    hate_related: bool = False


@dataclass(frozen=True)
class RouteFacts:
    """What screening knows about the victim or household, as plain data."""

    now: datetime
    score: int | None = None
    actuarial_level: RiskLevel | None = None
    judgement_level: RiskLevel | None = None
    judgement_reason: str | None = None
    incidents: Sequence[date | datetime] = ()
    last_referral_at: date | datetime | None = None
    complaints: Sequence[Complaint] = ()

    @classmethod
    def from_assessment(cls, assessment: Assessment | None, **facts: object) -> RouteFacts:
        """Facts with the score, actuarial level and judgement taken from an assessment."""
        if assessment is not None:
            judgement = assessment.judgement
            facts.setdefault("score", assessment.score)
            facts.setdefault("actuarial_level", assessment.actuarial_level)
            facts.setdefault("judgement_level", judgement.level if judgement else None)
            facts.setdefault("judgement_reason", judgement.reason if judgement else None)
        return cls(**facts)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    evidence: str
    dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class RouteDecision:
    routes: tuple[Route, ...]
    primary: Route | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return self.primary is not None

    def has(self, kind: RouteKind) -> bool:
        return any(r.kind is kind for r in self.routes)


def _listed(dates: Sequence[date]) -> str:
    return ", ".join(d.isoformat() for d in dates)


def _in_window(days: Sequence[date], start: date, end: date) -> list[date]:
    """Dates from ``start`` to ``end``, both inclusive (the anniversary still counts)."""
    return sorted(d for d in days if start <= d <= end)


def _repeat(facts: RouteFacts, th: RouteThresholds, today: date) -> tuple[Route | None, list[str]]:
    """Any new incident within the window after the last referral; no threshold check."""
    if facts.last_referral_at is None:
        return None, []
    referred = local_date(facts.last_referral_at, th.timezone)
    window_end = add_months(referred, th.repeat_window_months)
    after = sorted(
        local_date(i, th.timezone)
        for i in facts.incidents
        if _is_after(i, facts.last_referral_at, th.timezone)
    )
    inside = _in_window(after, referred, min(window_end, today))
    late = [d for d in after if d > window_end]
    notes = []
    if late:
        notes.append(
            f"incident(s) on {_listed(late)} fall more than {th.repeat_window_months} months "
            f"after the last referral ({referred.isoformat()}): a new referral, not a repeat"
        )
    if not inside:
        return None, notes
    evidence = (
        f"{len(inside)} new incident(s) within {th.repeat_window_months} months of the last "
        f"referral on {referred.isoformat()}: {_listed(inside)}"
    )
    return Route(RouteKind.REPEAT, evidence, tuple(inside)), notes


def _is_after(incident: date | datetime, referral: date | datetime, tz: str) -> bool:
    """Compare instants when both are timestamps, otherwise local calendar dates."""
    if isinstance(incident, datetime) and isinstance(referral, datetime):
        return _aware(incident) > _aware(referral)
    return local_date(incident, tz) > local_date(referral, tz)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _high_risk(facts: RouteFacts, th: RouteThresholds) -> Route | None:
    by_level = facts.actuarial_level is not None and facts.actuarial_level >= th.high_risk_level
    by_score = (
        th.high_risk_score is not None
        and facts.score is not None
        and facts.score >= th.high_risk_score
    )
    if not (by_level or by_score):
        return None
    parts = []
    if by_level:
        parts.append(f"checklist level {facts.actuarial_level} (score {facts.score})")
    if by_score:
        parts.append(f"score {facts.score} reaches the threshold of {th.high_risk_score}")
    return Route(RouteKind.HIGH_RISK, "; ".join(parts))


def _judgement(facts: RouteFacts, th: RouteThresholds) -> Route | None:
    if facts.judgement_level is None:
        return None
    if not facts.judgement_reason or not facts.judgement_reason.strip():
        raise InvalidInput.field("judgement_reason", "a reason is required for judgement")
    if facts.actuarial_level is not None and facts.judgement_level < facts.actuarial_level:
        raise InvalidInput.field(
            "judgement_level", "professional judgement may raise the level, never lower it"
        )
    if facts.judgement_level < th.high_risk_level:
        return None
    evidence = f"professional judgement of {facts.judgement_level} risk: {facts.judgement_reason}"
    return Route(RouteKind.PROFESSIONAL_JUDGEMENT, evidence)


def _escalation(facts: RouteFacts, th: RouteThresholds, today: date) -> Route | None:
    start = add_months(today, -th.escalation_months)
    days = [local_date(i, th.timezone) for i in facts.incidents]
    inside = _in_window(days, start, today)
    if len(inside) < th.escalation_incidents:
        return None
    evidence = (
        f"{len(inside)} incidents in {th.escalation_months} months "
        f"(threshold {th.escalation_incidents}, since {start.isoformat()}): {_listed(inside)}"
    )
    return Route(RouteKind.ESCALATION, evidence, tuple(inside))


def _community_trigger(facts: RouteFacts, th: RouteThresholds, today: date) -> Route | None:
    if not th.community_trigger_enabled:
        return None
    start = add_months(today, -th.community_trigger_months)
    dated = [(local_date(c.received_at, th.timezone), c.hate_related) for c in facts.complaints]
    inside = _in_window([d for d, _ in dated], start, today)
    hate = _in_window([d for d, h in dated if h], start, today)
    months = th.community_trigger_months
    if len(inside) >= th.community_trigger_complaints:
        evidence = (
            f"{len(inside)} complaints in {months} months "
            f"(threshold {th.community_trigger_complaints}): {_listed(inside)}"
        )
        return Route(RouteKind.COMMUNITY_TRIGGER, evidence, tuple(inside))
    needed = th.community_trigger_hate_incidents
    if needed is not None and len(hate) >= needed:
        evidence = (
            f"{len(hate)} hate-related complaint(s) in {months} months "
            f"(threshold {needed}): {_listed(hate)}"
        )
        return Route(RouteKind.COMMUNITY_TRIGGER, evidence, tuple(hate))
    return None


def evaluate_routes(facts: RouteFacts, thresholds: RouteThresholds | None = None) -> RouteDecision:
    """Every route that applies, with evidence, and the primary one by the panel's priority."""
    th = thresholds or RouteThresholds()
    today = local_date(facts.now, th.timezone)
    repeat, notes = _repeat(facts, th, today)
    found = [
        repeat,
        _high_risk(facts, th),
        _judgement(facts, th),
        _escalation(facts, th, today),
        _community_trigger(facts, th, today),
    ]
    by_kind = {r.kind: r for r in found if r is not None}
    ordered = tuple(by_kind[k] for k in th.priority if k in by_kind)
    primary = ordered[0] if ordered else None
    return RouteDecision(routes=ordered, primary=primary, notes=tuple(notes))
