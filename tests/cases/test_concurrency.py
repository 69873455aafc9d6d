"""Racing writers with the same ETag: exactly one wins, the rest get 412, nothing is lost."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.main import create_app
from riskpanel.models import CaseHistory
from tests.factories import make_case, refresh_view
from tests.fixtures import World

CLIENTS = 8


def test_one_winner_among_concurrent_transitions(
    session: Session, settings: Settings, world: World
) -> None:
    case = make_case(session, world, settings, state="referred")
    app = create_app(settings)
    barrier = threading.Barrier(CLIENTS)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt() -> None:
        with TestClient(app) as client:
            barrier.wait()
            r = client.post(
                f"/api/v1/cases/{case.id}/transitions",
                json={"trigger": "start_screening"},
                headers=world.headers("coordinator", **{"If-Match": f'"case-{case.id}-v1"'}),
            )
        with lock:
            statuses.append(r.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] + [412] * (CLIENTS - 1)
    refresh_view(session)
    moves = session.exec(
        select(CaseHistory).where(
            CaseHistory.case_id == case.id, CaseHistory.trigger == "start_screening"
        )
    ).all()
    assert len(moves) == 1
