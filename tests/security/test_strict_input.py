"""Strict input at the edges: ASCII digits only, no control characters, no error as 404.

Before: ``If-Match: "action-62-v²"`` answered 500 (``str.isdigit`` says yes, ``int`` says
no); NUL was stored on SQLite and, on PostgreSQL, the database's refusal was answered as
"not found". Each test here failed against that code.
"""

from __future__ import annotations

import logging
import typing
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DataError
from sqlmodel import Session, select

from riskpanel.config import Settings
from riskpanel.kit.concurrency import expected_version
from riskpanel.kit.errors import PreconditionFailed
from riskpanel.kit.schemas import InputModel
from riskpanel.main import create_app
from riskpanel.models import ActionUpdate, Referral
from tests.actions.factories import make_action, make_case
from tests.fixtures import World
from tests.security import raw_asgi
from tests.security.test_default_deny import flat_routes
from tests.web.helpers import sign_in as web_sign_in

SUPERSCRIPT = '"action-{id}-v\u00b2"'  # "²": a digit to str.isdigit, not to int


def fields_of(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def wire(value: str) -> bytes:
    """Raw header bytes: Latin-1 where it fits (as HTTP decodes headers), else UTF-8."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode()


def _made(engine: Any, world: World, settings: Settings) -> tuple[int, int]:
    case = make_case(engine, world)
    return case.id, make_action(engine, world, settings, case_id=case.id).id


def test_non_ascii_digits_in_if_match_are_refused_naming_the_header(
    app: FastAPI, client: TestClient, world: World, engine: Any, settings: Settings
) -> None:
    case_id, action_id = _made(engine, world, settings)
    coordinator, police = world.headers("coordinator"), world.headers("police_system")
    probes = [
        (f"/api/v1/actions/{action_id}/updates", police, {"progress": "acknowledged"}),
        (f"/api/v1/actions/{action_id}/reopen", coordinator, {"reason": "Not done yet"}),
        (f"/api/v1/cases/{case_id}/transitions", coordinator, {"trigger": "close"}),
    ]
    for path, headers, body in probes:
        kind, object_id = ("case", case_id) if "/cases/" in path else ("action", action_id)
        for digit in ("\u00b2", "\u0661"):
            value = wire(f'"{kind}-{object_id}-v{digit}"')
            status, problem = raw_asgi.post(app, path, body, {**headers, "If-Match": value})
            assert status == 422, (path, status, problem)
            assert [e["field"] for e in problem["errors"]] == ["header.if-match"], problem
    key = {"Idempotency-Key": wire("k\u00b2"), "If-Match": f'"action-{action_id}-v1"'}
    status, problem = raw_asgi.post(app, probes[0][0], probes[0][2], {**police, **key})
    assert status == 422 and problem["errors"][0]["field"] == "header.idempotency-key"


def test_if_match_parsing_reads_ascii_digits_only() -> None:
    with pytest.raises(PreconditionFailed):  # was ValueError from int("²"): a 500
        expected_version('"action-62-v\u00b2"', kind="action", object_id=62)
    assert expected_version('W/"action-62-v7"', kind="action", object_id=62) == 7


@pytest.mark.parametrize("raw", ["\uff11", "\u0661", " 1", "1_0", "+1", "1.0", "99999999999"])
def test_path_ids_take_ascii_digits_only(client: TestClient, world: World, raw: str) -> None:
    headers = world.headers("coordinator")
    for template in ("/api/v1/actions/{}", "/api/v1/referrals/{}", "/api/v1/cases/{}"):
        r = client.get(template.format(raw), headers=headers)
        assert r.status_code == 422, (template, raw, r.status_code)
        assert fields_of(r)[0].startswith("path."), r.text


def test_web_pages_take_ascii_digits_only(client: TestClient, world: World) -> None:
    web_sign_in(client, "coordinator")
    r = client.get("/cases/\u0661")  # an address that names nothing: the 404 page
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = client.get("/audit?actor_user_id=\u00b2")
    assert r.status_code < 500


def test_control_characters_are_refused_in_bodies_queries_and_forms(
    client: TestClient, world: World, engine: Any, settings: Settings, session: Session
) -> None:
    _, action_id = _made(engine, world, settings)
    police = {**world.headers("police_system"), "If-Match": f'"action-{action_id}-v1"'}
    for bad in ("bad\x00text", "bell\x07", "escape\x1b[31m", "c1\x85c"):
        r = client.post(
            f"/api/v1/actions/{action_id}/updates",
            json={"progress": "acknowledged", "note": bad},
            headers=police,
        )
        assert r.status_code == 422, (repr(bad), r.status_code, r.text)
        assert fields_of(r) == ["note"], r.text
    ok = client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={"progress": "acknowledged", "note": "line one\n\tline two\r\n"},
        headers=police,
    )
    assert ok.status_code == 201, ok.text  # tab and line breaks are text
    notes = session.exec(select(ActionUpdate.note).where(ActionUpdate.action_id == action_id))
    assert all("\x00" not in (n or "") for n in notes)
    r = client.get("/api/v1/actions?q=a%00b", headers=world.headers("coordinator"))
    assert r.status_code == 422 and fields_of(r) == ["query.q"]
    r = client.get("/api/v1/workflows/a%00b", headers=world.headers("coordinator"))
    assert r.status_code == 422 and fields_of(r) == ["path.name"]
    web_sign_in(client, "coordinator")
    r = client.post("/sign-out", data={"csrf_token": "x\x00"})
    assert r.status_code == 422 and "form.csrf_token" in r.text
    assert all("\x00" not in r.narrative for r in session.exec(select(Referral)).all())


def _body_models(app: FastAPI) -> set[type[BaseModel]]:
    """Every model a route reads from a request body, nested models included."""
    found: set[type[BaseModel]] = set()

    def add(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.add(annotation)
            for field in annotation.model_fields.values():
                add(field.annotation)
        for arg in typing.get_args(annotation):
            add(arg)

    for _, route in flat_routes(app):
        dependant = getattr(route, "dependant", None)
        stack = [dependant] if dependant else []
        while stack:
            current = stack.pop()
            stack.extend(current.dependencies)
            for param in current.body_params:
                add(param.field_info.annotation)
    return found


def _text_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, f in model.model_fields.items() if "str" in repr(f.annotation)]


def test_every_text_field_of_every_request_body_refuses_control_characters(app: FastAPI) -> None:
    models = _body_models(app)
    assert len(models) > 25, "the walk did not reach the request bodies"
    openapi_bodies = {
        name.split("__")[-1]  # same-named models are prefixed with their module
        for name in app.openapi()["components"]["schemas"]
        if name.endswith(("In", "Create"))
    }
    assert openapi_bodies <= {m.__name__ for m in models} | {"HTTPValidationError"}
    checked = 0
    for model in sorted(models, key=lambda m: m.__name__):
        assert issubclass(model, InputModel), f"{model.__name__} is not an InputModel"
        for name in _text_fields(model):
            for shape in ("a\x00b", ["a\x00b"], {"k": "a\x00b"}, {"a\x00b": "k"}):
                try:
                    model.model_validate({name: shape})
                except ValidationError as exc:
                    at_field = [e for e in exc.errors() if e["loc"][:1] == (name,)]
                    assert at_field, f"{model.__name__}.{name} accepted {shape!r}"
                    continue
                pytest.fail(f"{model.__name__}.{name} accepted {shape!r}")
            checked += 1
    assert checked > 60


def test_an_unexpected_error_is_a_logged_500_with_the_request_id(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)

    @app.get("/api/v1/test-data-error")
    def broken() -> None:
        raise DataError("SELECT 1", {}, Exception("Jane Example, 1 High Street"))

    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level(logging.ERROR):
        r = c.get("/api/v1/test-data-error")
    assert r.status_code == 500  # never 404: a database error is a fault, not an absence
    assert r.headers["content-type"] == "application/problem+json"
    request_id = r.json()["request_id"]
    assert request_id == r.headers["x-request-id"]
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "riskpanel.api"]
    assert any(request_id in line and "DataError" in line for line in lines), lines
    assert not any("Jane" in line or "High Street" in line for line in caplog.messages)
