"""Timers live in the database and fire exactly once, however often tick runs."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.cases.transitions.service import fire_transition
from riskpanel.config import Settings
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, Case, CaseHistory, Timer, utcnow
from riskpanel.timers.service import tick
from riskpanel.workflow.registry import get_workflows
from tests.factories import make_case, refresh_view
from tests.fixtures import World


def _to_actions_open(session: Session, settings: Settings, world: World) -> Case:
    case = make_case(session, world, settings, state="heard")
    session.add(
        Action(
            reference=f"A-T-{case.id}",
            case_id=case.id or 0,
            agency_id=world.agencies["housing"].id or 0,
            description="Fit locks",
            due_on=utcnow().date() + timedelta(days=14),
        )
    )
    session.commit()
    chair = Principal(role="chair", label="Chair", panel_id=world.panel.id)
    fire_transition(
        session=session,
        principal=chair,
        case_id=case.id or 0,
        trigger="agree_actions",
        expected_version=None,
        workflows=get_workflows(settings),
    )
    session.commit()
    return case


def test_review_due_timer_is_armed_and_fires_once(
    session: Session, settings: Settings, world: World, engine: Engine
) -> None:
    case = _to_actions_open(session, settings, world)
    timer = session.exec(
        select(Timer).where(Timer.case_id == case.id, Timer.kind == "review_due")
    ).one()
    assert timedelta(weeks=6) - timedelta(minutes=1) < timer.due_at - utcnow() <= timedelta(weeks=6)
    early = tick(engine, now=utcnow())
    assert early.fired.get("review_due", 0) == 0
    later = utcnow() + timedelta(weeks=6, days=1)
    first = tick(engine, now=later)
    second = tick(engine, now=later)
    assert first.fired["review_due"] == 1
    assert second.fired["review_due"] == 0
    refresh_view(session)
    assert session.get(Case, case.id).state == "review"  # type: ignore[union-attr]
    system_moves = session.exec(
        select(CaseHistory).where(
            CaseHistory.case_id == case.id, CaseHistory.trigger == "start_review"
        )
    ).all()
    assert [h.actor_label for h in system_moves] == ["riskpanel (timer)"]


def test_leaving_the_state_cancels_its_firing_timer(
    session: Session, settings: Settings, world: World, engine: Engine
) -> None:
    case = _to_actions_open(session, settings, world)
    chair = Principal(role="chair", label="Chair", panel_id=world.panel.id)
    fire_transition(
        session=session,
        principal=chair,
        case_id=case.id or 0,
        trigger="start_review",
        expected_version=None,
        workflows=get_workflows(settings),
    )
    session.commit()
    timer = session.exec(
        select(Timer).where(Timer.case_id == case.id, Timer.kind == "review_due")
    ).one()
    assert timer.cancelled_at is not None
    assert tick(engine, now=utcnow() + timedelta(weeks=7)).fired["review_due"] == 0


def test_concurrent_ticks_fire_each_timer_once(
    session: Session, settings: Settings, world: World, engine: Engine
) -> None:
    cases = [_to_actions_open(session, settings, world) for _ in range(4)]
    later = utcnow() + timedelta(weeks=6, days=1)
    totals: list[int] = []
    barrier = threading.Barrier(3)

    def run() -> None:
        barrier.wait()
        totals.append(tick(engine, now=later).fired["review_due"])

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(totals) == len(cases)
    refresh_view(session)
    states = {session.get(Case, c.id).state for c in cases}  # type: ignore[union-attr]
    assert states == {"review"}
