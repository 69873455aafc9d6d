"""The OpenAPI document tells a partner's developer the truth: a valid 3.1 document, every
error as ``application/problem+json``, security on every protected operation (from the
route's access rule), and the notifications in ``webhooks``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openapi_spec_validator import OpenAPIV31SpecValidator

from riskpanel.api.openapi import access_rule
from riskpanel.notifications.messages import KINDS
from tests.security.test_default_deny import flat_routes

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]
    assert len(found) > 50, "the document lost the API's operations"
    return found


def test_the_document_validates_as_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    errors = [e.message for e in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    """The validator does not follow $refs; ReDoc refuses to render a dangling one."""
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs and refs <= set(document["components"]["schemas"]), refs - set(
        document["components"]["schemas"]
    )


def test_every_error_is_problem_json_with_the_problem_schema(document: dict[str, Any]) -> None:
    wrong = []
    for path, method, op in operations(document):
        errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        if not {"422", "500"} <= set(errors):
            wrong.append(f"{method} {path}: declares only {sorted(errors)}")
        for status, response in errors.items():
            content = response.get("content", {})
            if list(content) != ["application/problem+json"] or content["application/problem+json"][
                "schema"
            ] != {"$ref": "#/components/schemas/Problem"}:
                wrong.append(f"{method} {path} {status}: {sorted(content)}")
    assert wrong == []
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    problem = schemas["Problem"]
    assert {"type", "title", "status", "detail", "instance", "request_id", "errors"} <= set(
        problem["properties"]
    )
    assert problem["properties"]["errors"]["items"]["required"] == ["field", "message"]


def test_security_follows_each_routes_access_rule(app: FastAPI, document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert "rpk_" in schemes["bearerAuth"]["description"]
    assert schemes["cookieSession"]["in"] == "cookie"
    public_seen = protected_seen = 0
    for path, route in flat_routes(app):
        methods = getattr(route, "methods", None) or set()
        for method in methods:
            op = document["paths"].get(path, {}).get(method.lower())
            if op is None:
                continue
            rule = access_rule(route)  # type: ignore[arg-type]
            assert rule is not None, path
            if rule.public:
                public_seen += 1
                assert op["security"] == [], f"{method} {path}"
                assert "403" not in op["responses"], f"{method} {path}"
            else:
                protected_seen += 1
                assert {"bearerAuth": []} in op["security"], f"{method} {path}"
                assert {"401", "403"} <= set(op["responses"]), f"{method} {path}"
    assert public_seen >= 2 and protected_seen > 50
    health = document["paths"]["/api/v1/health"]["get"]
    sign_in = document["paths"]["/api/v1/auth/session"]["post"]
    assert health["security"] == [] and sign_in["security"] == []
    assert "503" in health["responses"] and "429" in sign_in["responses"]


def test_statuses_come_from_path_ids_and_if_match(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        params = {(p["in"], p["name"].lower()) for p in op.get("parameters", [])}
        if any(where == "path" for where, _ in params):
            assert "404" in op["responses"], f"{method} {path}"
        if ("header", "if-match") in params:
            assert {"412", "428"} <= set(op["responses"]), f"{method} {path}"
    change = document["paths"]["/api/v1/cases/{case_id}/transitions"]["post"]
    assert {"404", "409", "412", "428"} <= set(change["responses"])


def test_the_notifications_are_documented_as_webhooks(document: dict[str, Any]) -> None:
    webhooks = document["webhooks"]
    assert set(webhooks) == set(KINDS)
    schemas = document["components"]["schemas"]
    for kind, item in webhooks.items():
        op = item["post"]
        headers = {p["name"] for p in op["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}, kind
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        payload = schemas[ref.rsplit("/", 1)[1]]
        assert set(payload["required"]) == {"type", "timestamp", "data"}
        assert payload["properties"]["type"]["const"] == kind
    assigned = schemas["ActionAssignedData"]
    assert set(assigned["required"]) == {"action_reference", "case_reference", "due_on", "link"}
    assert assigned["additionalProperties"] is False


def test_the_shared_if_match_header_says_what_it_carries(document: dict[str, Any]) -> None:
    """The one `IfMatch` parameter type (api.params) documents the header on the case,
    referral and Victims' Code changes that take it."""
    shared = ("/cases/{case_id}/transitions", "/referrals/{referral_id}/screening")
    headers = {
        f"{method.upper()} {path}": p.get("description", "")
        for path, method, op in operations(document)
        for p in op.get("parameters", [])
        if p["in"] == "header" and p["name"].lower() == "if-match" and path.endswith(shared)
    }
    assert len(headers) == 2
    assert all("412" in text for text in headers.values()), headers
    entitlement = document["paths"]["/api/v1/cases/{case_id}/entitlement"]["put"]
    assert any("412" in p.get("description", "") for p in entitlement["parameters"])
