from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from riskpanel.api.access import public
from riskpanel.config import Settings
from riskpanel.main import create_app
from tests.conftest import BACKEND


def test_health_answers_with_the_database_backend(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["database"] == ("postgresql" if BACKEND == "postgresql" else "sqlite")


def test_health_is_503_problem_when_the_database_is_down(settings: Settings) -> None:
    broken = settings.model_copy(
        update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    )
    with TestClient(create_app(broken), raise_server_exceptions=False) as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Service unavailable"
    assert "Traceback" not in r.text


def test_unknown_route_is_problem_json_with_request_id(client: TestClient) -> None:
    r = client.get("/api/v1/nothing-here", headers={"X-Request-ID": "abc12345-test"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404
    assert r.json()["request_id"] == "abc12345-test"
    assert r.headers["x-request-id"] == "abc12345-test"


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/api/v1/health", "/api/v1/missing"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["referrer-policy"] == "no-referrer"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int


def _app_with_probe_routes(settings: Settings) -> FastAPI:
    app = create_app(settings)
    router = APIRouter()

    @router.post("/probe", dependencies=[])
    def probe(body: _Strict, _: object = public()) -> dict[str, str]:
        return {"name": body.name}

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret victim name Zebedee Quux")

    app.include_router(router, prefix="/api/v1")
    return app


def test_validation_error_names_the_field_and_refuses_unknown_fields(settings: Settings) -> None:
    with TestClient(_app_with_probe_routes(settings)) as c:
        r = c.post("/api/v1/probe", json={"name": "x", "count": "many", "admin": True})
    assert r.status_code == 422
    body = r.json()
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert "count" in fields
    assert fields["admin"] == "is not a recognised field"
    assert body["type"].endswith("/validation-error")


def test_unhandled_error_is_500_problem_without_trace_or_values(settings: Settings) -> None:
    with TestClient(_app_with_probe_routes(settings), raise_server_exceptions=False) as c:
        r = c.get("/api/v1/boom")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert "Zebedee" not in r.text and "Traceback" not in r.text
