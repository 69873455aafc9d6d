"""A screening decision queues a notice to the referrer in the same transaction."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from riskpanel.cases.transitions.service import fire_transition
from riskpanel.config import Settings
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.models import Notification
from riskpanel.workflow.registry import get_workflows
from tests.actions.factories import set_endpoint
from tests.factories import make_case, make_victim
from tests.fixtures import World


def _with_webhook(session: Session, world: World) -> None:
    set_endpoint(session, world.agencies["police"].id or 0, "http://127.0.0.1:9/hook", "s" * 32)
    session.commit()


def test_accept_queues_a_reference_only_notice_for_the_referrer(
    session: Session, settings: Settings, world: World
) -> None:
    _with_webhook(session, world)
    victim = make_victim(session, given_name="Zoltan", family_name="Quixwell")
    case = make_case(session, world, settings, state="screening", victim=victim)
    coordinator = Principal(role="coordinator", label="C", panel_id=world.panel.id)
    fire_transition(
        session=session,
        principal=coordinator,
        case_id=case.id or 0,
        trigger="accept",
        expected_version=1,
        workflows=get_workflows(settings),
        fields={"route": "high_risk"},
    )
    session.commit()
    notices = session.exec(select(Notification).where(Notification.kind == "case.accepted")).all()
    assert [(n.agency_id, n.channel, n.case_reference) for n in notices] == [
        (world.agencies["police"].id, "webhook", case.reference)
    ]
    assert "Quixwell" not in str(notices[0].payload) and "Zoltan" not in str(notices[0].payload)


def test_a_refused_transition_queues_nothing(
    session: Session, settings: Settings, world: World
) -> None:
    _with_webhook(session, world)
    case = make_case(session, world, settings, state="screening", strands_confirmed=False)
    coordinator = Principal(role="coordinator", label="C", panel_id=world.panel.id)
    with pytest.raises(RiskPanelError):
        fire_transition(
            session=session,
            principal=coordinator,
            case_id=case.id or 0,
            trigger="accept",
            expected_version=1,
            workflows=get_workflows(settings),
            fields={"route": "high_risk"},
        )
    session.rollback()
    assert session.exec(select(Notification)).all() == []
