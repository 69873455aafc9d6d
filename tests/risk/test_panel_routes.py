"""Routes into the panel: each route, its evidence and its boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from riskpanel.kit.errors import InvalidInput
from riskpanel.risk.levels import RiskLevel
from riskpanel.risk.panel_routes import (
    Complaint,
    RouteFacts,
    RouteKind,
    RouteThresholds,
    evaluate_routes,
)
from riskpanel.risk.scoring import Assessment, Judgement
from riskpanel.risk.timeframes import add_months

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=LONDON)


def _facts(**kw: object) -> RouteFacts:
    return RouteFacts(now=NOW, **kw)


def test_nothing_applies_without_facts() -> None:
    decision = evaluate_routes(_facts())
    assert decision.routes == ()
    assert decision.primary is None
    assert not decision.eligible


def test_high_risk_by_level_and_by_score() -> None:
    by_level = evaluate_routes(_facts(score=15, actuarial_level=RiskLevel.HIGH))
    assert by_level.primary is not None
    assert by_level.primary.kind is RouteKind.HIGH_RISK
    assert "checklist level high (score 15)" in by_level.primary.evidence
    medium = _facts(score=12, actuarial_level=RiskLevel.MEDIUM)
    assert not evaluate_routes(medium).eligible
    by_score = evaluate_routes(medium, RouteThresholds(high_risk_score=12))
    assert by_score.has(RouteKind.HIGH_RISK)
    assert "score 12 reaches the threshold of 12" in by_score.routes[0].evidence
    lower_bar = evaluate_routes(medium, RouteThresholds(high_risk_level=RiskLevel.MEDIUM))
    assert lower_bar.has(RouteKind.HIGH_RISK)


def test_professional_judgement_route_carries_the_reason() -> None:
    facts = _facts(
        score=4,
        actuarial_level=RiskLevel.MEDIUM,
        judgement_level=RiskLevel.HIGH,
        judgement_reason="perpetrator moved in next door",
    )
    decision = evaluate_routes(facts)
    assert [r.kind for r in decision.routes] == [RouteKind.PROFESSIONAL_JUDGEMENT]
    assert "perpetrator moved in next door" in decision.routes[0].evidence


def test_judgement_needs_a_reason_and_cannot_lower() -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluate_routes(_facts(judgement_level=RiskLevel.HIGH, judgement_reason=" "))
    assert caught.value.errors[0].field == "judgement_reason"
    with pytest.raises(InvalidInput) as caught:
        evaluate_routes(
            _facts(
                actuarial_level=RiskLevel.HIGH,
                judgement_level=RiskLevel.MEDIUM,
                judgement_reason="x",
            )
        )
    assert caught.value.errors[0].field == "judgement_level"


def test_facts_from_assessment() -> None:
    assessment = Assessment(
        checklist_name="c",
        checklist_version="1",
        score=3,
        max_score=28,
        score_level=RiskLevel.STANDARD,
        actuarial_level=RiskLevel.STANDARD,
        significant_concerns=(),
        unanswered=(),
        level=RiskLevel.HIGH,
        judgement=Judgement(level=RiskLevel.HIGH, reason="threats to children"),
    )
    facts = RouteFacts.from_assessment(assessment, now=NOW)
    assert evaluate_routes(facts).primary.kind is RouteKind.PROFESSIONAL_JUDGEMENT


def test_escalation_counts_an_incident_exactly_twelve_months_ago() -> None:
    incidents = [date(2025, 6, 15), date(2026, 1, 2), date(2026, 6, 1)]
    decision = evaluate_routes(_facts(incidents=incidents))
    assert decision.primary is not None
    assert decision.primary.kind is RouteKind.ESCALATION
    assert decision.primary.evidence.startswith("3 incidents in 12 months")
    assert decision.primary.evidence.endswith("2025-06-15, 2026-01-02, 2026-06-01")
    assert decision.primary.dates == tuple(incidents)


def test_escalation_misses_an_incident_a_day_too_old() -> None:
    incidents = [date(2025, 6, 14), date(2026, 1, 2), date(2026, 6, 1)]
    assert not evaluate_routes(_facts(incidents=incidents)).eligible


def test_escalation_ignores_future_dates_and_uses_london_dates() -> None:
    # 23:30 UTC on 14 June 2025 is 00:30 BST on 15 June: inside the window.
    late_night = datetime(2025, 6, 14, 23, 30, tzinfo=UTC)
    incidents = [late_night, date(2026, 1, 2), date(2026, 6, 20)]
    assert not evaluate_routes(_facts(incidents=incidents)).eligible
    incidents[2] = date(2026, 6, 15)
    assert evaluate_routes(_facts(incidents=incidents)).has(RouteKind.ESCALATION)


def test_escalation_threshold_is_configurable() -> None:
    incidents = [date(2026, m, 1) for m in (1, 2, 3, 4)]
    five = RouteThresholds(escalation_incidents=5)
    assert not evaluate_routes(_facts(incidents=incidents), five).eligible
    incidents.append(date(2026, 5, 1))
    assert evaluate_routes(_facts(incidents=incidents), five).has(RouteKind.ESCALATION)


def test_repeat_needs_no_threshold_and_counts_the_anniversary() -> None:
    facts = _facts(
        last_referral_at=datetime(2025, 6, 15, 9, 0, tzinfo=UTC),
        incidents=[date(2025, 5, 1), date(2026, 6, 15)],
        score=0,
        actuarial_level=RiskLevel.STANDARD,
    )
    decision = evaluate_routes(facts)
    assert [r.kind for r in decision.routes] == [RouteKind.REPEAT]
    assert decision.primary is not None
    assert decision.primary.dates == (date(2026, 6, 15),)
    assert "last referral on 2025-06-15" in decision.primary.evidence


def test_after_the_repeat_window_it_is_a_new_referral() -> None:
    facts = RouteFacts(
        now=datetime(2026, 7, 1, tzinfo=LONDON),
        last_referral_at=date(2025, 6, 15),
        incidents=[date(2026, 6, 16)],
    )
    decision = evaluate_routes(facts)
    assert not decision.has(RouteKind.REPEAT)
    assert any("a new referral, not a repeat" in n for n in decision.notes)


def test_repeat_ignores_the_incident_that_caused_the_referral() -> None:
    referred = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    facts = _facts(last_referral_at=referred, incidents=[datetime(2026, 3, 1, 8, 0, tzinfo=UTC)])
    assert not evaluate_routes(facts).has(RouteKind.REPEAT)
    same_day_later = _facts(
        last_referral_at=referred, incidents=[datetime(2026, 3, 1, 18, 0, tzinfo=UTC)]
    )
    assert evaluate_routes(same_day_later).has(RouteKind.REPEAT)


def test_repeat_is_primary_over_other_routes_unless_priority_says_otherwise() -> None:
    facts = _facts(
        actuarial_level=RiskLevel.HIGH,
        score=20,
        last_referral_at=date(2026, 1, 1),
        incidents=[date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)],
    )
    decision = evaluate_routes(facts)
    assert [r.kind for r in decision.routes] == [
        RouteKind.REPEAT,
        RouteKind.HIGH_RISK,
        RouteKind.ESCALATION,
    ]
    assert decision.primary == decision.routes[0]
    order = (
        RouteKind.HIGH_RISK,
        RouteKind.REPEAT,
        RouteKind.PROFESSIONAL_JUDGEMENT,
        RouteKind.ESCALATION,
        RouteKind.COMMUNITY_TRIGGER,
    )
    custom = evaluate_routes(facts, RouteThresholds(priority=order))
    assert custom.primary is not None
    assert custom.primary.kind is RouteKind.HIGH_RISK


def test_community_trigger_is_off_unless_enabled() -> None:
    complaints = [Complaint(date(2026, m, 1)) for m in (2, 3, 4)]
    assert not evaluate_routes(_facts(complaints=complaints)).eligible
    enabled = RouteThresholds(community_trigger_enabled=True)
    decision = evaluate_routes(_facts(complaints=complaints), enabled)
    assert decision.has(RouteKind.COMMUNITY_TRIGGER)
    assert decision.routes[0].evidence.startswith("3 complaints in 6 months")


def test_community_trigger_window_boundaries() -> None:
    enabled = RouteThresholds(community_trigger_enabled=True)
    edge = [Complaint(date(2025, 12, 15)), Complaint(date(2026, 3, 1)), Complaint(date(2026, 6, 1))]
    assert evaluate_routes(_facts(complaints=edge), enabled).has(RouteKind.COMMUNITY_TRIGGER)
    edge[0] = Complaint(date(2025, 12, 14))
    assert not evaluate_routes(_facts(complaints=edge), enabled).eligible


def test_community_trigger_may_accept_one_hate_incident() -> None:
    th = RouteThresholds(community_trigger_enabled=True, community_trigger_hate_incidents=1)
    decision = evaluate_routes(_facts(complaints=[Complaint(date(2026, 5, 1), True)]), th)
    assert decision.has(RouteKind.COMMUNITY_TRIGGER)
    assert "hate-related" in decision.routes[0].evidence


@pytest.mark.parametrize(
    "kwargs",
    [
        {"community_trigger_complaints": 4},
        {"community_trigger_months": 3},
        {"escalation_incidents": 1},
        {"priority": (RouteKind.REPEAT,)},
        {"unknown_setting": 1},
    ],
)
def test_thresholds_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RouteThresholds(**kwargs)


def test_thresholds_load_from_plain_data() -> None:
    th = RouteThresholds.model_validate({"escalation_incidents": 5, "high_risk_level": "medium"})
    assert th.escalation_incidents == 5
    assert th.high_risk_level is RiskLevel.MEDIUM


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 6, 15), -12, date(2025, 6, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
