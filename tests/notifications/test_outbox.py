"""The outbox: queued in the caller's transaction, once per dedupe key, references only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from riskpanel.models import Notification
from riskpanel.notifications.messages import email_text, webhook_body
from riskpanel.notifications.service import enqueue, notify_agency, notify_coordinators
from tests.actions.factories import update_agency
from tests.factories import refresh_view
from tests.fixtures import World

DATA = {"action_reference": "A-2026-000007", "case_reference": "HC-2026-000003"}


def _queued(session: Session) -> list[Notification]:
    refresh_view(session)
    return list(session.exec(select(Notification)).all())


def test_a_dedupe_key_queues_once(engine: Engine, world: World, session: Session) -> None:
    police = world.agencies["police"].id
    with Session(engine) as s:
        kw = {"kind": "action.overdue", "channel": "webhook", "data": DATA, "agency_id": police}
        assert enqueue(session=s, dedupe_key="timer:1:webhook", **kw) is not None
        assert enqueue(session=s, dedupe_key="timer:1:webhook", **kw) is None
        s.commit()
    with Session(engine) as s:
        assert enqueue(session=s, dedupe_key="timer:1:webhook", **kw) is None
    assert len(_queued(session)) == 1


def test_a_rolled_back_change_queues_nothing(
    engine: Engine, world: World, session: Session
) -> None:
    with Session(engine) as s:
        enqueue(
            session=s,
            kind="action.overdue",
            channel="email",
            dedupe_key="k",
            data=DATA,
            agency_id=world.agencies["police"].id,
        )
        s.rollback()
    assert _queued(session) == []


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("action.overdue", {**DATA, "victim_name": "Jane Example"}),
        ("action.overdue", {**DATA, "description": "Visit Jane"}),
        ("case.gossip", DATA),
    ],
)
def test_only_known_kinds_and_reference_fields_may_be_queued(
    engine: Engine, world: World, kind: str, data: dict[str, str]
) -> None:
    with Session(engine) as s, pytest.raises(ValueError, match="notification"):
        enqueue(
            session=s,
            kind=kind,
            channel="email",
            dedupe_key="k",
            data=data,
            agency_id=world.agencies["police"].id,
        )


def test_agency_channels_agreement_and_coordinators(
    engine: Engine, world: World, session: Session
) -> None:
    police = world.agencies["police"].id or 0
    with Session(engine) as s:
        assert (
            notify_agency(
                session=s, agency_id=police, kind="action.overdue", data=DATA, dedupe_key="a"
            )
            == 0
        )
    update_agency(
        engine,
        world,
        "police",
        contact_email="desk@police.example",
        webhook_url="https://police.example/hooks",
        webhook_secret="s" * 20,
    )
    with Session(engine) as s:
        queued = notify_agency(
            session=s, agency_id=police, kind="action.overdue", data=DATA, dedupe_key="b"
        )
        coordinators = notify_coordinators(
            session=s,
            panel_id=world.panel.id or 0,
            kind="action.escalated",
            data=DATA,
            dedupe_key="c",
        )
        s.commit()
    assert (queued, coordinators) == (2, 1)
    assert sorted((n.channel, n.agency_id or 0, n.user_id or 0) for n in _queued(session)) == [
        ("email", 0, world.users["coordinator"].id),
        ("email", police, 0),
        ("webhook", police, 0),
    ]
    update_agency(engine, world, "police", isa_expires_on=date.today() - timedelta(days=1))
    with Session(engine) as s:
        assert (
            notify_agency(
                session=s, agency_id=police, kind="action.overdue", data=DATA, dedupe_key="d"
            )
            == 0
        )


def test_rendered_messages_hold_the_data_and_a_link() -> None:
    data = {**DATA, "due_on": "2026-12-04", "path": "/api/v1/actions/7"}
    text = email_text("action.due_soon", data, "https://rp.example/")
    assert "Action A-2026-000007 (case HC-2026-000003) is due on 2026-12-04." in text
    assert "Open: https://rp.example/api/v1/actions/7" in text
    from datetime import UTC, datetime

    body = webhook_body("action.due_soon", data, datetime(2026, 12, 1, tzinfo=UTC), "https://x")
    assert body.startswith(b'{"data":{"action_reference":"A-2026-000007"')
    assert b'"link":"https://x/api/v1/actions/7"' in body
    assert b'"timestamp":"2026-12-01T00:00:00Z"' in body
