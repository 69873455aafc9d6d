"""Hypothesis over header and path parsing: whatever arrives, the answer is never a 5xx.

Arbitrary text in If-Match and Idempotency-Key (sent as the raw bytes a client could put
on the wire, straight to the ASGI app: httpx would re-encode them) and in path ids,
through the real app on a handful of write and read routes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskpanel.config import Settings
from tests.actions.factories import make_action, make_case
from tests.fixtures import World
from tests.security import raw_asgi

# Header bytes HTTP can carry: no CR, LF or NUL (h11 and every proxy refuse those).
HEADER_TEXT = st.text(
    st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)), max_size=40
)
PATH_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
RUN = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def wire(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode()


def _made(engine: Any, world: World, settings_: Settings) -> tuple[int, int]:
    case = make_case(engine, world)
    return case.id, make_action(engine, world, settings_, case_id=case.id).id


def test_if_match_and_idempotency_key_never_cause_a_server_error(
    app: FastAPI, client: TestClient, world: World, engine: Any, settings: Settings
) -> None:
    case_id, action_id = _made(engine, world, settings)
    coordinator, police = world.headers("coordinator"), world.headers("police_system")
    routes = [
        (f"/api/v1/actions/{action_id}/updates", police, {"progress": "acknowledged"}),
        (f"/api/v1/actions/{action_id}/reopen", coordinator, {"reason": "Not done yet"}),
        (f"/api/v1/cases/{case_id}/transitions", coordinator, {"trigger": "no-such-trigger"}),
    ]

    @RUN
    @given(
        route=st.sampled_from(routes),
        if_match=HEADER_TEXT,
        digits=st.one_of(
            st.sampled_from(["\u00b2", "\u2460", "\u0663", "1\u00b2", "\uff17", " 7", "7_0"]),
            st.text(st.characters(whitelist_categories=("Nd", "No")), max_size=3),
        ),
        key=HEADER_TEXT,
    )
    def probe(
        route: tuple[str, dict[str, str], dict[str, str]], if_match: str, digits: str, key: str
    ) -> None:
        path, headers, body = route
        for value in (if_match, f'"action-{action_id}-v{digits}"', f'"case-{case_id}-v{digits}"'):
            sent = {**headers, "If-Match": wire(value), "Idempotency-Key": wire(key)}
            status, answer = raw_asgi.post(app, path, body, sent)
            assert status < 500, (path, value, key, status, answer)

    probe()


def test_path_ids_never_cause_a_server_error(client: TestClient, world: World) -> None:
    headers = world.headers("coordinator")
    templates = [
        "/api/v1/actions/{}",
        "/api/v1/referrals/{}",
        "/api/v1/cases/{}",
        "/api/v1/meetings/{}",
        "/api/v1/users/{}",
    ]

    @RUN
    @given(template=st.sampled_from(templates), raw=PATH_TEXT)
    def probe(template: str, raw: str) -> None:
        r = client.get(template.format(quote(raw, safe="")), headers=headers)
        assert r.status_code < 500, (template, raw, r.status_code, r.text)

    probe()
